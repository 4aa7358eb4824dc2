"""Workspace crates optimized in the dev loop.

## What it does
Notes an `opt-level` other than `0` for workspace crates in `[profile.dev]` or
`[profile.test]`. Optimized dependencies (`[profile.dev.package."*"] opt-level = 3`) are a
common, deliberate choice and are not reported.

## Why is this bad?
The crates you edit are the ones rebuilt after every change; optimizing them makes each of
those rebuilds slower. Optimizing only dependencies, which are built once, gets most of the
run-time speed for little build time.

## Example
```toml
[profile.dev]
opt-level = 2
```

## Use instead
```toml
[profile.dev.package."*"]
opt-level = 2
```

## Trade-offs
Some programs (games, simulations) are unusable unoptimized even in their own code; then
`opt-level = 1` is a middle ground. This is a note, not a warning, for that reason.

## Fix safety
Unsafe: a lower `opt-level` makes the dev build slower at run time (tests that time out,
simulations that crawl).

## References
- [The Cargo book: Profiles, opt-level](https://doc.rust-lang.org/cargo/reference/profiles.html#opt-level)
- [The Cargo book: Profiles, overrides and generics](https://doc.rust-lang.org/cargo/reference/profiles.html#overrides-and-generics)
"""

from __future__ import annotations

from collections.abc import Iterator

from cargo_buildlint.devloop import dev_loop_findings
from cargo_buildlint.diagnostic import Applicability, Severity, Violation
from cargo_buildlint.project import Project
from cargo_buildlint.rule import Rule


def check(project: Project) -> Iterator[Violation]:
    yield from dev_loop_findings(
        project,
        "opt-level",
        lambda value: value != 0,
        "`opt-level = {value}` optimizes workspace crates in `[profile.{profile}]`",
        'optimize dependencies instead: `opt-level = {value}` in `[profile.{profile}.package."*"]`',
        fix_value=0,
    )


RULE = Rule(
    code="BL204",
    name="dev-optimized-workspace",
    summary="workspace crates built with `opt-level` 1 or more in the dev loop",
    default_severity=Severity.INFO,
    check=check,
    url="https://doc.rust-lang.org/cargo/reference/profiles.html#opt-level",
    fixes=frozenset({Applicability.UNSAFE}),
)
