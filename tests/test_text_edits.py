"""Fixes change exactly the intended keys: every other byte of the file stays as written."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from cargo_buildlint import cli
from cargo_buildlint.diagnostic import Edit
from cargo_buildlint.fix import FixError, apply_edits

HERE = Path("Cargo.toml")


def edited(text: str, *edits: tuple[tuple[str, ...], object]) -> str:
    return apply_edits(text, [Edit(HERE, key, value) for key, value in edits])


def test_out_of_order_tables_stay_where_they_are() -> None:
    """tomlkit regrouped bevy's out-of-order tables and rewrote 4,613 lines."""
    text = (
        '[package]\nname = "app"\n\n[profile.dev]\nopt-level = 1\n\n[dependencies]\nx = "1"\n\n'
        '[profile.dev.package."*"]\nopt-level = 3\n\n[features]\na = []\n\n[profile.release]\n'
        "lto = true\n"
    )
    after = edited(text, (("profile", "dev", "debug"), "line-tables-only"))
    assert after == text.replace("opt-level = 1\n", 'opt-level = 1\ndebug = "line-tables-only"\n')


def test_a_new_table_goes_after_its_profile_and_before_a_documented_header() -> None:
    text = (
        "[profile.dev]\nopt-level = 1\n\n# the release build ships\n[profile.release]\nlto = true\n"
    )
    after = edited(text, (("profile", "dev", "package", "*", "debug"), False))
    assert after == (
        "[profile.dev]\nopt-level = 1\n\n"
        '[profile.dev.package."*"]\ndebug = false\n\n'
        "# the release build ships\n[profile.release]\nlto = true\n"
    )


def test_a_table_defined_only_by_its_sub_tables_is_written_above_them() -> None:
    text = '[package]\nname = "a"\n\n# deps build fast\n[profile.dev.package."*"]\nopt-level = 3\n'
    after = edited(text, (("profile", "dev", "debug"), "line-tables-only"))
    assert after == (
        '[package]\nname = "a"\n\n[profile.dev]\ndebug = "line-tables-only"\n\n'
        '# deps build fast\n[profile.dev.package."*"]\nopt-level = 3\n'
    )


def test_multi_line_arrays_keep_their_comments_and_layout() -> None:
    text = (
        "[build]\nrustflags = [\n    # faster links\n"
        '    "-C", "link-arg=-fuse-ld=mold",  # needs mold\n    "--cfg", "tokio_unstable",\n]\n'
    )
    appended = edited(text, (("build", "rustflags"), [*_flags(text), "-Zthreads=8"]))
    assert appended == text.replace(
        '"tokio_unstable",\n', '"tokio_unstable",\n    "-Zthreads=8",\n'
    )
    removed = edited(text, (("build", "rustflags"), ["--cfg", "tokio_unstable"]))
    assert removed == text.replace('    "-C", "link-arg=-fuse-ld=mold",  # needs mold\n', "")


def _flags(text: str) -> list[str]:
    import tomli

    flags: list[str] = tomli.loads(text)["build"]["rustflags"]
    return flags


def test_single_line_array_items_are_removed_with_their_comma() -> None:
    text = 'rustflags = ["-C", "link-arg=-fuse-ld=lld", "--cfg", "x"]\n'
    assert edited(text, (("rustflags",), ["--cfg", "x"])) == 'rustflags = ["--cfg", "x"]\n'
    assert edited(text, (("rustflags",), ["-C", "link-arg=-fuse-ld=lld"])) == (
        'rustflags = ["-C", "link-arg=-fuse-ld=lld"]\n'
    )


def test_dotted_keys_and_inline_tables_are_edited_as_written() -> None:
    dotted = "[profile]\ndev.opt-level = 1  # fast enough\nrelease.lto = true\n"
    assert edited(dotted, (("profile", "dev", "debug"), 0)) == dotted.replace(
        "# fast enough\n", "# fast enough\ndev.debug = 0\n"
    )
    assert edited(dotted, (("profile", "dev", "opt-level"), 0)) == dotted.replace("= 1", "= 0")
    inline = "[profile]\ndev = { opt-level = 1 }\n"
    assert edited(inline, (("profile", "dev", "debug"), 0)) == (
        "[profile]\ndev = { opt-level = 1, debug = 0 }\n"
    )
    assert edited(inline, (("profile", "dev", "opt-level"), None)) == "[profile]\ndev = {  }\n"


