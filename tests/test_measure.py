"""`buildlint measure` with real cargo builds of a project with real dependencies (Debian's
crate sources, served offline as a directory source), and its failure paths."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cargo_buildlint import cli
from cargo_buildlint.measure import Comparison, Progress
from cargo_buildlint.measure_report import render_html, render_markdown

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
    baseline, safe = report["configurations"]
    assert (baseline["name"], baseline["fixes"], baseline["settings"]) == ("baseline", [], "")
    assert (safe["name"], safe["fixes"]) == ("safe", ["BL101", "BL102", "BL103"])
    assert safe["settings"].startswith("--- a/Cargo.toml\n+++ b/Cargo.toml\n")
    assert '+debug = "line-tables-only"\n' in safe["settings"]
    assert [row["workflow"] for row in report["workflows"]] == ["build", "rebuild"]
    assert set(report["workflows"][1]["results"]) == {"baseline", "safe"}
    assert report["edited"] == "src/main.rs"
    assert report["sizes"]["safe"] < report["sizes"]["baseline"] * 0.8  # no dependency debug info
    assert project_tree(json_app) == before, "measure must not change the project"
    assert "$ (safe) cargo build --offline" in Path(report["log"]).read_text()
    assert "measure [1/5] checking that the project builds as it is" in err
    assert "measure [2/5] baseline, run 1/1: clean build" in err


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
    assert "- **safe**: buildlint's safe fixes (`BL101`, `BL102`, `BL103`)\n" in out
    assert "- **BL102**: buildlint's BL102 fix alone (`BL102`)\n" in out
    assert "| workflow | baseline | safe | BL101 | BL102 |\n" in out
    assert "x, no clear difference)" in out  # one run: no verdict
    assert "| build output after a clean build |" in out
    # BL103 adds a debugger profile only once BL101 has reduced dev's debug info
    assert "`BL103` was not measured on its own: it applies only after `BL101`" in out
    assert "cargo's output: `" in out


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
    assert cli.main(["measure", "--configurations", "none,safe"]) == 2
    assert capsys.readouterr().err == "error: unknown configuration `none`\n"
    assert cli.main(["measure", "--configurations", "none", "--each"]) == 2
    assert capsys.readouterr().err == (
        "error: `--each` measures buildlint's fixes: name `safe` or `all` in `--configurations`\n"
    )


def test_spread_larger_than_difference_is_no_win() -> None:
    assert Comparison("build", 10.0, 9.5, 1.0, 0.2).verdict == "no clear difference"
    assert Comparison("build", 10.0, 8.0, 1.0, 0.2).verdict == "faster"
    assert Comparison("build", 10.0, 12.0, 0.1, 0.2).verdict == "slower"
    assert Comparison("build", 10.0, 5.0, 0.0, 0.0, runs=1).verdict == "no clear difference"


REPORT = {
    "project": "Cargo.toml",
    "runs": 3,
    "cargo": "cargo 1.95.0",
    "cores": 2,
    "edited": "src/main.rs",
    "environment": {},
    "log": "/tmp/x.log",
    "configurations": [
        {"name": "baseline", "description": "the project as it is", "fixes": [], "settings": ""},
        {
            "name": "safe",
            "description": "buildlint's safe fixes",
            "fixes": ["BL101"],
            "settings": "--- a/Cargo.toml\n+++ b/Cargo.toml\n@@ -1 +1,2 @@\n+[profile.dev]\n",
        },
        {
            "name": "wizard",
            "description": "`--against wizard`",
            "fixes": [],
            "settings": "--- a/Cargo.toml\n+++ b/Cargo.toml\n",
        },
    ],
    "workflows": [
        {
            "workflow": "build",
            "label": "clean build",
            "results": {
                "baseline": {"median": 4.0, "spread": 0.1, "samples": [3.95, 4.0, 4.05]},
                "safe": {
                    "median": 3.0,
                    "spread": 0.2,
                    "samples": [2.9, 3.0, 3.1],
                    "ratio": 0.75,
                    "verdict": "faster",
                },
                "wizard": {
                    "median": 3.9,
                    "spread": 0.3,
                    "samples": [3.7, 3.9, 4.0],
                    "ratio": 0.975,
                    "verdict": "no clear difference",
                },
            },
        }
    ],
    "sizes": {"baseline": 2e8, "safe": 1e8, "wizard": 9e7},
    "skipped": [{"fix": "BL103", "why": "it applies only after `BL101` changed the project"}],
}


def test_markdown_report_layout() -> None:
    assert render_markdown(REPORT) == (
        "### buildlint measure: `Cargo.toml`\n\n"
        "3 runs of each, alternating; median ± spread; cargo 1.95.0; 2 cores; one-line changes "
        "to `src/main.rs`.\n\n"
        "- **safe**: buildlint's safe fixes (`BL101`)\n"
        "- **wizard**: `--against wizard`\n\n"
        "| workflow | baseline | safe | wizard |\n|---|---:|---:|---:|\n"
        "| clean build | 4.00s ± 0.10s | 3.00s ± 0.20s (0.75x, faster) | "
        "3.90s ± 0.30s (0.97x, no clear difference) |\n"
        "| build output after a clean build | 200.0 MB | 100.0 MB (0.50x) | 90.0 MB (0.45x) |\n\n"
        "`BL103` was not measured on its own: it applies only after `BL101` changed the "
        "project.\ncargo's output: `/tmp/x.log`\n"
    )


def test_html_report_is_self_contained_and_holds_the_json() -> None:
    from html.parser import HTMLParser

    page = render_html(REPORT)

    class Collector(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.tags: list[str] = []
            self.text: list[str] = []
            self.sources: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.tags.append(tag)
            self.sources += [v or "" for k, v in attrs if k in ("src", "href")]

        def handle_data(self, data: str) -> None:
            self.text.append(data)

    collector = Collector()
    collector.feed(page)
    text = " ".join(collector.text)
    assert "script" not in collector.tags and collector.sources == []  # nothing to fetch
    assert collector.tags.count("svg") == 1 and collector.tags.count("rect") == 3
    for fragment in (
        "4.00s ± 0.10s",
        "3.00s",
        "0.75x, faster",
        "0.97x, no clear difference",
        "200.0 MB",
        "90.0 MB",
        "cargo 1.95.0",
        "2 cores",
        "src/main.rs",
        "+[profile.dev]",
        "BL103",
        "/tmp/x.log",
    ):
        assert fragment in text, fragment


def test_time_left_comes_from_what_the_same_workflow_took() -> None:
    import io

    stream = io.StringIO()
    progress = Progress(["build", "build", "check", "build", "check"], stream)
    progress.took = {"build": [60.0], "check": [2.0]}
    progress.done = 1
    assert progress._left() == 60.0 + 2.0 + 60.0 + 2.0


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
    from cargo_buildlint.measure import MeasureError, _culprit
    from cargo_buildlint.measure_setup import Configuration

    class Runner:
        def cargo(self, configuration: Configuration, args: tuple[str, ...]) -> float:
            if configuration.name == "BL206":
                raise MeasureError("`cargo build` failed for the BL206 configuration")
            return 1.0

    def configuration(name: str, fixes: tuple[str, ...]) -> Configuration:
        return Configuration(name, "", tmp_path, tmp_path, fixes)

    configurations = [
        configuration("baseline", ()),
        configuration("all", ("BL101", "BL206")),
        configuration("BL101", ("BL101",)),
        configuration("BL206", ("BL206",)),
    ]
    failure = MeasureError("`cargo build` failed for the all configuration")
    assert _culprit(Runner(), configurations, failure) == " (the fix that breaks it: BL206)"  # type: ignore[arg-type]
    baseline_failed = MeasureError("failed for the baseline configuration")
    assert _culprit(Runner(), configurations, baseline_failed) == ""  # type: ignore[arg-type]


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
        "note: buildlint has no fix for this project and no `--against` configuration was "
        "given: nothing to compare\n"
    )


def test_edit_target_is_the_default_binarys_source(tmp_path: Path) -> None:
    from cargo_buildlint.discover import discover
    from cargo_buildlint.measure_setup import edit_target

    def write(relative: str, text: str = "") -> None:
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text(text)

    write(
        "Cargo.toml",
        '[workspace]\nmembers = ["crates/*", "app"]\ndefault-members = ["app"]\n',
    )
    write("crates/globset/Cargo.toml", '[package]\nname = "globset"\nversion = "0.1.0"\n')
    write("crates/globset/src/lib.rs")
    write(
        "app/Cargo.toml",
        '[package]\nname = "app"\nversion = "0.1.0"\n\n'
        '[[bin]]\nname = "rg"\npath = "core/main.rs"\n',
    )
    write("app/core/main.rs")
    (workspace,) = discover([str(tmp_path)])
    assert edit_target(workspace, None) == Path("app/core/main.rs")
    (tmp_path / "app/core/main.rs").unlink()
    write("app/Cargo.toml", '[package]\nname = "app"\nversion = "0.1.0"\n')  # auto-discovered
    (workspace,) = discover([str(tmp_path)])
    write("app/src/main.rs")
    assert edit_target(workspace, None) == Path("app/src/main.rs")
    (tmp_path / "app/src/main.rs").unlink()
    write("app/src/bin/tool.rs")
    write("app/src/bin/app/main.rs")  # named like the package: the default binary
    assert edit_target(workspace, None) == Path("app/src/bin/app/main.rs")
    (tmp_path / "app/src/bin/app/main.rs").unlink()
    assert edit_target(workspace, None) == Path("app/src/bin/tool.rs")
    (tmp_path / "app/src/bin/tool.rs").unlink()
    assert edit_target(workspace, None) == Path("crates/globset/src/lib.rs")


def test_against_snippets_are_checked_and_applied(tmp_path: Path) -> None:
    from cargo_buildlint.measure_setup import SetupError, _read_snippet, apply_snippet

    def snippet(text: str) -> Path:
        path = tmp_path / "snippet.toml"
        path.write_text(text)
        return path

    for text, problem in (
        ("[profile.dev\ndebug = 0\n", "`--against w`: `"),
        ("[profile.dev]\ndebugg = 0\n", "has unknown key `debugg` in `[profile.dev]`"),
        ("[package]\nname = 1\n", "sets `package`, which is no profile or config table"),
    ):
        with pytest.raises(SetupError, match=problem.replace("[", r"\[").replace("`", "`")):
            _read_snippet("w", snippet(text))
    with pytest.raises(SetupError, match="`safe` is a built-in configuration"):
        _read_snippet("safe", snippet(""))
    project = tmp_path / "project"
    (project / ".cargo").mkdir(parents=True)
    (project / "Cargo.toml").write_text(
        '[package]\nname = "a"\nversion = "0.1.0"  # the version\n\n[profile.dev]\nopt-level = 1\n'
    )
    data = _read_snippet(
        "w",
        snippet(
            '[profile.dev]\ndebug = 0\n\n[profile.dev.package."*"]\nopt-level = 2\n\n'
            '[build]\nrustflags = ["-C", "target-cpu=native"]\n'
        ),
    )
    apply_snippet(project, data, "w")
    assert (project / "Cargo.toml").read_text() == (
        '[package]\nname = "a"\nversion = "0.1.0"  # the version\n\n[profile.dev]\nopt-level = 1\n'
        'debug = 0\n\n[profile.dev.package."*"]\nopt-level = 2\n'
    )
    assert (project / ".cargo/config.toml").read_text() == (
        '[build]\nrustflags = ["-C", "target-cpu=native"]\n'
    )


@pytest.mark.slow
def test_against_a_snippet_that_breaks_the_build(
    json_app: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    require_crates()
    broken = tmp_path / "broken.toml"
    broken.write_text('[profile.dev]\nopt-level = "fast"\n')
    code = cli.main(
        [
            "measure",
            str(json_app),
            "--runs",
            "1",
            "--workflows",
            "build",
            "--offline",
            "--against",
            f"broken={broken}",
        ]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert "error: `cargo build --offline` failed for the broken configuration" in err
    assert "cargo's output is in " in err


@pytest.mark.slow
def test_only_the_against_configurations(
    json_app: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    require_crates()
    lean = tmp_path / "lean.toml"
    lean.write_text("[profile.dev]\ndebug = 0\n")
    arguments = ["measure", str(json_app), "--runs", "1", "--workflows", "build", "--offline"]
    chosen = ["--configurations", "none", "--against", f"lean={lean}", "--output-format", "json"]
    code = cli.main([*arguments, *chosen])
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    assert [c["name"] for c in report["configurations"]] == ["baseline", "lean"]


def test_ci_environment_is_the_jobs_known_variables(tmp_path: Path) -> None:
    from cargo_buildlint.commands.measure import ci_environment

    (tmp_path / "Cargo.toml").write_text('[package]\nname = "a"\nversion = "0.1.0"\n')
    (tmp_path / ".github/workflows").mkdir(parents=True)
    (tmp_path / ".github/workflows/ci.yml").write_text(
        "on: push\nenv:\n  RUSTFLAGS: -D warnings\n  CARGO_PROFILE_DEV_DEBUG: ${{ matrix.debug }}\n"
        "jobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions-rust-lang/setup-rust-toolchain@v1\n"
        "      - run: cargo test\n"
    )
    assert ci_environment(str(tmp_path), "ci.yml:test") == {
        "RUSTFLAGS": "-D warnings",
        "CARGO_INCREMENTAL": "0",
        "CI": "true",
    }
    with pytest.raises(ValueError, match=r"no job `lint` in `ci\.yml`"):
        ci_environment(str(tmp_path), "ci.yml:lint")
