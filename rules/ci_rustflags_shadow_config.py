"""`RUSTFLAGS` in CI silently drops the rustflags the project configures.

## What it does
For every cargo command of a CI job, finds `RUSTFLAGS` or `CARGO_ENCODED_RUSTFLAGS` in its
environment (set in the workflow, exported by an earlier step, or set implicitly by
`actions-rust-lang/setup-rust-toolchain`, whose default is `-D warnings`) while
`.cargo/config.toml` gives rustflags for that runner, and names the flags that are lost.

## Why is this bad?
Cargo takes rustflags from exactly one source, and the environment comes first: a
`RUSTFLAGS` variable, even an empty one, discards every `build.rustflags` and
`target.*.rustflags` of the project. The linker arguments, `--cfg` flags, `target-cpu` and
`-Zthreads` the team configured never reach CI, so CI builds and tests something else than
developers do (nextest lost its `--cfg tokio_unstable` this way and panicked at start).

## Example
```yaml
# .cargo/config.toml has: [build] rustflags = ["--cfg", "tokio_unstable"]
env:
  RUSTFLAGS: -D warnings
```

## Use instead
```yaml
env:
  CARGO_BUILD_RUSTFLAGS: -D warnings  # appended to build.rustflags
```

## Trade-offs
A job that must build without the configured flags (a sanitizer or Miri run) may set
`RUSTFLAGS` on purpose: silence the finding there with `# buildlint: allow(BL601)`.
buildlint does not rewrite workflow files; the JSON output carries the suggested variable.

## Fix safety
Manual: buildlint does not rewrite workflow files. The JSON output carries the edit of the
`env` mapping or the action input as a `manual` fix.

## References
- [The Cargo book: Configuration, build.rustflags](https://doc.rust-lang.org/cargo/reference/config.html#buildrustflags)
- [The Cargo book: Environment variables](https://doc.rust-lang.org/cargo/reference/environment-variables.html)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from cargo_buildlint.cargo.targets import flag_units
from cargo_buildlint.diagnostic import Applicability, Fix, Severity, Violation
from cargo_buildlint.project import Project
from cargo_buildlint.rule import Rule

if TYPE_CHECKING:
    from cargo_buildlint.ci.model import CargoRun, EnvValue


def check(project: Project) -> Iterator[Violation]:
    if project.ci is None:
        return  # no CI files: the CI layer is never even imported
    from cargo_buildlint.ci.describe import flags_text, jobs, listing, variable
    from cargo_buildlint.ci.layer import config_rustflags, replacing_variable

    lost: dict[tuple[object, ...], tuple[EnvValue, list[CargoRun], list[str], list[str], str]] = {}
    # every command, also after a script edits a config file: that changes which flags are
    # lost (the message names those the files hold), not that the config's are
    for run in project.ci_runs:
        found = replacing_variable(run.env)
        if found is None or not run.compiles:
            continue
        triple = run.target or run.runner
        configured = config_rustflags(project.configs, triple, run.env)
        own = flag_units(found.literal_words)
        missing = [unit for unit in flag_units(list(configured.flags)) if unit not in own]
        if not missing:
            continue
        key = (found.name, found.source.document.path, found.source.key, found.source.span)
        entry = lost.setdefault(key, (found, [], [], [], configured.kind))
        entry[1].append(run)
        entry[2].extend(" ".join(unit) for unit in missing if " ".join(unit) not in entry[2])
        if triple:
            entry[3].append(triple)
    for found, runs, flags, triples, kind in lost.values():
        where = f" on {listing(triples)}" if triples else ""
        yield Violation(
            at=found.source.at(),
            message=f"{variable(found)} replaces the config's rustflags for {jobs(runs)}{where}: "
            f"`{flags_text(flags)}` never reach{'es' if len(flags) == 1 else ''} rustc",
            help=_help(found, kind, triples),
            fix=_suggestion(found, kind, triples),
            notes=(
                "Cargo reads rustflags from `CARGO_ENCODED_RUSTFLAGS`, else `RUSTFLAGS` (even "
                "empty), else the `target` tables, else `build.rustflags`: never from two",
            ),
        )


def _suggestion(found: EnvValue, kind: str, triples: list[str]) -> Fix | None:
    from cargo_buildlint.cargo.environment import denies_warnings
    from cargo_buildlint.ci.actions import SETUP_RUST_TOOLCHAIN
    from cargo_buildlint.ci.suggest import replace_variable, set_key

    if found.exported_by == SETUP_RUST_TOOLCHAIN:
        step = found.source.key[:-1]
        return set_key(
            "Leave `RUSTFLAGS` unset", replace(found.source, key=step), ("with", "rustflags"), ""
        )
    flags = found.value
    if flags is None:
        return None
    if not flags.strip():
        return replace_variable(f"Remove `{found.name}`", found, {})
    if denies_warnings(flags.split()) and len(flags.split()) <= 2:
        return replace_variable(
            "Deny warnings with `build.warnings`", found, {"CARGO_BUILD_WARNINGS": "deny"}
        )
    name = _merging_variable(kind, triples)
    return replace_variable(f"Write the flags to `{name}`", found, {name: flags})


def _merging_variable(kind: str, triples: list[str]) -> str:
    from cargo_buildlint.cargo.environment import target_variable_part

    if kind == "target" and triples:
        return f"CARGO_TARGET_{target_variable_part(triples[0]).upper()}_RUSTFLAGS"
    return "CARGO_BUILD_RUSTFLAGS"


def _help(found: EnvValue, kind: str, triples: list[str]) -> str:
    from cargo_buildlint.cargo.environment import denies_warnings
    from cargo_buildlint.ci.actions import SETUP_RUST_TOOLCHAIN

    if found.exported_by == SETUP_RUST_TOOLCHAIN:
        return (
            f"add `rustflags: ''` to the `with:` of the `{SETUP_RUST_TOOLCHAIN}` step, so that it "
            "leaves `RUSTFLAGS` unset"
        )
    if found.value is None:
        # the config's flags are in a target table: `build.rustflags` would be dropped too
        if kind == "target":
            name = (
                _merging_variable(kind, triples) if triples else "CARGO_TARGET_<TRIPLE>_RUSTFLAGS"
            )
            return f"move the value to `{name}`, which Cargo appends to that target's rustflags"
        return "move the value to `CARGO_BUILD_RUSTFLAGS`, which Cargo appends to `build.rustflags`"
    flags = found.value
    if not flags.strip():
        return f"remove `{found.name}`: even empty, it discards the config's flags"
    if denies_warnings(flags.split()) and len(flags.split()) <= 2:
        return (
            f"remove `{found.name}` and write `CARGO_BUILD_WARNINGS: deny` (Cargo 1.97 and "
            "newer), which fails on warnings without touching rustflags"
        )
    name = _merging_variable(kind, triples)
    if name != "CARGO_BUILD_RUSTFLAGS":
        return f"write `{name}: {flags}` instead: Cargo appends it to that target's rustflags"
    return f"write `{name}: {flags}` instead: Cargo appends it to `build.rustflags`"


RULE = Rule(
    code="BL601",
    name="ci-rustflags-shadow-config",
    summary="`RUSTFLAGS` in a CI job discards the rustflags of `.cargo/config.toml`",
    default_severity=Severity.WARNING,
    check=check,
    url="https://doc.rust-lang.org/cargo/reference/config.html#buildrustflags",
    fixes=frozenset({Applicability.MANUAL}),
)
