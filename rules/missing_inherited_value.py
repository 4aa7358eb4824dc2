"""A `workspace = true` key whose workspace does not define what it inherits.

## What it does
Checks every key a package inherits from its workspace: `version.workspace = true` (and the
other `[package]` fields), `foo = { workspace = true }` in each dependency table, and
`[lints] workspace = true`. Each needs the workspace root to define it in
`[workspace.package]`, `[workspace.dependencies]` or `[workspace.lints]`; a package that
belongs to no workspace can inherit nothing.

## Why is this bad?
Cargo refuses to load the package ("error inheriting `libc` from workspace root manifest's
`workspace.dependencies.libc`", "failed to find a workspace root"), so no command works in it,
and its build settings mean nothing.

## Example
```toml
# Cargo.toml
[workspace]
members = ["app"]
```
```toml
# app/Cargo.toml
[package]
name = "app"
version.workspace = true
```

## Use instead
```toml
# Cargo.toml
[workspace]
members = ["app"]

[workspace.package]
version = "0.1.0"
```

## Trade-offs
None: Cargo refuses the package.

## References
- [The Cargo book: Workspaces, the package table](https://doc.rust-lang.org/cargo/reference/workspaces.html#the-package-table)
- [The Cargo book: Inheriting a dependency from a workspace](https://doc.rust-lang.org/cargo/reference/specifying-dependencies.html#inheriting-a-dependency-from-a-workspace)
"""

from __future__ import annotations

from collections.abc import Iterator

from cargo_buildlint.diagnostic import At, KeyPath, Severity, Violation
from cargo_buildlint.members import dependency_tables, table
from cargo_buildlint.project import Project
from cargo_buildlint.rule import Rule
from cargo_buildlint.source import TomlDocument
from cargo_buildlint.toml_text import dotted


def check(project: Project) -> Iterator[Violation]:
    root = project.manifest
    in_workspace = "workspace" in root.data
    # Cargo loads the path dependencies outside the root too, which inherit from no workspace.
    readers = [(d, in_workspace) for d in (root, *project.members)]
    readers += [(d, False) for d in project.standalone_dependencies if in_workspace]
    for document, has_workspace in readers:
        for key, needed in _inherited(document):
            if has_workspace and root.has(needed):
                continue
            yield Violation(
                at=At(document.path, key),
                message=f"`{dotted(key)}` inherits `{dotted(needed)}`, which "
                + (
                    f"`{root.display}` does not define"
                    if has_workspace
                    else "no workspace provides: this package belongs to none"
                ),
                help=f"define `{dotted(needed)}` in `{root.display}`, or write the value here"
                if has_workspace
                else "write the value here, or make the package a member of a workspace",
                notes=('Cargo refuses to load the package: "error inheriting"',),
            )


def _inherited(document: TomlDocument) -> Iterator[tuple[KeyPath, KeyPath]]:
    """(key in the package's manifest, what it inherits) for every `workspace = true`."""
    data = document.data
    if "package" not in data or "workspace" not in document.text:
        return  # most members of a large workspace inherit nothing
    for field, value in table(data, "package").items():
        if _inherits(value) and field not in ("workspace", "name"):
            yield ("package", field, "workspace"), ("workspace", "package", field)
    for prefix, dependencies in dependency_tables(data):
        for name, spec in dependencies.items():
            if _inherits(spec):
                yield (*prefix, name), ("workspace", "dependencies", name)
    if _inherits(data.get("lints")):
        yield ("lints", "workspace"), ("workspace", "lints")


def _inherits(value: object) -> bool:
    return isinstance(value, dict) and value.get("workspace") is True


RULE = Rule(
    code="BL020",
    name="missing-inherited-value",
    summary="a `workspace = true` key whose workspace does not define it",
    default_severity=Severity.ERROR,
    check=check,
    url="https://doc.rust-lang.org/cargo/reference/workspaces.html#the-package-table",
)
