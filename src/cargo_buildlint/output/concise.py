"""One line per diagnostic: `file:line:column: severity[CODE] message`."""

from __future__ import annotations

from collections.abc import Sequence

from ..diagnostic import Diagnostic
from .style import SEVERITY_STYLE, paint


def render_concise(diagnostics: Sequence[Diagnostic], color: bool) -> str:
    lines = [
        f"{d.display}:{d.span.line}:{d.span.column}: "
        f"{paint(f'{d.severity.label}[{d.code}]', SEVERITY_STYLE[d.severity], color)} {d.message}"
        for d in diagnostics
    ]
    return "".join(line + "\n" for line in lines)
