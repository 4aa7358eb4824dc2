"""buildlint on the CI files of ../shared/corpus-ci (27 popular repositories): no crash on any
rule, and every CI finding reviewed (the snapshot). Member globs point at nothing there (only
the root files were copied), so BL013 is left out."""

from __future__ import annotations

import pytest
from conftest import CORPUS_CI, TESTS, lint, needs_corpus_ci

from cargo_buildlint.output.concise import render_concise

SNAPSHOT = TESTS / "fixtures" / "corpus-ci.expected"
REPOSITORIES = sorted(p for p in CORPUS_CI.iterdir() if p.is_dir()) if CORPUS_CI.is_dir() else []
pytestmark = needs_corpus_ci


def test_ci_corpus_is_there() -> None:
    assert len(REPOSITORIES) >= 27, "expected ../shared/corpus-ci beside the repository"


def test_ci_corpus_matches_the_reviewed_snapshot(
    monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    monkeypatch.chdir(CORPUS_CI)
    repositories = [p.name for p in REPOSITORIES if (p / "Cargo.toml").exists()]
    diagnostics = lint(repositories)
    assert [d for d in diagnostics if d.code == "BL000"] == []
    ci = [d for d in diagnostics if d.code.startswith("BL6")]
    rendered = render_concise(ci, False)
    if request.config.getoption("--update-expected"):
        SNAPSHOT.write_text(rendered)
    assert rendered == SNAPSHOT.read_text()
