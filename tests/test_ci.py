"""The CI layer as users meet it: positions in YAML, suppressions, `profile --ci`, SARIF and
GitHub annotations on workflow lines, manual fixes in JSON that `--fix` never applies, and a
project without workflows that never imports YAML."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import lint, run_probe

from cargo_buildlint import cli
from cargo_buildlint.ci.github import load_github
from cargo_buildlint.ci.model import CiSetup
from cargo_buildlint.ci.shell import read_script
from cargo_buildlint.ci.yaml_source import Mapping, Scalar, YamlDocument, parse_yaml
from cargo_buildlint.diagnostic import Span

PACKAGE = '[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n'
CONFIG = '[build]\nrustflags = ["--cfg", "tokio_unstable"]\n'
WORKFLOW = """\
on: push
env:
  RUSTFLAGS: -D warnings
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: Swatinem/rust-cache@v2
      - run: |
          echo "start"
          cargo install cargo-nextest
          cargo nextest run
"""


def project(root: Path, workflow: str = WORKFLOW, config: str | None = CONFIG) -> Path:
    (root / "Cargo.toml").write_text(PACKAGE)
    if config is not None:
        (root / ".cargo").mkdir()
        (root / ".cargo/config.toml").write_text(config)
    (root / ".github/workflows").mkdir(parents=True)
    (root / ".github/workflows/ci.yml").write_text(workflow)
    return root


def nested_workspace(directory: Path) -> None:
    """A workspace of its own below another's root (wgpu's `xtask/`)."""
    directory.mkdir()
    name = directory.name
    (directory / "Cargo.toml").write_text("[workspace]\n\n" + PACKAGE.replace("app", name))


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_yaml_keeps_scalars_as_written_with_positions() -> None:
    text = 'on: push\nenv: { NAME: "héllo🦀", SPLIT: off }\nrun: |\n  a\n  b\n'
    document = parse_yaml(Path("w.yml"), text)
    assert isinstance(document, YamlDocument)
    assert isinstance(document.root, Mapping)
    assert [key.text for key, _ in document.root.items] == ["on", "env", "run"]
    env = document.root.mapping("env")
    assert env is not None and env.text("SPLIT") == "off"
    assert document.locate(("env", "NAME"), "key") == Span(2, 8, 2, 12)
    assert document.locate(("env", "SPLIT")) == Span(2, 31, 2, 34)
    run_node = document.root.get("run")
    assert isinstance(run_node, Scalar) and run_node.text == "a\nb\n"
    assert run_node.position(1, 0, 1) == Span(5, 3, 5, 4)


def test_yaml_problems_are_positioned() -> None:
    duplicate = parse_yaml(Path("w.yml"), "env:\n  A: 1\n  A: 2\n")
    assert not isinstance(duplicate, YamlDocument)
    assert (duplicate.message, duplicate.span) == ("duplicate key `A`", Span(3, 3, 3, 4))
    broken = parse_yaml(Path("w.yml"), "a: [1, 2\n")
    assert not isinstance(broken, YamlDocument)
    assert broken.span.line == 2
    deep = parse_yaml(Path("w.yml"), "[" * 5000 + "]" * 5000)
    assert not isinstance(deep, YamlDocument)


def test_aliases_are_shared_not_copied() -> None:
    document = parse_yaml(Path("w.yml"), "a: &x {K: v}\nb: *x\n")
    assert isinstance(document, YamlDocument) and isinstance(document.root, Mapping)
    assert document.root.get("a") is document.root.get("b")
    # a billion laughs stays small: each alias is converted once and shared
    levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 9):
        name, below = chr(97 + level), chr(96 + level)
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{below}"] * 10) + "]")
    assert isinstance(parse_yaml(Path("w.yml"), "\n".join(levels) + "\n"), YamlDocument)


def test_scripts_give_commands_exports_and_directories() -> None:
    script = read_script(
        'cd crates/app\nRUSTFLAGS="-C x" cargo +nightly build \\\n  --release && cargo test\n'
        'echo "A=1" >> "$GITHUB_ENV"\ncat >> $GITHUB_ENV <<EOF\nB=2\nEOF\n'
        "export C=3\ncargo run ${{ matrix.args }}\n"
    )
    assert [(c.words, c.assignments, c.directory) for c in script.commands] == [
        (("cargo", "+nightly", "build", "--release"), (("RUSTFLAGS", "-C x"),), "crates/app"),
        (("cargo", "test"), (), "crates/app"),
        (("cargo", "run", "${{ matrix.args }}"), (), "crates/app"),
    ]
    assert [(e.name, e.value, e.to_later_steps) for e in script.exports] == [
        ("A", "1", True),
        ("B", "2", True),
        ("C", "3", False),
    ]


def test_a_command_spans_itself_not_the_rest_of_its_line() -> None:
    text = (
        "(cargo install cargo-audit && cargo audit) | tee log; echo done\n"
        'RUSTFLAGS="-C x" cargo build --release \\\n  --locked\n'
        'cargo build --features "a|b" | tee log\n'
    )
    lines = text.split("\n")
    spans = [lines[c.line][c.column : c.column + c.length] for c in read_script(text).commands]
    assert spans == [
        "cargo install cargo-audit",
        "cargo audit",
        "tee log",
        "echo done",
        'RUSTFLAGS="-C x" cargo build --release',  # the first line, without its backslash
        'cargo build --features "a|b"',  # a separator inside quotes separates nothing
        "tee log",
    ]


def test_scripts_that_write_a_cargo_config_file_are_noticed(tmp_path: Path) -> None:
    writes = [
        'echo "[profile.dev]" >> .cargo/config.toml',
        'echo """\n[profile.dev]\ndebug = 1" >> .cargo/config.toml',  # wgpu: the write ends it
        "cat > .cargo/config <<EOF",
        # deno: a `#` inside the quoted script is no comment
        "sed -i '' \"s#-fuse-ld=lld #-fuse-ld=lzld #\" .cargo/config.toml",
        "sed --in-place 's/a/b/' .cargo/config.toml",
        "printf '[build]\\n' | tee -a crates/x/.cargo/config.toml",
        "cp ci/config.toml .cargo/config.toml",
        "rm .cargo/config.toml",
    ]
    reads = [
        "grep -n fuse-ld .cargo/config.toml",
        "cat .cargo/config.toml | tee dump",
        "cp .cargo/config.toml $RUNNER_TEMP/b.toml",
        "cargo install foo  # see >> .cargo/config.toml",
        "cargo build --config .cargo/ci.toml",
        'echo "debug = 1" >> .cargo/config.toml.bak',
    ]
    assert [text for text in writes if not read_script(text).config_writes] == []
    assert [text for text in reads if read_script(text).config_writes] == []
    # on one line, the write counts for the commands after it only
    workflow = (
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: cargo check && echo '[profile.dev]' >> .cargo/config.toml && cargo test\n"
        "      - run: cargo build\n"
    )
    (job,) = _setup(tmp_path, {"ci.yml": workflow}).jobs
    assert [(run.subcommand, run.config_edited) for run in job.runs] == [
        ("check", False),
        ("test", True),
        ("build", True),
    ]


