"""The acceptance points of the build-speed rules, and the bundled examples' exact output."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO, TESTS, lint

from cargo_buildlint.diagnostic import Severity
from cargo_buildlint.output.concise import render_concise

PACKAGE = '[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n'
GUIDE = """
[profile.dev]
debug = "line-tables-only"

[profile.dev.package."*"]
debug = false

[profile.debugging]
inherits = "dev"
debug = true
"""


def test_guide_recommendation_gives_no_warning(in_tmp: Path) -> None:
    (in_tmp / "Cargo.toml").write_text(PACKAGE + GUIDE)
    found = lint(["."])
    assert [(d.code, d.severity) for d in found] == [("BL104", Severity.INFO)]


def test_guide_recommendation_in_config_gives_no_warning(in_tmp: Path) -> None:
    (in_tmp / "Cargo.toml").write_text(PACKAGE)
    (in_tmp / ".cargo").mkdir()
    (in_tmp / ".cargo/config.toml").write_text(GUIDE)
    assert [d.code for d in lint(["."]) if d.severity >= Severity.WARNING] == []


def test_project_without_profiles_gets_debuginfo_advice(in_tmp: Path) -> None:
    (in_tmp / "Cargo.toml").write_text(PACKAGE)
    assert [d.code for d in lint(["."])] == ["BL101", "BL102"]


@pytest.mark.parametrize("example", sorted(p.name for p in (REPO / "examples").iterdir()))
def test_bundled_example_output(
    example: str, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    monkeypatch.chdir(REPO / "examples")
    rendered = render_concise(lint([example]), False)
    expected = TESTS / "fixtures" / "examples" / f"{example}.expected"
    if request.config.getoption("--update-expected"):
        expected.parent.mkdir(exist_ok=True)
        expected.write_text(rendered)
    assert rendered == expected.read_text()
