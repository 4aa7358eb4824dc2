from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from cargo_buildlint.diagnostic import Diagnostic
from cargo_buildlint.lint import LintOptions, lint_paths
from cargo_buildlint.selection import Selection

TESTS = Path(__file__).parent
REPO = TESTS.parent
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
CORPUS_CI = SHARED / "corpus-ci"
# The shared corpora stand beside the repository in CI (.ci/run requires them), not in a fresh
# clone: there their tests skip and say why. In CI they run, and fail if the corpus is missing.
needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir() and not os.environ.get("CI"),
    reason=f"{CORPUS} is absent: the shared corpus stands beside the repository only in CI",
)

needs_corpus_ci = pytest.mark.skipif(
    not CORPUS_CI.is_dir() and not os.environ.get("CI"),
    reason=f"{CORPUS_CI} is absent: the shared CI corpus stands beside the repository only in CI",
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-expected",
        action="store_true",
        help="rewrite the fixtures' .expected files from what buildlint says now",
    )


def lint(paths: Sequence[str | Path], select: list[str] | None = None) -> list[Diagnostic]:
    """Lint in-process, as the CLI would, with only the selected rules."""
    selection = Selection(select=tuple(select) if select else None)
    options = LintOptions(selection, warn_unused_allows=True)
    return lint_paths([str(p) for p in paths], options).diagnostics


def require_cargo() -> str:
    """The tests that judge by real cargo must fail in CI when it is missing, never skip."""
    cargo = shutil.which("cargo")
    if cargo is None:
        if os.environ.get("CI"):
            pytest.fail("cargo is not on PATH; CI must have it (see .ci/run)")
        pytest.skip("cargo is not on PATH")
    return cargo


def local_pins() -> dict[str, str]:
    """The installed `stable` and `nightly` as a toolchain file would pin them exactly
    (`1.95.0`, `nightly-2026-05-19`), so that buildlint judges a differential case by the Cargo
    that really builds it; cargo then runs with `RUSTUP_TOOLCHAIN=<channel>`, which rustup
    prefers to the file (the pinned names are not installed under those names offline)."""
    import re
    import subprocess

    pins = {}
    for channel in ("stable", "nightly"):
        said = subprocess.run(
            ["rustc", f"+{channel}", "--version"], capture_output=True, text=True, check=True
        ).stdout
        match = re.match(r"rustc (\d+\.\d+\.\d+)(-nightly)? \(\w+ (\d{4}-\d\d-\d\d)\)", said)
        assert match, said
        pins[channel] = f"nightly-{match[3]}" if match[2] else match[1]
    return pins


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def buildlint_command() -> list[str]:
    return [sys.executable, "-m", "cargo_buildlint"]


def run_probe(
    probe: str, unloaded: Sequence[str] = (), cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `probe` in a fresh interpreter with the modules `unloaded` (and their submodules)
    dropped first: the machine's start-up files may have imported them already (CI's certifi
    `.pth` hook loads `shutil` and `importlib.metadata`), and a probe of what buildlint imports
    must see buildlint's own imports, which load them anew."""
    forget = (
        "import sys\n"
        "for _name in [n for n in sys.modules"
        f" if any(n == u or n.startswith(u + '.') for u in {list(unloaded)!r})]:\n"
        "    del sys.modules[_name]\n"
    )
    return subprocess.run(
        [sys.executable, "-c", forget + probe],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )


def rustc_words(root: Path, arguments: list[str], environment: dict[str, str]) -> list[str]:
    """The rustc command line with which `cargo build -v <arguments>` compiles the crate `app`
    in `root` (cargo must succeed), as words."""
    import shlex

    built = subprocess.run(
        ["cargo", "build", "-v", "--offline", *arguments],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    line = next(
        line
        for line in built.stderr.splitlines()
        if "Running `" in line and "--crate-name app" in line
    )
    return shlex.split(line.split("Running `", 1)[1].rsplit("`", 1)[0])


def codegen_options(words: list[str]) -> dict[str, str]:
    """The `-C name=value` options of a rustc command line."""
    return dict(
        words[i + 1].split("=", 1)
        for i, word in enumerate(words[:-1])
        if word == "-C" and "=" in words[i + 1]
    )
