"""Workspace crates get full debug info in the dev loop.

## What it does
Checks the debug info that `cargo build` (profile `dev`) and `cargo test` (profile `test`,
which inherits `dev`) give workspace crates. Cargo's default, and an explicit `debug = true`,
`2` or `"full"`, is full debug info.

## Why is this bad?
Full debug info is the largest part of what the compiler writes and the linker reads in a
debug build. Most edit-compile-test cycles never start a debugger: panics and backtraces only
need line tables. The Cargo team's measurements and many projects report 10-30 % faster
builds and a much smaller `target/` with `"line-tables-only"`.

## Example
```toml
[profile.dev]
debug = true
```

## Use instead
```toml
[profile.dev]
debug = "line-tables-only"

[profile.debugging]   # for debugger sessions: cargo build --profile debugging
inherits = "dev"
debug = true
```

## Trade-offs
A debugger shows no local variables with line tables only: debugging needs a build of the
opt-in profile. `debug = 0` (cargo-wizard's choice) is as fast or faster and writes a little
less, but panics and backtraces lose file and line: measured with `buildlint measure`, it was
within the spread of `"line-tables-only"` on bat except for test builds (0.66x of baseline
against 0.69x), and clearly faster on ripgrep's library crates (clean builds 0.80x against
0.88x). Named `debug` levels need Cargo 1.71, in a manifest and in a config file alike: for a
package whose `rust-version` is older, the rule suggests `debug = 1`, which older Cargo reads as
line tables only and newer Cargo as `"limited"` (line tables and function information).

## Fix safety
Safe: only the debug info of workspace crates changes; panics and backtraces keep file and
line.

## References
- [The Cargo book: Optimizing Build Performance, reduce debug info](https://doc.rust-lang.org/cargo/guide/build-performance.html#reduce-amount-of-generated-debug-information)
- [The Cargo book: Profiles, debug](https://doc.rust-lang.org/cargo/reference/profiles.html#debug)
"""

from __future__ import annotations

from collections.abc import Iterator

from cargo_buildlint.cargo.profiles import debug_level
from cargo_buildlint.cargo.versions import NAMED_DEBUG_SINCE
from cargo_buildlint.devloop import dev_loop
from cargo_buildlint.diagnostic import Applicability, Severity, Violation
from cargo_buildlint.placement import anchor, set_fix
from cargo_buildlint.project import Project
from cargo_buildlint.rule import Rule
from cargo_buildlint.toml_text import toml_repr

LEVEL = "line-tables-only"


def check(project: Project) -> Iterator[Violation]:
    old = [version for _, _, version in project.rust_versions if version < NAMED_DEBUG_SINCE]
    # Cargo before 1.71 parses `debug` as a boolean or an integer only, in a manifest (even a
    # dependency's) and in a config file alike: a package that supports it gets `1`
    level: object = 1 if old else LEVEL
    for profile, setting in dev_loop(project, "debug"):
        if debug_level(setting.value) != "full":
            continue
        table = ("profile", profile)
        if setting.origin.is_default:
            message = f"`[profile.{profile}]` gives workspace crates full debug info by default"
        else:
            message = f"`debug = {toml_repr(setting.value)}` gives workspace crates full debug info"
        if old:
            oldest = min(old)
            help_text = (
                f"set `debug = 1` in `[profile.{profile}]`: `rust-version` is "
                f'{oldest[0]}.{oldest[1]}, and Cargo before 1.71 cannot parse `"{LEVEL}"`, in a '
                "manifest or a config file; `1` keeps line tables and drops variables and types"
            )
        else:
            help_text = (
                f'set `debug = "{LEVEL}"` in `[profile.{profile}]`: panics keep file and line'
            )
        yield Violation(
            at=anchor(project, setting, table),
            message=message,
            help=help_text,
            notes=(
                "for debugger sessions, give full debug info to an opt-in profile (BL103)",
                "`debug = 0` is as fast or faster (ripgrep's crates: clean builds 0.80x of "
                'baseline against 0.88x with `"line-tables-only"`), but panics and backtraces '
                "lose file and line",
            ),
            fix=set_fix(
                project,
                f"Set `debug = {toml_repr(level)}` in `[profile.{profile}]`",
                (*table, "debug"),
                level,
                setting,
            ),
        )


RULE = Rule(
    code="BL101",
    name="dev-full-debuginfo",
    summary="workspace crates get full debug info in the dev loop",
    default_severity=Severity.WARNING,
    check=check,
    url="https://doc.rust-lang.org/cargo/guide/build-performance.html#reduce-amount-of-generated-debug-information",
    fixes=frozenset({Applicability.SAFE}),
)
