"""A `[profile]` table in a workspace member, which Cargo ignores.

## What it does
Reports `[profile.*]` tables in the `Cargo.toml` of a workspace member other than the root.

## Why is this bad?
Cargo reads profiles only from the workspace root manifest. A member's profiles only produce a
warning and change nothing, so the settings the author meant to apply silently do not.

## Example
```toml
# crates/app/Cargo.toml
[profile.release]
lto = true
```

## Use instead
```toml
# Cargo.toml at the workspace root
[profile.release]
lto = true
```

## Trade-offs
None. A member that is also published keeps the table in its published manifest, where its
own users' Cargo ignores it too.

## References
- [The Cargo book: Profiles](https://doc.rust-lang.org/cargo/reference/profiles.html)
"""

from __future__ import annotations

from collections.abc import Iterator

from cargo_buildlint.diagnostic import At, Severity, Violation
from cargo_buildlint.project import Project
from cargo_buildlint.rule import Rule


def check(project: Project) -> Iterator[Violation]:
    root = project.manifest.display
    for member in project.member_manifests_with_profiles():
        yield Violation(
            at=At(member.path, ("profile",), "key"),
            message="`[profile]` in a workspace member is ignored by Cargo",
            help=f"move these settings to the workspace root manifest `{root}`",
        )


RULE = Rule(
    code="BL008",
    name="ignored-member-profile",
    summary="a `[profile]` table in a workspace member, which Cargo ignores",
    default_severity=Severity.WARNING,
    check=check,
    url="https://doc.rust-lang.org/cargo/reference/profiles.html",
)
