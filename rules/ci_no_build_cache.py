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

On a runner of the repository's own (`runs-on` names `self-hosted`, or any label GitHub does
not host) the disk may survive between runs, but `actions/checkout` runs `git clean -ffdx`
first (its `clean: true` default), which deletes `target/` inside the checkout. There the rule
fires only when the job checks out with the default `clean` and builds into the checkout; a
`CARGO_TARGET_DIR` outside it, or `clean: false`, keeps the build between runs.

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
    from cargo_buildlint.ci.model import CargoRun


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
        if job.self_hosted:
            if job.cleans_checkout and not _target_outside_checkout(runs[0]):
                yield Violation(
                    at=job.source.at("key"),
                    message=f"job `{job.label}` runs {command(runs[0])} on a runner of its own "
                    "and keeps nothing between runs: `actions/checkout` deletes `target/` "
                    "before every run",
                    help="set `CARGO_TARGET_DIR` in the job's `env` to a directory outside the "
                    "checkout, or add `- uses: Swatinem/rust-cache@v2` after the step that "
                    "installs the toolchain",
                )
            continue
        others_cache = any(other.caches for other in job.pipeline.jobs)
        yield Violation(
            at=job.source.at("key"),
            message=f"job `{job.label}` runs {command(runs[0])} and caches nothing: every run "
            "compiles all dependencies from scratch",
            help="add `- uses: Swatinem/rust-cache@v2` after the step that installs the toolchain",
            severity=Severity.INFO if others_cache else None,
        )


# What GitHub empties for every run or job: a target directory there keeps nothing.
_EMPTIED = ("github.workspace", "GITHUB_WORKSPACE", "runner.temp", "RUNNER_TEMP")


def _target_outside_checkout(run: CargoRun) -> bool:
    """Whether the run's `CARGO_TARGET_DIR` lies where a self-hosted runner keeps it (an
    expression that cannot be known counts: nothing is assumed against the user)."""
    target = run.env.get("CARGO_TARGET_DIR")
    if target is None:
        return False
    if target.value is None:
        return not any(name in target.written for name in _EMPTIED)
    path = target.value
    absolute = path.startswith(("/", "~", "\\")) or (len(path) > 1 and path[1] == ":")
    return absolute and not any(name in path for name in _EMPTIED)


RULE = Rule(
    code="BL604",
    name="ci-no-build-cache",
    summary="a CI job compiles with Cargo and caches nothing",
    default_severity=Severity.WARNING,
    check=check,
    url="https://doc.rust-lang.org/cargo/guide/continuous-integration.html",
)
