"""`panic`, `lto`, `rpath` or a nested override inside a `package` or `build-override` table.

## What it does
Reports `panic`, `lto` and `rpath` in `[profile.*.package.<spec>]` and
`[profile.*.build-override]` tables, and `package` or `build-override` tables nested inside
them.

## Why is this bad?
These settings apply to the whole build graph at once (one panic strategy, one LTO run, one
link), so Cargo refuses them per package and refuses to load the manifest.

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
from typing import Any

from cargo_buildlint.diagnostic import At, KeyPath, Severity, Violation
from cargo_buildlint.project import Project
from cargo_buildlint.rule import Rule
from cargo_buildlint.values import FORBIDDEN_IN_OVERRIDES, OVERRIDE_TABLES, header


def _overrides(profile: dict[str, Any], prefix: KeyPath) -> Iterator[tuple[KeyPath, dict[str, Any], str]]:
    packages = profile.get("package")
    if isinstance(packages, dict):
        for spec, table in packages.items():
            if isinstance(table, dict):
                yield (*prefix, "package", spec), table, "package"
    build_override = profile.get("build-override")
    if isinstance(build_override, dict):
        yield (*prefix, "build-override"), build_override, "build-override"


def check(project: Project) -> Iterator[Violation]:
    for table in project.profile_tables:
        raw = table.document.data["profile"][table.name]
        if not isinstance(raw, dict):
            continue
        for key, override, kind in _overrides(raw, table.key):
            where = "the whole profile" if kind == "package" else "the profile itself"
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


RULE = Rule(
    code="BL006",
    name="forbidden-override-key",
    summary="`panic`, `lto`, `rpath` or nested overrides in a `package` or `build-override` table",
    default_severity=Severity.ERROR,
    check=check,
    url="https://doc.rust-lang.org/cargo/reference/profiles.html#overrides",
)
