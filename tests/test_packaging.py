"""The package as users get it: sdist, a wheel built from the sdist, a fresh virtual environment,
the console scripts run from another directory, and `cargo buildlint` through the real cargo."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from conftest import REPO, require_cargo

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("packaging")
    source = work / "source"
    shutil.copytree(
        REPO,
        source,
        ignore=shutil.ignore_patterns(
            ".git", "*.egg-info", "__pycache__", ".*_cache", "build", "dist"
        ),
    )
    subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(work / "dist"), str(source)],
        check=True,
        capture_output=True,
    )
    [sdist] = (work / "dist").glob("*.tar.gz")
    [wheel] = (work / "dist").glob("*.whl")
    assert sdist.name == "cargo_buildlint-0.1.0.tar.gz"
    environment = work / "venv"
    venv.create(environment, with_pip=True)
    subprocess.run(
        [environment / "bin/python", "-m", "pip", "install", "-q", str(wheel)],
        check=True,
        capture_output=True,
    )
    return environment / "bin"


def test_wheel_ships_rules_and_runs_from_elsewhere(installed: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "Cargo.toml").write_text(
        '[package]\nname = "a"\nversion = "0.1.0"\n\n[profile.release]\nlto = "true"\n'
    )
    (project / ".github/workflows").mkdir(parents=True)
    (project / ".github/workflows/ci.yml").write_text(
        "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: cargo test\n        env:\n          CARGO_PROFILE_DEV_DEBUGG: 0\n"
    )
    result = subprocess.run(
        [installed / "buildlint", "--output-format", "json", str(project)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1, result.stderr
    found = [(d["code"], d["line"]) for d in json.loads(result.stdout)]
    assert found == [
        ("BL604", 3),
        ("BL605", 3),
        ("BL609", 8),
        ("BL101", 1),
        ("BL102", 1),
        ("BL002", 6),
    ]
    listed = subprocess.run(
        [installed / "buildlint", "rules"], cwd=tmp_path, capture_output=True, text=True
    )
    assert listed.stdout.startswith("BL000  internal-error") and listed.stderr == ""
    assert "\nBL001  invalid-toml" in listed.stdout


def test_cargo_runs_it_as_a_subcommand(installed: Path, tmp_path: Path) -> None:
    require_cargo()
    env = {**os.environ, "PATH": f"{installed}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(
        ["cargo", "buildlint", "--version"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert (result.returncode, result.stdout) == (0, "buildlint 0.1.0\n"), result.stderr
