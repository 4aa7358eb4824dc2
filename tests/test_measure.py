"""`buildlint measure` with real cargo builds of a project with real dependencies (Debian's
crate sources, served offline as a directory source), and its failure paths."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cargo_buildlint import cli
from cargo_buildlint.measure import Comparison, render_markdown

REGISTRY = Path("/usr/share/cargo/registry")
SOURCE_REPLACEMENT = (
    '[source.crates-io]\nreplace-with = "debian"\n\n'
    '[source.debian]\ndirectory = "/usr/share/cargo/registry"\n'
)


def require_crates() -> None:
    from conftest import require_cargo

    require_cargo()
    if not any(REGISTRY.glob("serde_json-*")):
        if os.environ.get("CI"):
            pytest.fail("Debian's librust-serde-json-dev is missing; .ci/run installs it")
        pytest.skip(
            "needs Debian's librust-serde-json-dev (apt-get install librust-serde-json-dev)"
        )


def project_tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@pytest.fixture
def json_app(tmp_path: Path) -> Path:
    project = tmp_path / "jsonapp"
    (project / "src").mkdir(parents=True)
    (project / ".cargo").mkdir()
    (project / "Cargo.toml").write_text(
        '[package]\nname = "jsonapp"\nversion = "0.1.0"\nedition = "2021"\n\n'
        '[dependencies]\nserde_json = "1"\n'
    )
    (project / "src/main.rs").write_text(
        'fn main() {\n    let v: serde_json::Value = serde_json::from_str("[1, 2]").unwrap();\n'
        '    println!("{}", v[1]);\n}\n'
    )
    (project / ".cargo/config.toml").write_text(SOURCE_REPLACEMENT)
    return project


@pytest.mark.slow
def test_measure_reports_a_smaller_target_directory(
    json_app: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    require_crates()
    before = project_tree(json_app)
    code = cli.main(
        [
            "measure",
            str(json_app),
            "--runs",
            "1",
            "--workflows",
            "build,rebuild",
            "--offline",
            "--output-format",
            "json",
        ]
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    report = json.loads(out)
    [comparison] = report["comparisons"]
    assert comparison["variant"] == "recommended"
    assert comparison["fixes"] == ["BL101", "BL102", "BL103"]
    assert [row["workflow"] for row in comparison["workflows"]] == ["build", "rebuild"]
    sizes = comparison["target_size"]
    assert sizes["recommended"] < sizes["baseline"] * 0.8  # no dependency debug info
    assert project_tree(json_app) == before, "measure must not change the project"
    assert "$ (recommended) cargo build --offline" in Path(report["log"]).read_text()
    assert "measure [1/4] checking that the project builds as it is" in err


@pytest.mark.slow
def test_measure_each_fix_and_markdown(json_app: Path, capsys: pytest.CaptureFixture[str]) -> None:
    require_crates()
    code = cli.main(
        [
            "measure",
            str(json_app),
            "--runs",
            "1",
            "--workflows",
            "build",
            "--each",
            "--offline",
            "--output-format",
            "markdown",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("### buildlint measure: `")
    assert "**baseline vs recommended** (`BL101`, `BL102`, `BL103`)" in out
    assert "| clean build |" in out and "| no clear difference |" in out  # one run: no verdict
    assert "**baseline vs BL102** (`BL102`)" in out
    assert "| build output after a clean build |" in out


@pytest.mark.slow
def test_project_that_does_not_build(json_app: Path, capsys: pytest.CaptureFixture[str]) -> None:
    require_crates()
    (json_app / "src/main.rs").write_text("fn main() { this is not rust }\n")
    code = cli.main(["measure", str(json_app), "--runs", "1", "--offline"])
    err = capsys.readouterr().err
    assert code == 1
    assert "error: the project does not build as it is: `cargo build --offline` failed" in err
    assert "cargo's output is in " in err


@pytest.mark.slow
def test_timeout(json_app: Path, capsys: pytest.CaptureFixture[str]) -> None:
    require_crates()
    assert cli.main(["measure", str(json_app), "--offline", "--timeout", "0.01"]) == 1
    assert "the --timeout of 0.01s ran out" in capsys.readouterr().err


def test_without_cargo(
    json_app: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    assert cli.main(["measure", str(json_app)]) == 2
    assert capsys.readouterr().err == "error: cargo is not on PATH\n"


def test_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["measure", "--workflows", "build,deploy"]) == 2
    assert capsys.readouterr().err == "error: unknown workflow `deploy`\n"


def test_spread_larger_than_difference_is_no_win() -> None:
    assert Comparison("build", 10.0, 9.5, 1.0, 0.2).verdict == "no clear difference"
    assert Comparison("build", 10.0, 8.0, 1.0, 0.2).verdict == "faster"
    assert Comparison("build", 10.0, 12.0, 0.1, 0.2).verdict == "slower"
    assert Comparison("build", 10.0, 5.0, 0.0, 0.0, runs=1).verdict == "no clear difference"


def test_markdown_report_layout() -> None:
    row = {
        "workflow": "build",
        "label": "clean build",
        "change": -0.25,
        "verdict": "faster",
        "baseline": {"median": 4.0, "spread": 0.1, "samples": [4.0]},
        "recommended": {"median": 3.0, "spread": 0.2, "samples": [3.0]},
    }
    report = {
        "project": "Cargo.toml",
        "runs": 3,
        "cargo": "cargo 1.95.0",
        "log": "/tmp/x.log",
        "comparisons": [
            {
                "variant": "recommended",
                "fixes": ["BL101"],
                "workflows": [row],
                "target_size": {"baseline": 2e8, "recommended": 1e8, "change": -0.5},
            }
        ],
    }
    assert render_markdown(report) == (
        "### buildlint measure: `Cargo.toml`\n\n"
        "3 runs of each, alternating; median ± spread. cargo 1.95.0.\n\n"
        "**baseline vs recommended** (`BL101`)\n\n"
        "| workflow | baseline | recommended | change |\n|---|---:|---:|---|\n"
        "| clean build | 4.00s ± 0.10s | 3.00s ± 0.20s | -25% |\n"
        "| build output after a clean build | 200.0 MB | 100.0 MB | -50% |\n"
    )


@pytest.mark.slow
def test_ctrl_c_stops_cargo_and_removes_the_copies(json_app: Path, tmp_path: Path) -> None:
    require_crates()
    import signal
    import subprocess
    import sys
    import time

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch)}
    process = subprocess.Popen(
        [sys.executable, "-m", "cargo_buildlint", "measure", str(json_app), "--offline"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not any(scratch.glob("buildlint-measure-*/baseline/target")):
        assert time.monotonic() < deadline, "measure never started building"
        time.sleep(0.1)
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=60) == 130
    assert [p.name for p in scratch.iterdir() if p.is_dir()] == []  # the copies are gone


def test_the_fix_that_breaks_the_build_is_named(tmp_path: Path) -> None:
    from cargo_buildlint.measure import MeasureError, Variant, _culprit

    class Runner:
        def cargo(self, variant: Variant, args: tuple[str, ...]) -> float:
            if variant.name == "BL206":
                raise MeasureError("`cargo build` failed for the BL206 configuration")
            return 1.0

    variants = [
        Variant(name, tmp_path, tmp_path) for name in ("baseline", "recommended", "BL101", "BL206")
    ]
    failure = MeasureError("`cargo build` failed for the recommended configuration")
    assert _culprit(Runner(), variants, failure) == " (the fix that breaks it: BL206)"  # type: ignore[arg-type]
    assert _culprit(Runner(), variants, MeasureError("baseline failed")) == ""  # type: ignore[arg-type]


def test_nothing_to_measure_is_not_a_failure(
    json_app: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    require_crates()
    manifest = json_app / "Cargo.toml"
    manifest.write_text(
        manifest.read_text() + '\n[profile.dev]\ndebug = "line-tables-only"\n'
        '\n[profile.dev.package."*"]\ndebug = false\n'
        '\n[profile.debugging]\ninherits = "dev"\ndebug = true\n'
    )
    assert cli.main(["measure", str(json_app), "--offline"]) == 0
    assert capsys.readouterr().err.endswith(
        "note: buildlint has no safe fix for this project: nothing to measure\n"
    )
