"""Fixes as minimal text edits at the spans the locator knows (ruff's model).

A fix sets or removes keys; here each becomes an edit of the file's text: a value replaced in
place, an item appended to or removed from an array without touching its other items and
comments, a key line inserted after the last key of its table (in a header table, an inline
table or dotted keys, as the file wrote the table), a key line removed with its end-of-line
comment, or a new table inserted after the related table and never between a comment block
and the header it documents. Every byte outside those edits stays as the user wrote it; the
caller verifies the result by parsing it again.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from .diagnostic import KeyPath
from .source import Header, Layout, Statement, scan_layout
from .values import dotted, toml_repr


class EditError(Exception):
    """The edit cannot be made as a text edit; the file is left as it is."""


@dataclass(frozen=True)
class TextEdit:
    start: int
    end: int
    text: str


@dataclass
class _NewTable:
    path: KeyPath
    keys: list[tuple[str, object]] = field(default_factory=list)


class EditPlanner:
    """Collects the text edits that set or remove keys of one valid TOML text."""

    def __init__(self, text: str, data: dict[str, Any]) -> None:
        self.text = text
        self.data = data
        self.layout: Layout = scan_layout(text)
        self.newline = "\r\n" if "\r\n" in text else "\n"
        self.edits: list[TextEdit] = []
        self.new_tables: dict[KeyPath, _NewTable] = {}

    # setting and removing --------------------------------------------------------------------

    def set(self, key: KeyPath, value: object) -> None:
        """Set `key` to `value`, or remove it when `value` is None."""
        for length in range(1, len(key)):
            above = _lookup(self.data, key[:length])
            if above is _MISSING:
                break
            if not isinstance(above, dict):  # `[profile] dev = []`
                raise EditError(f"`{dotted(key[:length])}` is not a table")
        existing = _lookup(self.data, key)
        if existing is not _MISSING:
            if isinstance(existing, dict) and value is None:
                self._remove_table(key)
                return
            if isinstance(existing, dict):
                raise EditError(f"`{dotted(key)}` is a table, not a value")
            if value is None:
                self._remove(key)
            elif isinstance(existing, list) and isinstance(value, list):
                self._edit_array(key, existing, value)
            else:
                self._replace(key, value)
            return
        if value is None:
            return
        table, name = key[:-1], str(key[-1])
        container = _lookup(self.data, table) if table else self.data
        if container is _MISSING or table in self.new_tables:
            self._new_table(table).keys.append((name, value))
        elif not isinstance(container, dict):
            raise EditError(f"`{dotted(table)}` is not a table")
        else:
            self._add_to_table(table, name, value)

    def _replace(self, key: KeyPath, value: object) -> None:
        start, end = self._value_offsets(key)
        self.edits.append(TextEdit(start, end, toml_repr(value)))

    def _value_offsets(self, key: KeyPath) -> tuple[int, int]:
        location = self.layout.locations.get(key)
        if location is None:
            raise EditError(f"cannot find `{dotted(key)}` in the text")
        span = location.value
        return (
            self.layout.offset(span.line, span.column),
            self.layout.offset(span.end_line, span.end_column),
        )

    def _remove(self, key: KeyPath) -> None:
        statement = self._statement(key)
        if statement is not None:
            self._remove_statement(statement)
        else:
            self._remove_inline(key)

    def _remove_statement(self, statement: Statement) -> None:
        start = statement.key_start
        line_start = self._line_start(start)
        if self.text[line_start:start].strip() or _code_after(self.text, statement.value_end):
            self.edits.append(TextEdit(start, statement.value_end, ""))
        else:  # the key's own line(s), with the comment at its end
            self.edits.append(TextEdit(line_start, _line_end(self.text, statement.value_end), ""))

    def _remove_table(self, table: KeyPath) -> None:
        """A whole table: its header blocks and sub-tables, or the keys that define it."""
        statement = self._statement(table)
        if statement is not None:  # `doc = { ... }`
            self._remove_statement(statement)
            return
        headers = self.layout.headers
        own = [i for i, h in enumerate(headers) if h.path[: len(table)] == table]
        for s in self.layout.statements:
            if s.path[: len(table)] == table and len(self._block_path(s)) < len(table):
                self._remove_statement(s)  # dotted keys: `doc.opt-level = 1`
        # Each header with its keys; comment lines between the blocks stay, as everywhere.
        for index in own:
            start = self._line_start(headers[index].start)
            previous = self._line_start(start - 1) if start > 0 else 0
            if start > 0 and not self.text[previous:start].strip():
                start = previous  # the blank line that separated it from the table above
            self.edits.append(TextEdit(start, self._block_end(index), ""))

    def _remove_inline(self, key: KeyPath) -> None:
        """`key = value` inside an inline table, with the comma that separates it."""
        location = self.layout.locations.get(key)
        if location is None:
            raise EditError(f"cannot find `{dotted(key)}` in the text")
        start = self.layout.offset(location.key.line, location.key.column)
        end = self.layout.offset(location.value.end_line, location.value.end_column)
        after = _skip_blanks(self.text, end)
        if self.text[after : after + 1] == ",":
            self.edits.append(TextEdit(start, _skip_blanks(self.text, after + 1), ""))
            return
        before = _back_blanks(self.text, start)
        if self.text[before - 1 : before] == ",":
            self.edits.append(TextEdit(before - 1, end, ""))
        else:
            self.edits.append(TextEdit(start, end, ""))

    # arrays ----------------------------------------------------------------------------------

    def _edit_array(self, key: KeyPath, old: list[Any], new: list[Any]) -> None:
        """Append or remove items in place, so the other items and comments stay."""
        items = [self._value_offsets((*key, index)) for index in range(len(old))]
        if old and new[: len(old)] == old:
            self._append_items(key, items, new[len(old) :])
            return
        kept = _subsequence_positions(old, new)
        if kept is None or not new:
            self._replace(key, new)
            return
        for run in self._removed_runs(items, kept):
            self._remove_run(items, run)

    def _removed_runs(self, items: list[tuple[int, int]], kept: Collection[int]) -> list[list[int]]:
        """The removed items, in runs of neighbours that stand on one line."""
        runs: list[list[int]] = []
        for index in range(len(items)):
            if index in kept:
                continue
            line = self._line_start(items[index][0])
            if runs and runs[-1][-1] == index - 1 and self._line_start(items[index - 1][0]) == line:
                runs[-1].append(index)
            else:
                runs.append([index])
        return runs

    def _remove_run(self, items: list[tuple[int, int]], run: list[int]) -> None:
        first, last = run[0], run[-1]
        start, end = items[first][0], items[last][1]
        line_start = self._line_start(start)
        after = _skip_blanks(self.text, end)
        has_comma = self.text[after : after + 1] == ","
        rest = _skip_blanks(self.text, after + 1) if has_comma else after
        alone = not self.text[line_start:start].strip() and self.text[rest : rest + 1] in (
            "\n",
            "\r",
            "#",
        )
        if alone:  # the items' own line, with its comment
            self.edits.append(TextEdit(line_start, _line_end(self.text, rest), ""))
        elif has_comma:
            self.edits.append(TextEdit(start, rest, ""))
        elif first > 0:  # the array's last items: take the comma before them
            self.edits.append(TextEdit(items[first - 1][1], end, ""))
        else:
            self.edits.append(TextEdit(start, end, ""))

    def _line_start(self, offset: int) -> int:
        return self.text.rfind("\n", 0, offset) + 1

    def _append_items(self, key: KeyPath, items: list[tuple[int, int]], added: list[Any]) -> None:
        if not added:
            return
        array_start, array_end = self._value_offsets(key)
        last_end = items[-1][1]
        if "\n" not in self.text[array_start:array_end]:
            text = "".join(", " + toml_repr(item) for item in added)
            self.edits.append(TextEdit(last_end, last_end, text))
            return
        line_start = self._line_start(items[-1][0])
        first_on_line = next(start for start, _ in items if start >= line_start)
        indent = self.text[line_start:first_on_line]
        if indent.strip():  # the items share their line with the key: continue it
            text = "".join(", " + toml_repr(item) for item in added)
            self.edits.append(TextEdit(last_end, last_end, text))
            return
        after = _skip_blanks(self.text, last_end)
        if self.text[after : after + 1] == ",":
            lines = "".join(f"{self.newline}{indent}{toml_repr(item)}," for item in added)
            self.edits.append(TextEdit(after + 1, after + 1, lines))
        else:
            lines = "".join(f",{self.newline}{indent}{toml_repr(item)}" for item in added)
            self.edits.append(TextEdit(last_end, last_end, lines))

    # adding keys to tables that exist --------------------------------------------------------

    def _add_to_table(self, table: KeyPath, name: str, value: object) -> None:
        line = f"{dotted((name,))} = {toml_repr(value)}"
        if not table:  # a top-level key (`cargo-features`) goes before every table
            start = 1 if self.text.startswith("\ufeff") else 0
            blank = self.newline if self.text[start : start + 1] == "[" else ""
            self.edits.append(TextEdit(start, start, line + self.newline + blank))
            return
        header = self._header(table)
        if header is not None:
            self._insert_line(self._block_end(self.layout.headers.index(header)), line)
            return
        statement = self._statement(table)
        if statement is not None:  # an inline table: `dev = { opt-level = 1 }`
            self._add_to_inline(statement.value_start, statement.value_end, line)
            return
        dotted_keys = [
            s
            for s in self.layout.statements
            if s.path[: len(table)] == table and len(self._block_path(s)) < len(table)
        ]
        if dotted_keys:  # `dev.opt-level = 1` under `[profile]`
            last = dotted_keys[-1]
            relative = (*table[len(self._block_path(last)) :], name)
            self._insert_line(
                _line_end(self.text, last.value_end), f"{dotted(relative)} = {toml_repr(value)}"
            )
            return
        # only sub-tables define it (`[profile.dev.package."*"]` without `[profile.dev]`)
        self._new_table(table).keys.append((name, value))

    def _add_to_inline(self, start: int, end: int, line: str) -> None:
        body = self.text[start + 1 : end - 1]
        if not body.strip():
            self.edits.append(TextEdit(start, end, "{ " + line + " }"))
            return
        close = end - 1
        before = _back_blanks(self.text, close)
        self.edits.append(TextEdit(before, before, ", " + line))

    def _insert_line(self, offset: int, line: str) -> None:
        prefix = self.newline if offset > 0 and self.text[offset - 1] != "\n" else ""
        self.edits.append(TextEdit(offset, offset, prefix + line + self.newline))

    # new tables ------------------------------------------------------------------------------

    def _new_table(self, path: KeyPath) -> _NewTable:
        if path not in self.new_tables:
            self.new_tables[path] = _NewTable(path)
        return self.new_tables[path]

    def finish(self) -> list[TextEdit]:
        """Every edit, the new tables' included, in text order."""
        groups: dict[tuple[int, bool], list[_NewTable]] = {}
        for table in self.new_tables.values():
            groups.setdefault(self._table_position(table.path), []).append(table)
        for (offset, before_header), tables in groups.items():
            tables.sort(key=lambda t: [str(part) for part in t.path])
            text = self._render_tables(offset, before_header, tables)
            self.edits.append(TextEdit(offset, offset, text))
        return sorted(self.edits, key=lambda edit: (edit.start, edit.end))

    def _render_tables(self, offset: int, before_header: bool, tables: list[_NewTable]) -> str:
        nl = self.newline
        blocks = [
            f"[{dotted(table.path)}]{nl}"
            + "".join(f"{dotted((k,))} = {toml_repr(v)}{nl}" for k, v in table.keys)
            for table in tables
        ]
        text = nl.join(blocks)
        if before_header:
            return text + nl  # a blank line between it and the table it now precedes
        if not self.text.strip():
            return text
        lead = nl if self.text[offset - 1 : offset] == "\n" else nl + nl
        return lead + text

    def _table_position(self, path: KeyPath) -> tuple[int, bool]:
        """Where a new table goes, and whether that is right before an existing header."""
        headers = self.layout.headers
        below = [h for h in headers if h.path[: len(path)] == path and h.path != path]
        if below:  # defined only by its sub-tables: it goes right before the first of them
            return self._comment_block_start(below[0]), True
        for length in range(len(path) - 1, 0, -1):
            related = [i for i, h in enumerate(headers) if h.path[:length] == path[:length]]
            if related:
                return self._block_end(related[-1]), False
        return len(self.text), False

    def _block_end(self, index: int) -> int:
        """Just past the last key line of the block under header `index` (or the header's
        own line), so that a comment block documenting the next header stays with it."""
        header = self.layout.headers[index]
        own = [s for s in self.layout.statements if s.block == index]
        end = own[-1].value_end if own else header.end
        return _line_end(self.text, end)

    def _comment_block_start(self, header: Header) -> int:
        """The start of the comment lines right above `header` (the header's own line when
        there are none): they document it and stay with it."""
        start = self.text.rfind("\n", 0, header.start) + 1
        while start > 0:
            previous = self.text.rfind("\n", 0, start - 1) + 1
            line = self.text[previous:start].strip()
            if not line.startswith("#"):
                break
            start = previous
        return start

    # lookups ---------------------------------------------------------------------------------

    def _block_path(self, statement: Statement) -> KeyPath:
        return self.layout.headers[statement.block].path if statement.block >= 0 else ()

    def _header(self, table: KeyPath) -> Header | None:
        return next((h for h in self.layout.headers if h.path == table), None)

    def _statement(self, key: KeyPath) -> Statement | None:
        return next((s for s in self.layout.statements if s.path == key), None)


