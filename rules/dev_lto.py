"""Link-time optimization in the dev loop.

## What it does
Reports `lto` set to anything but `false` or `"off"` in `[profile.dev]` or `[profile.test]`
(or inherited by them), including through `build.incremental`-style config files.

## Why is this bad?
LTO runs at every link, over the whole program, and the dev loop relinks after every edit. It
can turn a one-second incremental build into a minute, for run-time speed nobody measures in
a debug build.

## Example
```toml
[profile.dev]
lto = "thin"
```

## Use instead
```toml
[profile.release]
lto = "thin"
```

## Trade-offs
Tests that depend on optimized code's speed run slower; give them their own profile
(`cargo test --profile ci-fast`) rather than slowing every build.

## Fix safety
Unsafe: without LTO the dev build generates different code, and runs at a different speed.

## References
- [The Cargo book: Profiles, lto](https://doc.rust-lang.org/cargo/reference/profiles.html#lto)
"""

from __future__ import annotations

from collections.abc import Iterator

from cargo_buildlint.cargo.profiles import is_lto_off
from cargo_buildlint.devloop import dev_loop_findings
from cargo_buildlint.diagnostic import Applicability, Severity, Violation
from cargo_buildlint.project import Project
from cargo_buildlint.rule import Rule


def check(project: Project) -> Iterator[Violation]:
    yield from dev_loop_findings(
        project,
        "lto",
        lambda value: value is not False and not is_lto_off(value),
        "`lto = {value}` makes every link of the dev loop slow in `[profile.{profile}]`",
        "remove `lto` from `[profile.{profile}]`: link-time optimization belongs in `release`",
    )


RULE = Rule(
    code="BL201",
    name="dev-lto",
    summary="link-time optimization in the dev loop",
    default_severity=Severity.WARNING,
    check=check,
    url="https://doc.rust-lang.org/cargo/reference/profiles.html#lto",
    fixes=frozenset({Applicability.UNSAFE}),
)
