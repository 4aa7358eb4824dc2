"""CI compiles the dev or test profile with full debug info.

## What it does
Resolves the `debug` setting each CI job's compiling commands build with (the environment's
`CARGO_PROFILE_*` over the config files over `Cargo.toml`, over Cargo's defaults, and a
`-C debuginfo` in the effective rustflags over all of them) and notes jobs that generate full
debug info in the `dev` or `test` profile. Release and publish workflows are left alone.

## Why is this bad?
Nobody attaches a debugger to a CI build, yet full debug info is 20-40 % of a dev build's
time and most of its size on disk (and in the cache). `line-tables-only` keeps file and line
numbers in backtraces and panics.

## Example
```yaml
steps:
  - run: cargo test
```

## Use instead
```yaml
env:
  CARGO_PROFILE_DEV_DEBUG: line-tables-only  # the test profile inherits dev
steps:
  - run: cargo test
```

## Trade-offs
A job that profiles or debugs a binary needs the debug info: allow the rule on that job.
`cargo tarpaulin` is left alone: its default engine reads coverage through the debug info.
`0` saves a little more but loses file and line numbers in panics. buildlint does not
rewrite workflow files.

## References
- [The Cargo book: Optimizing Build Performance, reduce debug info](https://doc.rust-lang.org/cargo/guide/build-performance.html#reduce-amount-of-generated-debug-information)
- [The Cargo book: Profiles, debug](https://doc.rust-lang.org/cargo/reference/profiles.html#debug)
"""

from __future__ import annotations

from collections.abc import Iterator

from cargo_buildlint.cargo.profiles import debug_level
from cargo_buildlint.cargo.targets import codegen_option
from cargo_buildlint.diagnostic import Severity, Violation
from cargo_buildlint.project import Project
from cargo_buildlint.resolve import UnitKind
from cargo_buildlint.rule import Rule


def check(project: Project) -> Iterator[Violation]:
    if project.ci is None:
        return  # no CI files: the CI layer is never even imported
    from cargo_buildlint.ci.describe import command
    from cargo_buildlint.ci.layer import effective_rustflags
    from cargo_buildlint.ci.model import CODEGEN

    mine = set(project.ci_runs_as_configured)
    for job in project.ci_jobs:
        if job.pipeline.releases:
            continue  # release builds are built to ship, with the debug info they ship with
        for run in job.runs:
            if run not in mine or not run.compiles or run.subcommand not in CODEGEN:
                continue
            if run.subcommand == "tarpaulin":
                continue  # its engine maps addresses to lines through the debug info it adds
            profiles = project.profiles_for(run)
            if profiles.reaches(run.profile) != "dev":
                continue
            debug = profiles.resolve(run.profile, UnitKind.MEMBER)["debug"]
            flags = effective_rustflags(project.configs, run)
            # rustflags come after the profile's options on rustc's command line: they win
            option = codegen_option(list(flags.flags), "debuginfo")
            from_flags = int(option) if option is not None and option.isdigit() else option
            level = debug_level(from_flags if from_flags is not None else debug.value)
            if flags.unknown or level != "full":
                continue
            yield Violation(
                at=job.source.at("key"),
                message=f"job `{job.label}` runs {command(run)} with full debug info in the "
                f"`{run.profile}` profile ({debug.origin})",
                help="add `CARGO_PROFILE_DEV_DEBUG: line-tables-only` to the job's `env`: "
                "backtraces keep file and line, and `test` inherits `dev`",
            )
            break


RULE = Rule(
    code="BL605",
    name="ci-full-debuginfo",
    summary="a CI job compiles the dev or test profile with full debug info",
    default_severity=Severity.INFO,
    check=check,
    url="https://doc.rust-lang.org/cargo/guide/build-performance.html#reduce-amount-of-generated-debug-information",
)
