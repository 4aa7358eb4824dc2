"""`buildlint --show-files`: what buildlint reads for each workspace, and in which role.

Users ask "what did it read?"; the differential test of workspace members asks it too. Paths
are shown as diagnostics show them (relative to the working directory when below it).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .discover import Workspace
from .paths import display_path

if TYPE_CHECKING:  # the CI layer loads only where CI files exist
    from .ci.model import CiSetup


def files_of(workspace: Workspace) -> dict[str, Any]:
    """One workspace's files: root manifest, members, configs (highest priority first),
    toolchain file, and every other file read, each with its role."""
    root = workspace.manifest.path
    unreadable = [problem for problem in workspace.problems if problem.path != root]
    unreadable_members = [p for p in unreadable if p.path.name == "Cargo.toml"]
    other = [
        {"path": item.ignored_display, "role": f"ignored, shadowed by {display_path(item.used)}"}
        for item in workspace.shadowed
    ]
    other += [
        {"path": orphan.display, "role": "package below the root that is not a member"}
        for orphan in workspace.orphans
    ]
    other += [
        {"path": problem.display, "role": "unreadable (BL001)"}
        for problem in unreadable
        if problem not in unreadable_members
    ]
    other += _ci_files(workspace)
    toolchain = workspace.toolchain_file
    return {
        "root": workspace.manifest.display,
        "members": [member.display for member in workspace.members]
        + [problem.display for problem in unreadable_members],
        "configs": [config.display for config in workspace.configs],
        "toolchain": toolchain.display if toolchain else None,
        "other": other,
    }


def _ci_files(workspace: Workspace) -> list[dict[str, str]]:
    """The workflows and composite actions of the workspace's repository, read as the layer
    above its files."""
    from .ci.find import WORKFLOWS, ci_root
    from .discover import project_boundary

    root = ci_root(workspace.root_dir, project_boundary(workspace.root_dir))
    if root is None:
        return []
    setup = _ci_setup(root)
    workflows = root / WORKFLOWS
    files = [
        {
            "path": display_path(document.path),
            "role": "CI workflow" if document.path.parent == workflows else "composite action",
        }
        for document in setup.documents
    ]
    files += [
        {"path": display_path(problem.path), "role": "unreadable CI file (BL600)"}
        for problem in setup.problems
    ]
    return files


@functools.cache
def _ci_setup(root: Path) -> CiSetup:
    """A repository's CI files, read once for all its workspaces."""
    from .ci.load import load_ci

    return load_ci(root, None)


def render_json(workspaces: list[Workspace]) -> str:
    return json.dumps([files_of(workspace) for workspace in workspaces], indent=2) + "\n"


def render_text(workspaces: list[Workspace]) -> str:
    blocks = []
    for workspace in workspaces:
        files = files_of(workspace)
        rows = [(files["root"], "workspace root manifest")]
        rows += [(path, "member manifest") for path in files["members"]]
        count = len(files["configs"])
        rows += [
            (path, f"config file, priority {count - index} of {count}")
            for index, path in enumerate(files["configs"])
        ]
        if files["toolchain"]:
            rows.append((files["toolchain"], "toolchain file"))
        rows += [(item["path"], item["role"]) for item in files["other"]]
        width = max(len(path) for path, _ in rows)
        blocks.append("".join(f"{path:<{width}}  {role}\n" for path, role in rows))
    return "\n".join(blocks)
