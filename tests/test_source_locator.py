"""Every key tomli reads is located on a line that holds it: corpus files and generated TOML."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import tomli
from conftest import CORPUS, needs_corpus
from hypothesis import given, settings
from hypothesis import strategies as st

from cargo_buildlint.diagnostic import KeyPath, Span
from cargo_buildlint.source import TomlDocument, locate_keys


def leaf_keys(table: dict[str, Any], prefix: KeyPath = ()) -> Iterator[KeyPath]:
    for key, value in table.items():
        path = (*prefix, key)
        if isinstance(value, dict) and value:
            yield from leaf_keys(value, path)
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            for index, item in enumerate(value):
                yield from leaf_keys(item, (*path, index))
        else:
            yield path


def assert_all_located(text: str) -> None:
    data = tomli.loads(text.removeprefix("\ufeff"))
    locations = locate_keys(text)
    lines = text.splitlines()
    for path in leaf_keys(data):
        assert path in locations, f"{path} not located"
        span = locations[path].key
        key = str(path[-1])
        assert key in lines[span.line - 1], f"{path}: line {span.line} is {lines[span.line - 1]!r}"
        value_line = lines[locations[path].value.line - 1]
        assert value_line.strip(), f"{path}: value located on a blank line"


def corpus_files() -> list[Path]:
    files = [p for p in CORPUS.rglob("*") if p.is_file() and p.name != "README.md"]
    return sorted(p for p in files if _parses(p))


def _parses(path: Path) -> bool:
    try:
        tomli.loads(path.read_text(encoding="utf-8").removeprefix("\ufeff"))
    except (tomli.TOMLDecodeError, UnicodeDecodeError):
        return False
    return True


@needs_corpus
@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: str(p.relative_to(CORPUS)))
def test_every_corpus_key_is_located(path: Path) -> None:
    assert_all_located(path.read_text(encoding="utf-8"))


@needs_corpus
def test_corpus_is_present() -> None:
    assert len(corpus_files()) >= 80


# --- generated TOML in every table style -------------------------------------------------------

BARE = st.text("abcdefghijklmnopqrstuvwxyz0123456789_-", min_size=1, max_size=8)
# Quoted keys hold any printable text, so that the key stands literally on its line.
QUOTED = st.text(
    st.characters(
        blacklist_categories=("Cs", "Cc", "Cn", "Co", "Zl", "Zp"), blacklist_characters='"\\'
    ),
    min_size=1,
    max_size=8,
).filter(str.isprintable)
KEYS = st.one_of(BARE, BARE, QUOTED)
SCALARS = st.one_of(
    st.integers(-(2**63), 2**63 - 1),
    st.booleans(),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=12),
    st.floats(allow_nan=False, allow_infinity=False),
)
VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(KEYS, children, min_size=1, max_size=3)
    ),
    max_leaves=12,
)
TABLES = st.dictionaries(KEYS, VALUES, min_size=1, max_size=5)


def toml_key(key: str) -> str:
    if key and all(c in "abcdefghijklmnopqrstuvwxyz0123456789_-" for c in key):
        return key
    return f'"{key}"'


def escape(char: str) -> str:
    return char if char.isprintable() else f"\\U{ord(char):08x}"


def toml_value(value: Any, style: st.DataObject) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        escaped = "".join(escape(c) for c in escaped)
        return f'"{escaped}"'
    if isinstance(value, list):
        sep = style.draw(st.sampled_from([", ", ",\n  ", ", # note\n  "]))
        return "[" + sep.join(toml_value(v, style) for v in value) + "]"
    inner = ", ".join(f"{toml_key(k)} = {toml_value(v, style)}" for k, v in value.items())
    return "{ " + inner + " }"


def emit(table: dict[str, Any], header: list[str], style: st.DataObject) -> list[str]:
    """Scalars first (they belong to the current header), then sub-tables in a drawn style."""
    lines: list[str] = []
    later: list[str] = []
    for key, value in table.items():
        if isinstance(value, dict):
            choice = style.draw(st.sampled_from(["header", "inline", "dotted"]))
            if choice == "inline" or (
                choice == "dotted" and any(isinstance(v, dict) for v in value.values())
            ):
                lines.append(f"{toml_key(key)} = {toml_value(value, style)}")
            elif choice == "dotted":
                lines += [
                    f"{toml_key(key)} . {toml_key(k)}= {toml_value(v, style)}"
                    for k, v in value.items()
                ]
            else:
                path = [*header, toml_key(key)]
                later += ["", f"[ {'.'.join(path)} ]  # table", *emit(value, path, style)]
        elif (
            isinstance(value, list)
            and value
            and all(isinstance(v, dict) for v in value)
            and style.draw(st.booleans())
        ):
            path = [*header, toml_key(key)]
            for item in value:
                later += ["", f"[[{'.'.join(path)}]]", *emit(item, path, style)]
        else:
            lines.append(f"{toml_key(key)}\t=  {toml_value(value, style)}")
    return lines + later


@settings(max_examples=300, deadline=None)
@given(TABLES, st.data())
def test_generated_toml_keys_are_located(table: dict[str, Any], style: st.DataObject) -> None:
    text = "\n".join(emit(table, [], style)) + "\n"
    tomli.loads(text)  # the generator only writes valid TOML
    assert_all_located(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_locator_never_crashes_on_tomli_valid_text(text: str) -> None:
    try:
        tomli.loads(text)
    except tomli.TOMLDecodeError:
        return
    assert_all_located(text)


def test_document_falls_back_to_nearest_ancestor() -> None:
    text = "[profile.dev]\nopt-level = 1\n"
    document = TomlDocument(Path("Cargo.toml"), text, tomli.loads(text))
    assert document.locate(("profile", "dev", "debug")) == Span(1, 1, 1, 14)
    assert document.locate(("profile", "dev", "opt-level")) == Span(2, 13, 2, 14)
    assert document.locate(("nothing",)) == Span(1, 1, 1, 1)


def test_array_of_tables_and_multiline_strings() -> None:
    text = (
        '[[bin]]\nname = "a"\n[[bin]]\nname = """multi\nline"""\npath = \'p\'\n'
        "[bin.extra]\nflag = true\n"
    )
    locations = locate_keys(text)
    assert locations[("bin", 0, "name")].key.line == 2
    assert locations[("bin", 1, "name")].value == Span(4, 8, 5, 8)
    assert locations[("bin", 1, "path")].key.line == 6
    assert locations[("bin", 1, "extra", "flag")].key.line == 8
