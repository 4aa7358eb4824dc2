"""Cargo's profiles: their keys, built-in defaults and parents, value levels and name rules
(reference 2.1-2.4)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .versions import DEBUG_PROFILE_SINCE, CargoRange

ROOT_PROFILES = ("dev", "release")  # every inherits chain starts at one of these

# Every key of Cargo's `TomlProfile` (reference 2.1); tests tie it to `model.TomlProfile`.
PROFILE_KEYS = (
    "opt-level",
    "lto",
    "codegen-backend",
    "codegen-units",
    "debug",
    "split-debuginfo",
    "debug-assertions",
    "rpath",
    "panic",
    "overflow-checks",
    "incremental",
    "dir-name",
    "inherits",
    "strip",
    "rustflags",
    "trim-paths",
    "hint-mostly-unused",
    "package",
    "build-override",
)
OVERRIDE_TABLES = ("package", "build-override")
FORBIDDEN_IN_OVERRIDES = ("panic", "lto", "rpath")
BUILTIN_PROFILES = ("dev", "release", "test", "bench")
DEBUG_LEVELS = ("none", "line-directives-only", "line-tables-only", "limited", "full")

ROOT_DEFAULTS: Mapping[str, Mapping[str, object]] = {
    "dev": {
        "opt-level": 0,
        "debug": True,
        "strip": "none",
        "debug-assertions": True,
        "overflow-checks": True,
        "lto": False,
        "panic": "unwind",
        "incremental": True,
        "codegen-units": 256,
        "rpath": False,
    },
    "release": {
        "opt-level": 3,
        "debug": False,
        "strip": "none",
        "debug-assertions": False,
        "overflow-checks": False,
        "lto": False,
        "panic": "unwind",
        "incremental": False,
        "codegen-units": 16,
        "rpath": False,
    },
}
# `debug` is built in since Cargo 1.99 (older Cargo refuses the name: BL004 says so)
BUILTIN_PARENTS: Mapping[str, str] = {
    "test": "dev",
    "bench": "release",
    "doc": "dev",
    "debug": "dev",
}
HOST_DEFAULTS: Mapping[str, object] = {"opt-level": 0, "codegen-units": 256, "debug": False}


def debug_level(value: object) -> str:
    """Normalise a `debug` value to its named level (reference 2.2)."""
    if value is True or value == 2:
        return "full"
    if value is False or value == 0:
        return "none"
    if value == 1:
        return "limited"
    return str(value)


def strip_level(value: object) -> object:
    """Normalise a `strip` value: `false` is `"none"`, `true` is `"symbols"` (reference 2.2)."""
    return {True: "symbols", False: "none"}.get(value, value) if isinstance(value, bool) else value


def is_lto_off(value: object) -> bool:
    """`lto = false` is rustc's thin-local LTO, not off; only `"off"` and its aliases disable it."""
    return value in ("off", "n", "no", "none")


RESERVED = frozenset(
    [
        "build",
        "check",
        "clean",
        "config",
        "fetch",
        "fix",
        "install",
        "metadata",
        "package",
        "publish",
        "report",
        "root",
        "run",
        "rust",
        "rustc",
        "rustdoc",
        "target",
        "tmp",
        "uninstall",
    ]
)


@dataclass(frozen=True)
class NameProblem:
    """Why Cargo refuses a profile name, and what to write instead."""

    message: str
    help: str
    partial: bool = False  # only some Cargo versions of the project's range refuse it


def name_problem(name: str, versions: CargoRange) -> NameProblem | None:
    """Why Cargo refuses `name` as a profile name, or None."""
    found = _name_problem(name)
    if found is not None:
        return NameProblem(*found)
    if name.lower() == "debug" and not versions.all_at_least(DEBUG_PROFILE_SINCE):
        older = versions.refused_below(DEBUG_PROFILE_SINCE)
        if versions.none_at_least(DEBUG_PROFILE_SINCE):
            return NameProblem(
                f"profile name `{name}` is reserved before Cargo 1.99",
                "configure the default development profile in `[profile.dev]`, or name a "
                'separate debugger profile `[profile.debugging]` with `inherits = "dev"`',
            )
        return NameProblem(
            f"{older} refuse `[profile.{name}]`: it is a built-in profile since Cargo 1.99",
            "set `rust-version` to say which Cargo you support: 1.99 or newer keeps "
            f"`[profile.{name}]`; for older ones, rename it `[profile.debugging]` with "
            '`inherits = "dev"`',
            partial=True,
        )
    return None


def _name_problem(name: str) -> tuple[str, str] | None:
    bad = next((ch for ch in name if not (ch.isalnum() or ch in "_-")), None)
    if not name:
        return "profile name is empty", "give the profile a name of letters, numbers, `_` and `-`"
    if bad is not None:
        return (
            f"invalid character `{bad}` in profile name `{name}`",
            "use only letters, numbers, underscore and hyphen",
        )
    lowered = name.lower()
    if lowered == "build-override":
        return (
            f"profile name `{name}` is reserved",
            "configure build scripts and proc-macros in `[profile.dev.build-override]` "
            "and `[profile.release.build-override]`",
        )
    if lowered in RESERVED or lowered.startswith("cargo"):
        return f"profile name `{name}` is reserved", "choose a different name"
    return None