def apply_text_edits(text: str, edits: list[TextEdit]) -> str:
    """The text with the edits made; overlapping edits are refused."""
    pieces: list[str] = []
    position = 0
    for edit in edits:
        if edit.start < position:
            raise EditError("two fixes edit the same text")
        pieces += [text[position : edit.start], edit.text]
        position = edit.end
    pieces.append(text[position:])
    return "".join(pieces)


_MISSING = object()


def _lookup(data: Any, key: KeyPath) -> Any:
    value = data
    for part in key:
        if not isinstance(value, dict) or part not in value:
            return _MISSING
        value = value[part]
    return value


def _subsequence_positions(old: list[Any], new: list[Any]) -> set[int] | None:
    """The positions of `old` that `new` keeps, when `new` only removes items."""
    kept: set[int] = set()
    position = 0
    for index, item in enumerate(old):
        if position < len(new) and item == new[position]:
            kept.add(index)
            position += 1
    return kept if position == len(new) else None


def _skip_blanks(text: str, offset: int) -> int:
    while offset < len(text) and text[offset] in " \t":
        offset += 1
    return offset


def _back_blanks(text: str, offset: int) -> int:
    while offset > 0 and text[offset - 1] in " \t":
        offset -= 1
    return offset


def _code_after(text: str, offset: int) -> bool:
    """Whether something other than blanks and a comment follows on the same line."""
    rest = _skip_blanks(text, offset)
    return text[rest : rest + 1] not in ("", "\n", "\r", "#")


def _line_end(text: str, offset: int) -> int:
    """Just past the newline that ends the line holding `offset` (the end of the text)."""
    newline = text.find("\n", offset)
    return len(text) if newline < 0 else newline + 1
