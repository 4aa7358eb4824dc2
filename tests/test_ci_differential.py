"""The CI environment model against the real cargo.

Each case is a generated project: config rustflags tables, a `[profile.dev]` in the manifest
and in the config, and Cargo variables spread over a workflow's layers (workflow, job and
step `env`, a `$GITHUB_ENV` write of an earlier step, an inline `VAR=value` prefix), the same
variable sometimes in several layers. buildlint reads the workflow and says what `cargo build`
builds with; the real cargo then runs with the environment GitHub would give that step (the
layers applied in GitHub's order, computed here independently), and the rustc command line of
the crate must carry exactly the rustflags, debug info, opt-level and incremental buildlint
said. `BUILDLINT_CI_CASES=N` runs more cases.
"""

from __future__ import annotations

import os
import random
import shlex
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import codegen_options, require_cargo, rustc_words

from cargo_buildlint.cargo.profiles import debug_level
from cargo_buildlint.ci.layer import effective_rustflags
from cargo_buildlint.lint import build_projects
from cargo_buildlint.resolve import UnitKind

pytestmark = pytest.mark.slow

CASES = int(os.environ.get("BUILDLINT_CI_CASES", "40"))
TRIPLE = "x86_64-unknown-linux-gnu"
LAYERS = ("workflow", "job", "exported", "step", "inline")
CONFIG_TABLES = {
    "build": "[build]",
    "triple": f"[target.{TRIPLE}]",
    "unix": "[target.'cfg(unix)']",
    "windows": "[target.'cfg(windows)']",
}
RUSTFLAG_VARIABLES = {
    "RUSTFLAGS": "rustflags",
    "CARGO_ENCODED_RUSTFLAGS": "encoded",
    "CARGO_BUILD_RUSTFLAGS": "envbuild",
    "CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUSTFLAGS": "envtriple",
}
PROFILE_VALUES = {
    "CARGO_PROFILE_DEV_DEBUG": ["0", "1", "line-tables-only", "true", "false", "2"],
    "CARGO_PROFILE_DEV_OPT_LEVEL": ["0", "1"],
    "CARGO_INCREMENTAL": ["0", "1", "true"],
}
DEBUG_FLAGS = {"none": None, "limited": "1", "full": "2", "line-tables-only": "line-tables-only"}


@dataclass
class Case:
    config: list[str] = field(default_factory=list)
    manifest_debug: str | None = None
    config_opt_level: int | None = None
    layers: dict[str, dict[str, str]] = field(default_factory=lambda: {k: {} for k in LAYERS})

    def final_environment(self) -> dict[str, str]:
        """What GitHub gives the command: later layers win."""
        final: dict[str, str] = {}
        for layer in LAYERS:
            final.update(self.layers[layer])
        return final


def generate(seed: int) -> Case:
    rng = random.Random(seed)
    case = Case()
    case.config = [name for name in CONFIG_TABLES if rng.random() < 0.45]
    case.manifest_debug = rng.choice([None, None, "1", '"line-tables-only"'])
    case.config_opt_level = rng.choice([None, None, 1])
    for variable, short in RUSTFLAG_VARIABLES.items():
        if rng.random() < 0.35:
            # the encoded separator cannot go through `echo` or a shell word here
            allowed = LAYERS[:2] + LAYERS[3:4] if short == "encoded" else LAYERS
            for layer in rng.sample(allowed, rng.choice([1, 1, 2])):
                value = f"--cfg from_{short}_{layer}"
                if short == "encoded":
                    value = value.replace(" ", "\x1f")
                if short == "rustflags" and rng.random() < 0.15:
                    value = ""
                case.layers[layer][variable] = value
    for variable, values in PROFILE_VALUES.items():
        if rng.random() < 0.4:
            for layer in rng.sample(LAYERS, rng.choice([1, 2])):
                case.layers[layer][variable] = rng.choice(values)
    return case


def _yaml_value(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\x1f", "\\x1f") + '"'


def _env_block(values: dict[str, str], indent: str) -> str:
    if not values:
        return ""
    lines = [f"{indent}env:"] + [f"{indent}  {k}: {_yaml_value(v)}" for k, v in values.items()]
    return "\n".join(lines) + "\n"


def write_project(case: Case, root: Path) -> None:
    (root / "src").mkdir(parents=True)
    (root / "src/lib.rs").write_text("pub fn f() {}\n")
    manifest = '[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n'
    if case.manifest_debug is not None:
        manifest += f"\n[profile.dev]\ndebug = {case.manifest_debug}\n"
    (root / "Cargo.toml").write_text(manifest)
    config = "".join(
        f'{CONFIG_TABLES[name]}\nrustflags = ["--cfg", "from_{name}"]\n\n' for name in case.config
    )
    if case.config_opt_level is not None:
        config += f"[profile.dev]\nopt-level = {case.config_opt_level}\n"
    if config:
        (root / ".cargo").mkdir()
        (root / ".cargo/config.toml").write_text(config)
    exports = "".join(
        f'          echo {shlex.quote(f"{k}={v}")} >> "$GITHUB_ENV"\n'
        for k, v in case.layers["exported"].items()
    )
    inline = " ".join(f"{k}={shlex.quote(v)}" for k, v in case.layers["inline"].items())
    workflow = (
        "on: push\n"
        + _env_block(case.layers["workflow"], "")
        + "jobs:\n  build:\n    runs-on: ubuntu-latest\n"
        + _env_block(case.layers["job"], "    ")
        + "    steps:\n"
        + "      - run: rustup default 1.95.0\n"
        + ("      - run: |\n" + exports if exports else "")
        + "      - name: Build\n"
        + _env_block(case.layers["step"], "        ")
        + f"        run: {(inline + ' ') if inline else ''}cargo build -v --offline\n"
    )
    (root / ".github/workflows").mkdir(parents=True)
    (root / ".github/workflows/ci.yml").write_text(workflow)


@dataclass(frozen=True)
class Build:
    cfgs: tuple[str, ...]
    debuginfo: str | None
    opt_level: str | None
    incremental: bool


def buildlint_says(root: Path) -> Build:
    (project,) = build_projects([str(root)])
    (run,) = [run for run in project.ci_runs if run.subcommand == "build"]
    flags = effective_rustflags(project.configs, run).flags
    settings = project.profiles_for(run).resolve("dev", UnitKind.MEMBER)
    opt_level = str(settings["opt-level"].value)
    return Build(
        _cfgs(list(flags)),
        DEBUG_FLAGS[debug_level(settings["debug"].value)],
        None if opt_level == "0" else opt_level,
        settings["incremental"].value is True,
    )


def cargo_says(case: Case, root: Path) -> Build:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("CARGO_", "RUST"))}
    environment.update(case.final_environment())
    environment["CI"] = "true"
    words = rustc_words(root, [], environment)
    options = codegen_options(words)
    return Build(
        _cfgs(words),
        options.get("debuginfo"),
        options.get("opt-level"),
        "incremental" in options,
    )


def _cfgs(words: list[str]) -> tuple[str, ...]:
    return tuple(
        words[i + 1]
        for i, word in enumerate(words[:-1])
        if word == "--cfg" and words[i + 1].startswith("from_")
    )


@pytest.mark.parametrize("seed", range(CASES))
def test_ci_environment_agrees_with_cargo(seed: int, tmp_path: Path) -> None:
    require_cargo()
    case = generate(seed)
    root = tmp_path / "project"
    write_project(case, root)
    expected = cargo_says(case, root)
    assert buildlint_says(root) == expected, (root / ".github/workflows/ci.yml").read_text()
