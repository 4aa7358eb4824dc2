"""`split-debuginfo = "packed"` in the dev loop, so every link packs the debug info.

## What it does
Reports `split-debuginfo = "packed"` that reaches the dev loop (`dev`, `test`, and profiles
inheriting them) while workspace crates are built with debug info.

## Why is this bad?
Packed debug info is collected into one file after every link: on macOS `dsymutil` walks the
whole binary, on Linux the DWARF packager writes a `.dwp` (checked with cargo 1.95). That is
the slowest part of an incremental rebuild: Rust 1.51 made `unpacked` macOS's default for
exactly this reason ("one of the largest improvements in a long time for Rust on macOS"),
wasmtime saved about 10 minutes per CI builder, and one project's inner-loop rebuild went
from 11.1 s to 3.8 s with it and line tables.

## Example
```toml
[profile.dev]
split-debuginfo = "packed"
```

## Use instead
```toml
[profile.dev]
split-debuginfo = "unpacked"
```

## Trade-offs
A relocatable `.dSYM` or `.dwp` from dev builds (to ship debug info with a test binary) needs
`packed`; do that in a profile of its own. Windows MSVC targets pack whatever the setting says
(it is the only mode they support), so the setting changes nothing there.

## Fix safety
Safe: only where the debug info lives changes (beside the objects instead of one file), and
debuggers and backtraces find it either way.

## References
- [The Cargo book: Profiles, split-debuginfo](https://doc.rust-lang.org/cargo/reference/profiles.html#split-debuginfo)
- [Rust 1.51: split debug info on macOS](https://blog.rust-lang.org/2021/03/25/Rust-1.51.0.html)
"""

from __future__ import annotations

from collections.abc import Iterator

from cargo_buildlint.cargo.profiles import debug_level
from cargo_buildlint.devloop import dev_loop_findings
from cargo_buildlint.diagnostic import Applicability, Severity, Violation
from cargo_buildlint.project import Project
from cargo_buildlint.rule import Rule


def check(project: Project) -> Iterator[Violation]:
    def with_debug_info(profile: str) -> bool:
        return debug_level(project.profiles.resolve(profile)["debug"].value) != "none"

    yield from dev_loop_findings(
        project,
        "split-debuginfo",
        lambda value: value == "packed",
        '`split-debuginfo = "packed"` packs the debug info after every link of the dev loop '
        "in `[profile.{profile}]`",
        'write `split-debuginfo = "unpacked"` in `[profile.{profile}]`: the debug info stays '
        "beside the objects and nothing runs after the link",
        fix_value="unpacked",
        applicability=Applicability.SAFE,
        only_if=with_debug_info,
    )


RULE = Rule(
    code="BL105",
    name="dev-packed-debuginfo",
    summary='`split-debuginfo = "packed"` in the dev loop with debug info on',
    default_severity=Severity.WARNING,
    check=check,
    url="https://doc.rust-lang.org/cargo/reference/profiles.html#split-debuginfo",
    fixes=frozenset({Applicability.SAFE}),
)
