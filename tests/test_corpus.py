"""buildlint on the real projects of ../shared/corpus: no crash, every finding reviewed (the
snapshot), and every config-file error confirmed by the real cargo."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import CORPUS, TESTS, lint, needs_corpus, require_cargo

from cargo_buildlint.diagnostic import Severity
from cargo_buildlint.output.concise import render_concise

SNAPSHOT = TESTS / "fixtures" / "corpus.expected"
PROJECTS = sorted(p for p in CORPUS.iterdir() if p.is_dir()) if CORPUS.is_dir() else []
WITH_CONFIG = [
    p for p in PROJECTS if any((p / ".cargo" / c).is_file() for c in ("config", "config.toml"))
]
# Failures that say nothing about the config's validity: the machine lacks a target's std.
ENVIRONMENT_FAILURES = ("can't find crate for `std`",)
pytestmark = needs_corpus


def test_corpus_is_there() -> None:
    assert len(PROJECTS) >= 45, f"expected ../shared/corpus beside the repository ({CORPUS})"


def test_whole_corpus_matches_the_reviewed_snapshot(
    monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    """Member globs point at nothing in the corpus (only root files were copied), so BL013 is
    left out; everything else buildlint says about these projects was read and judged."""
    monkeypatch.chdir(CORPUS)
    manifests = [p.name for p in PROJECTS if (p / "Cargo.toml").exists()]
    diagnostics = [d for d in lint(manifests) if d.code != "BL013"]
    rendered = render_concise(diagnostics, False)
    if request.config.getoption("--update-expected"):
        SNAPSHOT.write_text(rendered)
    assert rendered == SNAPSHOT.read_text()


def probe_project(corpus_project: Path, into: Path) -> Path:
    """A trivial library with the project's config file and toolchain channel.

    Pinned versions are not installed here (no network), so a pin keeps only its channel:
    nightly pins become the installed nightly, every other pin the installed stable.
    """
    configs = [c for c in ("config", "config.toml") if (corpus_project / ".cargo" / c).is_file()]
    probe = into / corpus_project.name
    (probe / ".cargo").mkdir(parents=True)
    (probe / "src").mkdir()
    (probe / "src/lib.rs").write_text("")
    (probe / "Cargo.toml").write_text(
        '[package]\nname = "probe"\nversion = "0.1.0"\nedition = "2021"\n'
    )
    shutil.copyfile(corpus_project / ".cargo" / configs[0], probe / ".cargo" / configs[0])
    pins = [
        corpus_project / t
        for t in ("rust-toolchain", "rust-toolchain.toml")
        if (corpus_project / t).is_file()
    ]
    if pins and "nightly" in pins[0].read_text(errors="replace"):
        (probe / "rust-toolchain.toml").write_text('[toolchain]\nchannel = "nightly"\n')
    return probe


@pytest.mark.parametrize("project", WITH_CONFIG, ids=lambda p: p.name)
def test_config_errors_agree_with_cargo(project: Path, tmp_path: Path) -> None:
    require_cargo()
    probe = probe_project(project, tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RUSTFLAGS", "CARGO_"))}
    result = subprocess.run(
        ["cargo", "check", "--offline"],
        cwd=probe,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    errors = [d for d in lint([probe]) if d.severity is Severity.ERROR]
    if result.returncode != 0 and any(text in result.stderr for text in ENVIRONMENT_FAILURES):
        assert errors == [], "cargo failed for want of a target here, yet buildlint found errors"
        return
    assert bool(errors) == (result.returncode != 0), (result.stderr[-2000:], errors)
