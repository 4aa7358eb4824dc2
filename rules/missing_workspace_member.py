"""A `workspace.members` entry that names no package.

## What it does
Reports entries of `[workspace] members` that point at a directory without a `Cargo.toml`,
at packages outside the workspace root's directory, and glob patterns that match no directory;
and entries of `default-members` that name no member.

## Why is this bad?
Cargo refuses to load a workspace whose listed member has no manifest or is not below the
root ("is not hierarchically below the workspace root"), or a default member that is not a
member ("is listed in default-members but is not a member"). A glob that matches
nothing is accepted but is usually a stale path, and buildlint cannot check members it cannot
find (their `[profile]` tables, their `rust-version`).

## Example
```toml
[workspace]
members = ["crates/old-name"]
```

## Use instead
```toml
[workspace]
members = ["crates/new-name"]
```

## Trade-offs
None.

## References
- [The Cargo book: Workspaces, the members field](https://doc.rust-lang.org/cargo/reference/workspaces.html#the-members-and-exclude-fields)
"""

from __future__ import annotations

from collections.abc import Iterator

from cargo_buildlint.diagnostic import At, Severity, Violation
from cargo_buildlint.project import Project
from cargo_buildlint.rule import Rule


def check(project: Project) -> Iterator[Violation]:
    for missing in project.workspace.missing_members:
        yield Violation(
            at=At(project.manifest.path, ("workspace", missing.field, missing.index)),
            message=f"`{missing.field}` entry `{missing.entry}` {missing.reason}",
            help="correct the path, or remove the entry",
        )


RULE = Rule(
    code="BL013",
    name="missing-workspace-member",
    summary="a `members` or `default-members` entry that names no member package",
    default_severity=Severity.WARNING,
    check=check,
    url="https://doc.rust-lang.org/cargo/reference/workspaces.html#the-members-and-exclude-fields",
)
