"""A `# buildlint:` comment that is malformed or names no known rule.

## What it does
Checks every `# buildlint:` comment in the project's TOML files: it must read
`# buildlint: allow(CODE, name, ...)`, optionally followed by a reason, and name existing
rules by code or name. `allow()` with nothing in it is refused: there is no blanket form.

## Why is this bad?
A misspelt suppression silences nothing, so the finding it was meant for keeps failing the
build; or, worse, it looks like a deliberate decision that was never applied.

## Example
```toml
[profile.dev]
lto = "thin"  # buildlint: alow(BL201)
```

## Use instead
```toml
[profile.dev]
lto = "thin"  # buildlint: allow(BL201) fat binaries are tested in CI
```

## Trade-offs
None.

## References
- [The Cargo book: Profiles](https://doc.rust-lang.org/cargo/reference/profiles.html)
"""

from __future__ import annotations

from collections.abc import Iterator

from cargo_buildlint.diagnostic import At, Severity, Violation
from cargo_buildlint.project import Project
from cargo_buildlint.rule import Rule


def check(project: Project) -> Iterator[Violation]:
    for problem in project.allows.problems:
        yield Violation(
            at=At(problem.file, span=problem.span), message=problem.message, help=problem.help
        )


RULE = Rule(
    code="BL011",
    name="invalid-suppression",
    summary="a `# buildlint:` comment that is malformed or names an unknown rule",
    default_severity=Severity.WARNING,
    check=check,
    url="https://doc.rust-lang.org/cargo/reference/profiles.html",
)
