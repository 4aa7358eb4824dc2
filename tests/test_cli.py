"""The command line as a user meets it: exit codes, formats, bad paths and bad files."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import buildlint_command, run_probe
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cargo_buildlint import cli
from cargo_buildlint.catalogue import all_rules

PACKAGE = '[package]\nname = "a"\nversion = "0.1.0"\n'
# The guide's recommended profiles: nothing to warn about (BL104 adds an info note).
GUIDE = (
    '\n[profile.dev]\ndebug = "line-tables-only"\n\n[profile.dev.package."*"]\ndebug = false\n'
    '\n[profile.debugging]\ninherits = "dev"\ndebug = true\n'
)
# Tests of the command line's mechanics run the validation rules only.
VALIDATION = ["--select", "BL0"]
JSON_FIELDS = {
    "code",
    "name",
    "severity",
    "message",
    "file",
    "line",
    "column",
    "end_line",
    "end_column",
    "help",
    "url",
    "notes",
    "fix",
}


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(args)
    out, err = capsys.readouterr()
    return code, out, err


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text)
    return path


def test_clean_project_exits_zero(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(in_tmp / "Cargo.toml", PACKAGE + GUIDE)
    code, out, err = run(["--output-format", "concise"], capsys)
    assert (code, err) == (0, "")
    assert out == (
        "Cargo.toml:13:9: info[BL104] `[profile.debugging]` gives dependencies no debug info\n"
        "found 1 info in 1 file\n"
    )
    assert run([*VALIDATION], capsys) == (0, "no problems found\n", "")


def test_json_contract(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(in_tmp / "Cargo.toml", PACKAGE + '\n[profile.release]\nopt-level = "3"\n')
    code, out, _ = run([*VALIDATION, "--output-format", "json", "Cargo.toml"], capsys)
    assert code == 1
    [item] = json.loads(out)
    assert set(item) == JSON_FIELDS
    assert item == {
        "code": "BL002",
        "name": "invalid-profile-value",
        "severity": "error",
        "message": 'invalid value `"3"` for `opt-level` in `[profile.release]`: '
        'expected `0`, `1`, `2`, `3`, `"s"` or `"z"`',
        "file": "Cargo.toml",
        "line": 6,
        "column": 13,
        "end_line": 6,
        "end_column": 16,
        "help": "write `opt-level = 3`",
        "notes": [],
        "url": "https://doc.rust-lang.org/cargo/reference/profiles.html#profile-settings",
        "fix": None,
    }


def test_concise_format(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(in_tmp / "Cargo.toml", PACKAGE + "\n[profile.release]\ncodegen_units = 1\n")
    code, out, _ = run([*VALIDATION, "--output-format", "concise"], capsys)
    assert (code, out) == (
        1,
        "Cargo.toml:6:1: warning[BL003] unknown key `codegen_units` in "
        "`[profile.release]`, Cargo ignores it\nfound 1 warning in 1 file\n",
    )


def test_colour_only_when_asked(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(in_tmp / "Cargo.toml", PACKAGE + "\n[profile.release]\ncodegen_units = 1\n")
    assert "\x1b[" not in run([], capsys)[1]  # captured output is no terminal
    assert "\x1b[1;33mwarning[BL003]" in run(["--color", "always"], capsys)[1]
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    assert "\x1b[" not in run([], capsys)[1]


def test_member_manifest_is_linted_with_its_workspace(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        in_tmp / "Cargo.toml", '[workspace]\nmembers = ["app"]\n\n[profile.dev]\nopt-level = "1"\n'
    )
    write(in_tmp / "app/Cargo.toml", PACKAGE)
    code, out, _ = run([*VALIDATION, "--output-format", "concise", "app/Cargo.toml"], capsys)
    assert code == 1
    assert out.startswith("Cargo.toml:5:13: error[BL002]")


def test_directory_scan_finds_each_workspace_once_and_skips_target(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        in_tmp / "one/Cargo.toml",
        '[workspace]\nmembers = ["a", "b"]\n[profile.dev]\nopt_level = 1\n',
    )
    write(in_tmp / "one/a/Cargo.toml", PACKAGE)
    write(in_tmp / "one/b/Cargo.toml", PACKAGE)
    write(in_tmp / "two/Cargo.toml", PACKAGE + "[profile.dev]\ndebug = 3\n")
    write(in_tmp / "two/target/debug/Cargo.toml", "not toml [")
    write(in_tmp / ".hidden/Cargo.toml", "not toml [")
    write(in_tmp / "vendor/x/Cargo.toml", "not toml [")
    code, out, _ = run([*VALIDATION, "--output-format", "concise", "."], capsys)
    assert code == 1
    assert out.splitlines() == [
        "one/Cargo.toml:4:1: warning[BL003] unknown key `opt_level` in `[profile.dev]`, "
        "Cargo ignores it",
        "two/Cargo.toml:5:9: error[BL002] invalid value `3` for `debug` in `[profile.dev]`: "
        "expected "
        '`true`, `false`, `0`, `1`, `2`, `"none"`, `"line-directives-only"`, `"line-tables-only"`, '
        '`"limited"` or `"full"`',
        "found 1 error, 1 warning in 2 files",
    ]


def test_config_file_path_lints_its_workspace(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(in_tmp / "Cargo.toml", PACKAGE)
    write(in_tmp / ".cargo/config.toml", '[profile.dev]\ndebug = "2"\n')
    code, out, _ = run([*VALIDATION, "--output-format", "concise", ".cargo/config.toml"], capsys)
    assert code == 1 and out.startswith(".cargo/config.toml:2:9: error[BL002]")


@pytest.mark.parametrize(
    ("setup", "args", "message"),
    [
        (
            lambda p: None,
            ["missing/Cargo.toml"],
            "error: path `missing/Cargo.toml` does not exist\n",
        ),
        (
            lambda p: (p / "Cargo.toml").mkdir(),
            ["Cargo.toml"],
            "error: `Cargo.toml` is a directory, not a manifest\n",
        ),
        (lambda p: (p / "empty").mkdir(), ["empty"], "error: no Cargo.toml found in empty\n"),
        (
            lambda p: write(p / "notes.txt", "x"),
            ["notes.txt"],
            "error: `notes.txt` is not a Cargo.toml and no Cargo.toml stands above it\n",
        ),
        (lambda p: None, ["--output-format", "xml"], None),
        (
            lambda p: None,
            ["--select", "BL999"],
            "error: no rule matches `BL999`; `buildlint rules` lists them\n",
        ),
        (
            lambda p: None,
            ["--ignore", "B"],
            "error: no rule matches `B`; `buildlint rules` lists them\n",
        ),
    ],
    ids=[
        "missing",
        "directory-named-manifest",
        "no-manifest",
        "other-file",
        "bad-flag",
        "unknown-select",
        "too-short-prefix",
    ],
)
def test_usage_errors_exit_two(
    in_tmp: Path,
    capsys: pytest.CaptureFixture[str],
    setup: Callable[[Path], object],
    args: list[str],
    message: str | None,
) -> None:
    setup(in_tmp)
    code, out, err = run(args, capsys)
    assert code == 2 and out == ""
    if message:
        assert err == message
    assert "Traceback" not in err


def test_symlink_loop_does_not_hang(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(in_tmp / "ws/Cargo.toml", PACKAGE)
    (in_tmp / "ws/loop").symlink_to(in_tmp / "ws", target_is_directory=True)
    (in_tmp / "ws/self").symlink_to("self")
    assert run([*VALIDATION, "ws"], capsys)[0] == 0


def test_huge_file_is_refused_with_a_message(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(in_tmp / "Cargo.toml", PACKAGE + "# padding\n" * 900_000)
    code, out, _ = run(["--output-format", "concise"], capsys)
    assert code == 1
    assert out.startswith("Cargo.toml:1:1: error[BL001] file is too large to be a Cargo file (9,")


def test_binary_file(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(in_tmp / "Cargo.toml", bytes(range(256)))
    code, out, _ = run(["--output-format", "concise"], capsys)
    assert code == 1
    assert out.startswith("Cargo.toml:2:118: error[BL001] file is not valid UTF-8")


def test_member_that_cannot_be_read(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(in_tmp / "Cargo.toml", '[workspace]\nmembers = ["a"]\n')
    write(in_tmp / "a/Cargo.toml", "[package\n")
    code, out, _ = run([*VALIDATION, "--output-format", "concise"], capsys)
    assert code == 1
    assert out.startswith("a/Cargo.toml:1:9: error[BL001] invalid TOML")


def test_internal_error_is_reported_without_traceback(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(in_tmp / "Cargo.toml", PACKAGE)

    def explode(*_: object, **__: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("cargo_buildlint.lint.discover", explode)
    code, out, err = run([], capsys)
    assert (code, out) == (2, "")
    assert err == (
        "error: internal error: RuntimeError: boom\n"
        "note: run with `--debug` for the traceback, and please report it\n"
    )
    with pytest.raises(RuntimeError):
        cli.main(["--debug"])


def test_select_and_ignore(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(in_tmp / "Cargo.toml", PACKAGE + "\n[profile.dev]\nopt_level = 1\ndebug = 3\n")

    def codes(*args: str) -> list[str]:
        out = run(["--output-format", "concise", *args], capsys)[1]
        return [line.split()[1] for line in out.splitlines()[:-1]]

    assert codes("--select", "BL0") == ["warning[BL003]", "error[BL002]"]
    assert codes("--select", "dev-full-debuginfo") == ["warning[BL101]"]
    assert codes("--select", "BL003") == ["warning[BL003]"]
    assert codes("--select", "invalid-profile-value") == ["error[BL002]"]
    assert codes("--select", "BL0", "--ignore", "BL002") == ["warning[BL003]"]


def test_rules_and_rule_commands(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["rules"], capsys)
    assert code == 0
    listed, footer = out.split("\n\n")
    assert [line.split()[0] for line in listed.splitlines()] == [r.code for r in all_rules()]
    assert footer == "* off by default: select it by code, prefix or name (`--select BL208`)\n"
    assert next(line for line in listed.splitlines() if line.startswith("BL208")).split()[2] == (
        "info*"
    )
    code, out, _ = run(["rule", "invalid-profile-value"], capsys)
    assert code == 0 and out.startswith(
        "# BL002 invalid-profile-value (error, no fix)\n\nA profile value"
    )
    assert run(["rule", "BL101"], capsys)[1].startswith(
        "# BL101 dev-full-debuginfo (warning, safe fix)\n"
    )
    lines = run(["rules"], capsys)[1].splitlines()
    assert lines[1].split()[:4] == ["BL001", "invalid-toml", "error", "none"]
    assert next(line for line in lines if line.startswith("BL017")).split()[2:6] == [
        "warning",
        "safe",
        "or",
        "unsafe",
    ]
    assert run(["rule", "BL999"], capsys)[:2] == (2, "")


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--version"], capsys)[:2] == (0, "buildlint 0.1.0\n")
    code, out, _ = run(["--help"], capsys)
    assert code == 0 and "--output-format" in out


def test_cargo_subcommand_strips_its_name() -> None:
    assert cli.strip_cargo_subcommand(["buildlint", "--version"]) == ["--version"]
    assert cli.strip_cargo_subcommand(["--version"]) == ["--version"]


def test_output_survives_a_closed_pipe(tmp_path: Path) -> None:
    write(tmp_path / "Cargo.toml", PACKAGE + "[profile.dev]\n" + "debug = 3\n")
    reader = subprocess.Popen(
        [*buildlint_command(), "."], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert reader.stdout is not None and reader.stderr is not None
    reader.stdout.close()
    assert reader.wait(timeout=60) == 1
    assert b"Traceback" not in reader.stderr.read()


def test_module_entry_point_runs(tmp_path: Path) -> None:
    write(tmp_path / "Cargo.toml", PACKAGE + "[profile.dev]\ndebug = 3\n")
    result = subprocess.run(
        [*buildlint_command(), *VALIDATION, "--output-format", "json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert result.returncode == 1
    assert [d["code"] for d in json.loads(result.stdout)] == ["BL002"]


FUZZ_FILES = st.sampled_from(
    [
        "Cargo.toml",
        ".cargo/config.toml",
        "rust-toolchain.toml",
        "rust-toolchain",
        "crates/a/Cargo.toml",
    ]
)
FUZZ_TEXT = st.one_of(
    st.text(max_size=300),
    st.binary(max_size=120).map(lambda b: b.decode("latin-1")),
    st.lists(
        st.sampled_from(
            [
                "[package]",
                'name = "a"',
                "[workspace]",
                'members = ["crates/*"]',
                "[profile.dev]",
                "[profile.x]",
                'inherits = "x"',
                "debug = 3",
                'opt-level = "s"',
                "profile = 3",
                '[profile.dev.package."*"]',
                "lto = true",
                "[[bin]]",
                "[unstable]",
                "a.b.c = 1",
                'channel = "nightly"',
                "[toolchain]",
                "x = [1,",
                "cargo-features = []",
                "\ufeff",
            ]
        ),
        max_size=12,
    ).map("\n".join),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.dictionaries(FUZZ_FILES, FUZZ_TEXT, min_size=1, max_size=4))
def test_cli_never_crashes(tmp_path: Path, files: dict[str, str]) -> None:
    root = tmp_path / "fuzz"
    if root.exists():
        import shutil

        shutil.rmtree(root)
    for name, text in files.items():
        write(root / name, text.encode("utf-8", errors="surrogateescape"))
    write(root / "Cargo.toml", files.get("Cargo.toml", PACKAGE).encode("utf-8", "surrogateescape"))
    for fmt in ("json", "full"):
        code = cli.main(["--output-format", fmt, "--debug", str(root)])
        assert code in (0, 1)


def test_home_config_is_read_only_on_request(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(in_tmp / "project/Cargo.toml", PACKAGE)
    write(in_tmp / "home/config.toml", '[profile.dev]\nopt-level = "2"\n')
    monkeypatch.setenv("CARGO_HOME", str(in_tmp / "home"))
    assert run([*VALIDATION, "project"], capsys)[0] == 0
    code, out, _ = run(
        [*VALIDATION, "--output-format", "concise", "--include-home-config", "project"], capsys
    )
    assert code == 1
    assert out.startswith("home/config.toml:2:13: error[BL002]")


def test_profile_command_shows_each_setting_and_its_origin(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(in_tmp / "Cargo.toml", PACKAGE + GUIDE)
    write(in_tmp / ".cargo/config.toml", "[profile.dev]\nopt-level = 1\n")
    code, out, _ = run(["profile", "debugging"], capsys)
    assert code == 0
    sections = out.split("\n\n")
    assert sections[0] == "profile `debugging` of Cargo.toml\ninherits: `dev`"
    assert sections[1].splitlines()[:3] == [
        "[workspace crates]",
        "opt-level = 1            # .cargo/config.toml:2 `profile.dev.opt-level`",
        "debug = true             # Cargo.toml:13 `profile.debugging.debug`",
    ]
    assert sections[2].splitlines()[2] == (
        'debug = false            # Cargo.toml:9 `profile.dev.package."*".debug`'
    )
    assert "incremental = false" in sections[3]
    assert run(["profile", "nope"], capsys)[:2] == (2, "")


def test_json_carries_the_structured_fix(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(in_tmp / "Cargo.toml", PACKAGE)
    code, out, _ = run(["--output-format", "json", "--select", "dependency-debuginfo"], capsys)
    [item] = json.loads(out)
    assert (code, item["fix"]) == (
        1,
        {
            "title": 'Set `debug = false` in `[profile.dev.package."*"]`',
            "applicability": "safe",
            "edits": [
                {
                    "file": "Cargo.toml",
                    "key": ["profile", "dev", "package", "*", "debug"],
                    "value": False,
                }
            ],
        },
    )


def test_several_files_of_one_workspace_lint_it_once(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(in_tmp / "Cargo.toml", '[workspace]\nmembers = ["app"]\n\n[profile.dev]\nlto = true\n')
    write(in_tmp / "app/Cargo.toml", PACKAGE)
    write(in_tmp / ".cargo/config.toml", "[build]\nincremental = false\n")
    write(in_tmp / "rust-toolchain.toml", '[toolchain]\nchannel = "1.92"\n')
    whole = run(["--output-format", "concise"], capsys)
    files = ["app/Cargo.toml", ".cargo/config.toml", "Cargo.toml", "rust-toolchain.toml"]
    assert run(["--output-format", "concise", *files], capsys) == whole
    assert whole[1].count("BL201") == 1


def test_fix_and_diff_together_are_a_usage_error(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(in_tmp / "Cargo.toml", PACKAGE)
    code, _, err = run(["--fix", "--diff"], capsys)
    assert code == 2
    assert "argument --diff: not allowed with argument --fix" in err
    assert (in_tmp / "Cargo.toml").read_text() == PACKAGE


def test_select_splits_on_commas(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(in_tmp / "Cargo.toml", PACKAGE + "\n[profile.dev]\ndebug = 3\nlto = true\n")
    out = run(["--output-format", "concise", "--select", "BL002,BL201"], capsys)[1]
    assert [line.split()[1] for line in out.splitlines()[:-1]] == ["error[BL002]", "warning[BL201]"]


def test_a_subcommand_beside_a_directory_of_that_name(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(in_tmp / "rules/Cargo.toml", PACKAGE)
    code, out, err = run(["rules"], capsys)
    assert code == 0 and out.startswith("BL000")
    assert err == "note: `rules` runs the subcommand; to lint the path, write `buildlint ./rules`\n"
    assert run(["--output-format", "concise", *VALIDATION, "./rules"], capsys)[0] == 0


def test_profile_of_a_directory_without_a_manifest(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (in_tmp / "empty").mkdir()
    code, out, err = run(["profile", "dev", "empty"], capsys)
    assert (code, out, err) == (2, "", "error: no Cargo.toml found in empty\n")


def test_an_unreadable_member_is_reported_once(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(in_tmp / "Cargo.toml", '[workspace]\nmembers = ["a"]\n')
    write(in_tmp / "a/Cargo.toml", "[package\n")
    for paths in ([], ["a/Cargo.toml"], [".", "a/Cargo.toml"]):
        out = run(["--output-format", "concise", "--select", "BL001", *paths], capsys)[1]
        assert out.count("BL001") == 1, out


@pytest.mark.parametrize("given", [".cargo/config.toml", "rust-toolchain"])
def test_diff_accepts_what_fix_accepts(
    given: str, in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A shadowed config file or a one-line toolchain file stands for its workspace."""
    write(in_tmp / "Cargo.toml", PACKAGE)
    write(in_tmp / ".cargo/config", "[build]\njobs = 1\n")
    write(in_tmp / ".cargo/config.toml", "[build]\njobs = 2\n")
    write(in_tmp / "rust-toolchain", "stable\n")
    code, out, err = run(["--diff", given], capsys)
    assert (code, err) == (1, "")
    assert out.startswith("--- a/Cargo.toml\n+++ b/Cargo.toml\n")
    assert "buildlint-diff-" not in out


