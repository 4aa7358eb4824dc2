"""An override table Cargo refuses: a forbidden key, a nested override, or overlapping specs.

## What it does
Reports `panic`, `lto` and `rpath` in `[profile.*.package.<spec>]` and
`[profile.*.build-override]` tables, `package` or `build-override` tables nested inside them,
and two package specs of one profile (its own or inherited through `inherits`) that can match
the same package, such as `foo` and `foo@1.2.3`.

## Why is this bad?
`panic`, `lto` and `rpath` apply to the whole build graph at once (one panic strategy, one LTO
run, one link), so Cargo refuses them per package and refuses to load the manifest. Two specs
matching one package leave Cargo no way to choose, and it refuses to build.

## Example
```toml
[profile.release.package.my-crate]
lto = "thin"
```

## Use instead
```toml
[profile.release]
lto = "thin"
```

## Trade-offs
None.

## References
- [The Cargo book: Overrides](https://doc.rust-lang.org/cargo/reference/profiles.html#overrides)
"""

from __future__ import annotations

from collections.abc import Iterator

from cargo_buildlint.cargo.profiles import FORBIDDEN_IN_OVERRIDES, OVERRIDE_TABLES
from cargo_buildlint.cargo.specs import specs_overlap
from cargo_buildlint.diagnostic import At, Severity, Violation
from cargo_buildlint.project import Project
from cargo_buildlint.rule import Rule
from cargo_buildlint.toml_text import header


def check(project: Project) -> Iterator[Violation]:
    for table in project.profile_tables:
        for section in table.sections():
            if section.override is None:
                continue
            key, override = section.key, section.raw
            where = "the whole profile" if section.override == "package" else "the profile itself"
            for name in override:
                if name in FORBIDDEN_IN_OVERRIDES:
                    yield Violation(
                        at=At(table.document.path, (*key, name), "key"),
                        message=f"`{name}` is not allowed in `{header(key)}`",
                        help=f"set `{name}` in `[profile.{table.name}]`: it applies to {where}",
                    )
                elif name in OVERRIDE_TABLES:
                    yield Violation(
                        at=At(table.document.path, (*key, name), "key"),
                        message=f"`{name}` tables cannot be nested in `{header(key)}`",
                        help=f"move it up to `{header((*table.key, name))}`",
                    )


def overlapping_specs(project: Project) -> Iterator[Violation]:
    profiles = project.profiles
    for name in profiles.layers:
        origins = profiles.merged(name)[1].spec_origins
        specs = [spec for spec in origins if spec != "*"]
        for index, spec in enumerate(specs):
            other = next((o for o in specs[:index] if specs_overlap(o, spec)), None)
            origin = origins[spec]
            if other is None or origin.document is None or origin.key[1] != name:
                continue  # reported in the profile that brings the second spec
            inherited = origins[other].key[1] != name
            yield Violation(
                at=At(origin.document.path, origin.key, "key"),
                message=f"package specs `{other}` and `{spec}` in profile `{name}` can match "
                "the same package",
                help="keep one spec and merge the settings of the other into it",
                notes=(f"`{header(origins[other].key)}` reaches `{name}` through `inherits`",)
                if inherited
                else (),
            )


def check_all(project: Project) -> Iterator[Violation]:
    yield from check(project)
    yield from overlapping_specs(project)


RULE = Rule(
    code="BL006",
    name="forbidden-override-key",
    summary=(
        "`panic`, `lto`, `rpath` or a nested override in an override table, or overlapping specs"
    ),
    default_severity=Severity.ERROR,
    check=check_all,
    url="https://doc.rust-lang.org/cargo/reference/profiles.html#overrides",
)
