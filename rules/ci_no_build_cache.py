"""A CI job that compiles with Cargo and caches nothing.

## What it does
Finds jobs that run a compiling cargo command (`build`, `test`, `check`, `clippy`, `nextest`,
...) without any cache of Cargo's files: no `Swatinem/rust-cache`, no
`actions-rust-lang/setup-rust-toolchain` (which runs it), no `actions/cache` of `~/.cargo` or
`target`, no sccache. Jobs of release and publish workflows are left alone.

## Why is this bad?
Without a cache every run downloads the registry and compiles every dependency from scratch,
typically most of a Rust job's time. Caching the dependencies (not the workspace's own
crates) is the single largest saving for most projects.

## Example
```yaml
steps:
  - uses: actions/checkout@v4
  - run: cargo test
```

## Use instead
```yaml
steps:
  - uses: actions/checkout@v4
  - uses: Swatinem/rust-cache@v2
  - run: cargo test
```

On a self-hosted runner (`runs-on` names `self-hosted`) the disk may survive between runs,
but `actions/checkout` runs `git clean -ffdx` first (its `clean: true` default), which deletes
`target/` inside the checkout. There the rule fires only when a compiling command builds into
a checkout the job cleans (the target directory as Cargo chooses it: `--target-dir`,
`CARGO_TARGET_DIR`, `CARGO_BUILD_TARGET_DIR`, `build.target-dir`, else the workspace's
`target/`); a target directory outside it, or `clean: false`, keeps the build between runs.
Other labels may name GitHub's larger runners or a provider's single-use machines, which keep
nothing: for them the rule asks for a cache as for GitHub's own.

## Trade-offs
Nix-based builds and very small jobs may not need a cache: allow the rule there. Caches in
release workflows are a poisoning risk, so the rule never asks for one there. The finding is
informational when another job of the workflow caches. buildlint does not rewrite workflow
files.

## References
- [The Cargo book: Continuous Integration](https://doc.rust-lang.org/cargo/guide/continuous-integration.html)
- [The Cargo book: Build cache](https://doc.rust-lang.org/cargo/reference/build-cache.html)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cargo_buildlint.diagnostic import Severity, Violation
from cargo_buildlint.project import Project
from cargo_buildlint.rule import Rule

if TYPE_CHECKING:
    from cargo_buildlint.ci.model import CargoRun, Job


def check(project: Project) -> Iterator[Violation]:
    if project.ci is None:
        return  # no CI files: the CI layer is never even imported
    from cargo_buildlint.ci.describe import command

    mine = set(project.ci_runs)
    for job in project.ci_jobs:
        runs = [run for run in job.runs if run in mine and run.compiles]
        if not runs or job.caches or job.pipeline.releases:
            continue
        wrapper = runs[0].env.get("RUSTC_WRAPPER")
        if wrapper is not None and "sccache" in (wrapper.value or "sccache"):
            continue
        severity = Severity.INFO if any(other.caches for other in job.pipeline.jobs) else None
        if not job.self_hosted:
            yield Violation(
                at=job.source.at("key"),
                message=f"job `{job.label}` runs {command(runs[0])} and caches nothing: every "
                "run compiles all dependencies from scratch",
                help="add `- uses: Swatinem/rust-cache@v2` after the step that installs the "
                "toolchain",
                severity=severity,
            )
            continue
        wiped = next(
            ((run, target) for run in runs if (target := _cleaned_target(project, job, run))),
            None,
        )
        if wiped is not None:
            run, target = wiped
            yield Violation(
                at=job.source.at("key"),
                message=f"job `{job.label}` runs {command(run)} on a self-hosted runner and "
                f"keeps nothing between runs: `actions/checkout` deletes `{target}` before "
                "every run",
                help="set `CARGO_TARGET_DIR` in the job's `env` to a directory outside the "
                "checkout, or add `- uses: Swatinem/rust-cache@v2` after the step that installs "
                "the toolchain",
                severity=severity,
            )


def _cleaned_target(project: Project, job: Job, run: CargoRun) -> str | None:
    """The run's target directory when the job's checkout of the repository, which it
    cleans, holds it."""
    from cargo_buildlint.ci.layer import target_directory

    if not job.cleans_checkout:
        return None
    assert project.ci is not None
    repository = project.ci.setup.root
    return target_directory(run, project.configs, project.manifest.path.parent, repository)


RULE = Rule(
    code="BL604",
    name="ci-no-build-cache",
    summary="a CI job compiles with Cargo and caches nothing",
    default_severity=Severity.WARNING,
    check=check,
    url="https://doc.rust-lang.org/cargo/guide/continuous-integration.html",
)
