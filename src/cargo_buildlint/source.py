"""A TOML file as buildlint sees it: its text, its data (tomli) and where each key stands.

tomli parses but gives no positions, so `locate_keys` scans the text a second time and maps every
key path to the span of its key and of its value. It runs only on files that tomli accepted and
only when a diagnostic needs a position, so it may trust the syntax and stay small.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from .diagnostic import KeyPath, Span
from .paths import display_path

# Deeper nesting than Cargo's limit of 80 is refused by the loader (see load.py) before it gets
# here, but the scanner guards itself too: a position is never worth a RecursionError.
MAX_NESTING = 200


@dataclass(frozen=True)
class KeyLocation:
    """Where a key and its value stand in the text."""

    key: Span
    value: Span


@dataclass
class TomlDocument:
    """One parsed TOML file."""

    path: Path
    text: str
    data: dict[str, Any]
    given_display: str | None = field(default=None, repr=False)
    _locations: dict[KeyPath, KeyLocation] | None = field(default=None, repr=False)

    @cached_property
    def display(self) -> str:
        """The path as the user should read it; worked out only when something is shown."""
        return self.given_display if self.given_display is not None else display_path(self.path)

    @property
    def locations(self) -> Mapping[KeyPath, KeyLocation]:
        if self._locations is None:
            self._locations = self.layout.locations
        return self._locations

    @cached_property
    def layout(self) -> Layout:
        return scan_layout(self.text)

    def has(self, key: KeyPath) -> bool:
        """Whether the data holds `key` (no scan of the text needed)."""
        value: Any = self.data
        for part in key:
            if not isinstance(value, dict) or part not in value:
                return False
            value = value[part]
        return True

    def get(self, key: KeyPath) -> Any:
        """The value at `key`, or None."""
        value: Any = self.data
        for part in key:
            value = value.get(part) if isinstance(value, dict) else None
        return value

    def locate(self, key: KeyPath, part: str = "value") -> Span:
        """The span of `key`'s key or value; the nearest located ancestor when it has none."""
        for length in range(len(key), 0, -1):
            found = self.locations.get(key[:length])
            if found is not None:
                return found.key if part == "key" or length < len(key) else found.value
        return Span(1, 1, 1, 1)

    @cached_property
    def lines(self) -> list[str]:
        return split_lines(self.text)

    def line(self, number: int) -> str:
        return self.lines[number - 1] if 0 < number <= len(self.lines) else ""


def split_lines(text: str) -> list[str]:
    """The lines of a TOML text, without their ends.

    TOML ends lines with LF or CRLF only; `str.splitlines` also breaks at form feeds, U+0085
    and U+2028, which TOML allows inside comments and strings, and would shift every line
    number after them.
    """
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


_BARE_KEY_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_SCALAR_END = frozenset(",]}#\n")
_ESCAPES = {
    "b": "\b",
    "t": "\t",
    "n": "\n",
    "f": "\f",
    "r": "\r",
    "e": "\x1b",
    '"': '"',
    "\\": "\\",
}


@dataclass(frozen=True)
class Header:
    """A `[table]` or `[[array]]` header: the table's path and the header's offsets."""

    path: KeyPath
    start: int
    end: int


@dataclass(frozen=True)
class Statement:
    """A `key = value` line of a table block (not one inside an inline table)."""

    path: KeyPath  # the full key path, the block's table included
    block: int  # index of the header it stands under; -1 before the first header
    key_start: int
    value_start: int
    value_end: int


@dataclass(frozen=True)
class Layout:
    """Where everything stands in a valid TOML text: what fixes edit by offset."""

    locations: dict[KeyPath, KeyLocation]
    headers: list[Header]
    statements: list[Statement]
    line_starts: list[int]

    def offset(self, line: int, column: int) -> int:
        return self.line_starts[line - 1] + column - 1


def locate_keys(text: str) -> dict[KeyPath, KeyLocation]:
    """Map every key path of a valid TOML document to the spans of its key and value."""
    return scan_layout(text).locations


