"""A debugging profile that still gives dependencies no debug info.

## What it does
Finds profiles that inherit `dev` and give workspace crates full debug info, while their
dependencies still get none because they inherit `[profile.dev.package."*"] debug = false`.
Package overrides are inherited and outrank the child profile's own keys, so `debug = true` in
the child does not reach dependencies.

## Why is this bad?
It is often what the author wanted, but often not: stepping into a dependency in the debugger
shows no source. This note says which it is.

## Example
```toml
[profile.dev.package."*"]
debug = false

[profile.debugging]
inherits = "dev"
debug = true
```

## Use instead
```toml
[profile.debugging.package."*"]
debug = true
```

## Trade-offs
Full debug info for dependencies makes debugging builds slower and larger.

## Fix safety
Unsafe: the debugging profile's dependencies get full debug info, so those builds get slower
and larger.

## References
- [The Cargo book: Profiles, overrides](https://doc.rust-lang.org/cargo/reference/profiles.html#overrides)
- [The Cargo book: Custom profiles](https://doc.rust-lang.org/cargo/reference/profiles.html#custom-profiles)
"""

from __future__ import annotations

from collections.abc import Iterator

from cargo_buildlint.cargo.profiles import debug_level
from cargo_buildlint.devloop import debugger_profiles
from cargo_buildlint.diagnostic import Applicability, At, Edit, Fix, Severity, Violation
from cargo_buildlint.project import Project
from cargo_buildlint.resolve import UnitKind
from cargo_buildlint.rule import Rule
from cargo_buildlint.toml_text import header


def check(project: Project) -> Iterator[Violation]:
    for name in debugger_profiles(project):
        if project.profiles.reaches(name) != "dev":
            continue
        dependency = project.profiles.resolve(name, UnitKind.DEPENDENCY)["debug"]
        origin = dependency.origin
        if (
            debug_level(dependency.value) != "none"
            or origin.document is None
            or origin.key[1] == name
        ):
            continue
        member = project.profiles.resolve(name)["debug"].origin
        if member.document is not None:
            at = At(member.document.path, member.key)
        else:  # full debug info by Cargo's default: point at the profile's own table
            own = next(project.profiles.tables_named(name))
            at = At(own.document.path, own.key, "key")
        table = ("profile", name, "package", "*")
        yield Violation(
            at=at,
            message=f"`[profile.{name}]` gives dependencies no debug info",
            help=f"add `debug = true` in `{header(table)}` to step into dependencies",
            notes=(
                f"`{header(origin.key[:-1])}` is inherited and outranks `{name}`'s own `debug`",
            ),
            fix=Fix(
                f"Set `debug = true` in `{header(table)}`",
                (Edit(project.manifest.path, (*table, "debug"), True),),
                Applicability.UNSAFE,
            ),
        )


RULE = Rule(
    code="BL104",
    name="debugging-profile-skips-dependencies",
    summary="a debugging profile inherits `debug = false` for dependencies",
    default_severity=Severity.INFO,
    check=check,
    url="https://doc.rust-lang.org/cargo/reference/profiles.html#overrides",
    fixes=frozenset({Applicability.UNSAFE}),
)
