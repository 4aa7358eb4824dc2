"""Nothing a project contains makes buildlint crash, hang or hide other workspaces' findings."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import buildlint_command, lint

from cargo_buildlint import catalogue, cli, resolve
from cargo_buildlint import lint as lint_module
from cargo_buildlint.ci.model import CiView
from cargo_buildlint.diagnostic import Severity, Violation
from cargo_buildlint.discover import Workspace, discover
from cargo_buildlint.output.concise import render_concise
from cargo_buildlint.project import Project
from cargo_buildlint.rule import CARGO_BOOK, Rule

PACKAGE = '[package]\nname = "app"\nversion = "0.1.0"\n'


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def concise(paths: list[str], select: list[str] | None = None) -> str:
    return render_concise(lint(paths, select), False)


def failing_rule(code: str) -> Rule:
    def check(project: Project) -> Iterator[Violation]:
        if "crash" in project.manifest.text:
            raise AssertionError("a bug")
        yield from ()

    return Rule(code, "always-failing", "fails", Severity.WARNING, check, CARGO_BOOK)


@pytest.fixture
def with_failing_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    rules = (*catalogue.all_rules(), failing_rule("BL999"))
    monkeypatch.setattr(catalogue, "all_rules", lambda: rules)
    monkeypatch.setattr(lint_module, "all_rules", lambda: rules)


def test_a_failing_rule_is_an_error_and_the_others_still_report(
    in_tmp: Path, with_failing_rule: None, capsys: pytest.CaptureFixture[str]
) -> None:
    write(in_tmp / "crashes/Cargo.toml", PACKAGE + "# crash\n")
    write(in_tmp / "fine/Cargo.toml", PACKAGE)
    code = cli.main(["--output-format", "concise", "--select", "BL101,BL999", "."])
    assert capsys.readouterr().out == (
        "crashes/Cargo.toml:1:1: error[BL000] internal error in rule `BL999` (always-failing): "
        "AssertionError: a bug\n"
        "crashes/Cargo.toml:1:1: warning[BL101] `[profile.dev]` gives workspace crates full "
        "debug info by default\n"
        "fine/Cargo.toml:1:1: warning[BL101] `[profile.dev]` gives workspace crates full debug "
        "info by default\n"
        "found 1 error, 2 warnings in 2 files\n"
    )
    assert code == 2


def test_internal_errors_are_not_silenced_by_allows(in_tmp: Path, with_failing_rule: None) -> None:
    write(in_tmp / "Cargo.toml", "# crash buildlint: allow(BL000, BL999)\n" + PACKAGE)
    assert "error[BL000]" in concise(["."], ["BL999"])


def test_a_failing_workspace_does_not_stop_the_others(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(in_tmp / "a/Cargo.toml", PACKAGE + "# crash\n")
    write(in_tmp / "b/Cargo.toml", PACKAGE)
    original = lint_module.build_project

    def build_project(
        workspace: Workspace, validators: lint_module.Validators, ci: CiView | None
    ) -> Project:
        if "crash" in workspace.manifest.text:
            raise KeyError("boom")
        return original(workspace, validators, ci)

    monkeypatch.setattr(lint_module, "build_project", build_project)
    code = cli.main(["--output-format", "concise", "--select", "BL101", "."])
    assert capsys.readouterr().out.splitlines()[:2] == [
        "a/Cargo.toml:1:1: error[BL000] internal error in linting this workspace: KeyError: 'boom'",
        "b/Cargo.toml:1:1: warning[BL101] `[profile.dev]` gives workspace crates full debug info "
        "by default",
    ]
    assert code == 2


def test_debug_shows_the_traceback(in_tmp: Path, with_failing_rule: None) -> None:
    write(in_tmp / "Cargo.toml", PACKAGE + "# crash\n")
    with pytest.raises(AssertionError):
        cli.main(["--debug", "--select", "BL999", "."])


def test_debugging_profile_with_default_member_debug_info(in_tmp: Path) -> None:
    """BL104 asserted when the debugging profile's full debug info was Cargo's default."""
    write(
        in_tmp / "Cargo.toml",
        PACKAGE + '[profile.dev.package."*"]\ndebug = false\n\n[profile.debugging]\n'
        'inherits = "dev"\n',
    )
    assert concise(["."], ["BL104"]) == (
        "Cargo.toml:7:1: info[BL104] `[profile.debugging]` gives dependencies no debug info\n"
    )


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("rust-toolchain.toml", '[toolchain]\nchannel = "nightly-2024-02-30"\n'),
        ("rust-toolchain", "nightly-2024-13-01\n"),
        ("rust-toolchain", "stable-0000-01-01\n"),
    ],
)
def test_impossible_toolchain_dates(in_tmp: Path, name: str, text: str) -> None:
    write(in_tmp / "Cargo.toml", PACKAGE)
    write(in_tmp / name, text)
    assert "BL000" not in concise(["."])


@pytest.mark.parametrize(("depth", "refused"), [(80, False), (81, True), (3000, True)])
def test_values_nested_deeper_than_cargo_allows(in_tmp: Path, depth: int, refused: bool) -> None:
    """Cargo 1.95 parses 80 levels of arrays and refuses 81 ("cannot recurse further")."""
    write(in_tmp / "Cargo.toml", PACKAGE + "[package.metadata]\nx = " + "[" * depth + "]" * depth)
    found = concise(["."], ["BL001", "BL000"])
    if refused:
        assert found == (
            "Cargo.toml:5:85: error[BL001] invalid TOML: cannot recurse further; max recursion "
            "depth met\n"
        )
    else:
        assert found == ""


def test_brackets_in_strings_comments_and_headers_are_not_nesting(in_tmp: Path) -> None:
    deep_text = "[" * 90
    write(
        in_tmp / "Cargo.toml",
        PACKAGE + f'[package.metadata]\na = "{deep_text}"\nb = """\n{deep_text}"""\n'
        f"c = '{deep_text}'\n# {deep_text}\n[package.metadata.\"{deep_text}\"]\nd = [[1]]\n",
    )
    assert concise(["."], ["BL001"]) == ""


@pytest.mark.parametrize(("depth", "refused"), [(80, False), (81, True)])
def test_tables_nested_deeper_than_cargo_allows(in_tmp: Path, depth: int, refused: bool) -> None:
    """Cargo 1.95 accepts 80 levels of tables and refuses 81 ("recursion limit")."""
    header = ".".join(["package", "metadata", *["a"] * (depth - 2)])
    write(in_tmp / "Cargo.toml", PACKAGE + f"[{header}]\nx = 1\n")
    found = concise(["."], ["BL001"])
    expected = (
        "Cargo.toml:4:1: error[BL001] invalid TOML: tables are nested more than 80 levels deep "
        "(recursion limit)\n"
    )
    assert found == (expected if refused else "")


def test_deeply_nested_cfg_target_table(in_tmp: Path) -> None:
    """Cargo reads a cfg expression of any depth; buildlint evaluates it without recursion."""
    expression = "all(" * 3000 + "unix" + ")" * 3000
    write(in_tmp / "Cargo.toml", PACKAGE)
    write(
        in_tmp / ".cargo/config.toml",
        f"[target.'cfg({expression})']\nrustflags = [\"-Clink-arg=-fuse-ld=mold\"]\n",
    )
    assert "BL000" not in concise(["."])


def test_profile_into_a_closed_pipe(tmp_path: Path) -> None:
    for index in range(300):
        write(tmp_path / f"w{index}/Cargo.toml", PACKAGE)
    command = " ".join([*buildlint_command(), "profile", "dev", str(tmp_path)])
    result = subprocess.run(
        ["bash", "-c", f"set -o pipefail; {command} | head -1"], capture_output=True, text=True
    )
    assert result.stderr == ""
    assert result.returncode == 0


def test_long_inherits_chains_take_linear_time(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each profile's layers are merged once: 1,600 chained profiles (and a loop of 1,600)
    cost one merge per profile, where recomputing every chain took a minute."""
    merges = 0
    over = resolve.Layer.over

    def counting_over(self: resolve.Layer, parent: resolve.Layer) -> resolve.Layer:
        nonlocal merges
        merges += 1
        return over(self, parent)

    monkeypatch.setattr(resolve.Layer, "over", counting_over)
    count = 1600
    chain = "".join(f'[profile.p{i}]\ninherits = "p{i - 1}"\n' for i in range(1, count))
    write(in_tmp / "chain/Cargo.toml", PACKAGE + '[profile.p0]\ninherits = "dev"\n' + chain)
    write(
        in_tmp / "loop/Cargo.toml", PACKAGE + f'[profile.p0]\ninherits = "p{count - 1}"\n' + chain
    )
    found = lint(["chain", "loop"])
    assert not [d for d in found if d.code == "BL000"]
    assert sum(d.code == "BL005" for d in found) == count  # every member of the loop
    assert merges <= 2 * (count + 4) * 2


