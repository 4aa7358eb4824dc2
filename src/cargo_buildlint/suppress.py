"""Inline suppressions: `# buildlint: allow(BL101, dev-lto) optional reason`.

At the end of a line the comment silences that line. On a line of its own it silences the next
key (all the lines of its value), or the whole table when the next line is a table header; in
a YAML workflow, the next line and every line indented deeper (a whole step, job or key).
Rules are named by code or name; there is no blanket form. Malformed comments and unknown rules
are reported (BL011); an allow that silenced nothing is reported with `--warn-unused-allows`
(BL015).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .diagnostic import Span
from .source import TomlDocument, split_lines

if TYPE_CHECKING:
    from .ci.yaml_source import YamlDocument

_DIRECTIVE = re.compile(r"buildlint\s*:")
_ALLOW = re.compile(r"buildlint\s*:\s*allow\(([^)]*)\)(.*)$")
FORM = "write `# buildlint: allow(CODE)`, with rule codes or names"
BLANKET = "name the rules to allow: there is no blanket form"
LISTED = "`buildlint rules` lists the codes and names"


@dataclass
class Allow:
    """A `# buildlint: allow(...)` comment: the rules it silences, on which lines, and why."""

    file: Path
    span: Span  # the comment, for reporting it
    first_line: int
    last_line: int
    codes: dict[str, str]  # rule code -> the selector the user wrote
    reason: str
    used: set[str] = field(default_factory=set)

    def covers(self, line: int) -> bool:
        return self.first_line <= line <= self.last_line


@dataclass(frozen=True)
class AllowProblem:
    """A malformed or unknown `allow` comment."""

    file: Path
    span: Span
    message: str
    help: str


def comments(text: str) -> list[tuple[int, int, str, bool]]:
    """(line, column, text after `#`, whether code stands before it) for every comment,
    skipping `#` inside strings, multi-line ones included."""
    found = []
    in_multiline: str | None = None
    for number, line in enumerate(split_lines(text), start=1):
        index, quote, has_code = 0, None, False
        while index < len(line):
            char = line[index]
            if in_multiline:
                if line.startswith(in_multiline, index):
                    index += 3
                    in_multiline, has_code = None, True
                    continue
                index += 2 if char == "\\" and in_multiline == '"""' else 1
                continue
            if quote:
                if char == "\\" and quote == '"':
                    index += 2
                    continue
                if char == quote:
                    quote = None
            elif line.startswith(('"""', "'''"), index):
                in_multiline = line[index : index + 3]
                has_code = True
                index += 3
                continue
            elif char in "\"'":
                quote, has_code = char, True
            elif char == "#":
                found.append((number, index + 1, line[index + 1 :], has_code))
                break
            elif not char.isspace():
                has_code = True
            index += 1
    return found


def yaml_comments(lines: list[str]) -> list[tuple[int, int, str, bool]]:
    """Like `comments`, for YAML: a `#` at the start of a line or after a blank, outside a
    quoted scalar (inside a `run:` script, a shell comment counts too)."""
    found = []
    for number, line in enumerate(lines, start=1):
        quote: str | None = None
        for index, char in enumerate(line):
            if quote:
                if char == quote:
                    quote = None
            elif char in "\"'" and (index == 0 or line[index - 1] in " [{,:-"):
                quote = char
            elif char == "#" and (index == 0 or line[index - 1] in " \t"):
                found.append((number, index + 1, line[index + 1 :], bool(line[:index].strip())))
                break
    return found


def parse_allows(
    document: TomlDocument | YamlDocument, resolve: dict[str, str]
) -> tuple[list[Allow], list[AllowProblem]]:
    """The allows of one file; `resolve` maps every rule code and name to its code."""
    allows: list[Allow] = []
    problems: list[AllowProblem] = []
    lines = document.lines
    yaml = not isinstance(document, TomlDocument)
    found = yaml_comments(lines) if yaml else comments(document.text)
    for line, column, text, trailing in found:
        if not _DIRECTIVE.match(text.strip()):
            continue
        span = Span(line, column, line, column + 1 + len(text.rstrip()))
        match = _ALLOW.match(text.strip())
        if match is None:
            problems.append(
                AllowProblem(document.path, span, "malformed `buildlint:` comment", FORM)
            )
            continue
        selectors = [s.strip() for s in match[1].split(",") if s.strip()]
        if not selectors:
            problems.append(AllowProblem(document.path, span, "`allow()` names no rule", BLANKET))
            continue
        codes = {}
        for selector in selectors:
            code = resolve.get(selector) or resolve.get(selector.upper())
            if code is None:
                message = f"unknown rule `{selector}` in `allow(...)`"
                problems.append(AllowProblem(document.path, span, message, LISTED))
            else:
                codes[code] = selector
        if codes:
            if isinstance(document, TomlDocument):
                first, last = _scope(document, lines, line, trailing)
            else:
                first, last = _indented_scope(lines, line, trailing)
            allows.append(Allow(document.path, span, first, last, codes, match[2].strip()))
    return allows, problems


def _scope(document: TomlDocument, lines: list[str], line: int, trailing: bool) -> tuple[int, int]:
    """The lines a comment on `line` silences."""
    if trailing:
        return line, line
    meaningful = (n for n in range(line + 1, len(lines) + 1) if _is_statement(lines[n - 1]))
    target = next(meaningful, None)
    if target is None:
        return line, line
    # Table headers are where the locator recorded a key and value span that are the same.
    headers = sorted(
        loc.key.line
        for loc in document.locations.values()
        if loc.key == loc.value and lines[loc.key.line - 1].lstrip().startswith("[")
    )
    if target in headers:
        following = [n for n in headers if n > target]
        return target, (following[0] - 1 if following else len(lines))
    ends = [loc.value.end_line for loc in document.locations.values() if loc.key.line == target]
    return target, max(ends, default=target)


def _indented_scope(lines: list[str], line: int, trailing: bool) -> tuple[int, int]:
    """The next line and every line indented deeper than it (YAML's blocks; a key's sequence
    may stand at the key's own indentation)."""
    if trailing:
        return line, line
    following = [n for n in range(line + 1, len(lines) + 1) if _is_statement(lines[n - 1])]
    if not following:
        return line, line
    target = following[0]
    indent = _indent(lines[target - 1])
    item = lines[target - 1].lstrip().startswith("-")
    last = target
    for number in following[1:]:
        current = lines[number - 1]
        deeper = _indent(current) > indent
        if deeper or (_indent(current) == indent and not item and current.lstrip()[:1] == "-"):
            last = number
        else:
            break
    return target, last


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _is_statement(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")
