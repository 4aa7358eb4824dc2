"""Where a finding points and where its fix writes: the key that decides a setting, the file
that holds it, or the root manifest (or the workspace's config file) for a new one."""

from __future__ import annotations

from pathlib import Path

from .diagnostic import Applicability, At, Edit, Fix, KeyPath
from .project import Project
from .resolve import Setting


def anchor(project: Project, setting: Setting, *tables: KeyPath) -> At:
    """The key that sets it; for a default, the first of `tables` that exists, else the
    manifest's main table, where the missing settings would be written."""
    origin = setting.origin
    if origin.document is not None:
        return At(origin.document.path, origin.key)
    return table_anchor(project, *tables)


def table_anchor(project: Project, *tables: KeyPath) -> At:
    """The header of the first of `tables` that exists (manifest first), else the manifest's
    `[workspace]` or `[package]` header."""
    for table in tables:
        for document in (project.manifest, *project.configs):
            if document.has(table):
                return At(document.path, table, "key")
    main = "workspace" if "workspace" in project.manifest.data else "package"
    return At(project.manifest.path, (main,), "key")


def config_path(project: Project) -> Path:
    """The config file of the workspace root's `.cargo/` that Cargo reads: the legacy
    `config` when the project has it (Cargo would ignore a new `config.toml` beside it),
    else `config.toml`."""
    directory = project.workspace.root_dir / ".cargo"
    read = [document.path for document in project.configs]
    read += [problem.path for problem in project.workspace.problems]  # unreadable ones too
    return next((path for path in read if path.parent == directory), directory / "config.toml")


def set_fix(
    project: Project,
    title: str,
    key: KeyPath,
    value: object,
    setting: Setting | None = None,
    applicability: Applicability = Applicability.SAFE,
) -> Fix:
    """Set `key` where `setting` comes from when a file sets it, else in the root manifest
    (`--fix-to config` moves new keys to the config file)."""
    origin = setting.origin if setting is not None else None
    if origin is not None and origin.document is not None and origin.key == key:
        file = origin.document.path
    else:
        file = project.manifest.path
    return Fix(title, (Edit(file, key, value),), applicability)


def toolchain_anchor(project: Project) -> At | None:
    """The toolchain file's channel, where nightly-only advice is anchored."""
    pin = project.workspace.toolchain_file
    if pin is None:
        return None
    if pin.document is None:
        return At(pin.path, (), "key")
    return At(pin.path, ("toolchain", "channel"))