def test_no_nightly_fix_for_a_config_a_stable_workspace_reads(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The repository's `.cargo/config.toml` serves a nightly and a stable workspace."""
    (in_tmp / ".git").mkdir()
    config = write(in_tmp / ".cargo/config.toml", '[build]\nrustflags = ["--cfg", "x"]\n')
    write(in_tmp / "nightly/Cargo.toml", PACKAGE)
    write(in_tmp / "nightly/rust-toolchain.toml", '[toolchain]\nchannel = "nightly-2026-05-01"\n')
    write(in_tmp / "stable/Cargo.toml", PACKAGE)
    for paths in (["."], ["nightly"]):  # all of them, or only the nightly one (pre-commit)
        cli.main(["--fix", "--unsafe-fixes", "--select", "BL401", *paths])
        out = capsys.readouterr().out
        assert "no fix: `.cargo/config.toml` may also be read by a workspace" in out
        assert config.read_text() == '[build]\nrustflags = ["--cfg", "x"]\n'


def test_no_unstable_removal_from_a_config_a_nightly_workspace_reads(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """risingwave: a stable sub-workspace must not delete the nightly root's `[unstable]`."""
    (in_tmp / ".git").mkdir()
    config = write(in_tmp / ".cargo/config.toml", "[unstable.git]\nshallow_index = true\n")
    write(in_tmp / "Cargo.toml", PACKAGE)
    write(in_tmp / "rust-toolchain.toml", '[toolchain]\nchannel = "nightly-2026-05-01"\n')
    write(in_tmp / "tools/Cargo.toml", PACKAGE + "\n[workspace]\n")
    write(in_tmp / "tools/rust-toolchain.toml", '[toolchain]\nchannel = "1.88.0"\n')
    for paths in (["."], ["tools"]):
        cli.main(["--fix", "--unsafe-fixes", "--select", "BL017", *paths])
        out = capsys.readouterr().out
        assert "may also be read by a workspace that builds on nightly" in out
        assert config.read_text() == "[unstable.git]\nshallow_index = true\n"


def test_a_chosen_severity_beats_the_findings_own(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """BL005 reports a config-only profile without `inherits` as a warning; asking for the
    rule's default level by name still gives an error."""
    write(in_tmp / "Cargo.toml", PACKAGE)
    write(in_tmp / ".cargo/config.toml", "[profile.custom]\nopt-level = 1\n")
    cli.main(["--output-format", "concise", "--select", "BL005", "--severity", "BL005=error"])
    assert "error[BL005]" in capsys.readouterr().out
    cli.main(["--output-format", "concise", "--select", "BL005"])
    assert "warning[BL005]" in capsys.readouterr().out


def test_a_path_dependency_outside_the_root_joins_through_an_ancestors_pointer(
    in_tmp: Path,
) -> None:
    """`cargo metadata` (1.95) lists `other/sub` as a member: `other` points at `ws`."""
    write(
        in_tmp / "ws/Cargo.toml",
        PACKAGE + '[dependencies]\nsub = { path = "../other/sub" }\n[workspace]\n',
    )
    write(in_tmp / "other/Cargo.toml", PACKAGE + 'workspace = "../ws"\n')
    write(in_tmp / "other/sub/Cargo.toml", PACKAGE)
    [workspace] = discover([str(in_tmp / "ws")])
    assert [m.path for m in workspace.members] == [in_tmp / "other/sub/Cargo.toml"]
    assert workspace.membership_problems == []
