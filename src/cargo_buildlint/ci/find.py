"""Where a workspace's CI files are, found without loading the CI machinery: a repository
without workflows pays one directory listing per workspace and never imports YAML."""

from __future__ import annotations

import os
from pathlib import Path

WORKFLOWS = Path(".github", "workflows")


def workflow_paths(root: Path) -> list[Path]:
    """The workflow files GitHub reads in a repository rooted at `root`, by name."""
    directory = root / WORKFLOWS
    try:
        entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
    except OSError:
        return []
    return [
        Path(entry.path)
        for entry in entries
        if entry.name.endswith((".yml", ".yaml")) and entry.is_file()
    ]


def ci_root(workspace_root: Path, repository: Path) -> Path | None:
    """Where the CI files of a workspace are: the repository root's `.github/workflows`, the
    only ones GitHub runs, so a project kept inside it with workflows of its own (difftastic's
    vendored parsers) has those ignored: they never run here. Where the repository root has
    none, the nearest above the workspace (an example that shows its own CI, as this
    repository's `examples/slow-workspace`)."""
    if workflow_paths(repository):
        return repository
    for directory in (workspace_root, *workspace_root.parents):
        if workflow_paths(directory):
            return directory
        if directory == repository:
            return None
    return None
