"""A repository's CI files, found and read once per run, and the part of them that builds
one workspace (the cargo commands whose working directory lies in it)."""

from __future__ import annotations

import os
from pathlib import Path

from ..toolchain import Toolchain
from .github import load_github
from .model import CiSetup, CiView, Job


def load_ci(root: Path, toolchain_file: Toolchain | None) -> CiSetup:
    return load_github(root, toolchain_file)


def view_for(setup: CiSetup, workspace_root: Path, roots: list[Path]) -> CiView:
    """The jobs and commands of `setup` that build the workspace at `workspace_root`, among
    the workspaces at `roots`: a command belongs to the deepest root above its directory; a
    job none of whose commands belongs anywhere goes to the workspace at the repository root."""
    resolved = sorted({Path(os.path.normpath(root)) for root in roots}, key=lambda p: -len(p.parts))
    here = Path(os.path.normpath(workspace_root))
    repository_owner = _owner(setup.root, resolved)
    runs = []
    jobs: list[Job] = []
    for job in setup.jobs:
        owners = [
            _owner(
                setup.root / run.directory if run.directory is not None else setup.root, resolved
            )
            for run in job.runs
        ]
        mine = [run for run, owner in zip(job.runs, owners, strict=True) if owner == here]
        runs += mine
        if mine or (not any(owners) and repository_owner == here):
            jobs.append(job)
    return CiView(setup, tuple(jobs), tuple(runs))


def _owner(directory: Path, roots: list[Path]) -> Path | None:
    directory = Path(os.path.normpath(directory))
    for root in roots:
        if root == directory or root in directory.parents:
            return root
    return None
