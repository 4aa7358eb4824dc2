"""`--fix` and `--diff`: the exact files after fixing, and the guarantees around writing them.

Each case under fixtures/fix/ is a project in `before/`; `after/` holds every file exactly as
`buildlint --fix` (with `--unsafe-fixes` for cases named `unsafe_*`) leaves it.
`pytest --update-expected` rewrites `after/`; review the git diff.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest
from conftest import TESTS

from cargo_buildlint import cli
from cargo_buildlint.catalogue import all_rules
from cargo_buildlint.diagnostic import Applicability, Edit
from cargo_buildlint.fix import FixError, apply_edits

CASES = sorted(p for p in (TESTS / "fixtures" / "fix").iterdir() if p.is_dir())


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.parts
    }


def fix_flags(case: Path) -> list[str]:
    return ["--fix", *(["--unsafe-fixes"] if case.name.startswith("unsafe_") else [])]


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_fix_gives_the_expected_files(
    case: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
    capsys: pytest.CaptureFixture[str],
) -> None:
    project = tmp_path / "project"
    shutil.copytree(case / "before", project)
    monkeypatch.chdir(project)
    diff_code = cli.main(["--diff", *fix_flags(case)[1:]])
    diff = capsys.readouterr().out
    assert tree(project) == tree(case / "before"), "--diff must change nothing"
    cli.main([*fix_flags(case), "--quiet"])
    capsys.readouterr()
    if request.config.getoption("--update-expected"):
        shutil.rmtree(case / "after", ignore_errors=True)
        shutil.copytree(project, case / "after")
    assert tree(project) == tree(case / "after")
    assert diff_code == 1 and diff.startswith("--- ")
    # a second run finds nothing more to fix
    assert cli.main(["--diff", *fix_flags(case)[1:]]) == 0
    assert capsys.readouterr().out == ""


def test_fix_reports_what_it_fixed_and_what_remains(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (in_tmp / "Cargo.toml").write_text(
        '[package]\nname = "a"\nversion = "0.1.0"\n\n[profile.dev]\nlto = true\n'
    )
    code = cli.main(["--fix", "--output-format", "concise"])
    out = capsys.readouterr().out
    assert code == 1
    assert out.splitlines() == [
        "Cargo.toml:6:7: warning[BL201] `lto = true` makes every link of the dev loop slow in "
        "`[profile.dev]`",
        "Cargo.toml:14:9: info[BL104] `[profile.debugging]` gives dependencies no debug info",
        "found 1 warning, 1 info in 1 file",
        "fixed 3 findings",
    ]


def test_fix_keeps_permissions(in_tmp: Path) -> None:
    manifest = in_tmp / "Cargo.toml"
    manifest.write_text('[package]\nname = "a"\nversion = "0.1.0"\n')
    manifest.chmod(0o640)
    cli.main(["--fix", "--quiet"])
    assert stat.S_IMODE(manifest.stat().st_mode) == 0o640
    assert "line-tables-only" in manifest.read_text()
    assert [p.name for p in in_tmp.iterdir()] == ["Cargo.toml"]  # no temporary file left


def test_fix_refuses_a_file_changed_during_the_run(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    manifest = in_tmp / "Cargo.toml"
    manifest.write_text('[package]\nname = "a"\nversion = "0.1.0"\n')
    from cargo_buildlint import fix

    original = fix.apply_edits

    def edit_while_running(text: str, edits: list[Edit]) -> str:
        manifest.write_text(manifest.read_text() + "# edited meanwhile\n")
        return original(text, edits)

    monkeypatch.setattr(fix, "apply_edits", edit_while_running)
    cli.main(["--fix", "--quiet"])
    assert manifest.read_text().endswith('version = "0.1.0"\n# edited meanwhile\n')
    assert "not fixed: it changed on disk while buildlint ran" in capsys.readouterr().err


def test_edits_that_would_change_other_keys_are_refused() -> None:
    path = Path("Cargo.toml")
    with pytest.raises(FixError, match="not valid TOML"):
        apply_edits("[package\n", [Edit(path, ("profile", "dev", "debug"), False)])
    # a dotted key is edited where it stands
    text = 'profile.dev.debug = true\n[package]\nname = "a"\n'
    assert apply_edits(text, [Edit(path, ("profile", "dev", "debug"), False)]) == text.replace(
        "true", "false"
    )


def test_fix_to_config_leaves_the_manifest_alone(in_tmp: Path) -> None:
    manifest = '[package]\nname = "a"\nversion = "0.1.0"\n\n[profile.dev]\nopt-level = 0\n'
    (in_tmp / "Cargo.toml").write_text(manifest)
    cli.main(["--fix", "--fix-to", "config", "--quiet"])
    assert (in_tmp / "Cargo.toml").read_text() == manifest
    assert (in_tmp / ".cargo/config.toml").read_text() == (
        '[profile.dev]\ndebug = "line-tables-only"\n\n[profile.dev.package."*"]\ndebug = false\n\n'
        '[profile.debugging]\ninherits = "dev"\ndebug = true\n'
    )


@pytest.mark.parametrize("root_config", [True, False])
def test_nested_workspaces_get_no_flags_the_outer_config_gives(
    in_tmp: Path, root_config: bool
) -> None:
    # wgpu: `xtask/` and `naga/xtask/` are workspaces of their own. Cargo reads config files
    # from the current directory up and joins `rustflags` across them: flags written to the
    # root's file and to each nested one would be passed twice inside `xtask/`
    (in_tmp / ".git").mkdir()
    package = '[package]\nname = "{}"\nversion = "0.1.0"\nedition = "2021"\n'
    (in_tmp / "Cargo.toml").write_text("[workspace]\n\n" + package.format("app"))
    (in_tmp / "rust-toolchain.toml").write_text('[toolchain]\nchannel = "1.76"\n')
    alias = '[alias]\nxtask = "run --manifest-path xtask/Cargo.toml --"\n'
    for directory in (in_tmp, in_tmp / "naga"):
        (directory / "xtask").mkdir(parents=True)
        (directory / "xtask/Cargo.toml").write_text("[workspace]\n\n" + package.format("xtask"))
    (in_tmp / "naga/.cargo").mkdir()
    (in_tmp / "naga/.cargo/config.toml").write_text(alias)
    if root_config:
        (in_tmp / ".cargo").mkdir()
        (in_tmp / ".cargo/config.toml").write_text(alias)
    before = tree(in_tmp)
    cli.main(["--fix", "--unsafe-fixes", "--select", "BL301", "--quiet"])
    mold = '[target.x86_64-unknown-linux-gnu]\nrustflags = ["-C", "link-arg=-fuse-ld=mold"]\n'
    written = (alias + "\n" + mold) if root_config else mold
    assert tree(in_tmp) == {**before, ".cargo/config.toml": written.encode()}
    assert cli.main(["--select", "BL301", "--quiet"]) == 0


def test_diff_of_a_clean_project_is_empty(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (in_tmp / "Cargo.toml").write_text('[package]\nname = "a"\nversion = "0.1.0"\n')
    assert cli.main(["--diff", "--select", "BL0"]) == 0
    assert capsys.readouterr().out == ""
    assert os.listdir(in_tmp) == ["Cargo.toml"]


def codes_with_fixes(project: Path, unsafe: bool, everything: bool = False) -> set[str]:
    from conftest import lint

    return {
        d.code
        for d in lint([project], [r.code for r in all_rules()] if everything else None)
        if d.fix is not None
        and d.fix.applicability is not Applicability.MANUAL
        and (unsafe or d.fix.applicability is Applicability.SAFE)
    }


def test_every_fixable_rule_has_a_fix_case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from test_rule_fixtures import fixtures, materialise

    offered: set[str] = set()
    for index, fixture in enumerate(f for f in fixtures() if f.name.startswith("fail_")):
        (tmp_path / f"rule{index}").mkdir()
        project = materialise(fixture, tmp_path / f"rule{index}")
        monkeypatch.chdir(project)
        offered |= codes_with_fixes(Path("."), unsafe=True, everything=True)
    covered: set[str] = set()
    for case in CASES:
        monkeypatch.chdir(case / "before")
        covered |= codes_with_fixes(Path("."), unsafe=case.name.startswith("unsafe_"))
    assert offered - covered == set()
