"""`--fix --unsafe-fixes` on a copy of every project in ../shared/corpus: the result parses,
changes only build settings, keeps every comment, a second run changes nothing, and
`cargo metadata --no-deps` accepts it wherever it accepted the original."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import tomli
from conftest import CORPUS, needs_corpus, require_cargo

from cargo_buildlint import cli
from cargo_buildlint.suppress import comments

PROJECTS = (
    sorted(p for p in CORPUS.iterdir() if (p / "Cargo.toml").is_file()) if CORPUS.is_dir() else []
)
# What fixes may touch: build settings, and the opt-ins and toolchain components they need.
SETTINGS = ("profile", "target", "build", "resolver", "unstable", "cargo-features", "toolchain")


def settings_removed(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key not in SETTINGS}


def add_stub_members(project: Path) -> None:
    """Only root files were copied: give each `members` entry a crate so the workspace loads."""
    data = tomli.loads((project / "Cargo.toml").read_text(encoding="utf-8").removeprefix("\ufeff"))
    members = data.get("workspace", {}).get("members", [])
    for index, entry in enumerate(m for m in members if isinstance(m, str)):
        crate = project / entry.replace("*", f"stub{index}").replace("?", "x")
        if not (crate / "Cargo.toml").exists() and crate.resolve().is_relative_to(
            project.resolve()
        ):
            (crate / "src").mkdir(parents=True, exist_ok=True)
            (crate / "src/lib.rs").touch()
            name = f"stub-member-{index}"
            (crate / "Cargo.toml").write_text(f'[package]\nname = "{name}"\nversion = "0.1.0"\n')


def cargo_accepts(project: Path) -> bool:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RUSTFLAGS", "CARGO_"))}
    # Pinned versions are not installed here: judge with the installed toolchain of the channel.
    pins = [project / name for name in ("rust-toolchain", "rust-toolchain.toml")]
    pinned = next((p.read_text(errors="replace") for p in pins if p.is_file()), "")
    env["RUSTUP_TOOLCHAIN"] = "nightly" if "nightly" in pinned else "stable"
    result = subprocess.run(
        ["cargo", "metadata", "--no-deps", "--offline", "--format-version", "1"],
        cwd=project,
        env=env,
        capture_output=True,
        timeout=120,
    )
    return result.returncode == 0


@needs_corpus
@pytest.mark.parametrize("original", PROJECTS, ids=lambda p: p.name)
def test_fix_on_real_projects(
    original: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    require_cargo()
    project = tmp_path / "project"
    shutil.copytree(original, project)
    (project / ".git").mkdir()  # the repository boundary, as in the real project
    (project / "src").mkdir(exist_ok=True)
    (project / "src/lib.rs").touch()
    add_stub_members(project)
    files = [p for p in project.rglob("*") if p.is_file() and ".git" not in p.parts]
    before = {p: p.read_bytes() for p in files}
    accepted_before = cargo_accepts(project)
    monkeypatch.chdir(project)
    cli.main(["--fix", "--unsafe-fixes", "--quiet", "--output-format", "concise"])
    assert cli.main(["--diff", "--unsafe-fixes"]) == 0, "a second --fix would change more"
    capsys.readouterr()
    for path in [p for p in project.rglob("*") if p.is_file() and ".git" not in p.parts]:
        old = before.get(path, b"").decode("utf-8", errors="replace")
        new = path.read_bytes().decode("utf-8", errors="replace")
        if old == new:
            continue
        parsed_old = tomli.loads(old.removeprefix("\ufeff")) if old else {}
        parsed_new = tomli.loads(new.removeprefix("\ufeff"))
        assert settings_removed(parsed_new) == settings_removed(parsed_old), path
        kept = [comment[2].strip() for comment in comments(new)]
        lost = [c[2] for c in comments(old) if c[2].strip() not in kept]
        assert lost == [], f"{path} lost comments"
    if accepted_before:
        assert cargo_accepts(project), "cargo metadata refuses the fixed project"
