"""Where a finding points and where its fix writes: the key that decides a setting, the file
that holds it, or the root manifest (or the workspace's config file) for a new one."""

from __future__ import annotations

from pathlib import Path

from .diagnostic import Applicability, At, Edit, Fix, KeyPath
from .discover import project_boundary
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
    """The config file new settings go to: the workspace root's own (the legacy `config` when
    the project has it: Cargo would ignore a new `config.toml` beside it), else the nearest
    one above it in the repository, else a new `.cargo/config.toml` at the root.

    A nested workspace (an `xtask`, a fuzz crate) shares the repository's config: Cargo reads
    config files from the current directory up, so `cargo run --manifest-path xtask/Cargo.toml`
    at the repository root never reads a file in `xtask/.cargo`."""
    found = _repository_configs(project)
    return found[0] if found else project.workspace.root_dir / ".cargo" / "config.toml"


def shared_config_path(project: Project) -> Path:
    """Where new items of an array Cargo joins across config files (`rustflags`) go: the
    outermost config file of the repository that the workspace reads, which the workspaces
    nested below it share, so their fixes meet in one file instead of each writing the same
    flags to its own, which Cargo would then pass twice."""
    found = _repository_configs(project)
    return found[-1] if found else config_path(project)


def _repository_configs(project: Project) -> list[Path]:
    """The config files the workspace reads from its root up to the repository root, the
    nearest first (unreadable ones too)."""
    root = project.workspace.root_dir
    read = [document.path for document in project.configs]
    read += [problem.path for problem in project.workspace.problems]
    boundary = project_boundary(root)
    within = [root, *root.parents[: len(root.parents) - len(boundary.parents)]]
    return [path for directory in within for path in read if path.parent == directory / ".cargo"]


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