def test_show_files(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (in_tmp / ".git").mkdir()
    write(in_tmp / "Cargo.toml", '[workspace]\nmembers = ["crates/*"]\n')
    write(
        in_tmp / "crates/a/Cargo.toml", PACKAGE + '[dependencies]\nb = { path = "../../libs/b" }\n'
    )
    write(in_tmp / "libs/b/Cargo.toml", PACKAGE.replace('"a"', '"b"'))
    write(in_tmp / "tools/orphan/Cargo.toml", PACKAGE.replace('"a"', '"orphan"'))
    write(in_tmp / ".cargo/config.toml", 'include = ["more.toml"]\n')
    write(in_tmp / ".cargo/more.toml", "[build]\njobs = 2\n")
    write(in_tmp / ".cargo/config", "")
    write(in_tmp / "rust-toolchain.toml", '[toolchain]\nchannel = "1.90"\n')
    code, out, _ = run(["--show-files", "--output-format", "json"], capsys)
    assert code == 0
    assert json.loads(out) == [
        {
            "root": "Cargo.toml",
            "members": ["crates/a/Cargo.toml", "libs/b/Cargo.toml"],
            "configs": [".cargo/config"],
            "toolchain": "rust-toolchain.toml",
            "other": [
                {"path": ".cargo/config.toml", "role": "ignored, shadowed by .cargo/config"},
                {
                    "path": "tools/orphan/Cargo.toml",
                    "role": "package below the root that is not a member",
                },
            ],
        }
    ]
    (in_tmp / ".cargo/config").unlink()
    assert run(["--show-files"], capsys)[1] == (
        "Cargo.toml               workspace root manifest\n"
        "crates/a/Cargo.toml      member manifest\n"
        "libs/b/Cargo.toml        member manifest\n"
        ".cargo/config.toml       config file, priority 2 of 2\n"
        ".cargo/more.toml         config file, priority 1 of 2\n"
        "rust-toolchain.toml      toolchain file\n"
        "tools/orphan/Cargo.toml  package below the root that is not a member\n"
    )


def test_a_shared_file_is_reported_once(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (in_tmp / ".git").mkdir()
    write(in_tmp / ".cargo/config.toml", "[unstable]\nbuild-std = []\n")
    for name in ("one", "two", "three"):
        write(in_tmp / name / "Cargo.toml", PACKAGE)
    out = run(["--output-format", "concise", "--select", "BL017"], capsys)[1]
    assert out == (
        ".cargo/config.toml:1:1: warning[BL017] `[unstable]` is ignored: the toolchain is not "
        "pinned to nightly\nfound 1 warning in 1 file\n"
    )


def test_fix_says_which_files_it_created(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(in_tmp / "Cargo.toml", PACKAGE)
    _, _, err = run(["--fix", "--fix-to", "config", "--quiet"], capsys)
    assert err == "note: created .cargo/config.toml\n"


def test_diff_stops_where_fix_stops_outside_a_repository(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without a `.git`, each workspace reads only its own `.cargo/`: the copy `--diff`
    works on must not gain a repository boundary the original lacks."""
    write(in_tmp / "p/Cargo.toml", PACKAGE)
    write(in_tmp / "p/rust-toolchain.toml", '[toolchain]\nchannel = "nightly-2026-06-11"\n')
    write(in_tmp / "p/.cargo/config.toml", '[build]\nrustflags = ["-Zthreads=8"]\n')
    write(in_tmp / "p/tools/Cargo.toml", PACKAGE + "\n[workspace]\n")
    write(in_tmp / "p/tools/rust-toolchain.toml", '[toolchain]\nchannel = "1.88.0"\n')
    diff = run(["--diff", "--unsafe-fixes", "p"], capsys)[1]
    run(["--fix", "--unsafe-fixes", "--quiet", "p"], capsys)
    created = in_tmp / "p/tools/.cargo/config.toml"
    assert created.read_text() in diff.replace("\n+", "\n")
    assert "-Zthreads" not in created.read_text()


def test_a_lint_run_imports_nothing_only_other_work_needs(tmp_path: Path) -> None:
    # Start-up is part of every pre-commit run: modules that only help, fixes, measuring or a
    # misspelt name need stay unloaded (argparse's formatter would pull in shutil, and with it
    # bz2 and lzma).
    (tmp_path / "Cargo.toml").write_text(PACKAGE + '\n[profile.dev]\ndebug = "line-tables-only"\n')
    unwanted = ["shutil", "difflib", "cargo_buildlint.fix", "cargo_buildlint.measure", "pydantic"]
    probe = (
        "from cargo_buildlint import cli\ncode = cli.main(['--quiet', '.'])\n"
        f"print(sorted(set({unwanted!r}) & set(sys.modules)), file=sys.stderr)\n"
    )
    assert run_probe(probe, unwanted, cwd=tmp_path).stderr == "[]\n"


@pytest.mark.parametrize("columns", ["50", "200"])
def test_help_is_argparse_own_at_the_terminal_width(
    columns: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import argparse

    from cargo_buildlint.commands import check

    monkeypatch.setenv("COLUMNS", columns)
    ours = check.parser()
    theirs = check.parser()
    theirs.formatter_class = argparse.HelpFormatter
    assert ours.format_help() == theirs.format_help()


def test_exclude_skips_directories_a_walk_meets(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # cargo's own repository: test inputs under tests/testsuite are projects of their own,
    # which `--fix` at the root must not rewrite
    slow = PACKAGE.replace('"a"', '"{}"') + "\n[profile.dev]\ndebug = true\n"
    write(in_tmp / "app/Cargo.toml", slow.format("app"))
    write(in_tmp / "tests/testsuite/add/in/Cargo.toml", "[workspace]\n" + slow.format("fixture"))
    write(in_tmp / "fuzz/Cargo.toml", slow.format("fuzz"))

    def linted(args: list[str]) -> list[str]:
        code, out, _ = run(["--show-files", *args], capsys)
        assert code == 0
        return [line.split()[0] for line in out.splitlines() if line.strip()]

    everything = ["app/Cargo.toml", "fuzz/Cargo.toml", "tests/testsuite/add/in/Cargo.toml"]
    assert linted(["."]) == everything
    assert linted([".", "--extend-exclude", "tests/*/in", "--extend-exclude", "fuzz/"]) == [
        "app/Cargo.toml"
    ]
    assert linted([".", "--extend-exclude", "./fuzz", "--extend-exclude", "tests\\testsuite"]) == [
        "app/Cargo.toml"
    ]
    write(
        in_tmp / "Cargo.toml",
        '[workspace]\nmembers = ["app"]\n\n[workspace.metadata.buildlint]\n'
        'exclude = ["tests/testsuite"]\n',
    )
    assert linted(["."]) == ["Cargo.toml", "app/Cargo.toml", "fuzz/Cargo.toml"]
    # a path given is linted: the setting applies to the walk from the manifest's directory
    assert linted(["tests/testsuite"]) == ["tests/testsuite/add/in/Cargo.toml"]
    # a walk below the root keeps the root's patterns, within the repository: without one, the
    # root is not known to be the project's
    write(in_tmp / "tests/cli/Cargo.toml", "[workspace]\n" + slow.format("cli"))
    assert linted(["tests"]) == ["tests/cli/Cargo.toml", "tests/testsuite/add/in/Cargo.toml"]
    (in_tmp / ".git").mkdir()
    assert linted(["tests"]) == ["tests/cli/Cargo.toml"]
    # naming an excluded directory, or one below it, overrides the pattern
    write(in_tmp / "Cargo.toml", (in_tmp / "Cargo.toml").read_text().replace("testsuite", "*"))
    assert linted(["tests/testsuite"]) == ["tests/testsuite/add/in/Cargo.toml"]
    assert linted(["tests/testsuite/add"]) == ["tests/testsuite/add/in/Cargo.toml"]
    write(in_tmp / "Cargo.toml", (in_tmp / "Cargo.toml").read_text().replace("*", "testsuite"))
    # a manifest's patterns hold for the directories below its own
    write(
        in_tmp / "fuzz/Cargo.toml",
        slow.format("fuzz") + '\n[package.metadata.buildlint]\nexclude = ["corpus/*"]\n',
    )
    write(in_tmp / "fuzz/corpus/crash/Cargo.toml", slow.format("crash"))
    write(in_tmp / "corpus/crash/Cargo.toml", slow.format("kept"))
    assert linted(["."]) == [
        "Cargo.toml",
        "app/Cargo.toml",
        "corpus/crash/Cargo.toml",
        "fuzz/Cargo.toml",
        "tests/cli/Cargo.toml",
    ]
