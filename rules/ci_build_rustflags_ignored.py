"""`CARGO_BUILD_RUSTFLAGS` in CI where Cargo ignores it.

## What it does
Finds `CARGO_BUILD_RUSTFLAGS` in the environment of a cargo command while `RUSTFLAGS` or
`CARGO_ENCODED_RUSTFLAGS` is set too, or while a `target.*` table with rustflags (or a
`CARGO_TARGET_<TRIPLE>_RUSTFLAGS` variable) applies to the runner.

## Why is this bad?
`CARGO_BUILD_RUSTFLAGS` only adds to `build.rustflags`, and Cargo reads `build.rustflags`
only when no variable and no target table gives rustflags. The flags never reach rustc, and
nothing says so.

## Example
```yaml
# .cargo/config.toml has [target.x86_64-unknown-linux-gnu] rustflags = [...]
env:
  CARGO_BUILD_RUSTFLAGS: --cfg ci
```

## Use instead
```yaml
env:
  CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUSTFLAGS: --cfg ci
```

## Trade-offs
None. buildlint does not rewrite workflow files.

## Fix safety
Manual: buildlint does not rewrite workflow files. The JSON output carries the renamed
variable as a `manual` fix.

## References
- [The Cargo book: Configuration, build.rustflags](https://doc.rust-lang.org/cargo/reference/config.html#buildrustflags)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cargo_buildlint.diagnostic import Applicability, Severity, Violation
from cargo_buildlint.project import Project
from cargo_buildlint.rule import Rule

if TYPE_CHECKING:
    from cargo_buildlint.ci.model import CargoRun, EnvValue


def check(project: Project) -> Iterator[Violation]:
    if project.ci is None:
        return  # no CI files: the CI layer is never even imported
    from cargo_buildlint.cargo.environment import target_variable_part
    from cargo_buildlint.ci.describe import jobs
    from cargo_buildlint.ci.layer import config_rustflags, replacing_variable
    from cargo_buildlint.ci.suggest import replace_variable

    found: dict[tuple[object, ...], tuple[EnvValue, list[CargoRun], str, str, str]] = {}
    for run in project.ci_runs_as_configured:
        variable = run.env.get("CARGO_BUILD_RUSTFLAGS")
        if variable is None or not run.compiles:
            continue
        triple = run.target or run.runner
        replacing = replacing_variable(run.env)
        if replacing is not None:
            reason, help = f"`{replacing.name}` is set", f"move the flags into `{replacing.name}`"
            name = replacing.name
        else:
            flags = config_rustflags(project.configs, triple, run.env)
            if flags.kind != "target" or triple is None:
                continue
            name = f"CARGO_TARGET_{target_variable_part(triple).upper()}_RUSTFLAGS"
            reason = f"{flags.sources[0]} applies on `{triple}`"
            help = f"write `{name}` instead, which Cargo adds to that target's rustflags"
        source = variable.source
        key = (source.document.path, source.key, source.span, reason)
        found.setdefault(key, (variable, [], reason, help, name))[1].append(run)
    for variable, runs, reason, help, name in found.values():
        yield Violation(
            at=variable.source.at("key"),
            message=f"`CARGO_BUILD_RUSTFLAGS` is ignored for {jobs(runs)}: {reason}",
            help=help,
            notes=(
                "Cargo reads `build.rustflags` only when no variable and no target table "
                "gives rustflags",
            ),
            fix=replace_variable(f"Write the flags to `{name}`", variable, {name: variable.value})
            if variable.value is not None
            and name != "RUSTFLAGS"
            and name != "CARGO_ENCODED_RUSTFLAGS"
            else None,
        )


RULE = Rule(
    code="BL610",
    name="ci-build-rustflags-ignored",
    summary="`CARGO_BUILD_RUSTFLAGS` in CI where Cargo ignores it",
    default_severity=Severity.WARNING,
    check=check,
    url="https://doc.rust-lang.org/cargo/reference/config.html#buildrustflags",
    fixes=frozenset({Applicability.MANUAL}),
)
