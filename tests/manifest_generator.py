"""Random Cargo projects whose `[profile]` tables are right or wrong in every way Cargo knows.

Used by the differential test. The project around the profiles never changes and always builds:
a library and a binary (so `lto` reaches rustc), a build script (so `build-override` does) and
one path dependency outside the workspace (so `package."*"` does). Only the profiles,
`cargo-features` and the toolchain pin vary, so any build failure is caused by them.

One limit, stated rather than hidden: values that only rustc refuses (`opt-level = 4`,
`codegen-units = 0`, unknown `strip` strings) fail only when a crate is built with them; buildlint
reports them wherever they stand, so the generator puts them only in tables that reach rustc
(not in specs that match no package, which Cargo ignores with a warning). For the same reason
there is no rustc-refused `strip` here: Cargo resets `strip` whenever it merges an override
table that does not set it (`merge_profile` assigns it unconditionally), so whether rustc ever
sees the value depends on which packages the overrides match; BL002's fixtures cover it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from cargo_buildlint.toml_text import toml_repr

PACKAGE = "case"
DEPENDENCY = "dep"

VALID: dict[str, list[Any]] = {
    "opt-level": [0, 1, 2, 3, "s", "z"],
    "debug": [
        True,
        False,
        0,
        1,
        2,
        "none",
        "line-tables-only",
        "line-directives-only",
        "limited",
        "full",
    ],
    "lto": [True, False, "thin", "fat", "off", "no", "yes"],
    "codegen-units": [1, 16, 256],
    "panic": ["unwind", "abort"],
    "incremental": [True, False],
    "strip": [True, False, "none", "debuginfo", "symbols"],
    "split-debuginfo": ["off", "packed", "unpacked", "bogus"],
    "debug-assertions": [True, False],
    "overflow-checks": [True, False],
    "rpath": [False, True],
}
INVALID: dict[str, list[Any]] = {
    "opt-level": ["3", True, "fast", 1.5],
    "debug": [3, "2", "yes", -1, "true"],
    "lto": ["true", "false", 1],
    "codegen-units": [-1, "16", True],
    "panic": ["crash", True],
    "incremental": ["yes", 1],
    "strip": [0],
    "split-debuginfo": [1],
    "debug-assertions": [1],
    "overflow-checks": ["on"],
    "rpath": [0],
}
RUSTC_REFUSED: dict[str, list[Any]] = {
    "opt-level": [4, -1, 9],
    "codegen-units": [0],
    "lto": ["bogus"],
}
GATED: dict[str, list[Any]] = {
    "codegen-backend": ["llvm"],
    "rustflags": [["-C", "debug-assertions"]],
    "trim-paths": [True, "all"],
}
UNKNOWN_KEYS = ["opt_level", "debug_info", "codegen_units", "frame-pointers"]
CUSTOM_NAMES = ["ci", "fast", "my_prof", "p-1", "profiling"]
RESERVED_NAMES = ["build", "debug", "Debug", "cargo-x", "package", "Build", "a.b", "a b"]
FEATURES = ["codegen-backend", "profile-rustflags", "trim-paths"]


@dataclass
class GeneratedCase:
    manifest: str
    profiles: list[str]
    toolchain: str | None


toml_value = toml_repr  # the project's own spelling of TOML values


def toml_key(key: str) -> str:
    bare = key and all(c.isascii() and (c.isalnum() or c in "-_") for c in key)
    return key if bare else toml_value(key)


class _Generator:
    def __init__(self, rng: random.Random):
        self.rng = rng

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def settings(self, reaches_rustc: bool, in_override: bool) -> dict[str, Any]:
        table: dict[str, Any] = {}
        for _ in range(self.rng.choice([0, 1, 1, 2, 3])):
            key = self.rng.choice(list(VALID))
            pool = VALID[key]
            if reaches_rustc and key in RUSTC_REFUSED and self.chance(0.08):
                pool = RUSTC_REFUSED[key]
            elif self.chance(0.07):
                pool = INVALID[key]
            table[key] = self.rng.choice(pool)
        if in_override:
            for key in ("panic", "lto", "rpath"):
                table.pop(key, None)
        if self.chance(0.04):
            key = self.rng.choice(list(GATED))
            table[key] = self.rng.choice(GATED[key])
        if self.chance(0.08):
            table[self.rng.choice(UNKNOWN_KEYS)] = 1
        if in_override and self.chance(0.03):
            key = self.rng.choice(["panic", "lto", "rpath"])
            forbidden: dict[str, list[object]] = {
                "panic": ["abort"],
                "lto": [True, "thin"],
                "rpath": [False],
            }
            table[key] = self.rng.choice(forbidden[key])
        return table

    def overrides(self, profile: dict[str, Any]) -> None:
        if self.chance(0.35):
            spec_pool = ["*", DEPENDENCY, PACKAGE, f"{DEPENDENCY}@0.1.0", "unknown-crate"]
            if self.chance(0.05):
                spec_pool = ["bad spec!"]
            count = min(len(spec_pool), self.rng.choice([1, 1, 2]))
            for spec in self.rng.sample(spec_pool, count):
                matched = spec in ("*", DEPENDENCY, PACKAGE, f"{DEPENDENCY}@0.1.0")
                table = self.settings(reaches_rustc=matched, in_override=True)
                if self.chance(0.02):
                    table["build-override"] = {"opt-level": 1}
                profile.setdefault("package", {})[spec] = table
        if self.chance(0.25):
            table = self.settings(reaches_rustc=True, in_override=True)
            if self.chance(0.02):
                table["package"] = {"*": {"opt-level": 1}}
            profile["build-override"] = table

    def profiles(self) -> dict[str, dict[str, Any]]:
        names: list[str] = []
        for name in ("dev", "release", "test", "bench"):
            if self.chance(0.35):
                names.append(name)
        names += self.rng.sample(CUSTOM_NAMES, self.rng.choice([0, 0, 1, 1, 2]))
        if self.chance(0.07):
            names.append(self.rng.choice(RESERVED_NAMES))
        profiles: dict[str, dict[str, Any]] = {}
        for name in names:
            profile = self.settings(reaches_rustc=True, in_override=False)
            custom = name not in ("dev", "release", "test", "bench")
            if custom and self.chance(0.93):
                parents = ["dev", "release", "test", "bench", *names, "missing", "debug", "doc"]
                profile["inherits"] = self.rng.choice(
                    parents if self.chance(0.25) else ["dev", "release"]
                )
            elif not custom and self.chance(0.05):
                profile["inherits"] = self.rng.choice(["dev", "release"])
            if self.chance(0.03):
                profile["dir-name"] = "out"
            self.overrides(profile)
            profiles[name] = profile
        return profiles

    def case(self) -> GeneratedCase:
        profiles = self.profiles()
        lines = []
        features = self.rng.sample(FEATURES, 1) if self.chance(0.08) else []
        if features:
            lines.append(f"cargo-features = {toml_value(features)}\n")
        lines.append(
            f'[package]\nname = "{PACKAGE}"\nversion = "0.1.0"\nedition = "2021"\n'
            f'[dependencies]\n{DEPENDENCY} = {{ path = "../{DEPENDENCY}" }}\n'
        )
        for name, profile in profiles.items():
            lines.append(render_profile(name, profile))
        toolchain = self.rng.choice([None] * 6 + ["stable", "nightly"])
        return GeneratedCase("\n".join(lines), list(profiles), toolchain)


def render_profile(name: str, profile: dict[str, Any]) -> str:
    head = f"profile.{toml_key(name)}"
    out = [f"[{head}]"]
    out += [
        f"{toml_key(k)} = {toml_value(v)}" for k, v in profile.items() if not isinstance(v, dict)
    ]
    for spec, table in profile.get("package", {}).items():
        out.append(f"[{head}.package.{toml_key(spec)}]")
        out += [_inline(k, v) for k, v in table.items()]
    if "build-override" in profile:
        out.append(f"[{head}.build-override]")
        out += [_inline(k, v) for k, v in profile["build-override"].items()]
    return "\n".join(out) + "\n"


def _inline(key: str, value: Any) -> str:
    if isinstance(value, dict):
        inner = ", ".join(
            f"{toml_key(k)} = {_inline_table(v) if isinstance(v, dict) else toml_value(v)}"
            for k, v in value.items()
        )
        return f"{toml_key(key)} = {{ {inner} }}"
    return f"{toml_key(key)} = {toml_value(value)}"


def _inline_table(table: dict[str, Any]) -> str:
    return "{ " + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in table.items()) + " }"


def generate(count: int, seed: int) -> list[GeneratedCase]:
    generator = _Generator(random.Random(seed))
    return [generator.case() for _ in range(count)]
