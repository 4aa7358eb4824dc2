"""buildlint on generated hostile projects and on every project of ../shared/corpus: linting,
`--diff`, `profile dev|release` change nothing and never fail inside buildlint; `--fix
--unsafe-fixes` changes only build settings (every comment and every other value stays, files
that are not UTF-8 TOML stay byte for byte, symlinks stay symlinks), and a second run changes
nothing.

`BUILDLINT_HOSTILE=3000 pytest tests/test_hostile.py` runs more generated cases by hand.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import tomli
from conftest import CORPUS, needs_corpus
from hostile_generator import generate

from cargo_buildlint import cli
from cargo_buildlint.source import split_lines
from cargo_buildlint.suppress import comments

pytestmark = pytest.mark.slow
CASES = int(os.environ.get("BUILDLINT_HOSTILE", "60"))
# What fixes may touch: build settings, and the opt-ins and toolchain components they need.
SETTINGS = ("profile", "target", "build", "resolver", "unstable", "cargo-features", "toolchain")


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(args))
    return code, out.getvalue(), err.getvalue()


def snapshot(base: Path) -> dict[str, bytes | str]:
    """Each file's bytes, and each symlink as its target."""
    found: dict[str, bytes | str] = {}
    for path in sorted(base.rglob("*")):
        name = str(path.relative_to(base))
        if ".git" in path.parts:
            continue
        if path.is_symlink():
            found[name] = os.readlink(path)
        elif path.is_file():
            found[name] = path.read_bytes()
    return found


def parse(data: bytes) -> dict[str, Any] | None:
    try:
        return tomli.loads(data.decode("utf-8").removeprefix("\ufeff"))
    except (UnicodeDecodeError, tomli.TOMLDecodeError):
        return None


def without_settings(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key not in SETTINGS}


def assert_sound(where: str, code: int, out: str, err: str) -> None:
    assert "BL000" not in out and "internal error" not in err, f"{where}\n{out}\n{err}"
    assert "Traceback" not in err, f"{where}\n{err}"
    assert code in (0, 1, 2), where


def assert_only_settings_changed(where: str, before: dict[str, Any], after: dict[str, Any]) -> None:
    for name, old in before.items():
        new = after.get(name)
        assert new is not None, f"{where}: {name} disappeared"
        if isinstance(old, str):
            assert new == old, f"{where}: the symlink {name} was replaced"
            continue
        if old == new:
            continue
        old_data, new_data = parse(old), parse(new if isinstance(new, bytes) else b"")
        assert old_data is not None, f"{where}: {name} is not TOML and was changed"
        assert new_data is not None, f"{where}: {name} does not parse after the fix"
        assert without_settings(new_data) == without_settings(old_data), f"{where}: {name}"
        assert isinstance(new, bytes)
        assert_comments_kept(f"{where}: {name}", old.decode(), new.decode())
    for name in after.keys() - before.keys():
        assert name.endswith(".cargo/config.toml"), f"{where}: created {name}"


def assert_comments_kept(where: str, old: str, new: str) -> None:
    """Every comment stays, but the one at the end of a line a fix removed (a removed key
    takes its end-of-line comment along) and those inside a table a fix removed."""
    old_lines, new_lines = split_lines(old), set(split_lines(new))
    kept = {text for _, _, text, _ in comments(new)}
    for line, _, text, trailing in comments(old):
        if text in kept or (trailing and old_lines[line - 1] not in new_lines):
            continue
        headers = [h for h in old_lines[: line - 1] if h.strip().startswith("[")]
        assert headers and headers[-1] not in new_lines, f"{where}: lost #{text}"


def check_project(base: Path, where: str) -> None:
    before = snapshot(base)
    for args in (
        ("--output-format", "concise", str(base)),
        ("--diff", "--unsafe-fixes", str(base)),
        ("profile", "dev", str(base)),
        ("profile", "release", str(base)),
        ("--show-files", str(base)),
    ):
        assert_sound(f"{where} {args[0]}", *run(*args))
    assert snapshot(base) == before, f"{where}: a read-only command changed files"
    assert_sound(f"{where} --fix", *run("--fix", "--unsafe-fixes", "--quiet", str(base)))
    fixed = snapshot(base)
    assert_only_settings_changed(where, before, fixed)
    assert_sound(f"{where} --fix again", *run("--fix", "--unsafe-fixes", "--quiet", str(base)))
    assert snapshot(base) == fixed, f"{where}: a second --fix changed more"


def test_generated_hostile_projects(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for seed in range(CASES):
        base = generate(seed).write(tmp_path / str(seed))
        check_project(base, f"seed {seed}")


@needs_corpus
@pytest.mark.parametrize(
    "project",
    sorted(p for p in CORPUS.iterdir() if p.is_dir()) if CORPUS.is_dir() else [],
    ids=lambda p: p.name,
)
def test_corpus_project(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / project.name
    shutil.copytree(project, copy, symlinks=True)
    (copy / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    check_project(copy, project.name)
