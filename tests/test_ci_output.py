"""What CI consumes: SARIF that validates against the SARIF 2.1.0 schema, GitHub annotations
with their escaping, JSON lines, and the exit-status options."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import TESTS
from jsonschema import Draft202012Validator

from cargo_buildlint import cli
from cargo_buildlint.diagnostic import Diagnostic, Severity, Span
from cargo_buildlint.output.github import render_github

SLOW = '[package]\nname = "a"\nversion = "0.1.0"\n\n[profile.dev]\nlto = true\nopt_level = 1\n'


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = cli.main(args)
    return code, capsys.readouterr().out


@pytest.fixture
def slow_project(in_tmp: Path) -> Path:
    (in_tmp / "Cargo.toml").write_text(SLOW)
    return in_tmp


def test_sarif_validates_against_the_schema(
    slow_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(["--output-format", "sarif"], capsys)
    log = json.loads(out)
    schema = json.loads((TESTS / "data" / "sarif-schema-2.1.0.json").read_text())
    errors = sorted(Draft202012Validator(schema).iter_errors(log), key=str)
    assert errors == [], errors[0].message if errors else ""
    run_ = log["runs"][0]
    assert code == 1
    assert [r["id"] for r in run_["tool"]["driver"]["rules"]] == [
        "BL003",
        "BL101",
        "BL102",
        "BL201",
    ]
    assert all(
        r["help"]["text"].startswith(r["fullDescription"]["text"])
        for r in run_["tool"]["driver"]["rules"]
    )
    lto = next(r for r in run_["results"] if r["ruleId"] == "BL201")
    assert lto["level"] == "warning"
    assert lto["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "Cargo.toml"},
        "region": {"startLine": 6, "startColumn": 7, "endLine": 6, "endColumn": 11},
    }


def test_sarif_without_findings_is_valid_too(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (in_tmp / "Cargo.toml").write_text('[package]\nname = "a"\nversion = "0.1.0"\n')
    log = json.loads(run(["--output-format", "sarif", "--select", "BL0"], capsys)[1])
    assert log["runs"][0]["results"] == []
    schema = json.loads((TESTS / "data" / "sarif-schema-2.1.0.json").read_text())
    assert list(Draft202012Validator(schema).iter_errors(log)) == []


def test_github_annotations_escape_what_workflow_commands_split_on() -> None:
    diagnostic = Diagnostic(
        code="BL304",
        name="shadowed-rustflags",
        severity=Severity.WARNING,
        message="100% lost: a, b\nnext line",
        path=Path("dir,x/Cargo:toml"),
        display="dir,x/Cargo:toml",
        span=Span(3, 13, 3, 20),
        help="add `x`, then: y",
        url="https://doc.rust-lang.org/",
    )
    assert render_github([diagnostic], False) == (
        "::warning file=dir%2Cx/Cargo%3Atoml,line=3,col=13,endLine=3,endColumn=20,"
        "title=BL304 shadowed-rustflags::100%25 lost: a, b%0Anext line%0Ahelp: add `x`, then: y\n"
    )


def test_github_format_is_chosen_under_github_actions(
    slow_project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    out = run([], capsys)[1]
    assert out.startswith("::warning file=Cargo.toml,line=5,col=1,")
    assert run(["--output-format", "concise"], capsys)[1].startswith("Cargo.toml:5:1: warning")


def test_json_lines(slow_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = run(["--output-format", "json-lines"], capsys)[1]
    assert [json.loads(line)["code"] for line in out.splitlines()] == [
        "BL101",
        "BL102",
        "BL201",
        "BL003",
    ]


def test_fail_on_and_exit_zero(slow_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--select", "BL003", "--fail-on", "error"], capsys)[0] == 0
    assert run(["--select", "BL003"], capsys)[0] == 1
    assert run(["--select", "BL003", "--exit-zero"], capsys)[0] == 0
    (slow_project / "Cargo.toml").write_text(
        SLOW.replace("lto = true\nopt_level = 1\n", 'debug = "line-tables-only"\n')
    )
    assert run(["--select", "BL103"], capsys)[0] == 1
    assert run(["--select", "BL104", "--fail-on", "info"], capsys)[0] == 0  # nothing fired


def test_statistics_and_quiet(slow_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(["--statistics"], capsys)
    assert code == 1
    assert out.splitlines() == [
        "    1  BL003  unknown-profile-key  warning",
        "    1  BL101  dev-full-debuginfo  warning",
        "    1  BL102  dependency-debuginfo  warning",
        "    1  BL201  dev-lto  warning",
        "found 4 warnings in 1 file",
    ]
    out = run(["--quiet", "--output-format", "concise", "--select", "BL003"], capsys)[1]
    expected = "Cargo.toml:7:1: warning[BL003] unknown key `opt_level` in `[profile.dev]`, "
    assert out == expected + "Cargo ignores it\n"


def test_sarif_locations_are_uri_references() -> None:
    from cargo_buildlint.output.sarif import artifact_uri

    assert artifact_uri("my crates/a%b#c?d/Cargo.toml") == "my%20crates/a%25b%23c%3Fd/Cargo.toml"
    assert artifact_uri("/srv/my app/Cargo.toml") == "file:///srv/my%20app/Cargo.toml"
