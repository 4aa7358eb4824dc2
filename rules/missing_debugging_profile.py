"""Dev debug info is reduced and no profile brings it back for debugger sessions.

## What it does
When `[profile.dev]` gives workspace crates less than full debug info, checks that some
custom profile gives them full debug info, so that a debugger session is one `--profile` flag
away. One that inherits `release` counts too (rust-analyzer's `dev-rel`, meilisearch's
`release-with-debug`): debugging optimized code is harder, but it is the project's chosen way
to get a debuggable build. On Cargo 1.99 and newer, the built-in `debug` profile can be that
profile.

## Why is this bad?
Without it, whoever needs a debugger edits the shared `[profile.dev]` back (and often commits
it), or gives up on local variables. The guide's recipe pairs the reduced dev profile with an
opt-in debugging profile.

## Example
```toml
[profile.dev]
debug = "line-tables-only"
```

## Use instead
```toml
[profile.dev]
debug = "line-tables-only"

[profile.debugging]
inherits = "dev"
debug = true
```

## Trade-offs
A debugging build is a full rebuild into its own `target/debugging/` directory.

## Fix safety
Safe: it adds an opt-in profile; no existing build changes.

## References
- [The Cargo book: Optimizing Build Performance, reduce debug info](https://doc.rust-lang.org/cargo/guide/build-performance.html#reduce-amount-of-generated-debug-information)
- [The Cargo book: Custom profiles](https://doc.rust-lang.org/cargo/reference/profiles.html#custom-profiles)
"""

from __future__ import annotations

from collections.abc import Iterator

from cargo_buildlint.cargo.profiles import debug_level
from cargo_buildlint.cargo.versions import DEBUG_PROFILE_SINCE
from cargo_buildlint.devloop import debugger_profiles
from cargo_buildlint.diagnostic import Applicability, Edit, Fix, Severity, Violation
from cargo_buildlint.placement import anchor
from cargo_buildlint.project import Project
from cargo_buildlint.resolve import UnitKind
from cargo_buildlint.rule import Rule


def check(project: Project) -> Iterator[Violation]:
    dev = project.profiles.resolve("dev")["debug"]
    if debug_level(dev.value) == "full" or debugger_profiles(project):
        return
    manifest = project.manifest.path
    if project.cargo_range.all_at_least(DEBUG_PROFILE_SINCE):
        # Cargo 1.99's built-in `debug` profile inherits `dev`: it only needs the debug info
        edits = [Edit(manifest, ("profile", "debug", "debug"), True)]
        dependencies = project.profiles.resolve("dev", UnitKind.DEPENDENCY)["debug"]
        if debug_level(dependencies.value) != "full":
            edits.append(Edit(manifest, ("profile", "debug", "package", "*", "debug"), True))
        yield Violation(
            at=anchor(project, dev, ("profile", "dev")),
            message="no profile gives workspace crates full debug info for debugger sessions",
            help="set `debug = true` in `[profile.debug]`, Cargo's built-in debugger profile "
            "(1.99), and debug with `cargo build --profile debug`",
            fix=Fix("Give the built-in `debug` profile full debug info", tuple(edits)),
        )
        return
    name = "debugging" if "debugging" not in project.profiles.layers else "debugger"
    notes: tuple[str, ...] = ()
    if not project.cargo_range.none_at_least(DEBUG_PROFILE_SINCE):
        notes = (
            f"Cargo 1.99 and newer have a built-in `debug` profile, but "
            f"{project.cargo_range.refused_below(DEBUG_PROFILE_SINCE)} refuse it: with "
            '`rust-version = "1.99"`, `[profile.debug]` with `debug = true` serves instead',
        )
    yield Violation(
        at=anchor(project, dev, ("profile", "dev")),
        message="no profile gives workspace crates full debug info for debugger sessions",
        help=f'add `[profile.{name}]` with `inherits = "dev"` and `debug = true`, '
        f"and debug with `cargo build --profile {name}`",
        notes=notes,
        fix=Fix(
            f"Add a `{name}` profile with full debug info",
            (
                Edit(manifest, ("profile", name, "inherits"), "dev"),
                Edit(manifest, ("profile", name, "debug"), True),
            ),
        ),
    )


RULE = Rule(
    code="BL103",
    name="missing-debugging-profile",
    summary="dev debug info is reduced and no opt-in profile restores it for debuggers",
    default_severity=Severity.WARNING,
    check=check,
    url="https://doc.rust-lang.org/cargo/guide/build-performance.html#reduce-amount-of-generated-debug-information",
    fixes=frozenset({Applicability.SAFE}),
)
