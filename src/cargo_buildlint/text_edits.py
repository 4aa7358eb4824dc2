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

from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from .cargo.targets import OPTIONS_WITH_VALUE
from .diagnostic import KeyPath
from .source import Header, Layout, Statement, scan_layout
from .toml_text import dotted, toml_repr


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
            end = self._block_end(index)
            previous = self._line_start(start - 1) if start > 0 else 0
            if start > 0 and not self.text[previous:start].strip():
                start = previous  # the blank line that separated it from the table above
            elif end < len(self.text) and not self.text[end : _line_end(self.text, end)].strip():
                end = _line_end(self.text, end)  # or the one that separated it from below
            self.edits.append(TextEdit(start, end, ""))

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
        """Change only the items that change, in place, so the others and their comments
        stay. Items are compared as rustc options (`-C` with its value), so removing one
        option never splits another across lines."""
        if not old or not new:
            self._replace(key, new)
            return
        items = [self._value_offsets((*key, index)) for index in range(len(old))]
        old_units, new_units = _option_units(old), _option_units(new)
        matcher = SequenceMatcher(
            a=[tuple(old[i] for i in unit) for unit in old_units],
            b=[tuple(new[i] for i in unit) for unit in new_units],
            autojunk=False,
        )
        removed: list[int] = []
        for tag, a1, a2, b1, b2 in matcher.get_opcodes():
            old_indices = [i for unit in old_units[a1:a2] for i in unit]
            added = [new[i] for unit in new_units[b1:b2] for i in unit]
            if tag == "equal":
                continue
            if tag == "replace" and len(old_indices) == len(added):
                for index, value in zip(old_indices, added, strict=True):
                    self.edits.append(TextEdit(*items[index], toml_repr(value)))
                continue
            removed += old_indices
            if added:
                self._insert_items(key, items, old_indices, a1, old_units, added)
        for run in _runs(removed):
            self._remove_run(items, run, frozenset(removed))

    def _insert_items(
        self,
        key: KeyPath,
        items: list[tuple[int, int]],
        replaced: list[int],
        unit: int,
        old_units: list[list[int]],
        added: list[Any],
    ) -> None:
        """New items where the replaced ones stood: after the item before them (at the end,
        in the array's own layout), else before the first item."""
        before = old_units[unit - 1][-1] if unit > 0 else None
        if before is not None and before == len(items) - 1 - len(replaced):
            self._append_items(key, items[: before + 1], added)
            return
        if before is not None:
            text = "".join(", " + toml_repr(item) for item in added)
            self.edits.append(TextEdit(items[before][1], items[before][1], text))
            return
        first = items[0][0]
        text = "".join(toml_repr(item) + ", " for item in added)
        self.edits.append(TextEdit(first, first, text))

    def _remove_run(
        self, items: list[tuple[int, int]], run: list[int], removed: frozenset[int]
    ) -> None:
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
        kept_before = [i for i in range(first) if i not in removed]
        if alone:  # the items' own lines, with the comment at their end
            self.edits.append(TextEdit(line_start, _line_end(self.text, rest), ""))
        elif has_comma:
            self.edits.append(TextEdit(start, rest, ""))
        elif kept_before:  # the array's last items: take the comma after the last kept one
            self.edits.append(TextEdit(items[kept_before[-1]][1], end, ""))
        else:
            self.edits.append(TextEdit(start, end, ""))

    def _line_start(self, offset: int) -> int:
        """The start of the line holding `offset`; on the first line, after a byte order
        mark, which stays where it is."""
        return max(self.text.rfind("\n", 0, offset) + 1, self._text_start)

    @property
    def _text_start(self) -> int:
        return 1 if self.text.startswith("\ufeff") else 0

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
            self._insert_line(self._last_key_end(self.layout.headers.index(header)), line)
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
        before = _back_blanks(self.text, end - 1)
        if self.text[before - 1] == ",":  # a trailing comma (TOML 1.1, which Cargo reads)
            self.edits.append(TextEdit(before, before, " " + line + ","))
        else:
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

    def _last_key_end(self, index: int) -> int:
        """Just past the last key line of the block under header `index` (or the header's
        own line): where a new key of that table goes."""
        header = self.layout.headers[index]
        own = [s for s in self.layout.statements if s.block == index]
        return _line_end(self.text, own[-1].value_end if own else header.end)

    def _block_end(self, index: int) -> int:
        """The end of the block under header `index`: its keys and the comment lines after
        them up to a blank line (a commented-out key still belongs to the table); comment
        lines that run straight into the next header document that header instead."""
        end = position = self._last_key_end(index)
        while position < len(self.text):
            line_end = _line_end(self.text, position)
            line = self.text[position:line_end].strip()
            if not line:
                return position  # the comments so far end the block
            if not line.startswith("#"):
                return end  # they document what follows
            position = line_end
        return position

    def _comment_block_start(self, header: Header) -> int:
        """The start of the comment lines right above `header` (the header's own line when
        there are none): they document it and stay with it."""
        start = self.text.rfind("\n", 0, header.start) + 1
        while start > self._text_start:
            previous = self.text.rfind("\n", 0, start - 1) + 1
            line = self.text[previous:start].strip()
            if not line.startswith("#"):
                break
            start = previous
        return max(start, self._text_start)

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


def _option_units(flags: list[Any]) -> list[list[int]]:
    """Indices of the items grouped as rustc reads them: `-C` with its value is one option."""
    units: list[list[int]] = []
    index = 0
    while index < len(flags):
        takes_value = flags[index] in OPTIONS_WITH_VALUE and index + 1 < len(flags)
        units.append([index, index + 1] if takes_value else [index])
        index += 2 if takes_value else 1
    return units


def _runs(indices: list[int]) -> list[list[int]]:
    """Consecutive indices grouped: [1, 2, 5] -> [[1, 2], [5]]."""
    runs: list[list[int]] = []
    for index in sorted(indices):
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    return runs


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
