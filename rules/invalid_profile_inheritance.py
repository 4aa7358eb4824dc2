"""A custom profile without a valid `inherits` chain, or a forbidden `inherits` or `dir-name`.

## What it does
Reports profiles other than `dev`, `release`, `test` and `bench` that have no `inherits` key,
`inherits` naming a profile that is not defined, inheritance loops, `inherits` in `dev` or
`release` (the roots of every chain), `inherits = "debug"` before Cargo 1.99, and `dir-name`
in any profile. The `inherits` key may come from the manifest or from a config file.

## Why is this bad?
Cargo refuses to build at all, with any profile, while the root manifest has one of these
mistakes.

## Example
```toml
[profile.ci]
opt-level = 1
```

## Use instead
```toml
[profile.ci]
inherits = "dev"
opt-level = 1
```

## Trade-offs
None.

## References
- [The Cargo book: Custom profiles](https://doc.rust-lang.org/cargo/reference/profiles.html#custom-profiles)
"""

from __future__ import annotations

from collections.abc import Iterator

from cargo_buildlint.cargo.profiles import ROOT_PROFILES, name_problem
from cargo_buildlint.cargo.versions import DEBUG_PROFILE_SINCE
from cargo_buildlint.diagnostic import At, Severity, Violation
from cargo_buildlint.project import Project
from cargo_buildlint.resolve import ProfileTable, Setting
from cargo_buildlint.rule import Rule

NEED_NO_INHERITS = ("dev", "release", "test", "bench", "doc")


def check(project: Project) -> Iterator[Violation]:
    profiles = project.profiles
    # where only older Cargo refuses `[profile.debug]`, BL004 says so; newer ones build it
    debug_is_builtin = not project.cargo_range.none_at_least(DEBUG_PROFILE_SINCE)
    builtins = (*NEED_NO_INHERITS, "debug") if debug_is_builtin else NEED_NO_INHERITS
    for table in project.profile_tables:
        if table.model is not None and "dir-name" in table.model.settings:
            yield Violation(
                at=At(table.document.path, (*table.key, "dir-name"), "key"),
                message=f"`dir-name` is not allowed in `[profile.{table.name}]`",
                help="remove it: a custom profile's output directory is always its name",
            )
    for name, layer in profiles.layers.items():
        if name_problem(name, project.cargo_range) is not None:
            continue  # BL004 reports the name; its inheritance means nothing to Cargo
        tables = [table for table in profiles.tables_named(name) if table.model is not None]
        if not tables:
            continue  # not a table at all: BL002 reports it
        inherits = layer.settings.get("inherits")
        first_table = tables[0]
        if inherits is None:
            if name not in builtins:
                yield _missing_inherits(project, name, first_table, builtins)
            continue
        yield from _check_parent(project, name, inherits, builtins)


def _missing_inherits(
    project: Project, name: str, first_table: ProfileTable, builtins: tuple[str, ...]
) -> Violation:
    notes: tuple[str, ...] = (
        "every profile except `dev`, `release`, `test` and `bench` must say which profile it "
        "starts from",
    )
    if name.lower() in builtins:
        notes = (
            f"profile names are case-sensitive: `[profile.{name.lower()}]` is the built-in "
            f"`{name.lower()}` profile",
        )
    only_in_config = first_table.document is not project.manifest
    if only_in_config:
        # Cargo checks a custom profile of a config file only when a command selects it.
        notes = (
            *notes,
            "Cargo accepts every other command, and refuses this profile when it is used",
        )
    return Violation(
        at=At(first_table.document.path, first_table.key, "key"),
        message=f"profile `{name}` has no `inherits` key"
        + (f", so Cargo refuses `--profile {name}`" if only_in_config else ""),
        help=f'add `inherits = "dev"` (or `"release"`) to `[profile.{name}]`',
        notes=notes,
        severity=Severity.WARNING if only_in_config else None,
    )


def _check_parent(
    project: Project, name: str, inherits: Setting, builtins: tuple[str, ...]
) -> Iterator[Violation]:
    assert inherits.origin.document is not None
    at = At(inherits.origin.document.path, inherits.origin.key)
    parent = str(inherits.value)
    profiles = project.profiles
    if name in ROOT_PROFILES:
        yield Violation(
            at=At(at.file, at.key, "key"),
            message=f"`inherits` is not allowed in `[profile.{name}]`",
            help=f"remove it: `{name}` is a root profile that every chain starts from",
        )
    elif (
        parent == "debug"
        and not project.cargo_range.all_at_least(DEBUG_PROFILE_SINCE)
        and "debug" not in profiles.layers
    ):
        partial = "debug" in builtins  # newer Cargo of the range has the built-in `debug`
        older = project.cargo_range.refused_below(DEBUG_PROFILE_SINCE)
        yield Violation(
            at=at,
            message=f'{older} refuse `inherits = "debug"` in `[profile.{name}]`: `debug` is a '
            "built-in profile since Cargo 1.99"
            if partial
            else f"profile `{name}` inherits from `debug`, which is `dev` before Cargo 1.99",
            help='write `inherits = "dev"` (the same settings until Cargo changes `debug`), or '
            'set `rust-version = "1.99"`'
            if partial
            else 'write `inherits = "dev"`',
            severity=Severity.WARNING if partial else None,
        )
    elif parent not in profiles.layers and parent not in builtins:
        yield Violation(
            at=at,
            message=f"profile `{name}` inherits from `{parent}`, which is not defined",
            help=f'define `[profile.{parent}]` or write `inherits = "dev"` or `"release"`',
        )
    elif profiles.in_loop(name):
        yield Violation(
            at=at,
            message=f"profile inheritance loop: `{name}` inherits from `{parent}`, "
            f"which leads back to `{name}`",
            help='make one profile of the loop inherit from `"dev"` or `"release"`',
        )


RULE = Rule(
    code="BL005",
    name="invalid-profile-inheritance",
    summary=(
        "a profile's `inherits` is missing, dangling, looping or forbidden, or it sets `dir-name`"
    ),
    default_severity=Severity.ERROR,
    check=check,
    url="https://doc.rust-lang.org/cargo/reference/profiles.html#custom-profiles",
)