def test_allow_comments_work_in_workflows(in_tmp: Path) -> None:
    workflow = WORKFLOW.replace(
        "env:\n", "env:\n  # buildlint: allow(BL601, BL602) the lints must fail CI\n"
    ).replace(
        "          cargo install cargo-nextest\n",
        "          cargo install cargo-nextest  # buildlint: allow(BL606)\n",
    )
    project(in_tmp, workflow)
    assert [d.code for d in lint(["."], ["BL601", "BL602", "BL606"])] == []
    stale = WORKFLOW.replace(
        "      - uses: Swatinem", "      # buildlint: allow(BL604)\n      - uses: Swatinem"
    )
    (in_tmp / ".github/workflows/ci.yml").write_text(stale)
    assert [(d.code, d.span.line) for d in lint(["."], ["BL601", "BL604", "BL015"])] == [
        ("BL601", 3),
        ("BL015", 8),
    ]


def test_profile_shows_what_a_ci_job_builds_with(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project(in_tmp, WORKFLOW.replace("  RUSTFLAGS", "  CARGO_PROFILE_DEV_DEBUG: 0\n  RUSTFLAGS"))
    code, out, _ = run(["profile", "dev", "--ci", "ci.yml:test"], capsys)
    assert code == 0
    assert out.splitlines()[:10] == [
        "profile `dev` of Cargo.toml",
        "as `cargo nextest` builds it in job `test` (.github/workflows/ci.yml:13, step "
        '`echo "start"`)',
        "runner: `x86_64-unknown-linux-gnu`, toolchain: `stable` (the runner's default)",
        "rustflags = `-D warnings`",
        "  from `RUSTFLAGS` (.github/workflows/ci.yml:4, workflow `env`)",
        "  ignored: `--cfg tokio_unstable` from .cargo/config.toml:2 `build.rustflags`",
        "",
        "[workspace crates]",
        "opt-level = 0            # Cargo's default for `dev`",
        "debug = 0                # `CARGO_PROFILE_DEV_DEBUG` in .github/workflows/ci.yml:3, "
        "workflow `env`",
    ]
    code, _, err = run(["profile", "dev", "--ci", "ci.yml:build"], capsys)
    assert (code, err) == (2, "error: no job `build` in `ci.yml` (its jobs: `test`)\n")


def test_sarif_and_annotations_point_at_workflow_lines(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project(in_tmp)
    _, out, _ = run(["--select", "BL601", "--output-format", "sarif"], capsys)
    (result,) = json.loads(out)["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": ".github/workflows/ci.yml"},
        "region": {"startLine": 3, "startColumn": 14, "endLine": 3, "endColumn": 25},
    }
    _, out, _ = run(["--select", "BL602", "--output-format", "github"], capsys)
    assert out.startswith(
        "::warning file=.github/workflows/ci.yml,line=3,col=14,endLine=3,endColumn=25,"
        "title=BL602 ci-deny-warnings-in-rustflags::"
    )


def test_manual_fixes_are_shown_in_json_and_never_applied(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project(in_tmp)
    _, out, _ = run(["--select", "BL602", "--output-format", "json"], capsys)
    (finding,) = json.loads(out)
    assert finding["fix"] == {
        "title": "Deny warnings with `build.warnings`",
        "applicability": "manual",
        "edits": [
            {"file": ".github/workflows/ci.yml", "key": ["env", "RUSTFLAGS"], "value": None},
            {
                "file": ".github/workflows/ci.yml",
                "key": ["env", "CARGO_BUILD_WARNINGS"],
                "value": "deny",
            },
        ],
    }
    before = (in_tmp / ".github/workflows/ci.yml").read_bytes()
    run(["--fix", "--unsafe-fixes", "--select", "BL6"], capsys)
    assert (in_tmp / ".github/workflows/ci.yml").read_bytes() == before


def test_a_value_with_an_expression_keeps_the_expression(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # tokio's ci.yml: the other flags and the matrix's are kept, written as the user wrote them
    workflow = (
        "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n"
        "    strategy:\n      matrix:\n        rustflags: ['', '--cfg fast']\n"
        "    env:\n      RUSTFLAGS: --cfg unstable -Dwarnings ${{ matrix.rustflags }}\n"
        "    steps:\n      - uses: Swatinem/rust-cache@v2\n      - run: cargo test\n"
    )
    project(in_tmp, workflow, config=None)
    _, out, _ = run(["--select", "BL602", "--output-format", "json"], capsys)
    (finding,) = json.loads(out)
    assert finding["help"] == (
        "deny warnings with `CARGO_BUILD_WARNINGS: deny`; "
        "keep `RUSTFLAGS: --cfg unstable ${{ matrix.rustflags }}`"
    )
    assert finding["fix"]["edits"] == [
        {
            "file": ".github/workflows/ci.yml",
            "key": ["jobs", "test", "env", "CARGO_BUILD_WARNINGS"],
            "value": "deny",
        },
        {
            "file": ".github/workflows/ci.yml",
            "key": ["jobs", "test", "env", "RUSTFLAGS"],
            "value": "--cfg unstable ${{ matrix.rustflags }}",
        },
    ]


def test_a_value_shared_by_workspaces_is_reported_once(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # wgpu: a job builds the root workspace and `xtask/`, a workspace of its own; both see the
    # workflow's RUSTFLAGS, and the finding names every job it reaches, once
    workflow = (
        "on: push\nenv:\n  RUSTFLAGS: -D warnings\njobs:\n"
        "  test:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: Swatinem/rust-cache@v2\n      - run: cargo test\n"
        "      - run: cargo run --manifest-path xtask/Cargo.toml\n"
        "  tasks:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: Swatinem/rust-cache@v2\n"
        "      - run: cargo run --manifest-path xtask/Cargo.toml\n"
    )
    project(in_tmp, workflow, config=None)
    nested_workspace(in_tmp / "xtask")
    _, out, _ = run(["--select", "BL602", "--output-format", "concise", "--quiet"], capsys)
    assert out == (
        ".github/workflows/ci.yml:3:14: warning[BL602] `RUSTFLAGS` denies warnings for jobs "
        "`test` and `tasks`: every dependency is rebuilt with these flags, and warnings of path "
        "dependencies fail the build\n"
    )


def test_show_files_names_the_ci_files(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workflow = WORKFLOW.replace(
        "      - uses: Swatinem", "      - uses: ./.github/setup\n      - uses: Swatinem"
    )
    project(in_tmp, workflow)
    (in_tmp / ".github/setup").mkdir()
    (in_tmp / ".github/setup/action.yml").write_text(
        "runs:\n  using: composite\n  steps:\n    - run: echo\n      shell: bash\n"
    )
    (in_tmp / ".github/workflows/broken.yml").write_text("on: [push\n")
    _, out, _ = run(["--show-files", "--output-format", "json"], capsys)
    (files,) = json.loads(out)
    assert files["other"] == [
        {"path": ".github/workflows/ci.yml", "role": "CI workflow"},
        {"path": ".github/setup/action.yml", "role": "composite action"},
        {"path": ".github/workflows/broken.yml", "role": "unreadable CI file (BL600)"},
    ]


def test_one_place_with_one_advice_is_one_finding(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # wgpu after --fix: the root and `xtask/` read the root's config, and the workflow's
    # RUSTFLAGS discards it for the commands of both
    workflow = (
        "on: push\nenv:\n  RUSTFLAGS: --cfg ci\njobs:\n"
        "  test:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: Swatinem/rust-cache@v2\n      - run: cargo test\n"
        "      - run: cargo run --manifest-path xtask/Cargo.toml\n"
        "  lint:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: Swatinem/rust-cache@v2\n      - run: cargo check\n"
    )
    project(in_tmp, workflow, config='[build]\nrustflags = ["--cfg", "fast"]\n')
    (in_tmp / ".git").mkdir()
    nested_workspace(in_tmp / "xtask")
    _, out, _ = run(["--select", "BL601", "--output-format", "concise", "--quiet"], capsys)
    assert out == (
        ".github/workflows/ci.yml:3:14: warning[BL601] `RUSTFLAGS` replaces the config's "
        "rustflags for jobs `test` and `lint` on `x86_64-unknown-linux-gnu`: `--cfg fast` never "
        "reaches rustc\n"
    )


def test_a_shared_value_is_judged_by_each_workspaces_toolchain(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the root pins 1.80, where `CARGO_BUILD_WARNINGS` does nothing: its finding offers no fix
    workflow = (
        "on: push\nenv:\n  RUSTFLAGS: -D warnings\njobs:\n"
        "  test:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: Swatinem/rust-cache@v2\n      - run: cargo test\n"
        "      - run: cd xtask && cargo run\n"
    )
    project(in_tmp, workflow, config=None)
    (in_tmp / ".git").mkdir()
    (in_tmp / "rust-toolchain.toml").write_text('[toolchain]\nchannel = "1.80"\n')
    nested_workspace(in_tmp / "xtask")
    (in_tmp / "xtask/rust-toolchain.toml").write_text('[toolchain]\nchannel = "stable"\n')
    _, out, _ = run(["--select", "BL602", "--output-format", "json"], capsys)
    said = [(f["severity"], f["help"].split(";")[0], f["fix"] is not None) for f in json.loads(out)]
    assert said == [
        (
            "info",
            'deny warnings with `[lints.rust] warnings = "deny"` in `Cargo.toml`, or `cargo '
            "clippy -- -D warnings` (`CARGO_BUILD_WARNINGS` needs Cargo 1.97)",
            False,
        ),
        ("warning", "deny warnings with `CARGO_BUILD_WARNINGS: deny`", True),
    ]


def test_workflows_of_a_project_kept_inside_do_not_run_here(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # difftastic: vendored parsers bring their own workflows, which GitHub never runs here
    project(in_tmp)
    (in_tmp / ".git").mkdir()
    vendored = in_tmp / "parsers/kotlin"
    (vendored / ".github/workflows").mkdir(parents=True)
    (vendored / "Cargo.toml").write_text("[workspace]\n\n" + PACKAGE.replace("app", "parser"))
    (vendored / ".github/workflows/build.yml").write_text(WORKFLOW)
    _, out, _ = run(["--select", "BL6", "--output-format", "concise", "--quiet"], capsys)
    assert out and "parsers" not in out
    _, out, _ = run(["--show-files", "--output-format", "json"], capsys)
    assert [f["path"] for files in json.loads(out) for f in files["other"]] == [
        ".github/workflows/ci.yml",
        ".github/workflows/ci.yml",
    ]


def test_a_workflow_passed_alone_lints_the_repository(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project(in_tmp)
    code, out, _ = run(
        ["--select", "BL602", "--output-format", "concise", ".github/workflows/ci.yml"], capsys
    )
    assert (code, out.splitlines()[0][:40]) == (1, ".github/workflows/ci.yml:3:14: warning[B")


def test_no_workflow_no_yaml_import(in_tmp: Path) -> None:
    (in_tmp / "Cargo.toml").write_text(PACKAGE)
    probe = (
        "import sys\nfrom cargo_buildlint import cli\ncode = cli.main(['--quiet', '.'])\n"
        "assert 'yaml' not in sys.modules, 'yaml imported'\n"
        "loaded = [m for m in sys.modules if m.startswith('cargo_buildlint.ci.')]\n"
        "assert loaded == ['cargo_buildlint.ci.find'], loaded\n"
    )
    run_probe(probe, ["yaml"], cwd=in_tmp)


def _setup(root: Path, workflows: dict[str, str]) -> CiSetup:
    (root / ".github/workflows").mkdir(parents=True)
    for name, text in workflows.items():
        (root / ".github/workflows" / name).write_text(text)
    return load_github(root, None)


def test_the_cargo_profile_of_a_command(tmp_path: Path) -> None:
    commands = [
        ("cargo test --profile ci", "ci"),
        ("cargo nextest run --profile ci", "test"),  # qdrant: a nextest profile
        ("cargo nextest run -P ci --cargo-profile=fast", "fast"),
        ("cargo nextest run --release", "release"),
        ("cargo llvm-cov nextest --profile ci", "test"),
        ("cargo llvm-cov --profile ci", "ci"),
        ("cargo llvm-cov clean --workspace", "test"),  # pyo3: compiles nothing
        ("cargo bench --release", "bench"),
        ("cargo run -- --profile ci", "dev"),
    ]
    steps = "".join(f"      - run: {command}\n" for command, _ in commands)
    workflow = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n" + steps
    (job,) = _setup(tmp_path, {"ci.yml": workflow}).jobs
    assert [(run.text, run.profile) for run in job.runs] == commands
    assert [run.text for run in job.runs if not run.compiles] == [
        "cargo llvm-cov clean --workspace"
    ]


def test_literal_matrix_values_give_the_directories(tmp_path: Path) -> None:
    # axum: `--manifest-path ${{ matrix.workspace }}/Cargo.toml`; nushell: a working directory
    # from a matrix object; an expression's value stays unknown
    workflow = """\
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        workspace: [., examples]
        crate: [{path: crates/a}, {path: crates/b}]
        other: ${{ fromJSON(inputs.list) }}
    steps:
      - run: cargo test --manifest-path ${{ matrix.workspace }}/Cargo.toml
      - run: cargo build
        working-directory: ${{ matrix.crate.path }}
      - run: cargo check --manifest-path ${{ matrix.other }}/Cargo.toml
"""
    (job,) = _setup(tmp_path, {"ci.yml": workflow}).jobs
    assert [(run.subcommand, run.directory) for run in job.runs] == [
        ("test", ""),
        ("test", "examples"),
        ("build", "crates/a"),
        ("build", "crates/b"),
        ("check", None),
    ]


def test_a_step_runs_only_where_its_condition_may_hold(tmp_path: Path) -> None:
    # eza, diesel: steps for one operating system; GitHub compares without regard to case
    workflow = """\
on: push
jobs:
  a:
    runs-on: ${{ matrix.os }}
    strategy:
      matrix:
        os: [ubuntu-latest, ubuntu-22.04, windows-latest, macos-14]
    steps:
      - run: cargo build
        if: runner.os == 'Linux'
      - run: cargo clippy
        if: matrix.os != 'windows-latest'
      - run: cargo doc
        if: ${{ startsWith(matrix.os, 'macos') }}
      - run: cargo test
        if: matrix.os == 'ubuntu-latest'
      - run: cargo bench
        if: runner.os == 'windows' && github.event_name == 'push'
"""
    (job,) = _setup(tmp_path, {"ci.yml": workflow}).jobs
    linux, windows, mac = (
        "x86_64-unknown-linux-gnu",
        "x86_64-pc-windows-msvc",
        "aarch64-apple-darwin",
    )
    assert [(run.subcommand, run.runner) for run in job.runs] == [
        ("build", linux),
        ("clippy", linux),
        ("clippy", mac),
        ("doc", mac),
        ("test", linux),  # two labels name this machine: it may hold
        ("bench", linux),  # a condition buildlint does not read may hold anywhere
        ("bench", windows),
        ("bench", mac),
    ]


def test_a_variable_may_name_cargo(tmp_path: Path) -> None:
    # ripgrep: `${{ env.CARGO }} build`, with `CARGO: cargo` (or `cross`, as a step decides)
    workflow = """\
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    env:
      CARGO: cargo
      NIGHTLY: cargo +nightly
    steps:
      - run: ${{ env.CARGO }} build --workspace
      - run: $CARGO test
      - run: $NIGHTLY check
      - run: ${{ env.UNSET }} build
"""
    (job,) = _setup(tmp_path, {"ci.yml": workflow}).jobs
    assert [(run.text, run.subcommand, run.toolchain.spec) for run in job.runs] == [
        ("${{ env.CARGO }} build --workspace", "build", "stable"),
        ("$CARGO test", "test", "stable"),
        ("cargo check", "check", "nightly"),
    ]


def test_runner_triples_from_labels_and_literal_matrices(tmp_path: Path) -> None:
    workflow = """\
on: push
jobs:
  a:
    strategy:
      matrix:
        os: [ubuntu-latest, ubuntu-24.04-arm, windows-latest, macos-latest, macos-13]
        include:
          - os: macos-latest-large
          - os: windows-11-arm
    runs-on: ${{ matrix.os }}
    steps:
      - run: cargo build
  b:
    runs-on: [self-hosted, linux, x64]
    steps:
      - run: cargo build
  c:
    runs-on: ${{ inputs.runner }}
    steps:
      - run: cargo build
  d:
    runs-on: [self-hosted, linux, riscv64]
    steps:
      - run: cargo build
  e:
    runs-on: [self-hosted, Linux, available]
    steps:
      - run: cargo build
  f:
    runs-on: [self-hosted, macOS, ARM64]
    steps:
      - run: cargo build
  g:
    runs-on: [self-hosted, linux, ARM]
    steps:
      - run: cargo build
"""
    setup = _setup(tmp_path, {"ci.yml": workflow})
    assert [job.runners for job in setup.jobs] == [
        (
            "x86_64-unknown-linux-gnu",
            "aarch64-unknown-linux-gnu",
            "x86_64-pc-windows-msvc",
            "aarch64-apple-darwin",
            "x86_64-apple-darwin",
            "aarch64-pc-windows-msvc",
        ),
        ("x86_64-unknown-linux-gnu",),
        (None,),
        ("riscv64gc-unknown-linux-gnu",),
        (None,),  # a self-hosted runner without an architecture label: nothing assumed
        ("aarch64-apple-darwin",),
        (None,),  # GitHub's `ARM` label: 32-bit
    ]
    # the runners GitHub does not host: their disk may outlive a run
    assert [job.self_hosted for job in setup.jobs] == [False, True, False, True, True, True, True]


def test_release_pipelines_by_trigger_or_name(tmp_path: Path) -> None:
    steps = "jobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: cargo build\n"
    setup = _setup(
        tmp_path,
        {
            "cd.yml": "name: CD\non:\n  push:\n    tags: ['v*']\n" + steps,
            "ci.yml": "on:\n  push:\n    branches: [main]\n    tags: ['v*']\n" + steps,
            "publish.yml": "on: workflow_dispatch\n" + steps,
            "nightly-rust.yml": "on: schedule\n" + steps,
            "check-release.yml": "on: pull_request\n" + steps,
            "gh.yml": "on: release\n" + steps,
            # biome's preview.yml: the plural and other forms of the words count too
            "preview.yml": "name: Preview releases\non: push\n" + steps,
            "deployment.yml": "on: workflow_dispatch\n" + steps,
            "prerelease-notes.yml": "on: push\n" + steps,
        },
    )
    assert {p.document.path.name: p.releases for p in setup.pipelines} == {
        "cd.yml": True,
        "ci.yml": False,
        "check-release.yml": False,
        "gh.yml": True,
        "nightly-rust.yml": False,
        "publish.yml": True,
        "preview.yml": True,
        "deployment.yml": True,
        "prerelease-notes.yml": False,
    }


def test_exported_values_expand_the_variables_known_so_far(tmp_path: Path) -> None:
    workflow = """\
on: push
env:
  RUSTFLAGS: --cfg a
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: |
          echo RUSTFLAGS="$RUSTFLAGS -D warnings" >> "$GITHUB_ENV"
          echo "CARGO_BUILD_RUSTFLAGS=$CARGO_BUILD_RUSTFLAGS --cfg b" >> "$GITHUB_ENV"
          echo "RUSTDOCFLAGS=$HOME" >> "$GITHUB_ENV"
      - run: cd crates && (cd app && cargo build) && cargo test
      - run: cargo check
        working-directory: ${{ matrix.dir }}
"""
    setup = _setup(tmp_path, {"ci.yml": workflow})
    build, test, check = setup.jobs[0].runs
    assert {k: (v.value, v.own_words) for k, v in build.env.items()} == {
        "RUSTFLAGS": ("--cfg a -D warnings", ["-D", "warnings"]),
        "CARGO_BUILD_RUSTFLAGS": ("--cfg b", ["--cfg", "b"]),
        "RUSTDOCFLAGS": (None, []),
    }
    assert [(r.text, r.directory) for r in (build, test, check)] == [
        ("cargo build", "crates/app"),
        ("cargo test", "crates"),
        ("cargo check", None),
    ]


def test_target_directory_as_cargo_chooses_it(tmp_path: Path) -> None:
    from cargo_buildlint.ci.layer import target_directory
    from cargo_buildlint.load import LoadProblem, read_toml

    workflow = """\
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: cargo build --target-dir out
      - run: cargo build
        env: {CARGO_TARGET_DIR: t1}
      - run: cargo build
        env: {CARGO_BUILD_TARGET_DIR: t2}
      - run: cargo build
        env: {CARGO_TARGET_DIR: t1, CARGO_BUILD_TARGET_DIR: t2}
      - run: cargo build
        working-directory: sub
        env: {CARGO_TARGET_DIR: ../t3}
      - run: cargo run -- --target-dir x
      - run: cargo build
        env: {CARGO_TARGET_DIR: "${{ github.workspace }}/t4"}
      - run: cargo build
        env: {CARGO_TARGET_DIR: "${{ runner.temp }}/t5"}
      - run: cargo build
        env: {CARGO_TARGET_DIR: /srv/t6}
"""
    (tmp_path / ".cargo").mkdir()
    (tmp_path / ".cargo/config.toml").write_text('[build]\ntarget-dir = "cfg"\n')
    config = read_toml(tmp_path / ".cargo/config.toml")
    assert not isinstance(config, LoadProblem)
    runs = _setup(tmp_path, {"ci.yml": workflow}).jobs[0].runs
    found = [target_directory(run, [config], tmp_path, tmp_path) for run in runs]
    assert found == ["out", "t1", "t2", "t1", "t3", "cfg", "t4", None, None]
    assert target_directory(runs[5], [], tmp_path, tmp_path) == "target"
    assert target_directory(runs[5], [], tmp_path / "ws", tmp_path) == "ws/target"


def test_run_directories_are_read_through_the_checkouts(tmp_path: Path) -> None:
    workflow = """\
on: push
jobs:
  sync:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with: {path: ruff}
      - uses: actions/checkout@v4
        with: {repository: python/typeshed, path: typeshed}
      - run: cargo build
        working-directory: ruff/crates/ty
      - run: cargo build
        working-directory: typeshed
      - run: cargo build
  sdk:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with: {repository: owner/sdk}
      - run: cargo test
  plain:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: cargo test --manifest-path crates/a/Cargo.toml
  none:
    runs-on: ubuntu-latest
    steps:
      - run: cargo test
  manifest-path:
    runs-on: ubuntu-latest
    defaults:
      run: {working-directory: elsewhere}
    steps:
      - uses: actions/checkout@v4
        with: {path: repo}
      - uses: actions/checkout@v4
        with: {repository: a/b, path: repo/vendor/b}
      - run: cargo build --manifest-path repo/Cargo.toml
        working-directory: .
      - run: cargo install --path repo
        working-directory: .
      - run: cargo build --manifest-path repo/vendor/b/Cargo.toml
        working-directory: .
      - uses: actions-rs/cargo@v1  # an action starts in the workspace, not in `defaults.run`
        with: {command: build, args: --manifest-path repo/Cargo.toml}
"""
    setup = _setup(tmp_path, {"ci.yml": workflow})
    assert [[run.directory for run in job.runs] for job in setup.jobs] == [
        ["crates/ty", None, None],  # this repository's checkout; another's; outside both
        [None],  # another repository at the workspace root
        ["crates/a"],
        [""],  # nothing checked out: taken at its word
        ["", "", None, ""],  # read through the manifest path, then through the checkouts
    ]
    assert [job.cleans_checkout for job in setup.jobs] == [True, False, True, False, True]
    assert [run.checkout for run in setup.jobs[0].runs] == ["ruff", None, None]