def test_removing_a_key_takes_its_line_and_end_comment_only() -> None:
    text = "[profile.dev]\n# keep me\nlto = true  # why not\ndebug = 1\n"
    assert edited(text, (("profile", "dev", "lto"), None)) == (
        "[profile.dev]\n# keep me\ndebug = 1\n"
    )


def test_removing_a_whole_table() -> None:
    text = "[profile.dev]\ndebug = 1\n\n[profile.doc]\nopt-level = 1\n\n# tests\n[profile.test]\n"
    assert edited(text, (("profile", "doc"), None)) == (
        "[profile.dev]\ndebug = 1\n\n# tests\n[profile.test]\n"
    )


def test_bom_and_crlf_are_kept() -> None:
    text = "\ufeff[profile.dev]\r\nopt-level = 1\r\n"
    assert edited(text, (("profile", "dev", "debug"), 0)) == (
        "\ufeff[profile.dev]\r\nopt-level = 1\r\ndebug = 0\r\n"
    )
    features = edited(text, (("cargo-features",), ["codegen-backend"]))
    assert features == '\ufeffcargo-features = ["codegen-backend"]\r\n\r\n' + text[1:]


def test_a_profile_that_is_not_a_table_is_refused_not_crashed() -> None:
    with pytest.raises(FixError, match="is not a table"):
        edited("[profile]\ndev = 1\n", (("profile", "dev", "debug"), 0))


PACKAGE = '[package]\nname = "app"\nversion = "0.1.0"\n'


def fix(project: Path, capsys: pytest.CaptureFixture[str], *flags: str) -> str:
    cli.main(["--fix", "--quiet", *flags, str(project)])
    return capsys.readouterr().err


def test_fix_writes_through_symlinks_and_keeps_owner_and_mode(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shared = tmp_path / "shared.toml"
    shared.write_text(PACKAGE)
    shared.chmod(0o640)
    if os.geteuid() == 0:
        os.chown(shared, 1234, 4321)
    project = tmp_path / "project"
    project.mkdir()
    (project / "Cargo.toml").symlink_to(shared)
    fix(project, capsys)
    assert (project / "Cargo.toml").is_symlink()
    assert "[profile.dev]" in shared.read_text()
    assert stat.S_IMODE(shared.stat().st_mode) == 0o640
    if os.geteuid() == 0:
        assert (shared.stat().st_uid, shared.stat().st_gid) == (1234, 4321)


def test_fix_keeps_hard_links(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "Cargo.toml").write_text(PACKAGE)
    os.link(tmp_path / "Cargo.toml", tmp_path / "Cargo.toml.link")
    fix(tmp_path, capsys)
    assert (tmp_path / "Cargo.toml.link").read_text() == (tmp_path / "Cargo.toml").read_text()
    assert "[profile.dev]" in (tmp_path / "Cargo.toml").read_text()


def test_new_files_get_the_umask_mode(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "Cargo.toml").write_text(PACKAGE)
    mask = os.umask(0o022)
    try:
        fix(tmp_path, capsys, "--fix-to", "config")
    finally:
        os.umask(mask)
    config = tmp_path / ".cargo/config.toml"
    assert stat.S_IMODE(config.stat().st_mode) == 0o644


def test_fixes_go_to_the_legacy_config_cargo_reads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "Cargo.toml").write_text(PACKAGE)
    (tmp_path / ".cargo").mkdir()
    (tmp_path / ".cargo/config").write_text("[build]\njobs = 2\n")
    fix(tmp_path, capsys, "--fix-to", "config")
    assert not (tmp_path / ".cargo/config.toml").exists()
    assert "[profile.dev]" in (tmp_path / ".cargo/config").read_text()


def test_a_file_that_is_not_utf8_is_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "Cargo.toml").write_bytes(PACKAGE.encode() + b"# \xff\n")
    code = cli.main(["--fix", "--quiet", str(tmp_path)])
    assert code == 1
    assert (tmp_path / "Cargo.toml").read_bytes() == PACKAGE.encode() + b"# \xff\n"