def scan_layout(text: str) -> Layout:
    scanner = _Scanner(text)
    scanner.scan()
    return Layout(scanner.found, scanner.headers, scanner.statements, scanner.line_starts)


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
        self.found: dict[KeyPath, KeyLocation] = {}
        self.array_tables: dict[KeyPath, int] = {}
        self.headers: list[Header] = []
        self.statements: list[Statement] = []

    # positions --------------------------------------------------------------------------------

    def _point(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def _offset(self, line: int, column: int) -> int:
        return self.line_starts[line - 1] + column - 1

    def span(self, start: int, end: int) -> Span:
        line, column = self._point(start)
        end_line, end_column = self._point(end)
        return Span(line, column, end_line, end_column)

    def record(self, key: KeyPath, key_span: Span, value_span: Span) -> None:
        self.found.setdefault(key, KeyLocation(key_span, value_span))

    # lexical helpers ---------------------------------------------------------------------------

    def peek(self, offset: int = 0) -> str:
        index = self.pos + offset
        return self.text[index] if index < len(self.text) else ""

    def skip_blanks(self) -> None:
        while self.peek() in (" ", "\t"):
            self.pos += 1

    def skip_trivia(self) -> None:
        """Blanks, newlines and comments: what may stand between statements or array items."""
        while True:
            char = self.peek()
            if char in (" ", "\t", "\r", "\n"):
                self.pos += 1
            elif char == "#":
                end = self.text.find("\n", self.pos)
                self.pos = len(self.text) if end < 0 else end
            else:
                return

    # grammar -----------------------------------------------------------------------------------

    def scan(self) -> dict[KeyPath, KeyLocation]:
        self.skip_bom()
        table: KeyPath = ()
        while True:
            self.skip_trivia()
            if self.pos >= len(self.text):
                return self.found
            if self.peek() == "[":
                table = self.header()
            else:
                self.key_value(table, 0)

    def skip_bom(self) -> None:
        if self.text.startswith("\ufeff"):
            self.pos = 1

    def header(self) -> KeyPath:
        start = self.pos
        is_array = self.peek(1) == "["
        self.pos += 2 if is_array else 1
        self.skip_blanks()
        parts = self.key()
        self.skip_blanks()
        self.pos += 2 if is_array else 1
        header_span = self.span(start, self.pos)
        path = self.resolve_prefix([name for name, _ in parts[:-1]])
        path += (parts[-1][0],)
        if is_array:
            index = self.array_tables.get(path, 0)
            self.array_tables[path] = index + 1
            self.record(path, header_span, header_span)
            path += (index,)
        self.headers.append(Header(path, start, self.pos))
        self.record(path, header_span, header_span)
        self.record_ancestors(path, header_span)
        return path

    def resolve_prefix(self, names: list[str]) -> KeyPath:
        """Header names walk through arrays of tables into their last element."""
        path: KeyPath = ()
        for name in names:
            path += (name,)
            count = self.array_tables.get(path)
            if count:
                path += (count - 1,)
        return path

    def record_ancestors(self, path: KeyPath, span: Span) -> None:
        for length in range(1, len(path)):
            self.record(path[:length], span, span)

    def key_value(self, table: KeyPath, depth: int) -> None:
        start = self.pos
        parts = self.key()
        key_span = self.span(start, self.pos)
        path = table + tuple(name for name, _ in parts)
        for index, (_, part_end) in enumerate(parts[:-1]):
            prefix_span = self.span(start, part_end)
            self.record(
                table + tuple(name for name, _ in parts[: index + 1]), prefix_span, prefix_span
            )
        self.skip_blanks()
        self.pos += 1  # "="
        self.skip_blanks()
        value_start = self.pos
        value_span = self.value(path, depth)
        self.record(path, key_span, value_span)
        if depth == 0:
            value_end = self._offset(value_span.end_line, value_span.end_column)
            block = len(self.headers) - 1
            self.statements.append(Statement(path, block, start, value_start, value_end))

    def key(self) -> list[tuple[str, int]]:
        """A dotted key as (name, end offset) parts."""
        parts: list[tuple[str, int]] = []
        while True:
            self.skip_blanks()
            parts.append((self.key_part(), self.pos))
            self.skip_blanks()
            if self.peek() != ".":
                return parts
            self.pos += 1

    def key_part(self) -> str:
        char = self.peek()
        if char == '"':
            return self.basic_string()
        if char == "'":
            end = self.text.index("'", self.pos + 1)
            name = self.text[self.pos + 1 : end]
            self.pos = end + 1
            return name
        start = self.pos
        while self.peek() in _BARE_KEY_CHARS and self.peek():
            self.pos += 1
        return self.text[start : self.pos]

    def basic_string(self) -> str:
        """A single-line "..." string, with its escapes decoded."""
        self.pos += 1
        out: list[str] = []
        while True:
            char = self.peek()
            if char == '"' or not char:
                self.pos += 1
                return "".join(out)
            if char == "\\":
                out.append(self.escape())
            else:
                out.append(char)
                self.pos += 1

    def escape(self) -> str:
        code = self.peek(1)
        if code in ("u", "U", "x"):
            width = {"u": 4, "U": 8, "x": 2}[code]
            digits = self.text[self.pos + 2 : self.pos + 2 + width]
            self.pos += 2 + width
            return chr(int(digits, 16))
        self.pos += 2
        return _ESCAPES.get(code, code)

    def value(self, path: KeyPath, depth: int) -> Span:
        if depth > MAX_NESTING:
            raise RecursionError("TOML nesting too deep to locate")
        start = self.pos
        char = self.peek()
        if self.text.startswith('"""', self.pos) or self.text.startswith("'''", self.pos):
            self.multiline_string(char)
        elif char == '"':
            self.basic_string()
        elif char == "'":
            self.pos = self.text.index("'", self.pos + 1) + 1
        elif char == "[":
            self.array(path, depth)
        elif char == "{":
            self.inline_table(path, depth)
        else:
            while self.peek() and self.peek() not in _SCALAR_END:
                self.pos += 1
            end = self.pos
            while end > start and self.text[end - 1] in " \t\r":
                end -= 1
            return self.span(start, end)
        return self.span(start, self.pos)

    def multiline_string(self, quote: str) -> None:
        delimiter = quote * 3
        self.pos += 3
        while self.pos < len(self.text):
            if quote == '"' and self.peek() == "\\":
                self.pos += 2
            elif self.text.startswith(delimiter, self.pos):
                run = 3
                while self.peek(run) == quote and run < 5:
                    run += 1
                self.pos += run
                return
            else:
                self.pos += 1

    def array(self, path: KeyPath, depth: int) -> None:
        self.pos += 1
        index = 0
        while True:
            self.skip_trivia()
            if self.peek() in ("]", ""):
                self.pos += 1
                return
            item_span = self.value((*path, index), depth + 1)
            self.record((*path, index), item_span, item_span)
            index += 1
            self.skip_trivia()
            if self.peek() == ",":
                self.pos += 1

    def inline_table(self, path: KeyPath, depth: int) -> None:
        self.pos += 1
        while True:
            self.skip_trivia()
            if self.peek() in ("}", ""):
                self.pos += 1
                return
            self.key_value(path, depth + 1)
            self.skip_trivia()
            if self.peek() == ",":
                self.pos += 1
