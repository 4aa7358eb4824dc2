"""A profile value that Cargo or rustc refuses.

## What it does
Checks every value in `[profile.*]` tables of the root `Cargo.toml` and of `.cargo/config.toml`
files, including `package` and `build-override` tables, against the types and values Cargo
accepts, and against what rustc accepts for the values Cargo passes through (an `opt-level`
outside `0`-`3`, `codegen-units = 0`, an unknown `strip` or `lto` string). It reports every bad
value in one run; Cargo stops at the first. Where the accepted values depend on the Cargo
version, the pinned one decides: nightlies from 1.100 (September 2026) accept `trim-paths` only
as `"none"`, `"object"` or `"all"` (cargo#17432).

## Why is this bad?
Cargo refuses to load the manifest (or rustc refuses to compile) with such a value, so every
build fails. TOML types are strict: the string `"3"` is not the integer `3`, and `true` is not `1`.

## Example
```toml
[profile.release]
opt-level = "3"
lto = "true"
```

## Use instead
```toml
[profile.release]
opt-level = 3
lto = true
```

## Trade-offs
None.

## References
- [The Cargo book: Profile settings](https://doc.rust-lang.org/cargo/reference/profiles.html#profile-settings)
"""

from __future__ import annotations

from collections.abc import Iterator

from cargo_buildlint.cargo.versions import NARROW_TRIM_PATHS_SINCE
from cargo_buildlint.diagnostic import At, Severity, Violation
from cargo_buildlint.profile_data import ProblemKind
from cargo_buildlint.project import Project
from cargo_buildlint.rule import Rule
from cargo_buildlint.toml_text import dotted, header, toml_repr, toml_type


def check(project: Project) -> Iterator[Violation]:
    for placed in project.value_problems:
        problem, key = placed.problem, placed.key
        at = At(placed.document.path, key)
        if problem.kind is ProblemKind.PACKAGE_SPEC:
            yield Violation(
                at=At(placed.document.path, key, "key"),
                message=f"invalid package spec `{problem.value}` in `{header(key[:-1])}`",
                help="name a package, optionally with a version: `name` or `name@1.2.3`",
            )
        elif problem.kind is ProblemKind.NOT_A_TABLE:
            yield Violation(
                at=at,
                message=f"`{dotted(key)}` must be a table, found {toml_type(problem.value)}",
                help=f"write the settings under a `{header(key)}` header",
            )
        else:
            yield Violation(
                at=at,
                message=(
                    f"invalid value `{toml_repr(problem.value)}` for `{key[-1]}` "
                    f"in `{header(key[:-1])}`: expected {problem.expected}"
                ),
                help=f"write `{key[-1]} = {toml_repr(problem.suggestion)}`"
                if problem.suggestion is not None
                else None,
                notes=(
                    ("Cargo passes this value to rustc, which refuses it when it compiles a crate",)
                    if problem.rustc
                    else ()
                ),
            )
    yield from _narrowed_trim_paths(project)


NARROW_TRIM_PATHS = ("none", "object", "all")


def _narrowed_trim_paths(project: Project) -> Iterator[Violation]:
    """`trim-paths` values the older nightlies took and newer ones refuse."""
    if not project.toolchain.nightly_with(NARROW_TRIM_PATHS_SINCE):
        return
    for table in project.profile_tables:
        for section in table.sections():
            value = section.raw.get("trim-paths")
            if value is None or value in NARROW_TRIM_PATHS:
                continue
            if section.model is None or "trim-paths" not in section.model.settings:
                continue  # refused by every version: reported above
            meant = (
                "none" if value is False or value == [] else "all" if value is True else "object"
            )
            yield Violation(
                at=At(section.document.path, (*section.key, "trim-paths")),
                message=f"invalid value `{toml_repr(value)}` for `trim-paths` in "
                f"`{header(section.key)}`: nightly Cargo from 1.100 accepts only "
                '`"none"`, `"object"` or `"all"`',
                help=f'write `trim-paths = "{meant}"`',
                notes=(
                    'cargo#17432 (2026-09-03) dropped booleans, `"diagnostics"`, '
                    '`"macro"` and arrays',
                ),
            )


RULE = Rule(
    code="BL002",
    name="invalid-profile-value",
    summary="a profile value that Cargo or rustc refuses",
    default_severity=Severity.ERROR,
    check=check,
    url="https://doc.rust-lang.org/cargo/reference/profiles.html#profile-settings",
)
