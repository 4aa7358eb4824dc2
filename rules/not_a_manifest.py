"""A `Cargo.toml` with neither `[package]` nor `[workspace]`.

## What it does
Reports a root `Cargo.toml` that parses but declares neither a package nor a workspace, such
as an empty file.

## Why is this bad?
Cargo refuses it ("virtual manifests must be configured with [workspace]"), so nothing builds,
and its `[profile]` tables belong to no workspace.

## Example
```toml
[profile.dev]
debug = "line-tables-only"
```

## Use instead
```toml
[workspace]
members = ["crates/*"]

[profile.dev]
debug = "line-tables-only"
```

## Trade-offs
None.

## References
- [The Cargo book: Virtual workspace](https://doc.rust-lang.org/cargo/reference/workspaces.html#virtual-workspace)
"""

from __future__ import annotations

from collections.abc import Iterator

from cargo_buildlint.diagnostic import At, Severity, Violation
from cargo_buildlint.project import Project
from cargo_buildlint.rule import Rule


def check(project: Project) -> Iterator[Violation]:
    manifest = project.manifest
    if not project.manifest_unreadable and not project.has_manifest:
        yield Violation(
            at=At(manifest.path),
            message="manifest has neither `[package]` nor `[workspace]`",
            help="add a `[package]` table for a crate, or a `[workspace]` table with `members`",
        )


RULE = Rule(
    code="BL014",
    name="not-a-manifest",
    summary="a `Cargo.toml` with neither `[package]` nor `[workspace]`",
    default_severity=Severity.ERROR,
    check=check,
    url="https://doc.rust-lang.org/cargo/reference/workspaces.html#virtual-workspace",
)
