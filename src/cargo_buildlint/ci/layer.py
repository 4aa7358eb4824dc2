"""A cargo command's environment as a settings layer above the config files: the rustflags,
linker and profile settings it really builds with, each with its origin.

The precedence is Cargo's (`cargo/environment.py` has the facts): `CARGO_ENCODED_RUSTFLAGS`
> `RUSTFLAGS` > every matching `target.*` table with `CARGO_TARGET_<TRIPLE>_RUSTFLAGS`
appended to its triple's > `build.rustflags` with `CARGO_BUILD_RUSTFLAGS` appended;
`CARGO_PROFILE_*` over the config files over `Cargo.toml`.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..cargo.environment import (
    RUSTFLAGS_VARIABLES,
    env_value,
    incremental_from_env,
    profile_variable,
    rustflags_words,
    target_variable,
    target_variable_part,
)
from ..cargo.targets import (
    TargetValue,
    build_rustflags,
    flags_of,
    linker_for,
    target_rustflags,
)
from ..cargo.versions import INCREMENTAL_OFF_IN_CI_SINCE
from ..diagnostic import At
from ..resolve import Origin, Setting
from ..source import TomlDocument
from ..toml_text import dotted
from .describe import ci_version
from .model import CargoRun, EnvValue


@dataclass(frozen=True)
class FlagSource:
    """One contribution to a command's rustflags: a config table or a variable."""

    flags: tuple[str, ...]
    config: TargetValue | None = None
    variable: EnvValue | None = None

    def __str__(self) -> str:
        if self.variable is not None:
            return f"`{self.variable.name}` ({self.variable.source})"
        assert self.config is not None
        line = self.config.document.locate(self.config.key, "key").line
        return f"{self.config.document.display}:{line} `{dotted(self.config.key)}`"


@dataclass(frozen=True)
class Rustflags:
    """The flags rustc gets, the one source kind they come from, and what that source beat."""

    flags: tuple[str, ...]
    kind: str  # "CARGO_ENCODED_RUSTFLAGS", "RUSTFLAGS", "target", "build" or "none"
    sources: tuple[FlagSource, ...]
    unknown: bool = False  # a variable whose value an expression decides


def config_rustflags(
    configs: list[TomlDocument], triple: str | None, env: Mapping[str, EnvValue]
) -> Rustflags:
    """The rustflags the config files (and the variables that merge into them) give."""
    if triple is None:
        if _any_target_rustflags(configs):
            # which target tables apply depends on the runner, which an expression decides
            return Rustflags((), "none", (), unknown=True)
        targets: list[FlagSource] = []
    else:
        targets = [
            FlagSource(tuple(flags_of(value.value)), config=value)
            for value in target_rustflags(configs, triple)
        ]
    unknown = False
    spelled = target_variable_part(triple) if triple else None
    for variable in env.values():
        found = target_variable(variable.name)
        if found and found.key == "rustflags" and found.triple == spelled:
            # merged into the triple's own table, which comes before the `cfg` tables
            unknown = unknown or variable.value is None
            exact = [i for i, s in enumerate(targets) if s.config and s.config.key[1] == triple]
            targets.insert(exact[-1] + 1 if exact else 0, _variable_source(variable))
    if targets:
        flags = tuple(flag for source in targets for flag in source.flags)
        return Rustflags(flags, "target", tuple(targets), unknown)
    build = [
        FlagSource(tuple(flags_of(value.value)), config=value) for value in build_rustflags(configs)
    ]
    appended = env.get("CARGO_BUILD_RUSTFLAGS")
    if appended is not None:
        unknown = appended.value is None
        build.append(_variable_source(appended))
    if build:
        flags = tuple(flag for source in build for flag in source.flags)
        return Rustflags(flags, "build", tuple(build), unknown)
    return Rustflags((), "none", ())


def _any_target_rustflags(configs: list[TomlDocument]) -> bool:
    for document in configs:
        targets = document.data.get("target")
        for table in targets.values() if isinstance(targets, dict) else ():
            if isinstance(table, dict) and "rustflags" in table:
                return True
    return False


def _variable_source(variable: EnvValue) -> FlagSource:
    words = rustflags_words(variable.name, variable.value or "")
    return FlagSource(tuple(words), variable=variable)


def replacing_variable(env: Mapping[str, EnvValue]) -> EnvValue | None:
    """`CARGO_ENCODED_RUSTFLAGS` or `RUSTFLAGS`, the variables that replace every config flag."""
    return next((env[name] for name in RUSTFLAGS_VARIABLES if name in env), None)


def effective_rustflags(configs: list[TomlDocument], run: CargoRun) -> Rustflags:
    variable = replacing_variable(run.env)
    if variable is not None:
        source = _variable_source(variable)
        return Rustflags(source.flags, variable.name, (source,), variable.value is None)
    return config_rustflags(configs, run.target or run.runner, run.env)


def linker(
    configs: list[TomlDocument], triple: str, env: Mapping[str, EnvValue]
) -> tuple[str, str] | None:
    """The linker for `triple` and where it is set: `CARGO_TARGET_<TRIPLE>_LINKER` beats the
    config files (and, unlike link arguments in rustflags, survives `RUSTFLAGS`)."""
    spelled = target_variable_part(triple)
    for variable in env.values():
        found = target_variable(variable.name)
        if found and found.key == "linker" and found.triple == spelled:
            return variable.written, f"`{variable.name}` ({variable.source})"
    configured = linker_for(configs, triple)
    if configured is None:
        return None
    line = configured.document.locate(configured.key, "key").line
    return str(configured.value), f"{configured.document.display}:{line} `{dotted(configured.key)}`"


