"""A CI job's `cargo test` recompiles every dependency its `cargo build` compiled.

## What it does
In jobs that run both `cargo build` (or `run`) and `cargo test` (or `nextest`, `llvm-cov`),
compares the settings the dependencies get in the `dev` and `test` profiles, after the
environment, the config files and `Cargo.toml` are resolved. A `CARGO_PROFILE_TEST_*`
variable, a `[profile.test]` table or `panic = "abort"` in `dev` makes them differ.

## Why is this bad?
The `test` profile inherits `dev`, and when both resolve to the same settings Cargo reuses
every compiled dependency. Any difference gives the test build its own copy of the whole
dependency graph: `CARGO_PROFILE_TEST_DEBUG: 0` (a popular CI tip) alone compiles every
dependency twice in a job that also builds.

## Example
```yaml
env:
  CARGO_PROFILE_TEST_DEBUG: 0
steps:
  - run: cargo build
  - run: cargo test
```

## Use instead
```yaml
env:
  CARGO_PROFILE_DEV_DEBUG: 0  # test inherits dev
steps:
  - run: cargo build
  - run: cargo test
```

## Trade-offs
None for speed. Tests always unwind, so a `dev` profile with `panic = "abort"` cannot share
its dependencies with tests: prefer `panic = "abort"` in `release` only. buildlint does not
rewrite workflow files.

## References
- [The Cargo book: Profiles, test](https://doc.rust-lang.org/cargo/reference/profiles.html#test)
- [The Cargo book: Build cache](https://doc.rust-lang.org/cargo/reference/build-cache.html)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cargo_buildlint.diagnostic import Severity, Violation
from cargo_buildlint.project import Project
from cargo_buildlint.resolve import Setting, UnitKind
from cargo_buildlint.rule import Rule

if TYPE_CHECKING:
    from cargo_buildlint.ci.model import CargoRun
from cargo_buildlint.toml_text import toml_repr

BUILDING = frozenset({"build", "b", "run", "r"})


def check(project: Project) -> Iterator[Violation]:
    if project.ci is None:
        return  # no CI files: the CI layer is never even imported
    from cargo_buildlint.ci.describe import command
    from cargo_buildlint.ci.model import TESTING

    mine = set(project.ci_runs_as_configured)
    for job in project.ci_jobs:
        runs = [run for run in job.runs if run in mine and run.compiles]
        builds = [run for run in runs if run.subcommand in BUILDING and run.profile == "dev"]
        tests = [run for run in runs if run.subcommand in TESTING and run.profile == "test"]
        if not builds or not tests:
            continue
        build, test = builds[0], tests[0]
        dev = project.profiles_for(build).resolve("dev", UnitKind.DEPENDENCY)
        tested = project.profiles_for(test).resolve("test", UnitKind.DEPENDENCY)
        differing = [
            key
            for key in tested
            if key in dev
            and dev[key].value != tested[key].value
            # a consequence of another difference (strip follows debug) is not named
            and not (dev[key].origin.is_default and tested[key].origin.is_default)
        ]
        if not differing:
            continue
        described = [_describe(key, dev[key], tested[key]) for key in differing]
        first = tested[differing[0]]
        yield Violation(
            at=job.source.at("key"),
            message=f"job `{job.label}` runs {command(build)} and {command(test)}, whose "
            f"dependencies get other settings ({'; '.join(described)}), so the tests "
            "recompile every dependency",
            help=_help(differing[0], first, build),
        )


def _describe(key: str, build: Setting, test: Setting) -> str:
    return (
        f"`{key}` is `{toml_repr(build.value)}` for the build ({build.origin}) and "
        f"`{toml_repr(test.value)}` for the tests ({test.origin})"
    )


def _help(key: str, setting: Setting, build: CargoRun) -> str:
    if key == "panic":
        return 'tests always unwind: set `panic = "abort"` in `[profile.release]` only'
    name = f"CARGO_PROFILE_DEV_{key.upper().replace('-', '_')}"
    value = toml_repr(setting.value)
    if setting.origin.description.startswith(f"`{name}`") and name not in build.env:
        return f"set `{name}: {value}` in the job's `env`, so that both commands build with it"
    if setting.origin.location is not None:
        return f"set `{name}: {value}` in the job's `env` instead, which `test` inherits"
    return f"move `{key}` from `[profile.test]` to `[profile.dev]`, which `test` inherits"


RULE = Rule(
    code="BL608",
    name="ci-test-profile-splits-build",
    summary="a CI job's tests recompile the dependencies its build compiled",
    default_severity=Severity.WARNING,
    check=check,
    url="https://doc.rust-lang.org/cargo/reference/profiles.html#test",
)
