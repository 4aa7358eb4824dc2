"""A `# buildlint: allow(...)` that silences nothing (with `--warn-unused-allows`).

## What it does
With `--warn-unused-allows`, reports each rule named in an allow comment that would report
nothing on the lines the comment covers. The engine finds these, since only it knows what was
silenced; it runs the named rules even when the command line did not select them, so that
`--select` never makes an allow look stale.

## Why is this bad?
Stale allows pile up after settings are fixed, and a later regression on the same line is
then silenced without anyone noticing.

## Example
```toml
[profile.dev]
debug = "line-tables-only"  # buildlint: allow(BL101)
```

## Use instead
```toml
[profile.dev]
debug = "line-tables-only"
```

## Trade-offs
Off by default: an allow can be deliberate insurance across branches or Cargo versions.

## References
- [The Cargo book: Profiles](https://doc.rust-lang.org/cargo/reference/profiles.html)
"""

from __future__ import annotations

from cargo_buildlint.diagnostic import Severity
from cargo_buildlint.rule import Rule

RULE = Rule(
    code="BL015",
    name="unused-suppression",
    summary="a `# buildlint: allow(...)` that silences nothing",
    default_severity=Severity.WARNING,
    check=None,  # engine.lint_project reports it: only it knows what the allows silenced
    url="https://doc.rust-lang.org/cargo/reference/profiles.html",
)