@dataclass(frozen=True)
class ProfileAssignment:
    """A `CARGO_PROFILE_*` variable read as a profile key (`key` None: Cargo knows none)."""

    variable: EnvValue
    profile: str
    key: tuple[str, ...] | None
    value: object


def profile_assignments(
    env: Mapping[str, EnvValue], profiles: list[str]
) -> list[ProfileAssignment]:
    found = []
    for variable in env.values():
        parsed = profile_variable(variable.name, profiles)
        if parsed is None:
            continue
        value = env_value(variable.value) if variable.value is not None else None
        key = parsed.toml_key if parsed.key is not None else None
        found.append(ProfileAssignment(variable, parsed.profile, key, value))
    return found


def ci_incremental(run: CargoRun, build_incremental: Setting | None) -> Setting | None:
    """What decides `incremental` for `run` above the profiles: `CARGO_INCREMENTAL` (only `1`
    is on), `CARGO_BUILD_INCREMENTAL` and `build.incremental`, then Cargo 1.99's default of off
    where `CI` is set (GitHub and GitLab set it)."""
    variable = run.env.get("CARGO_INCREMENTAL")
    if variable is not None and variable.value is not None:
        return Setting(incremental_from_env(variable.value), _env_origin(variable))
    variable = run.env.get("CARGO_BUILD_INCREMENTAL")
    if variable is not None and variable.value in ("true", "false"):
        return Setting(variable.value == "true", _env_origin(variable))
    if build_incremental is not None:
        return build_incremental
    version = ci_version(run.toolchain)
    if version is not None and version >= INCREMENTAL_OFF_IN_CI_SINCE:
        return Setting(False, Origin(None, (), "Cargo's default where `CI` is set (since 1.99)"))
    return None


def ci_incremental_key(run: CargoRun) -> tuple[object, ...]:
    variables = [
        (name, run.env[name].value)
        for name in ("CARGO_INCREMENTAL", "CARGO_BUILD_INCREMENTAL")
        if name in run.env
    ]
    return (*variables, run.toolchain)


def _env_origin(variable: EnvValue) -> Origin:
    source = variable.source
    return Origin(
        None,
        source.key,
        f"`{variable.name}` in {source}",
        At(source.document.path, source.key, span=source.span),
    )


# How a workflow writes the checkout's own directory at the start of a path.
_WORKSPACE_PREFIXES = ("${{ github.workspace }}", "${GITHUB_WORKSPACE}", "$GITHUB_WORKSPACE")


def target_directory(
    run: CargoRun, configs: list[TomlDocument], workspace_root: Path, repository: Path
) -> str | None:
    """Where the run builds, relative to the repository root, as Cargo chooses it:
    `--target-dir`, `CARGO_TARGET_DIR`, `CARGO_BUILD_TARGET_DIR`, `build.target-dir` of the
    config files (relative to the directory that holds `.cargo/`), else `target` in the
    workspace root. None where it is unknown (an expression, an unknown directory) or lies
    outside the repository (an absolute path buildlint cannot place)."""
    given: str | None = None
    for index, word in enumerate(run.options):
        if word == "--target-dir" and index + 1 < len(run.options):
            given = run.options[index + 1]
        elif word.startswith("--target-dir="):
            given = word.split("=", 1)[1]
    variable = run.env.get("CARGO_TARGET_DIR") or run.env.get("CARGO_BUILD_TARGET_DIR")
    if given is None and variable is not None:
        for prefix in _WORKSPACE_PREFIXES:
            if variable.written.startswith(prefix):
                written = posixpath.normpath(variable.written[len(prefix) :].lstrip("/") or ".")
                return _through_checkout(written, run.checkout)
        given = variable.value
        if given is None:
            return None
    if given is not None:
        if run.directory is None or _absolute(given):
            return None
        return _inside(posixpath.normpath(posixpath.join(run.directory, given)))
    for config in configs:
        build = config.data.get("build")
        value = build.get("target-dir") if isinstance(build, dict) else None
        if isinstance(value, str):
            holder = config.path.parent.parent  # the directory that holds `.cargo/`
            found = os.path.normpath(holder / value)
            return _inside(Path(os.path.relpath(found, repository)).as_posix())
    return _inside(Path(os.path.relpath(workspace_root / "target", repository)).as_posix())


def _through_checkout(path: str, checkout: str | None) -> str | None:
    """A path of the runner's workspace as a path of the repository checked out at
    `checkout`; None outside it, or where the checkout is unknown."""
    if checkout is None:
        return None
    if checkout == "":
        return _inside(path)
    if path == checkout or path.startswith(checkout + "/"):
        return posixpath.relpath(path, checkout)
    return None


def _inside(path: str) -> str | None:
    return None if path == ".." or path.startswith("../") else path


def _absolute(path: str) -> bool:
    # `~` is not expanded in an `env:` value, nor by Cargo: `~/target` is a relative path
    return path.startswith(("/", "\\")) or (len(path) > 2 and path[1] == ":" and path[2] in "/\\")
