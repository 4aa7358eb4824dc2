"""`panic = "abort"` in the dev profile.

## What it does
Reports `panic = "abort"` in `[profile.dev]` (or inherited by it).

## Why is this bad?
Tests always unwind (libtest needs it), so `cargo test` builds every dependency with
`panic = "unwind"` while `cargo build` builds them with `abort`: the dependency graph is built
twice and neither build reuses the other's artifacts.

## Example
```toml
[profile.dev]
panic = "abort"
```

## Use instead
```toml
[profile.release]
panic = "abort"
```

## Trade-offs
Code that relies on aborting (an embedded target without unwinding) needs it in every
profile; there the double build is the price.

## Fix safety
Unsafe: with `panic = "unwind"` panics unwind instead of aborting, which a program may observe.

## References
- [The Cargo book: Profiles, panic](https://doc.rust-lang.org/cargo/reference/profiles.html#panic)
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
        "panic",
        lambda value: value == "abort",
        '`panic = "abort"` in `[profile.{profile}]` makes `cargo test` '
        "build every dependency a second time",
        "remove `panic` from `[profile.{profile}]`: tests always unwind",
    )


RULE = Rule(
    code="BL205",
    name="dev-panic-abort",
    summary='`panic = "abort"` in dev, so `cargo test` builds dependencies twice',
    default_severity=Severity.WARNING,
    check=check,
    url="https://doc.rust-lang.org/cargo/reference/profiles.html#panic",
    fixes=frozenset({Applicability.UNSAFE}),
)
