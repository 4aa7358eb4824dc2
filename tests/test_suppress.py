"""Inline `# buildlint: allow(...)` comments: what each placement silences."""

from __future__ import annotations

from pathlib import Path

from conftest import lint

from cargo_buildlint.suppress import comments

HEAD = '[package]\nname = "a"\nversion = "0.1.0"\n\n'


def codes(root: Path, manifest: str, config: str | None = None) -> list[tuple[str, int]]:
    (root / "Cargo.toml").write_text(HEAD + manifest)
    if config is not None:
        (root / ".cargo").mkdir(exist_ok=True)
        (root / ".cargo/config.toml").write_text(config)
    return [(d.code, d.span.line) for d in lint(["."]) if d.code not in ("BL015",)]


def test_trailing_comment_silences_its_line(in_tmp: Path) -> None:
    found = codes(
        in_tmp,
        '[profile.dev]\ndebug = "line-tables-only"\nlto = true  # buildlint: allow(BL201)\n'
        '\n[profile.dev.package."*"]\ndebug = false\n[profile.x]\ninherits = "dev"\ndebug = true\n',
    )
    assert ("BL201", 7) not in found and found == [("BL104", 13)]


def test_own_line_comment_silences_the_next_key_with_all_its_lines(in_tmp: Path) -> None:
    config = (
        "\n".join(
            [
                "[build]",
                "# buildlint: allow(shadowed-rustflags) kept for CI",
                'rustflags = [\n  "-Cfoo",\n]',
                "[target.x86_64-unknown-linux-gnu]",
                'rustflags = ["-Cbar"]',
                'linker = "clang"  # buildlint: allow(BL302)',
            ]
        )
        + "\n"
    )
    found = codes(in_tmp, "", config)
    assert [c for c, _ in found if c in ("BL304", "BL302")] == []


def test_own_line_comment_before_a_header_silences_the_table(in_tmp: Path) -> None:
    manifest = (
        "# buildlint: allow(BL201, BL205, dev-few-codegen-units)\n[profile.dev]\nlto = true\n"
        'panic = "abort"\n\ncodegen-units = 1\n[profile.release]\nlto = true\n'
    )
    found = codes(in_tmp, manifest)
    assert [c for c, _ in found if c in ("BL201", "BL202", "BL205")] == []
    assert ("BL101", 6) in found  # not named: still reported


def test_allow_names_only_what_it_names(in_tmp: Path) -> None:
    found = codes(in_tmp, "[profile.dev]\nlto = true  # buildlint: allow(BL101)\n")
    assert ("BL201", 6) in found


def test_comments_ignore_hashes_in_strings() -> None:
    text = 'a = "# not"\nb = \'# nor\'  # yes\nc = """\n# inside\n"""  # after\n# own line\n'
    assert [(line, own) for line, _, _, own in comments(text)] == [(2, True), (5, True), (6, False)]


def test_line_separators_inside_comments_do_not_shift_lines(in_tmp: Path) -> None:
    """TOML ends lines at LF only: U+2028 and U+0085 inside comments are text (a form feed
    is refused there by Cargo and tomli alike)."""
    found = codes(
        in_tmp,
        "# odd\u2028comment with\x85 separators\n[profile.dev]\n"
        'debug = "line-tables-only"\nlto = true  # buildlint: allow(BL201)\n'
        'codegen-units = 1  # \u2028\n\n[profile.dev.package."*"]\ndebug = false\n'
        '[profile.x]\ninherits = "dev"\ndebug = true\n',
    )
    assert found == [("BL202", 9), ("BL104", 15)]
