"""The pre-commit hook, run for real with `pre-commit try-repo` on a small Cargo project."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO

HOOK_FILES = [
    "Cargo.toml",
    "crates/app/Cargo.toml",
    ".cargo/config.toml",
    ".cargo/config",
    "rust-toolchain.toml",
    "rust-toolchain",
    ".github/workflows/ci.yml",
    ".github/workflows/release.yaml",
    ".github/actions/setup-rust/action.yml",
]
NOT_HOOK_FILES = [
    "Cargo.lock",
    "src/Cargo.toml.rs",
    "docs/cargo.toml",
    ".cargo/credentials.toml",
    ".github/dependabot.yml",
    ".github/workflows/README.md",
]
SLOW = (
    '[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n\n[profile.dev]\nlto = "thin"\n'
)
GUIDE = (
    '[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n\n'
    '[profile.dev]\ndebug = "line-tables-only"\n\n[profile.dev.package."*"]\ndebug = false\n\n'
    '[profile.debugging]\ninherits = "dev"\ndebug = true\n'
)


def test_hook_matches_every_settings_file() -> None:
    [hook] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    pattern = re.compile(hook["files"])
    assert all(pattern.search(name) for name in HOOK_FILES)
    assert not any(pattern.search(name) for name in NOT_HOOK_FILES)
    assert (hook["id"], hook["language"], hook["entry"]) == ("buildlint", "python", "buildlint")


def git(project: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=project, check=True, capture_output=True)


def try_repo(project: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "buildlint", "--all-files"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.slow
def test_hook_fails_on_a_slow_profile_and_passes_on_the_guide(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "src").mkdir(parents=True)
    (project / "src/lib.rs").write_text("")
    (project / "Cargo.toml").write_text(SLOW)
    git(project, "init", "-q")
    git(project, "add", ".")
    failing = try_repo(project, tmp_path / "home")
    output = failing.stdout + failing.stderr
    assert failing.returncode == 1, output
    assert 'warning[BL201]: `lto = "thin"` makes every link of the dev loop slow' in output
    (project / "Cargo.toml").write_text(GUIDE)
    git(project, "add", ".")
    passing = try_repo(project, tmp_path / "home")
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "Passed" in passing.stdout
