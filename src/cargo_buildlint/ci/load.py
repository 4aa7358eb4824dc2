"""A repository's CI files read into the model, and the part of them that builds one workspace
(the cargo commands whose working directory lies in it)."""

from __future__ import annotations

import os
from pathlib import Path

from ..cargo.aliases import Aliases
from ..toolchain import Toolchain
from .github import load_github
from .model import CargoRun, CiSetup, CiView, Job


def load_ci(
    root: Path, toolchain_file: Toolchain | None, aliases: Aliases | None = None
) -> CiSetup:
    return load_github(root, toolchain_file, aliases)


def owners(setup: CiSetup, roots: list[Path]) -> dict[CargoRun, Path | None]:
    """The workspace each cargo command builds: the deepest of `roots` at or above its
    directory. A command whose directory is unknown (an expression, `cd $DIR`) or outside the
    repository builds nothing buildlint can name: never guessed."""
    known = {Path(os.path.normpath(root)) for root in roots}
    cache: dict[str, Path | None] = {}
    found: dict[CargoRun, Path | None] = {}
    for job in setup.jobs:
        for run in job.runs:
            if run.directory is None:
                found[run] = None
                continue
            if run.directory not in cache:
                directory = Path(os.path.normpath(setup.root / run.directory))
                cache[run.directory] = next(
                    (d for d in (directory, *directory.parents) if d in known), None
                )
            found[run] = cache[run.directory]
    return found


def view_for(setup: CiSetup, workspace_root: Path, owner_of: dict[CargoRun, Path | None]) -> CiView:
    """The jobs and commands of `setup` that build the workspace at `workspace_root`; a job
    none of whose commands builds a known workspace goes to the workspace at the CI root (its
    `cargo install`s and toolchain steps still count)."""
    here = Path(os.path.normpath(workspace_root))
    at_root = here == Path(os.path.normpath(setup.root))
    runs: list[CargoRun] = []
    jobs: list[Job] = []
    for job in setup.jobs:
        mine = [run for run in job.runs if owner_of.get(run) == here]
        runs += mine
        if mine or (at_root and not any(owner_of.get(run) for run in job.runs)):
            jobs.append(job)
    everyone = tuple(run for job in setup.jobs for run in job.runs if owner_of.get(run))
    return CiView(setup, tuple(jobs), tuple(runs), repository_runs=everyone)
