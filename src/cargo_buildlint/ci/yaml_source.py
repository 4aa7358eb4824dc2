"""One YAML file (a workflow or a composite action) as a tree that keeps every scalar as its
source text with its position.

PyYAML's `compose()` (the C loader when libyaml is there) gives nodes with marks and leaves
scalars as text: `safe_load` would turn `on:` into `True` and `SPLIT_DEBUGINFO: off` into
`False`, which is not what GitHub reads (it resolves YAML 1.2 style). Duplicate keys, which
`compose` accepts silently and GitHub refuses, are found here. PyYAML is imported only when a
repository has a CI file, so a project without one pays nothing for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from ..diagnostic import KeyPath, Span
from ..load import LoadProblem, read_text
from ..paths import display_path

MAX_DEPTH = 200  # far beyond any workflow; a position is never worth a RecursionError
# YAML 1.1 line breaks, as both PyYAML loaders count lines
_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


@dataclass(frozen=True)
class Scalar:
    """A scalar as written: `text` is its value with YAML's quoting and folding undone."""

    text: str
    span: Span
    style: str | None  # None (plain), "'", '"', "|" or ">"
    indent: int = 0  # a block scalar's content indentation (0-based column)

    def position(self, line: int, column: int, length: int) -> Span:
        """The span of `length` characters at `line`/`column` (0-based) of a literal block
        scalar's content; the whole scalar for other styles, whose text is not line for line."""
        if self.style != "|":
            return self.span
        first = self.span.line + 1 + line
        start = self.indent + column + 1
        return Span(first, start, first, start + max(length, 1))


@dataclass(frozen=True)
class Mapping:
    items: tuple[tuple[Scalar, Node], ...]
    span: Span

    def get(self, name: str) -> Node | None:
        for key, value in self.items:
            if key.text == name:
                return value
        return None

    def text(self, name: str) -> str | None:
        value = self.get(name)
        return value.text if isinstance(value, Scalar) else None

    def mapping(self, name: str) -> Mapping | None:
        value = self.get(name)
        return value if isinstance(value, Mapping) else None

    def sequence(self, name: str) -> Sequence | None:
        value = self.get(name)
        return value if isinstance(value, Sequence) else None

    def key_span(self, name: str) -> Span | None:
        return next((key.span for key, _ in self.items if key.text == name), None)


@dataclass(frozen=True)
class Sequence:
    items: tuple[Node, ...]
    span: Span


Node = Scalar | Mapping | Sequence


@dataclass(frozen=True)
class YamlProblem:
    path: Path
    display: str
    message: str
    span: Span
    text: str = ""

    def as_document(self) -> YamlDocument:
        """An empty document with the file's text, so diagnostics can show its lines."""
        return YamlDocument(self.path, self.text, None, self.display)


@dataclass(eq=False)  # each file once per run: compared and hashed by identity
class YamlDocument:
    """A parsed YAML file; `root` is None for an empty file."""

    path: Path
    text: str
    root: Node | None
    given_display: str | None = field(default=None, repr=False)

    @cached_property
    def display(self) -> str:
        return self.given_display if self.given_display is not None else display_path(self.path)

    @cached_property
    def lines(self) -> list[str]:
        lines = _BREAKS.split(self.text)
        if lines and lines[-1] == "":
            lines.pop()
        return lines

    def line(self, number: int) -> str:
        return self.lines[number - 1] if 0 < number <= len(self.lines) else ""

    def node(self, key: KeyPath) -> Node | None:
        node = self.root
        for part in key:
            if isinstance(node, Mapping) and isinstance(part, str):
                node = node.get(part)
            elif isinstance(node, Sequence) and isinstance(part, int):
                node = node.items[part] if 0 <= part < len(node.items) else None
            else:
                return None
        return node

    def locate(self, key: KeyPath, part: str = "value") -> Span:
        """The span of `key`'s key or value; the nearest located ancestor when it has none."""
        for length in range(len(key), 0, -1):
            parent = self.node(key[: length - 1])
            name = key[length - 1]
            if isinstance(parent, Mapping) and isinstance(name, str):
                key_span = parent.key_span(name)
                value = parent.get(name)
                if key_span is not None and value is not None:
                    if part == "key" or length < len(key):
                        return key_span
                    return _head(value)
            elif (
                isinstance(parent, Sequence)
                and isinstance(name, int)
                and 0 <= name < len(parent.items)
            ):
                return _head(parent.items[name])
        return Span(1, 1, 1, 1)


