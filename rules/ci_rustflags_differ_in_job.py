"""Two cargo commands of one CI job that build with different rustflags or profile settings.

## What it does
Follows the cargo commands of each CI job in order and finds a command that compiles the same
kind of artifacts in the same profile as an earlier one (`build`/`test`/`run` with each
other, `check`/`clippy` with each other) but with other effective rustflags or profile
settings, after the environment, the config files and `Cargo.toml` are resolved.

## Why is this bad?
Rustflags and profile settings are part of every crate's fingerprint, so the second command
recompiles the whole dependency graph, registry crates included. A `RUSTFLAGS=-D warnings`
on the clippy step alone, or a `CARGO_PROFILE_DEV_DEBUG` on one step, doubles the job's
compile time, and the cache holds both copies.

## Example
```yaml
steps:
  - run: cargo build
  - run: cargo test
    env:
      RUSTFLAGS: -D warnings
```

## Use instead
```yaml
env:
  CARGO_BUILD_WARNINGS: deny
steps:
  - run: cargo build
  - run: cargo test
```

## Trade-offs
Commands that differ in what the program is (a `--cfg`, `panic`, `debug-assertions`,
`overflow-checks`, a target feature, a `-Z` option such as a sanitizer) test another build on
purpose and are left alone: the rule reports only differences in how the same program is
built (lint levels, debug info, optimization, linking). Silence a deliberate one with
`# buildlint: allow(BL603)`. buildlint does not rewrite workflow files.

## References
- [The Cargo book: Build cache](https://doc.rust-lang.org/cargo/reference/build-cache.html)
- [The Cargo book: Environment variables](https://doc.rust-lang.org/cargo/reference/environment-variables.html)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cargo_buildlint.cargo.targets import flag_units
from cargo_buildlint.diagnostic import Severity, Violation
from cargo_buildlint.project import Project
from cargo_buildlint.resolve import UnitKind
from cargo_buildlint.rule import Rule

if TYPE_CHECKING:
    from cargo_buildlint.ci.model import CargoRun
from cargo_buildlint.toml_text import toml_repr

CHECKING = frozenset({"check", "c", "clippy", "fix", "hack"})
Signature = tuple[tuple[str, ...], tuple[tuple[str, object], ...]]


def _kind(run: CargoRun) -> str | None:
    from cargo_buildlint.ci.model import CODEGEN

    if not run.compiles:
        return None
    if run.subcommand in CODEGEN:
        return "codegen"
    if run.subcommand in CHECKING:
        return "check"
    return None


def check(project: Project) -> Iterator[Violation]:
    if project.ci is None:
        return  # no CI files: the CI layer is never even imported
    from cargo_buildlint.ci.layer import effective_rustflags

    mine = set(project.ci_runs)
    for job in project.ci_jobs:
        seen: dict[tuple[object, ...], list[tuple[CargoRun, Signature]]] = {}
        for run in job.runs:
            kind = _kind(run)
            if run not in mine or kind is None:
                continue
            flags = effective_rustflags(project.configs, run)
            if flags.unknown:
                continue
            profiles = project.profiles_for(run)
            settings = profiles.resolve(run.profile, UnitKind.DEPENDENCY)
            signature: Signature = (
                flags.flags,
                tuple(sorted((key, setting.value) for key, setting in settings.items())),
            )
            # `test` shares `dev`'s artifacts when both resolve alike (BL608 compares those two)
            root = profiles.reaches(run.profile) or run.profile
            group = (kind, root, run.toolchain, run.target, run.runner)
            earlier = seen.setdefault(group, [])
            if earlier and all(_differs(run, signature, *other) for other in earlier):
                # against the latest earlier build that differs only in how it is built: one
                # that is another program on purpose (a `--cfg`) does not hide a later one that
                # is not (sqlx: `--cfg a --cfg b`, then `-D warnings --cfg b`, then `--cfg b`)
                same_program = [e for e in reversed(earlier) if not _deliberate(signature, e[1])]
                if same_program:
                    yield _finding(run, signature, *same_program[0])
            earlier.append((run, signature))


def _differs(run: CargoRun, mine: Signature, other_run: CargoRun, other: Signature) -> bool:
    if run.profile != other_run.profile:
        return mine[0] != other[0]
    return mine != other


# What changes the program itself: a job that builds both ways tests both on purpose.
SEMANTIC_KEYS = frozenset({"panic", "debug-assertions", "overflow-checks", "rpath"})
SEMANTIC_CODEGEN = (
    "panic=",
    "target-feature=",
    "target-cpu=",
    "instrument-coverage",
    "overflow-checks",
    "debug-assertions",
    "relocation-model",
    "code-model",
)


def _changes_code(unit: tuple[str, ...]) -> bool:
    text = "".join(unit)
    return text.startswith(("--cfg", "-Z")) or (
        text.startswith("-C") and text[2:].startswith(SEMANTIC_CODEGEN)
    )


def _deliberate(one: Signature, other: Signature) -> bool:
    """Whether the two differ in what the program is (a `--cfg`, `panic`, a sanitizer), not
    only in how it is built (lint levels, debug info, optimization)."""
    mine, theirs = flag_units(list(one[0])), flag_units(list(other[0]))
    changed = [u for u in mine if u not in theirs] + [u for u in theirs if u not in mine]
    before = dict(other[1])
    keys = {key for key, value in one[1] if before.get(key) != value}
    return any(_changes_code(unit) for unit in changed) or bool(keys & SEMANTIC_KEYS)


def _finding(run: CargoRun, mine: Signature, first: CargoRun, other: Signature) -> Violation:
    from cargo_buildlint.ci.describe import command, flags_text

    differences = []
    added = [flag for flag in mine[0] if flag not in other[0]]
    dropped = [flag for flag in other[0] if flag not in mine[0]]
    if added:
        differences.append(f"rustflags `{flags_text(added)}` added")
    if dropped:
        differences.append(f"rustflags `{flags_text(dropped)}` dropped")
    before = dict(other[1])
    for key, value in mine[1] if run.profile == first.profile else ():
        if before.get(key) != value:
            differences.append(
                f"`{key} = {toml_repr(value)}` instead of `{toml_repr(before.get(key))}`"
            )
    if not differences:
        differences.append("rustflags in another order")
    return Violation(
        at=run.source.at(),
        message=f"{command(run)} in job `{run.step.job}` builds with other settings than "
        f"{command(first)} before it ({'; '.join(differences)}), so it recompiles every "
        "dependency",
        help="give both commands the same rustflags and profile variables, at the job's `env`; "
        "deny warnings with `CARGO_BUILD_WARNINGS: deny` rather than rustflags",
        notes=(f"the earlier command runs at {first.source}",),
    )


RULE = Rule(
    code="BL603",
    name="ci-rustflags-differ-in-job",
    summary="two cargo commands of one CI job build with different rustflags or profiles",
    default_severity=Severity.WARNING,
    check=check,
    url="https://doc.rust-lang.org/cargo/reference/build-cache.html",
)
