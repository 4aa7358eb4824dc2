"""How CI findings name what they are about: commands, jobs, runners and toolchains."""

from __future__ import annotations

from collections.abc import Iterable

from ..cargo.versions import version_today
from ..toolchain import Toolchain, Version
from .model import CargoRun, EnvValue


def command(run: CargoRun) -> str:
    """`cargo test` (the command and its subcommand, as a user recognises it); an alias as
    written, with what it runs."""
    program = run.words[0].rsplit("/", 1)[-1]
    words = [program, *([run.subcommand] if run.subcommand else [])]
    if run.alias is not None:
        return f"`{program} {run.alias}` (`{' '.join(words)}`)"
    return f"`{' '.join(words)}`"


def listing(names: Iterable[str], limit: int = 3) -> str:
    """`a`, `b` and 2 more."""
    unique = list(dict.fromkeys(names))
    shown = [f"`{name}`" for name in unique[:limit]]
    more = len(unique) - len(shown)
    if more:
        return ", ".join(shown) + f" and {more} more"
    if len(shown) > 1:
        return ", ".join(shown[:-1]) + f" and {shown[-1]}"
    return shown[0] if shown else ""


def jobs(runs: Iterable[CargoRun]) -> str:
    labels = list(dict.fromkeys(run.step.job for run in runs))
    return ("job " if len(labels) == 1 else "jobs ") + listing(labels)


def variable(value: EnvValue) -> str:
    """`RUSTFLAGS` (set by `actions-rust-lang/setup-rust-toolchain`)."""
    if value.exported_by:
        return f"`{value.name}` (set by `{value.exported_by}`)"
    return f"`{value.name}`"


def ci_version(toolchain: Toolchain) -> Version | None:
    """The Rust version a CI toolchain has: a pinned version, else what its channel is today
    (CI installs `stable` fresh, so it is the current one)."""
    return version_today(toolchain)


def flags_text(flags: Iterable[str]) -> str:
    return " ".join(flags)
