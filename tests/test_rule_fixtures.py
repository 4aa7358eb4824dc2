"""Each rule against its fixtures: `fail_*` must give exactly the `.expected` diagnostics (the
full format a user reads), `pass_*` must give none. Only the rule under test runs.

A fixture is a `.toml` file (linted as the root `Cargo.toml`) or a directory (a whole project).
`pytest --update-expected` rewrites the `.expected` files; review the git diff.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import TESTS, lint

from cargo_buildlint.output.full import render_full

FIXTURES = TESTS / "fixtures" / "rules"


def fixtures() -> list[Path]:
    return sorted(
        path
        for path in FIXTURES.glob("*/*")
        if path.suffix != ".expected" and path.name.startswith(("pass_", "fail_"))
    )


def materialise(fixture: Path, into: Path) -> Path:
    """Copy the fixture to a clean directory (no repository above it) and return the project."""
    project = into / "project"
    if fixture.is_dir():
        shutil.copytree(fixture, project, symlinks=True)
    else:
        project.mkdir()
        shutil.copyfile(fixture, project / "Cargo.toml")
    return project


@pytest.mark.parametrize("fixture", fixtures(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture(
    fixture: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    code = fixture.parent.name
    project = materialise(fixture, tmp_path)
    monkeypatch.chdir(project)
    diagnostics = lint(["."], select=[code])
    if fixture.name.startswith("pass_"):
        assert diagnostics == [], render_full(diagnostics, False)
        return
    rendered = render_full(diagnostics, False)
    expected = (
        fixture.with_name(fixture.stem + ".expected")
        if fixture.is_file()
        else fixture.with_name(fixture.name + ".expected")
    )
    if request.config.getoption("--update-expected"):
        expected.write_text(rendered)
    assert diagnostics, f"{fixture.name} should fail {code}"
    assert rendered == expected.read_text()


def test_every_expected_file_has_its_fixture() -> None:
    for expected in FIXTURES.glob("*/*.expected"):
        stem = expected.name.removesuffix(".expected")
        assert (expected.parent / f"{stem}.toml").exists() or (expected.parent / stem).is_dir(), (
            expected
        )
