"""Rule selection: code, prefix or name; the most specific selector wins; severity overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from cargo_buildlint import cli
from cargo_buildlint.catalogue import all_rules, find_rule
from cargo_buildlint.diagnostic import Severity
from cargo_buildlint.selection import Selection


def selected(selection: Selection) -> list[str]:
    return [rule.code for rule in all_rules() if selection.selects(rule)]


def test_prefix_name_and_longest_match() -> None:
    assert selected(Selection(select=("BL10",))) == ["BL101", "BL102", "BL103", "BL104", "BL105"]
    # BL1 selects the debug-info rules, the longer BL10 ignores them, the exact BL101 wins back
    assert selected(Selection(select=("BL1",), ignore=("BL10",), extend_select=("BL101",))) == [
        "BL101"
    ]
    assert selected(Selection(select=("dev-lto",))) == ["BL201"]
    assert selected(Selection(ignore=("BL2", "BL3", "BL4", "BL5", "BL6", "BL0"), select=None)) == [
        "BL101",
        "BL102",
        "BL103",
        "BL104",
        "BL105",
    ]


def test_a_rule_off_by_default_runs_only_when_named() -> None:
    assert "BL208" not in selected(Selection())
    assert "BL208" not in selected(Selection(ignore=("BL1",)))
    assert "BL208" in selected(Selection(extend_select=("BL208",)))
    assert "BL208" in selected(Selection(select=("BL2",)))
    assert "BL208" in selected(Selection(extend_select=("mostly-unused-hint-available",)))


def test_ignore_wins_a_tie_and_exact_beats_prefix() -> None:
    assert selected(Selection(select=("BL201",), ignore=("dev-lto",))) == []
    assert selected(Selection(select=("BL2",), ignore=("BL20",), extend_select=("dev-lto",))) == [
        "BL201"
    ]


def test_severity_override_most_specific_wins() -> None:
    lto = find_rule("BL201")
    assert lto is not None
    selection = Selection(severity={"BL2": Severity.INFO, "dev-lto": Severity.ERROR})
    assert selection.severity_of(lto) is Severity.ERROR
    panic = find_rule("BL205")
    assert panic is not None and selection.severity_of(panic) is Severity.INFO


def test_command_line_severity(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (in_tmp / "Cargo.toml").write_text('[package]\nname = "a"\nversion = "0.1.0"\n')
    code = cli.main(["--output-format", "concise", "--severity", "BL1=info", "--select", "BL101"])
    out = capsys.readouterr().out
    assert (code, out.splitlines()[0]) == (
        0,
        "Cargo.toml:1:1: info[BL101] `[profile.dev]` gives workspace crates full debug info "
        "by default",
    )
    assert cli.main(["--severity", "BL1=fatal"]) == 2
    assert "needs RULE=error, RULE=warning or RULE=info" in capsys.readouterr().err


def test_command_line_layers_over_the_file() -> None:
    lto = find_rule("BL201")
    assert lto is not None
    file = Selection(ignore=("BL201",), severity={"BL2": Severity.ERROR})
    assert not Selection().over(file).selects(lto)
    assert Selection(select=("BL201",)).over(file).selects(lto)
    assert Selection(extend_select=("dev-lto",)).over(file).selects(lto)
    assert not Selection(select=("BL1",)).over(Selection(select=("BL2",))).selects(lto)
    assert Selection().over(file).severity_of(lto) is Severity.ERROR
    assert Selection(severity={"BL201": Severity.INFO}).over(file).severity_of(lto) is Severity.INFO


SETTINGS = """
[package.metadata.buildlint]
ignore = {{ BL101 = "we debug a lot" }}
severity = {{ BL102 = "error" }}
options.dev-few-codegen-units = {{ threshold = {threshold} }}

[profile.dev]
codegen-units = 4
"""


@pytest.mark.parametrize(("threshold", "fires"), [(8, True), (2, False)])
def test_settings_file_applies(
    threshold: int, fires: bool, in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = '[package]\nname = "a"\nversion = "0.1.0"\n' + SETTINGS.format(threshold=threshold)
    (in_tmp / "Cargo.toml").write_text(manifest)
    cli.main(["--output-format", "concise", "--quiet"])
    found = [line.split()[1] for line in capsys.readouterr().out.splitlines()]
    assert found == ["error[BL102]", *(["warning[BL202]"] if fires else [])]
    cli.main(["--output-format", "concise", "--quiet", "--select", "BL101"])
    assert capsys.readouterr().out.split()[1] == "warning[BL101]"