def _head(node: Node) -> Span:
    """Where a node starts, on its first line (a block's span ends lines later)."""
    if isinstance(node, Scalar) and node.span.line == node.span.end_line:
        return node.span
    start = node.span
    return Span(start.line, start.column, start.line, start.column + 1)


def read_yaml(path: Path) -> YamlDocument | YamlProblem:
    text = read_text(path, kind="a workflow")
    if isinstance(text, LoadProblem):
        return YamlProblem(text.path, text.display, text.message, text.span, text.text)
    return parse_yaml(path, text)


def parse_yaml(path: Path, text: str, display: str | None = None) -> YamlDocument | YamlProblem:
    import yaml  # only when a repository has a CI file

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    shown = display if display is not None else display_path(path)
    try:
        node = yaml.compose(text.removeprefix("\ufeff"), Loader=loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = error.problem or error.context or "invalid YAML"
        return YamlProblem(path, shown, problem, Span(line, column, line, column + 1), text)
    except (yaml.YAMLError, RecursionError) as error:
        message = str(error).splitlines()[0] if str(error) else "invalid YAML"
        return YamlProblem(path, shown, message, Span(1, 1, 1, 2), text)
    try:
        root = _Converter(text).convert(node, 0) if node is not None else None
    except _ShapeError as duplicate:
        return YamlProblem(path, shown, duplicate.message, duplicate.span, text)
    return YamlDocument(path, text, root, display)


class _ShapeError(Exception):
    def __init__(self, message: str, span: Span) -> None:
        super().__init__(message)
        self.message = message
        self.span = span


class _Converter:
    """PyYAML nodes to `Node`s; an alias's node is converted once and shared."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.done: dict[int, Node] = {}
        self.lines: list[str] | None = None

    def convert(self, node: Any, depth: int) -> Node:
        known = self.done.get(id(node))
        if known is not None:
            return known
        span = _span(node)
        if depth > MAX_DEPTH:
            raise _ShapeError(f"nesting deeper than {MAX_DEPTH} levels", span)
        result: Node
        if node.id == "scalar":
            result = Scalar(str(node.value), span, node.style, self._indent(node))
        elif node.id == "sequence":
            result = Sequence(tuple(self.convert(item, depth + 1) for item in node.value), span)
        else:
            items: list[tuple[Scalar, Node]] = []
            seen: set[str] = set()
            for key_node, value_node in node.value:
                key = self.convert(key_node, depth + 1)
                if not isinstance(key, Scalar):
                    key = Scalar("", key.span, None)
                if key.text in seen:
                    raise _ShapeError(f"duplicate key `{key.text}`", key.span)
                seen.add(key.text)
                items.append((key, self.convert(value_node, depth + 1)))
            result = Mapping(tuple(items), span)
        self.done[id(node)] = result
        return result

    def _indent(self, node: Any) -> int:
        """A block scalar's content indentation: that of its first non-blank line."""
        if node.style not in ("|", ">"):
            return 0
        if self.lines is None:
            self.lines = _BREAKS.split(self.text.removeprefix("\ufeff"))
        for line in self.lines[node.start_mark.line + 1 :]:
            if line.strip():
                return len(line) - len(line.lstrip(" "))
        return 0


def _span(node: Any) -> Span:
    start, end = node.start_mark, node.end_mark
    if end.line > start.line and end.column == 0 and node.id == "scalar":
        return Span(start.line + 1, start.column + 1, end.line, end.column + 1)
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)