def test_a_fix_is_applied_whole_or_not_at_all(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """BL303's fix edits two files; when one of them cannot be written, neither changes."""
    from cargo_buildlint.diagnostic import Applicability, Diagnostic, Fix, Severity, Span
    from cargo_buildlint.fix import plan_changes

    good, bad = tmp_path / "good.toml", tmp_path / "bad.toml"
    good.write_text("a = 1\n")
    bad.write_text("b = [\n")  # not TOML: refused
    both = Fix("t", (Edit(good, ("a",), 2), Edit(bad, ("b",), 3)), Applicability.SAFE)
    finding = Diagnostic(
        "BL101",
        "n",
        Severity.WARNING,
        "m",
        good,
        "good.toml",
        Span(1, 1, 1, 1),
        None,
        "u",
        fix=both,
    )
    changes, refused = plan_changes([finding], {}, unsafe=False)
    assert changes == []
    assert refused and "bad.toml" in refused[0]


def test_changing_one_array_item_keeps_the_others_and_their_comments() -> None:
    text = '[build]\nrustflags = [\n  # parallel\n  "-Zthreads=32",\n  "-Cx", # keep\n]\n'
    assert edited(text, (("build", "rustflags"), ["-Zthreads=8", "-Cx"])) == text.replace("32", "8")


def test_array_items_are_removed_as_whole_rustc_options() -> None:
    text = (
        "[t]\nrustflags = [\n"
        '  "-C", "link-arg=-fuse-ld=lld",   # use lld\n'
        '  "-C", "target-cpu=native",       # tune\n]\n'
    )
    assert edited(text, (("t", "rustflags"), ["-C", "target-cpu=native"])) == (
        '[t]\nrustflags = [\n  "-C", "target-cpu=native",       # tune\n]\n'
    )
    spread = '[build]\nrustflags = ["-a",\n  "-b",\n  "-c"]\n'
    assert edited(spread, (("build", "rustflags"), ["-a"])) == '[build]\nrustflags = ["-a"]\n'
    pair = '[build]\nrustflags = ["-Cx", "-Z", "threads=32"]\n'
    assert edited(pair, (("build", "rustflags"), ["-Cx", "-Zthreads=8"])) == (
        '[build]\nrustflags = ["-Cx", "-Zthreads=8"]\n'
    )


def test_a_new_table_goes_after_the_comments_that_end_a_table() -> None:
    text = (
        '[profile.dev]\ndebug = "line-tables-only"\n# TODO\n# rustflags = ["-Z", "threads=8"]\n'
        "\n# release docs\n[profile.release]\nlto = true\n"
    )
    assert edited(text, (("profile", "dev", "package", "*", "debug"), False)) == text.replace(
        '"threads=8"]\n', '"threads=8"]\n\n[profile.dev.package."*"]\ndebug = false\n'
    )
    assert edited(text, (("profile", "dev", "opt-level"), 1)) == text.replace(
        '"line-tables-only"\n', '"line-tables-only"\nopt-level = 1\n'
    )


def test_removing_the_last_table_of_its_parent() -> None:
    text = "[build]\njobs = 4\n\n[profile.doc]\nopt-level = 1\n"
    assert edited(text, (("profile", "doc"), None)) == "[build]\njobs = 4\n"
    dotted = '[profile.dev]\npackage.foo.panic = "abort"\n'
    assert edited(dotted, (("profile", "dev", "package", "foo", "panic"), None)) == (
        "[profile.dev]\n"
    )


def test_inline_table_with_a_trailing_comma() -> None:
    text = "[profile]\ndev = { opt-level = 1, }\n"
    assert edited(text, (("profile", "dev", "debug"), 0)) == (
        "[profile]\ndev = { opt-level = 1, debug = 0, }\n"
    )


def test_the_byte_order_mark_stays_first() -> None:
    text = '\ufeff[profile.dev.package."*"]\ndebug = false\n'
    assert edited(text, (("profile", "dev", "debug"), 0)) == (
        '\ufeff[profile.dev]\ndebug = 0\n\n[profile.dev.package."*"]\ndebug = false\n'
    )
    removed = "\ufeff[profile.doc]\ndebug = false\n[profile.dev]\nx = 1\n"
    assert edited(removed, (("profile", "doc"), None)) == "\ufeff[profile.dev]\nx = 1\n"
