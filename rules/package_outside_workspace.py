"""A package below a workspace root that the workspace does not include.

## What it does
Reports a `Cargo.toml` with a `[package]` that stands below a workspace root (or names one in
`package.workspace`) but is not one of the workspace's members: not matched by `members`,
not a path dependency of a member, and not kept out by `exclude` or a `[workspace]` table of
its own.

## Why is this bad?
Cargo refuses every command in that package: "current package believes it's in a workspace
when it's not". Its build settings are never used, so buildlint does not lint it as a
workspace of its own.

## Example
```toml
# Cargo.toml
[workspace]
members = ["crates/app"]
```
```toml
# tools/gen/Cargo.toml
[package]
name = "gen"
version = "0.1.0"
```

## Use instead
```toml
# Cargo.toml
[workspace]
members = ["crates/app", "tools/gen"]
```

## Trade-offs
To keep the package out of the workspace instead, list it in `exclude` or give it an empty
`[workspace]` table of its own.

## References
- [The Cargo book: Workspaces, the members and exclude fields](https://doc.rust-lang.org/cargo/reference/workspaces.html#the-members-and-exclude-fields)
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from cargo_buildlint.diagnostic import At, Severity, Violation
from cargo_buildlint.project import Project
from cargo_buildlint.rule import Rule


def check(project: Project) -> Iterator[Violation]:
    root = project.manifest
    lists_members = "members" in (project.manifest.get(("workspace",)) or {})
    for orphan in project.orphans:
        relative = os.path.relpath(orphan.path.parent, root.path.parent)
        way_in = (
            f"add `{relative}` to `workspace.members` in `{root.display}`"
            if lists_members
            else f"depend on it from the package of `{root.display}`"
        )
        yield Violation(
            at=At(orphan.path, ("package",), "key"),
            message=f"package is below the workspace root `{root.display}` but is not one of "
            "its members",
            help=f"{way_in}; or keep it out with `workspace.exclude` or a `[workspace]` table "
            "of its own",
            notes=(
                "Cargo refuses to build it: \"current package believes it's in a workspace "
                "when it's not\"",
            ),
        )


RULE = Rule(
    code="BL018",
    name="package-outside-workspace",
    summary="a package below a workspace root that the workspace does not include",
    default_severity=Severity.ERROR,
    check=check,
    url="https://doc.rust-lang.org/cargo/reference/workspaces.html#the-members-and-exclude-fields",
)
