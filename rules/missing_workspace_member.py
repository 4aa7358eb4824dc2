"""A workspace member, path dependency or default member that Cargo cannot load.

## What it does
Reports what makes Cargo refuse to load the workspace's members: a `members` entry naming a
directory without a `Cargo.toml` (a glob that matches such a directory, or matches nothing,
counts: Cargo then takes the pattern as a path), an invalid glob, a member outside the root
directory, a member or path dependency that is a workspace root of its own or names another
workspace in `package.workspace`, a path dependency of a member with no `Cargo.toml`, a
`default-members` entry that is not a member, and a `package.workspace` that points at no
workspace.

## Why is this bad?
Cargo refuses every command in the workspace ("failed to load manifest for workspace member",
"is not hierarchically below the workspace root", "multiple workspace roots found", "is a
member of the wrong workspace", "is listed in default-members but is not a member"), and
buildlint cannot check members it cannot find (their `[profile]` tables, their
`rust-version`).

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
from pathlib import Path

from cargo_buildlint.diagnostic import At, Severity, Violation
from cargo_buildlint.project import Project
from cargo_buildlint.rule import Rule


def check(project: Project) -> Iterator[Violation]:
    for problem in project.membership_problems:
        yield Violation(
            at=At(Path(problem.file), problem.key), message=problem.message, help=problem.help
        )


RULE = Rule(
    code="BL013",
    name="missing-workspace-member",
    summary="a member, path dependency or default member that Cargo cannot load",
    default_severity=Severity.ERROR,
    check=check,
    url="https://doc.rust-lang.org/cargo/reference/workspaces.html#the-members-and-exclude-fields",
)
