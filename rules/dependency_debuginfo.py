"""Dependencies get debug info in the dev loop.

## What it does
Checks the debug info that dependencies (every package outside the workspace) get in
`cargo build` and `cargo test`. Unless `[profile.dev.package."*"]` turns it off, they get
whatever workspace crates get: by default, full debug info.

## Why is this bad?
A project's dependencies are usually far more code than its own crates, and their debug info
dominates what the linker processes on every build. People rarely step through dependencies;
when they do, an opt-in debugging profile can bring it back.

## Example
```toml
[profile.dev]
debug = "line-tables-only"
```

## Use instead
```toml
[profile.dev]
debug = "line-tables-only"

[profile.dev.package."*"]
debug = false
```

## Trade-offs
Backtraces through dependency code lose their file and line numbers, and a debugger cannot
step into dependencies unless the debugging profile sets `[profile.debugging.package."*"]
debug = true` (see BL104).

## Fix safety
Safe: only the debug info of dependencies changes.

## References
- [The Cargo book: Optimizing Build Performance, reduce debug info](https://doc.rust-lang.org/cargo/guide/build-performance.html#reduce-amount-of-generated-debug-information)
- [The Cargo book: Profiles, overrides](https://doc.rust-lang.org/cargo/reference/profiles.html#overrides)
"""

from __future__ import annotations

from collections.abc import Iterator

from cargo_buildlint.cargo.profiles import debug_level
from cargo_buildlint.devloop import dev_loop
from cargo_buildlint.diagnostic import Applicability, Severity, Violation
from cargo_buildlint.placement import anchor, set_fix
from cargo_buildlint.project import Project
from cargo_buildlint.resolve import UnitKind
from cargo_buildlint.rule import Rule
from cargo_buildlint.toml_text import header


def check(project: Project) -> Iterator[Violation]:
    for profile, setting in dev_loop(project, "debug", UnitKind.DEPENDENCY):
        level = debug_level(setting.value)
        if level == "none":
            continue
        table = ("profile", profile, "package", "*")
        yield Violation(
            at=anchor(project, setting, table, ("profile", profile)),
            message=f"dependencies get `{level}` debug info in `[profile.{profile}]`",
            help=f"set `debug = false` in `{header(table)}`: dependencies are rarely debugged",
            fix=set_fix(
                project,
                f"Set `debug = false` in `{header(table)}`",
                (*table, "debug"),
                False,
                setting,
            ),
        )


RULE = Rule(
    code="BL102",
    name="dependency-debuginfo",
    summary="dependencies get debug info in the dev loop",
    default_severity=Severity.WARNING,
    check=check,
    url="https://doc.rust-lang.org/cargo/guide/build-performance.html#reduce-amount-of-generated-debug-information",
    fixes=frozenset({Applicability.SAFE}),
)
