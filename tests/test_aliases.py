"""Cargo's `[alias]` commands, as the CI layer expands them: unit cases, and the same aliases
run by real cargo (what it compiles, and in which profile, must be what buildlint says)."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
import tomli
from conftest import require_cargo

from cargo_buildlint.cargo.aliases import Aliases, expand_alias
from cargo_buildlint.ci.github import load_github
from cargo_buildlint.ci.model import CODEGEN


def test_an_alias_is_a_string_split_at_whitespace_or_a_list() -> None:
    aliases = Aliases(
        [
            {"alias": {"xt": "test  --workspace", "nt": ["nextest", "run"], "bad": 1}},
            {
                "alias": {
                    "xt": "build",
                    "other": ["a", 2],
                    "low": "check",
                    "nt": ["--profile", "ci"],
                }
            },
        ]
    )
    said = {name: aliases.words(name, {}) for name in ("xt", "nt", "low", "bad", "other")}
    assert said == {
        "xt": ("test", "--workspace"),  # a string: the first (highest priority) file wins
        "nt": ("--profile", "ci", "nextest", "run"),  # lists join, the lower priority first
        "low": ("check",),
        "bad": None,  # values Cargo refuses are no aliases
        "other": None,
    }


def test_the_environment_defines_aliases_above_the_files() -> None:
    aliases = Aliases([{"alias": {"xs": "build", "xl": ["test"], "x-d": "check"}}])
    environment: dict[str, str | None] = {
        "CARGO_ALIAS_XS": "run --release",
        "CARGO_ALIAS_XL": "--release",
        "CARGO_ALIAS_NEW": "doc  --no-deps",
        "CARGO_ALIAS_X_D": "bench",
        "CARGO_ALIAS_UNKNOWN": None,
        "CARGO_ALIAS_lower": "build",
    }
    said = {n: aliases.words(n, environment) for n in ("xs", "xl", "new", "x-d", "x_d", "unknown")}
    assert said == {
        "xs": ("run", "--release"),  # a variable replaces a file's string
        "xl": ("test", "--release"),  # and is appended to a file's list
        "new": ("doc", "--no-deps"),
        "x-d": ("bench",),  # `-` is read as `_`
        "x_d": ("bench",),
        "unknown": None,  # an expression decides it: no guess
    }
    assert aliases.words("lower", environment) is None  # Cargo ignores lower-case variables
    assert aliases.key == Aliases([{"alias": {"x-d": "check", "xl": ["test"], "xs": "build"}}]).key


def test_expansion_follows_chains_and_leaves_built_ins_and_loops_alone() -> None:
    aliases = Aliases(
        [
            {
                "alias": {
                    "xt": ["nt", "--profile", "ci"],
                    "nt": "nextest run",
                    "build": "check",
                    "b2": "build",
                    "loop1": "loop2",
                    "loop2": "loop1",
                    "clippy": "check",
                    "t": "run --release",
                }
            }
        ]
    )
    assert expand_alias("xt", aliases) == ("nextest", "run", "--profile", "ci")
    assert expand_alias("build", aliases) is None  # the built-in command runs
    assert expand_alias("b2", aliases) == ("build",)
    assert expand_alias("loop1", aliases) is None  # Cargo refuses it
    assert expand_alias("clippy", aliases) == ("check",)  # wins over a third-party command
    assert expand_alias("test", aliases) is None
    assert expand_alias("t", aliases) == ("run", "--release")
    assert expand_alias("b", aliases) is None  # Cargo's own short name for `build`
    assert expand_alias("b", aliases, {"CARGO_ALIAS_B": "xt"}) == (
        "nextest", "run", "--profile", "ci"
    )  # fmt: skip


CRATE = '[package]\nname = "al"\nversion = "0.1.0"\nedition = "2021"\n'
ALIASES = """\
[alias]
xb = "build --release"
ch = "ch2 --message-format short"
ch2 = ["check"]
build = "check"
loop1 = "loop2"
loop2 = "loop1"
tr = "tree"
xt = ["test", "--no-run"]
rr = "run --release"
t = "run --release"
xl = ["--bin", "al"]
"""
# a config file above the project's: its list alias joins the project's, before it
OUTER_ALIASES = '[alias]\nxl = ["run", "--release"]\n'

# the command after `cargo`, the variables it runs with, and what cargo does with it: builds
# code, checks, or compiles nothing (an error, or a command that does not compile); the profile
COMMANDS = [
    ("xb", {}, "codegen", "release"),
    ("ch", {}, "check", "dev"),
    ("build", {}, "codegen", "dev"),
    ("loop1", {}, "nothing", None),
    ("tr", {}, "nothing", None),
    ("xt", {}, "codegen", "test"),
    ("rr", {}, "codegen", "release"),
    ("run -- --release", {}, "codegen", "dev"),
    ("t", {}, "codegen", "release"),  # a project may redefine Cargo's short names
    ("b", {}, "codegen", "dev"),
    ("xl", {}, "codegen", "release"),
    # the step's `CARGO_ALIAS_*` variables above the files
    ("xb", {"CARGO_ALIAS_XB": "check"}, "check", "dev"),
    ("envonly", {"CARGO_ALIAS_ENVONLY": "build --release"}, "codegen", "release"),
    ("xt", {"CARGO_ALIAS_XT": "--release"}, "codegen", "release"),  # appended to the list
    ("x-b", {"CARGO_ALIAS_X_B": "xb"}, "codegen", "release"),
    ("x_b", {"CARGO_ALIAS_x_b": "build"}, "nothing", None),  # lower case: ignored
    ("build", {"CARGO_ALIAS_BUILD": "check"}, "codegen", "dev"),
    ("b", {"CARGO_ALIAS_B": "rr"}, "codegen", "release"),
]


def cargo_does(root: Path, command: str, variables: dict[str, str]) -> tuple[str, str | None]:
    clean = {n: v for n, v in os.environ.items() if not n.upper().startswith("CARGO_ALIAS_")}
    done = subprocess.run(
        ["cargo", "-v", "--offline", *command.split()],
        cwd=root,
        capture_output=True,
        text=True,
        env={**clean, **variables, "CARGO_TARGET_DIR": str(root / "target")},
        timeout=300,
    )
    compiled = [line for line in done.stderr.splitlines() if "--crate-name al " in line]
    if not compiled:
        return "nothing", None
    if not any("link" in (re.search(r"--emit=(\S+)", line) or [""])[0] for line in compiled):
        return "check", "dev"
    optimised = any("opt-level=3" in line for line in compiled)
    testing = any(" --test " in line for line in compiled)
    return "codegen", "release" if optimised else "test" if testing else "dev"


def buildlint_says(root: Path, command: str, variables: dict[str, str]) -> tuple[str, str | None]:
    (root / ".github/workflows").mkdir(parents=True, exist_ok=True)
    workflow = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
    workflow += f"      - run: cargo {command}\n        env:\n"
    workflow += "".join(f"          {name}: {value!r}\n" for name, value in variables.items())
    (root / ".github/workflows/ci.yml").write_text(workflow)
    configs = [root / ".cargo/config.toml", root.parent / ".cargo/config.toml"]
    aliases = Aliases(tomli.loads(config.read_text()) for config in configs)
    (run,) = load_github(root, None, aliases).jobs[0].runs
    if not run.compiles:
        return "nothing", None
    if run.subcommand not in CODEGEN:
        return "check", run.profile
    return "codegen", run.profile


@pytest.mark.slow
@pytest.mark.parametrize(("command", "variables", "kind", "profile"), COMMANDS)
def test_aliases_compile_what_cargo_compiles(
    command: str, variables: dict[str, str], kind: str, profile: str | None, tmp_path: Path
) -> None:
    require_cargo()
    (tmp_path / ".cargo").mkdir()
    (tmp_path / ".cargo/config.toml").write_text(OUTER_ALIASES)
    crate = tmp_path / "crate"
    (crate / "src").mkdir(parents=True)
    (crate / "src/main.rs").write_text("fn main() {}\n")
    (crate / "Cargo.toml").write_text(CRATE)
    (crate / ".cargo").mkdir()
    (crate / ".cargo/config.toml").write_text(ALIASES)
    assert cargo_does(crate, command, variables) == (kind, profile)
    assert buildlint_says(crate, command, variables) == (kind, profile)
