"""Reading one TOML file, turning every way it can be unreadable into a `LoadProblem`."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

import tomli

from .diagnostic import KeyPath, Span
from .paths import display_path
from .source import TomlDocument, split_lines

# Real manifests and config files are kilobytes; parsing a file this big in pure Python would
# take long enough to look like a hang, so refuse it with a message instead.
MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_NESTING = 80  # Cargo's TOML parser refuses deeper values and tables


@dataclass(frozen=True)
class LoadProblem:
    """A file that exists but cannot be read as TOML (BL001)."""

    path: Path
    display: str
    message: str
    span: Span
    text: str = ""  # what could be decoded, to show the line

    def as_document(self) -> TomlDocument:
        """An empty document with the file's text, so diagnostics can show its lines."""
        return TomlDocument(self.path, self.text, {}, self.display)


def read_text(path: Path, size: int | None = None, kind: str = "a Cargo file") -> str | LoadProblem:
    """The file's text, or why it cannot be read (too large to be `kind`, unreadable, not
    UTF-8, with the position of the first bad byte)."""
    # The display path only where a problem is reported: working it out for every file read
    # cost a tenth of reading a 1,000-member workspace.
    start = Span(1, 1, 1, 1)
    try:
        size = path.stat().st_size if size is None else size
        if size > MAX_FILE_BYTES:
            message = f"file is too large to be {kind} ({size:,} bytes)"
            return LoadProblem(path, display_path(path), message, start)
        with open(path, "rb") as handle:  # noqa: PTH123 - pathlib's wrapper costs more
            raw = handle.read()
    except OSError as error:
        message = f"cannot read file: {error.strerror or error}"
        return LoadProblem(path, display_path(path), message, start)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        text = raw.decode("utf-8", errors="replace")
        span = _byte_span(raw, error.start)
        return LoadProblem(path, display_path(path), "file is not valid UTF-8", span, text)


def read_toml(path: Path, size: int | None = None) -> TomlDocument | LoadProblem:
    """The file as a document, or why it cannot be one. `size`: when the caller has just
    looked at the file (a `stat` per file counts in a 1,000-member workspace)."""
    text = read_text(path, size)
    if isinstance(text, LoadProblem):
        return text
    # Cargo's TOML parser skips a byte order mark; tomli does not, so strip it for parsing only.
    # Positions stay right: the mark is column 1 of line 1 in `text` and the scanner skips it too.
    try:
        data = tomli.loads(text.removeprefix("\ufeff"))
    except tomli.TOMLDecodeError as error:
        message = getattr(error, "msg", str(error))
        line, column = getattr(error, "lineno", 1), getattr(error, "colno", 1)
        if line == 1 and text.startswith("\ufeff"):
            column += 1
        span = Span(line, column, line, column + 1)
        return LoadProblem(
            path, display_path(path), f"invalid TOML: {_lower_first(message)}", span, text
        )
    except RecursionError:  # far deeper than Cargo's limit: say where that limit is passed
        offset = _deep_value_offset(text)
        span = Span(1, 1, 1, 1) if offset is None else _offset_span(text, offset)
        message = "invalid TOML: cannot recurse further; max recursion depth met"
        return LoadProblem(path, display_path(path), message, span, text)
    nesting = nesting_problem(text, data)
    if nesting is not None:
        message, span = nesting
        return LoadProblem(path, display_path(path), f"invalid TOML: {message}", span, text)
    return TomlDocument(path=path, text=text, data=data)


def nesting_problem(text: str, data: dict[str, object]) -> tuple[str, Span] | None:
    """Nesting that tomli accepts but Cargo's parser refuses: values (arrays and inline
    tables) more than 80 levels deep, or tables more than 80 levels deep (checked with cargo
    1.95: 80 parses, 81 is refused)."""
    if text.count("[") + text.count("{") > MAX_NESTING:  # cheap: most files cannot be deep
        offset = _deep_value_offset(text)
        if offset is not None:
            return "cannot recurse further; max recursion depth met", _offset_span(text, offset)
    if text.count(".") > MAX_NESTING - 2 and _table_depth(data) > MAX_NESTING:
        deepest = max(split_lines(text), key=lambda line: line.count("."))
        line = split_lines(text).index(deepest) + 1
        message = f"tables are nested more than {MAX_NESTING} levels deep (recursion limit)"
        return message, Span(line, 1, line, len(deepest) + 1)
    return None


def _deep_value_offset(text: str) -> int | None:
    """Where a value first nests deeper than Cargo allows, skipping strings, comments and
    table headers."""
    index, depth, length, line_has_content = 0, 0, len(text), False
    while index < length:
        char = text[index]
        if char == "\n":
            line_has_content = False
        elif char == "#":
            end = text.find("\n", index)
            index = length if end < 0 else end
            continue
        elif char in "\"'":
            index = _string_end(text, index)
            line_has_content = True
            continue
        elif char == "[" and depth == 0 and not line_has_content:
            end = text.find("\n", index)  # a table header: no value on its line
            index = length if end < 0 else end
            continue
        elif char in "[{":
            depth += 1
            if depth > MAX_NESTING:
                return index
        elif char in "]}":
            depth = max(depth - 1, 0)
        if not char.isspace():
            line_has_content = True
        index += 1
    return None


def _string_end(text: str, start: int) -> int:
    """The offset just past the string that starts at `start`."""
    quote = text[start]
    if text.startswith(quote * 3, start):
        index = start + 3
        while index < len(text):
            if quote == '"' and text[index] == "\\":
                index += 2
            elif text.startswith(quote * 3, index):
                run = 3  # up to two quotes may end the content right before the delimiter
                while run < 5 and text.startswith(quote, index + run):
                    run += 1
                return index + run
            else:
                index += 1
        return len(text)
    index = start + 1
    while index < len(text) and text[index] not in (quote, "\n"):
        index += 2 if quote == '"' and text[index] == "\\" else 1
    return index + 1


def _table_depth(data: dict[str, object]) -> int:
    """How deep tables nest (through arrays of tables too), without recursion."""
    deepest = 0
    pending: list[tuple[object, int]] = [(data, 0)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict):
            deepest = max(deepest, depth)
            pending.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            pending.extend((item, depth) for item in value)
    return deepest


def _offset_span(text: str, offset: int) -> Span:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return Span(line, column, line, column + 1)


@dataclass(frozen=True)
class KeyProblem:
    """Why Cargo refuses a project, at the key of the file that causes it."""

    file: str  # the file that holds `key`
    key: KeyPath
    message: str
    help: str


class Loader:
    """Reads each file once per run, however many workspaces and members point at it."""

    def __init__(self) -> None:
        self._cache: dict[str, TomlDocument | LoadProblem | None] = {}

    def read_str(self, path: str) -> TomlDocument | LoadProblem | None:
        """The file at `path` (a normalised absolute path); None when there is no such file."""
        if path not in self._cache:
            try:
                status = os.stat(path)  # noqa: PTH116 - one call where pathlib makes two
            except (OSError, ValueError):
                status = None
            if status is None or not stat.S_ISREG(status.st_mode):
                self._cache[path] = None
            else:
                self._cache[path] = read_toml(Path(path), status.st_size)
        return self._cache[path]

    def read(self, path: Path) -> TomlDocument | LoadProblem:
        return self.read_str(str(path)) or read_toml(path)


def _byte_span(raw: bytes, offset: int) -> Span:
    line = raw.count(b"\n", 0, offset) + 1
    line_start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
    return Span(line, column, line, column + 1)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
