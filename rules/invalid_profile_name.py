"""A profile name that Cargo refuses.

## What it does
Checks the name of every `[profile.<name>]` table: only letters, numbers, `_` and `-` are
allowed, and some names are reserved for Cargo (`build`, `check`, `package`, `run`,
`build-override`, any name starting with `cargo`, and others). `debug` is reserved before
Cargo 1.99; buildlint allows it only when the toolchain pin and every `rust-version` in the
workspace say Cargo 1.99 or newer.

## Why is this bad?
Cargo validates every profile of the root manifest on every command, so one bad name breaks
every build, not only builds of that profile. A library's manifest is parsed by its dependents'
Cargo too, so `[profile.debug]` breaks users on Cargo 1.98 and older.

## Example
```toml
[profile.debug]
debug = true
```

## Use instead
```toml
[profile.debugging]
inherits = "dev"
debug = true
```

## Trade-offs
None.

## References
- [The Cargo book: Custom profiles](https://doc.rust-lang.org/cargo/reference/profiles.html#custom-profiles)
"""

from __future__ import annotations

from collections.abc import Iterator

from cargo_buildlint.cargo.profiles import name_problem
from cargo_buildlint.diagnostic import At, Severity, Violation
from cargo_buildlint.project import Project
from cargo_buildlint.rule import Rule


def check(project: Project) -> Iterator[Violation]:
    for table in project.profile_tables:
        problem = name_problem(table.name, project.cargo_range)
        if problem is not None:
            yield Violation(
                at=At(table.document.path, table.key, "key"),
                message=problem.message,
                help=problem.help,
                # an error only where every Cargo of the project's range refuses it
                severity=Severity.WARNING if problem.partial else None,
            )


RULE = Rule(
    code="BL004",
    name="invalid-profile-name",
    summary="a profile name with bad characters or one that Cargo reserves",
    default_severity=Severity.ERROR,
    check=check,
    url="https://doc.rust-lang.org/cargo/reference/profiles.html#custom-profiles",
)
