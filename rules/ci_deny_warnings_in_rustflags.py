"""`-D warnings` through a rustflags variable in CI.

## What it does
Finds `-D warnings` (`-Dwarnings`, `--deny warnings`) in `RUSTFLAGS`,
`CARGO_ENCODED_RUSTFLAGS`, `CARGO_BUILD_RUSTFLAGS` or `CARGO_TARGET_<TRIPLE>_RUSTFLAGS` of a CI
job that runs Cargo, including the `-D warnings` that `actions-rust-lang/setup-rust-toolchain`
sets by default.

## Why is this bad?
Rustflags are part of every crate's fingerprint: a job or step with `-D warnings` rebuilds
every dependency, registry crates included, although they are compiled with `--cap-lints
allow` and cannot fail on it; jobs with and without it cannot share a cache. It also fails the
build on warnings of path dependencies that are not workspace members, and (in `RUSTFLAGS`)
drops the project's configured rustflags. Cargo 1.97 stabilised `build.warnings`
(`CARGO_BUILD_WARNINGS=deny`), which fails on warnings of workspace members only and keeps
every cached artifact.

## Example
```yaml
env:
  RUSTFLAGS: -D warnings
```

## Use instead
```yaml
env:
  CARGO_BUILD_WARNINGS: deny  # Cargo 1.97 and newer
```

## Trade-offs
Before Cargo 1.97, `build.warnings` is ignored without a word: deny warnings with
`[lints.rust] warnings = "deny"` (in a workspace, `[workspace.lints.rust]`, which the members
inherit with `lints.workspace = true`) or `cargo clippy -- -D warnings` instead (the finding is
then only informational). buildlint does not rewrite workflow files.

## Fix safety
Manual: buildlint does not rewrite workflow files. The JSON output carries the edit of the
`env` mapping (or of the action's `rustflags` input) as a `manual` fix.

## References
- [The Cargo book: Configuration, build.warnings](https://doc.rust-lang.org/cargo/reference/config.html#buildwarnings)
- [The Cargo book: Build cache](https://doc.rust-lang.org/cargo/reference/build-cache.html)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from cargo_buildlint.cargo.versions import BUILD_WARNINGS_SINCE
from cargo_buildlint.diagnostic import Applicability, Fix, Severity, Violation
from cargo_buildlint.project import Project
from cargo_buildlint.rule import Rule

if TYPE_CHECKING:
    from cargo_buildlint.ci.model import CargoRun, EnvValue

RUSTFLAGS_NAMES = ("RUSTFLAGS", "CARGO_ENCODED_RUSTFLAGS", "CARGO_BUILD_RUSTFLAGS")


def _is_rustflags(name: str) -> bool:
    from cargo_buildlint.cargo.environment import target_variable

    found = target_variable(name)
    return name in RUSTFLAGS_NAMES or (found is not None and found.key == "rustflags")


def check(project: Project) -> Iterator[Violation]:
    if project.ci is None:
        return  # no CI files: the CI layer is never even imported
    from cargo_buildlint.cargo.environment import denies_warnings, rustflags_words
    from cargo_buildlint.ci.describe import ci_version, jobs, variable

    denying: dict[tuple[object, ...], tuple[EnvValue, list[CargoRun]]] = {}
    mine: set[tuple[object, ...]] = set()
    own_runs = set(project.ci_runs)
    for run in project.ci.repository_runs:
        if not run.compiles:
            continue
        for value in run.env.values():
            if not _is_rustflags(value.name):
                continue
            # what is written here: `-D warnings $RUSTFLAGS` denies, `$RUSTFLAGS -C x` only
            # repeats what another definition (reported there) says
            if denies_warnings(rustflags_words(value.name, " ".join(value.own_words))):
                key = (value.name, value.source.document.path, value.source.key, value.source.span)
                denying.setdefault(key, (value, []))[1].append(run)
                if run in own_runs:
                    mine.add(key)
    # the value is this workspace's to report when one of its commands sees it; the jobs named
    # are every job it reaches, so that the workspaces sharing it report it alike, and once
    for reached, (found, runs) in denying.items():
        if reached not in mine:
            continue
        # the toolchains of this workspace's own commands: another workspace's view reads
        # them with its own toolchain file, and a fix must hold for this one's
        versions = [ci_version(run.toolchain) for run in runs if run in own_runs]
        modern = all(v is not None and v >= BUILD_WARNINGS_SINCE for v in versions)
        yield Violation(
            at=found.source.at(),
            message=f"{variable(found)} denies warnings for {jobs(runs)}: every dependency is "
            "rebuilt with these flags, and warnings of path dependencies fail the build",
            help=_help(found, modern, "workspace" in project.manifest.data),
            fix=_suggestion(found, modern),
            notes=(
                "`build.warnings` fails on warnings of workspace members only, without "
                "changing any crate's fingerprint",
            ),
            severity=None if modern else Severity.INFO,
        )


def _suggestion(found: EnvValue, modern: bool) -> Fix | None:
    from cargo_buildlint.cargo.environment import rustflags_words, without_deny_warnings
    from cargo_buildlint.ci.actions import SETUP_RUST_TOOLCHAIN
    from cargo_buildlint.ci.suggest import replace_variable, set_key

    if found.exported_by == SETUP_RUST_TOOLCHAIN:
        step = replace(found.source, key=found.source.key[:-1])
        return set_key("Leave `RUSTFLAGS` unset", step, ("with", "rustflags"), "")
    if not modern:
        return None
    rest = without_deny_warnings(rustflags_words(found.name, _as_written(found)))
    writes: dict[str, str | None] = {"CARGO_BUILD_WARNINGS": "deny"}
    if rest:
        writes[found.name] = " ".join(rest)
    return replace_variable("Deny warnings with `build.warnings`", found, writes)


def _help(found: EnvValue, modern: bool, workspace: bool) -> str:
    from cargo_buildlint.cargo.environment import rustflags_words, without_deny_warnings
    from cargo_buildlint.ci.actions import SETUP_RUST_TOOLCHAIN

    # a workspace's root may not have `[lints]` (a virtual manifest) or override the
    # workspace's: its members inherit `[workspace.lints]`
    lints = (
        '`[workspace.lints.rust] warnings = "deny"` in the root `Cargo.toml` (members inherit '
        "it with `lints.workspace = true`)"
        if workspace
        else '`[lints.rust] warnings = "deny"` in `Cargo.toml`'
    )
    instead = (
        "`CARGO_BUILD_WARNINGS: deny`"
        if modern
        else f"{lints}, or `cargo clippy -- -D warnings` (`CARGO_BUILD_WARNINGS` needs Cargo 1.97)"
    )
    if found.exported_by == SETUP_RUST_TOOLCHAIN:
        return f"add `rustflags: ''` to the `{SETUP_RUST_TOOLCHAIN}` step and use {instead}"
    rest = without_deny_warnings(rustflags_words(found.name, _as_written(found)))
    keep = f"; keep `{found.name}: {' '.join(rest)}`" if rest else f"; remove `{found.name}`"
    return f"deny warnings with {instead}{keep}"


def _as_written(found: EnvValue) -> str:
    """The value as the workflow writes it: the flags to keep are the user's own words, an
    expression (`${{ matrix.rustflags }}`) or a `$RUSTFLAGS` among them."""
    return found.raw or found.value or ""


RULE = Rule(
    code="BL602",
    name="ci-deny-warnings-in-rustflags",
    summary="`-D warnings` in a rustflags variable rebuilds every dependency in CI",
    default_severity=Severity.WARNING,
    check=check,
    url="https://doc.rust-lang.org/cargo/reference/config.html#buildwarnings",
    fixes=frozenset({Applicability.MANUAL}),
)
