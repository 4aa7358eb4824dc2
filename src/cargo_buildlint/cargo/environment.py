"""How Cargo reads its environment (reference 3.3, config.md "Environment variables"; each
fact below was checked with cargo 1.95 and nightly 1.97, `../shared/reference/ci-environment.md`
section a).

- `CARGO_PROFILE_<NAME>_<KEY>` sets a profile key, above `Cargo.toml` and the config files and
  below `--config`; a key Cargo does not know is ignored without a word.
- rustflags come from exactly one of four sources: `CARGO_ENCODED_RUSTFLAGS`, else `RUSTFLAGS`
  (even empty), else every matching `target.*` table (`CARGO_TARGET_<TRIPLE>_RUSTFLAGS` appended
  to its triple's), else `build.rustflags` (`CARGO_BUILD_RUSTFLAGS` appended).
- `CARGO_TARGET_<TRIPLE>_LINKER` beats the file's linker; `linker` survives `RUSTFLAGS`.
- `CARGO_INCREMENTAL` turns incremental on only for the exact value `1`; any other value
  (`true` included) turns it off.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from .profiles import OVERRIDE_TABLES, PROFILE_KEYS

RUSTFLAGS_VARIABLES = ("CARGO_ENCODED_RUSTFLAGS", "RUSTFLAGS")
# Names people write that Cargo and rustc never read.
IGNORED_NAMES: Mapping[str, str] = {
    "RUST_FLAGS": "RUSTFLAGS",
    "CARGO_RUSTFLAGS": "RUSTFLAGS",
    "RUSTC_FLAGS": "RUSTFLAGS",
    "CARGO_BUILD_RUST_FLAGS": "CARGO_BUILD_RUSTFLAGS",
    "CARGO_ENCODED_RUST_FLAGS": "CARGO_ENCODED_RUSTFLAGS",
    "CARGO_INCREMENTAL_COMPILATION": "CARGO_INCREMENTAL",
}
_ENV_KEYS = sorted(
    (key.upper().replace("-", "_"), key) for key in PROFILE_KEYS if key not in OVERRIDE_TABLES
)
_TARGET = re.compile(r"^CARGO_TARGET_([A-Z0-9_]+)_(RUSTFLAGS|LINKER|RUNNER)$")


@dataclass(frozen=True)
class ProfileVariable:
    """`CARGO_PROFILE_<NAME>_[BUILD_OVERRIDE_]<KEY>`, read as Cargo does."""

    profile: str  # as Cargo spells the env part: `dev`, `release`, `my_profile`
    key: str | None  # the TOML key, None when Cargo knows no such key
    build_override: bool
    written_key: str  # the part after the profile name, as written

    @property
    def toml_key(self) -> tuple[str, ...]:
        key = self.key or self.written_key.lower()
        return ("build-override", key) if self.build_override else (key,)


def profile_variable(name: str, profiles: list[str]) -> ProfileVariable | None:
    """The profile key a `CARGO_PROFILE_*` name sets (None: not such a name).

    Cargo looks the variable up from the profile and key it is asked for, so the name is split
    at a known key; `profiles` are the names to prefer where a profile name has underscores.
    """
    if not name.startswith("CARGO_PROFILE_"):
        return None
    rest = name.removeprefix("CARGO_PROFILE_")
    for profile in sorted(profiles, key=len, reverse=True):
        spelled = profile.upper().replace("-", "_") + "_"
        if rest.startswith(spelled) and len(rest) > len(spelled):
            return _split_key(profile, rest[len(spelled) :])
    head, _, tail = rest.partition("_")
    if not tail:
        return None
    # an unknown profile: the longest known key at the end decides where its name stops
    for spelled, key in sorted(_ENV_KEYS, key=lambda item: -len(item[0])):
        if rest.endswith("_" + spelled):
            profile = rest[: -len(spelled) - 1]
            over = profile.endswith("_BUILD_OVERRIDE")
            profile = profile.removesuffix("_BUILD_OVERRIDE")
            return ProfileVariable(profile.lower(), key, over, spelled)
    return ProfileVariable(head.lower(), None, False, tail)


def _split_key(profile: str, written: str) -> ProfileVariable:
    over = written.startswith("BUILD_OVERRIDE_")
    key_part = written.removeprefix("BUILD_OVERRIDE_")
    key = next((toml for spelled, toml in _ENV_KEYS if spelled == key_part), None)
    return ProfileVariable(profile, key, over, key_part)


def env_value(text: str) -> object:
    """An environment value as Cargo's config deserializer reads it for a key that takes
    several types: `true`/`false` as booleans, integers as integers, anything else a string."""
    if text in ("true", "false"):
        return text == "true"
    try:
        return int(text)
    except ValueError:
        return text


@dataclass(frozen=True)
class TargetVariable:
    triple: str  # lowercase, `_` for `-` and `.`: compare with `target_variable_part`
    key: str  # "rustflags", "linker" or "runner"


def target_variable(name: str) -> TargetVariable | None:
    match = _TARGET.match(name)
    if match is None:
        return None
    return TargetVariable(match[1].lower(), match[2].lower())


def target_variable_part(triple: str) -> str:
    """How a triple is spelled inside `CARGO_TARGET_<TRIPLE>_*`."""
    return triple.upper().replace("-", "_").replace(".", "_").lower()


def rustflags_words(name: str, value: str) -> list[str]:
    """The flags a rustflags variable holds: `\\x1f`-separated when encoded, else split on
    whitespace."""
    if name == "CARGO_ENCODED_RUSTFLAGS":
        return [flag for flag in value.split("\x1f") if flag] if value else []
    return value.split()


def incremental_from_env(value: str) -> bool:
    """`CARGO_INCREMENTAL`: only `1` means on."""
    return value == "1"


DENY_WARNINGS = frozenset(
    {("-D", "warnings"), ("-Dwarnings",), ("--deny", "warnings"), ("--deny=warnings",)}
)


def _units(flags: list[str]) -> list[tuple[str, ...]]:
    units: list[tuple[str, ...]] = []
    index = 0
    while index < len(flags):
        pair = tuple(flags[index : index + 2])
        if pair in DENY_WARNINGS:
            units.append(pair)
            index += 2
        else:
            units.append((flags[index],))
            index += 1
    return units


def denies_warnings(flags: list[str]) -> bool:
    return any(unit in DENY_WARNINGS for unit in _units(flags))


def without_deny_warnings(flags: list[str]) -> list[str]:
    return [flag for unit in _units(flags) if unit not in DENY_WARNINGS for flag in unit]
