"""`buildlint profile [NAME] [PATH]`: a profile's effective settings and their origins."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from . import EXIT_CLEAN, EXIT_ERROR

if TYPE_CHECKING:
    from ..ci.model import CargoRun
    from ..project import Project


def run(argv: list[str]) -> int:
    import argparse

    from ..discover import UsageError
    from ..explain_profile import render_profile
    from ..lint import build_projects
    from .formatter import HelpFormatter

    parser = argparse.ArgumentParser(
        prog="buildlint profile",
        description="Show a profile's effective settings and where each comes from.",
        formatter_class=HelpFormatter,
    )
    parser.add_argument("name", nargs="?", default="dev", help="the profile (default: dev)")
    parser.add_argument("path", nargs="?", default=".", help="a Cargo.toml or directory")
    parser.add_argument(
        "--ci",
        metavar="WORKFLOW:JOB",
        help="as a CI job builds it: its environment over the files (e.g. `ci.yml:test`)",
    )
    args = parser.parse_intermixed_args(argv)
    try:
        projects = build_projects([args.path])
        if args.ci:
            _print_ci(projects, args.name, args.ci)
            return EXIT_CLEAN
        for project in projects:
            if not project.profiles.is_defined(args.name):
                raise UsageError(
                    f"profile `{args.name}` is not defined in {project.manifest.display}"
                )
            print(render_profile(project, args.name))
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_CLEAN


def _print_ci(projects: list[Project], name: str, wanted: str) -> None:
    """The profile as the job builds it, for each workspace the job builds (a directory holds
    several; the job may build only one of them). Raises UsageError when it builds none."""
    from ..discover import UsageError
    from ..explain_profile import render_profile

    problems: list[UsageError] = []
    for project in projects:
        try:
            runs = _ci_runs(project, wanted, name)
        except UsageError as problem:
            problems.append(problem)
            continue
        for run in runs:
            print(render_profile(project, name, run))
    if len(problems) == len(projects):
        raise problems[0]


def _ci_runs(project: Project, wanted: str, profile: str) -> list[CargoRun]:
    """The compiling commands of the job `wanted` names (`workflow:job`) that build `profile`
    (or a profile inheriting it, as `test` inherits `dev`), one per runner and environment.
    Raises UsageError naming what exists."""
    from ..discover import UsageError

    workflow, _, job_name = wanted.rpartition(":")
    if not workflow or not job_name:
        raise UsageError(f"`--ci {wanted}`: write `WORKFLOW:JOB`, such as `ci.yml:test`")
    jobs = [
        job
        for job in project.ci_jobs
        if workflow in (job.pipeline.document.path.name, job.pipeline.document.path.stem)
        or job.pipeline.document.display.endswith(workflow)
    ]
    if not jobs:
        known = sorted({job.pipeline.document.path.name for job in project.ci_jobs})
        raise UsageError(
            f"no workflow `{workflow}` builds {project.manifest.display}"
            + (f" (workflows that do: {', '.join(known)})" if known else "")
        )
    chosen = [job for job in jobs if job_name in (job.id, job.label)]
    if not chosen:
        names = ", ".join(f"`{job.id}`" for job in jobs)
        raise UsageError(f"no job `{job_name}` in `{workflow}` (its jobs: {names})")
    mine = set(project.ci_runs)
    compiling = [run for run in chosen[0].runs if run in mine and run.compiles]
    if not compiling:
        raise UsageError(
            f"job `{job_name}` runs no cargo command that compiles {project.manifest.display}"
        )
    runs = [run for run in compiling if profile in project.profiles_for(run).chain(run.profile)]
    if not runs:
        built = ", ".join(sorted({f"`{run.profile}`" for run in compiling}))
        raise UsageError(
            f"job `{job_name}` builds no command in profile `{profile}` (it builds {built})"
        )
    distinct: dict[tuple[object, ...], CargoRun] = {}
    for run in runs:
        key = (run.runner, tuple(sorted((k, v.value) for k, v in run.env.items())), run.toolchain)
        distinct.setdefault(key, run)
    return list(distinct.values())
