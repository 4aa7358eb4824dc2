"""The default format, shaped like rustc's and cargo's diagnostics."""

from __future__ import annotations

from collections.abc import Sequence

from ..diagnostic import Diagnostic
from .style import BOLD, GUTTER, SEVERITY_STYLE, paint

TAB = "    "  # rustc shows a tab as four spaces


def render_full(diagnostics: Sequence[Diagnostic], color: bool) -> str:
    return "\n".join(_render_one(d, color) for d in diagnostics)


def _render_one(d: Diagnostic, color: bool) -> str:
    style = SEVERITY_STYLE[d.severity]
    number = str(d.span.line)
    pad = " " * len(number)
    bar = paint("|", GUTTER, color)
    lines = [
        paint(f"{d.severity.label}[{d.code}]", style, color) + paint(f": {d.message}", BOLD, color),
        f"{pad}{paint('-->', GUTTER, color)} {d.display}:{d.span.line}:{d.span.column}",
    ]
    if d.source_line:
        before = d.source_line[: d.span.column - 1].replace("\t", TAB)
        end = d.span.end_column if d.span.end_line == d.span.line else len(d.source_line) + 1
        marked = d.source_line[d.span.column - 1 : max(end, d.span.column) - 1].replace("\t", TAB)
        carets = "^" * max(1, len(marked.rstrip()) or 1)
        lines += [
            f"{pad} {bar}",
            f"{paint(number, GUTTER, color)} {bar} {d.source_line.replace(chr(9), TAB).rstrip()}",
            f"{pad} {bar} {' ' * len(before)}{paint(carets, style, color)}",
            f"{pad} {bar}",
        ]
    for label, text in [("help", d.help), *(("note", note) for note in d.notes)]:
        if text:
            lines.append(f"{pad} {paint('=', GUTTER, color)} {paint(label, BOLD, color)}: {text}")
    for text in (
        f"see {d.url}",
        f"`buildlint rule {d.code}` explains, `# buildlint: allow({d.code})` silences",
    ):
        lines.append(f"{pad} {paint('=', GUTTER, color)} {paint('note', BOLD, color)}: {text}")
    return "\n".join(lines) + "\n"
