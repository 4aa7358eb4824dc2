"""Incremental compilation turned off for the dev loop.

## What it does
Reports `incremental = false` in `[profile.dev]` or `[profile.test]`, and
`build.incremental = false` in a `.cargo/config.toml`, which overrides every profile.

## Why is this bad?
Incremental compilation is what makes rebuilding a workspace crate after a small edit fast;
without it every edit recompiles the whole crate.

## Example
```toml
# .cargo/config.toml
[build]
incremental = false
```

## Use instead
```toml
# .cargo/config.toml: CI can turn it off with CARGO_INCREMENTAL=0
[build]
```

## Trade-offs
Clean CI builds gain nothing from incremental data and it costs disk space; turn it off there
with the `CARGO_INCREMENTAL=0` environment variable (Cargo 1.99 does so itself when `CI` is
set), not in files that every developer's build reads.

## Fix safety
Safe: incremental compilation changes only how the build is cached, not what it produces.

## References
- [The Cargo book: Profiles, incremental](https://doc.rust-lang.org/cargo/reference/profiles.html#incremental)
- [The Cargo book: Configuration, build.incremental](https://doc.rust-lang.org/cargo/reference/config.html#buildincremental)
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
        "incremental",
        lambda value: value is False,
        "`{setting} = false` turns incremental compilation off for `[profile.{profile}]`",
        "remove `{setting} = false`: set `CARGO_INCREMENTAL=0` in CI instead",
        applicability=Applicability.SAFE,
    )


RULE = Rule(
    code="BL203",
    name="dev-incremental-disabled",
    summary="incremental compilation turned off for the dev loop",
    default_severity=Severity.WARNING,
    check=check,
    url="https://doc.rust-lang.org/cargo/reference/profiles.html#incremental",
    fixes=frozenset({Applicability.SAFE}),
)
