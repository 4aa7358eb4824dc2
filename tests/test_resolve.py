"""Effective settings per unit kind, and where each came from (reference 2.3-2.6, 3.4-3.5)."""

from __future__ import annotations

from pathlib import Path

from cargo_buildlint.discover import discover
from cargo_buildlint.lint import build_project
from cargo_buildlint.project import Project
from cargo_buildlint.resolve import UnitKind

PACKAGE = '[package]\nname = "app"\nversion = "0.1.0"\n'


def project_in(root: Path, manifest: str, config: str | None = None) -> Project:
    (root / "Cargo.toml").write_text(PACKAGE + manifest)
    if config is not None:
        (root / ".cargo").mkdir()
        (root / ".cargo/config.toml").write_text(config)
    [workspace] = discover([str(root)])
    return build_project(workspace)


def effective(
    project: Project, profile: str, unit: UnitKind = UnitKind.MEMBER, package: str | None = None
) -> dict[str, tuple[object, str]]:
    return {
        key: (s.value, str(s.origin))
        for key, s in project.profiles.resolve(profile, unit, package).items()
    }


def test_defaults_without_any_profile(in_tmp: Path) -> None:
    project = project_in(in_tmp, "")
    dev = effective(project, "dev")
    assert dev["debug"] == (True, "Cargo's default for `dev`")
    assert dev["opt-level"] == (0, "Cargo's default for `dev`")
    assert effective(project, "release")["opt-level"] == (3, "Cargo's default for `release`")
    assert effective(project, "bench")["debug"] == (False, "Cargo's default for `release`")
    assert effective(project, "test")["panic"] == ("unwind", "Cargo always unwinds in tests")


def test_config_beats_manifest_and_inherits_chain(in_tmp: Path) -> None:
    project = project_in(
        in_tmp,
        '\n[profile.dev]\ndebug = "line-tables-only"\nopt-level = 1\n'
        '\n[profile.debugging]\ninherits = "dev"\ndebug = true\n',
        "[profile.dev]\nopt-level = 2\n",
    )
    assert effective(project, "dev")["opt-level"] == (
        2,
        ".cargo/config.toml:2 `profile.dev.opt-level`",
    )
    debugging = effective(project, "debugging")
    assert debugging["debug"] == (True, "Cargo.toml:11 `profile.debugging.debug`")
    assert debugging["opt-level"] == (2, ".cargo/config.toml:2 `profile.dev.opt-level`")
    assert effective(project, "test")["debug"] == (
        "line-tables-only",
        "Cargo.toml:6 `profile.dev.debug`",
    )


def test_inherited_package_override_outranks_childs_own_key(in_tmp: Path) -> None:
    """Reference 1.4: a debugger profile that sets `debug = true` leaves dependencies without."""
    project = project_in(
        in_tmp,
        '\n[profile.dev.package."*"]\ndebug = false\n'
        '\n[profile.debugging]\ninherits = "dev"\ndebug = true\n',
    )
    assert effective(project, "debugging", UnitKind.MEMBER)["debug"][0] is True
    assert effective(project, "debugging", UnitKind.DEPENDENCY)["debug"] == (
        False,
        'Cargo.toml:6 `profile.dev.package."*".debug`',
    )


def test_host_units(in_tmp: Path) -> None:
    project = project_in(
        in_tmp,
        "\n[profile.release.build-override]\nopt-level = 1\n"
        '\n[profile.release.package."*"]\nopt-level = 2\n',
    )
    member_build = effective(project, "release", UnitKind.HOST_MEMBER)
    assert member_build["opt-level"] == (
        1,
        "Cargo.toml:6 `profile.release.build-override.opt-level`",
    )
    assert member_build["debug"] == (False, "Cargo's default for build scripts and proc-macros")
    assert member_build["panic"][0] == "unwind"
    # `package."*"` outranks build-override for dependencies built for the host (reference 7.7)
    assert effective(project, "release", UnitKind.HOST_DEPENDENCY)["opt-level"][0] == 2


def test_named_spec_outranks_star_and_build_incremental_wins(in_tmp: Path) -> None:
    project = project_in(
        in_tmp,
        '\n[profile.dev.package."*"]\nopt-level = 1\n'
        '\n[profile.dev.package."serde@1"]\nopt-level = 3\n',
        "[build]\nincremental = false\n",
    )
    assert effective(project, "dev", UnitKind.DEPENDENCY, "serde")["opt-level"][0] == 3
    assert effective(project, "dev", UnitKind.DEPENDENCY, "regex")["opt-level"][0] == 1
    assert effective(project, "dev", UnitKind.MEMBER)["incremental"] == (
        False,
        ".cargo/config.toml:2 `build.incremental`",
    )
    assert effective(project, "dev", UnitKind.DEPENDENCY)["incremental"] == (
        False,
        "Cargo never builds registry or git dependencies incrementally",
    )


def test_loops_and_missing_parents_do_not_hang(in_tmp: Path) -> None:
    project = project_in(
        in_tmp,
        '\n[profile.a]\ninherits = "b"\n[profile.b]\ninherits = "a"\n'
        '[profile.c]\ninherits = "nope"\n',
    )
    assert effective(project, "a")["opt-level"][0] == 0
    assert effective(project, "c")["opt-level"][0] == 0


def test_an_override_table_without_strip_resets_it(in_tmp: Path) -> None:
    """Cargo's merge_profile assigns `strip` from every table it merges (verified with cargo)."""
    project = project_in(
        in_tmp,
        '\n[profile.release]\nstrip = "symbols"\n'
        "\n[profile.release.package.app]\ncodegen-units = 1\n"
        '\n[profile.release.package."*"]\nstrip = "debuginfo"\n',
    )
    member = effective(project, "release", UnitKind.MEMBER, "app")
    # reset, then resolved as Cargo 1.77+ resolves an unset `strip` without debug info
    assert member["strip"] == (
        "debuginfo",
        "Cargo strips debug info when nothing is built with it (since Cargo 1.77)",
    )
    assert effective(project, "release", UnitKind.MEMBER)["strip"][0] == "symbols"
    assert effective(project, "release", UnitKind.DEPENDENCY)["strip"][0] == "debuginfo"


def test_a_reset_strip_stays_off_with_debug_info(in_tmp: Path) -> None:
    """`cargo build --release -v` passes no `-C strip` when the unit has debug info."""
    project = project_in(
        in_tmp,
        '\n[profile.release]\nstrip = "symbols"\ndebug = 1\n'
        "\n[profile.release.package.app]\ncodegen-units = 1\n",
    )
    assert effective(project, "release", UnitKind.MEMBER, "app")["strip"] == (
        "none",
        "Cargo resets `strip` when an override table does not set it",
    )


def test_release_strips_debuginfo_by_default_since_1_77(in_tmp: Path) -> None:
    project = project_in(in_tmp, "")
    assert effective(project, "release")["strip"][0] == "debuginfo"
    assert effective(project, "dev")["strip"][0] == "none"
    (in_tmp / "old").mkdir()
    old = project_in(in_tmp / "old", 'rust-version = "1.76"\n')
    assert effective(old, "release")["strip"][0] == "none"
