"""buildlint on the CI files of ../shared/corpus-ci (27 popular repositories): no crash on any
rule, and every CI finding reviewed (the snapshot). Member globs point at nothing there (only
the root files were copied), so BL013 is left out."""

from __future__ import annotations

import random
from pathlib import Path

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


def _mutations(text: str, seed: int) -> str:
    """A workflow broken the ways edits break them: a line dropped or duplicated, indentation
    shifted, a bracket, quote, tab or control character put in, the file cut short."""
    rng = random.Random(seed)
    lines = text.split("\n")
    for _ in range(rng.randint(1, 4)):
        index = rng.randrange(len(lines))
        kind = rng.randrange(7)
        if kind == 0:
            del lines[index]
        elif kind == 1:
            lines.insert(index, lines[index])
        elif kind == 2:
            lines[index] = " " * rng.randint(1, 3) + lines[index]
        elif kind == 3:
            position = rng.randint(0, len(lines[index]))
            piece = rng.choice(["[", "{", '"', "'", "\t", "\x07", ": ", "&a ", "*a", "- ", "|"])
            lines[index] = lines[index][:position] + piece + lines[index][position:]
        elif kind == 4:
            lines = lines[: index + 1]
        elif kind == 5:
            lines[index] = lines[index].replace(":", "", 1)
        else:
            lines.insert(index, "  " + rng.choice(["env: x", "steps: 1", "jobs: []", "run:"]))
        if not lines:
            lines = [""]
    return "\n".join(lines)


@pytest.mark.slow
def test_broken_workflows_are_reported_never_crash(tmp_path: Path) -> None:
    """Every workflow of the corpus, mutated: buildlint reports BL600 or lints on, never BL000."""
    workflows = sorted(CORPUS_CI.glob("*/.github/workflows/*.y*ml"))
    assert workflows
    project = tmp_path / "project"
    (project / ".github/workflows").mkdir(parents=True)
    (project / "Cargo.toml").write_text('[package]\nname = "a"\nversion = "0.1.0"\n')
    for seed, workflow in enumerate(workflows):
        for index in range(2):
            mutated = _mutations(workflow.read_text(errors="replace"), seed * 2 + index)
            (project / ".github/workflows" / f"w{index}.yml").write_text(mutated)
        codes = {d.code for d in lint([project])}
        assert "BL000" not in codes, workflow
