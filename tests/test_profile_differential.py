"""Profile resolution against the real cargo: generated `inherits` chains over the built-in
profiles (`test` and `bench` inherited without tables of their own included). For every
profile, what `cargo build -v --profile P` passes rustc for the package's own crate must be what
buildlint resolves. `BUILDLINT_PROFILE_CASES=N` runs more cases."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from conftest import codegen_options, require_cargo, rustc_words

from cargo_buildlint.cargo.profiles import debug_level, strip_level
from cargo_buildlint.lint import build_projects
from cargo_buildlint.resolve import Setting, UnitKind

pytestmark = pytest.mark.slow

CASES = int(os.environ.get("BUILDLINT_PROFILE_CASES", "12"))
BUILT_IN = ("dev", "release", "test", "bench")
VALUES: dict[str, list[object]] = {
    "opt-level": [0, 1, 2, 3, "s", "z"],
    "debug": [0, 1, 2, True, False, "line-tables-only", "limited", "full", "none"],
    "debug-assertions": [True, False],
    "overflow-checks": [True, False],
    "codegen-units": [1, 4, 256],
    "strip": ["none", "debuginfo", "symbols", True, False],
    "incremental": [True, False],
}
DEBUG_FLAGS = {"full": "2", "limited": "1", "none": None}

# what rustc gets for the crate: opt-level, debuginfo, debug-assertions, overflow-checks,
# codegen-units (None: rustc's own default), strip, incremental
Flags = tuple[str, str | None, bool, bool, str | None, str, bool]


def generate(seed: int) -> dict[str, dict[str, object]]:
    rng = random.Random(seed)

    def settings() -> dict[str, object]:
        return {key: rng.choice(values) for key, values in VALUES.items() if rng.random() < 0.3}

    profiles = {name: settings() for name in BUILT_IN if rng.random() < 0.4}
    customs = rng.sample(["ci", "fast", "integration", "perf"], rng.randint(1, 3))
    for index, name in enumerate(customs):
        parent = rng.choice([*BUILT_IN, *customs[:index]])
        profiles[name] = {"inherits": parent, **settings()}
    return profiles


def toml_value(value: object) -> str:
    return str(value).lower() if isinstance(value, bool) else repr(value).replace("'", '"')


def write_project(root: Path, profiles: dict[str, dict[str, object]]) -> None:
    (root / "src").mkdir(parents=True)
    (root / "src/lib.rs").write_text("pub fn f() {}\n")
    manifest = '[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n'
    for name, table in profiles.items():
        manifest += f"\n[profile.{name}]\n"
        manifest += "".join(f"{key} = {toml_value(value)}\n" for key, value in table.items())
    (root / "Cargo.toml").write_text(manifest)


def cargo_says(root: Path, profile: str) -> Flags:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("CARGO_", "RUST"))}
    # a directory of its own: `test` shares `dev`'s, where the crate would be fresh
    environment["CARGO_TARGET_DIR"] = str(root / "target" / profile)
    options = codegen_options(rustc_words(root, ["--profile", profile], environment))
    opt_level = options.get("opt-level", "0")
    debug_assertions = options.get("debug-assertions", "on" if opt_level == "0" else "off")
    overflow_checks = options.get("overflow-checks", debug_assertions)
    return (
        opt_level,
        options.get("debuginfo"),
        debug_assertions == "on",
        overflow_checks == "on",
        options.get("codegen-units"),
        options.get("strip", "none"),
        "incremental" in options,
    )


def buildlint_says(root: Path, profile: str) -> Flags:
    (project,) = build_projects([str(root)])
    settings = project.profiles.resolve(profile, UnitKind.MEMBER)

    def explicit(setting: Setting) -> str | None:
        return None if setting.origin.is_default else str(setting.value)

    level = debug_level(settings["debug"].value)
    return (
        str(settings["opt-level"].value),
        DEBUG_FLAGS.get(level, level),
        settings["debug-assertions"].value is True,
        settings["overflow-checks"].value is True,
        explicit(settings["codegen-units"]),
        str(strip_level(settings["strip"].value)),
        settings["incremental"].value is True,
    )


@pytest.mark.parametrize("seed", range(CASES))
def test_profiles_resolve_as_cargo_builds_them(seed: int, tmp_path: Path) -> None:
    require_cargo()
    profiles = generate(seed)
    write_project(tmp_path, profiles)
    manifest = (tmp_path / "Cargo.toml").read_text()
    for name in dict.fromkeys([*BUILT_IN, *profiles]):
        assert buildlint_says(tmp_path, name) == cargo_says(tmp_path, name), (name, manifest)


def test_the_cases_inherit_built_in_profiles_without_tables() -> None:
    # the case that was wrong: a custom profile inheriting `test` or `bench` with no table
    inherited = [
        (profiles, table["inherits"])
        for profiles in map(generate, range(CASES))
        for table in profiles.values()
        if table.get("inherits") in ("test", "bench")
    ]
    assert any(parent not in profiles for profiles, parent in inherited)
