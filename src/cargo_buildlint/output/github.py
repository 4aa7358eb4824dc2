"""GitHub Actions workflow commands: one annotation per diagnostic, shown on the pull request.

Workflow commands end at a newline and split their properties on `,` and `:`, so the message
escapes `%`, CR and LF, and the properties escape `,` and `:` too (actions/toolkit's rules).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..diagnostic import Diagnostic, Severity

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(diagnostics: Sequence[Diagnostic], color: bool) -> str:
    lines = []
    for d in diagnostics:
        properties = {
            "file": d.display,
            "line": str(d.span.line),
            "col": str(d.span.column),
            "endLine": str(d.span.end_line),
            "endColumn": str(d.span.end_column),
            "title": f"{d.code} {d.name}",
        }
        joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
        message = d.message + (f"\nhelp: {d.help}" if d.help else "")
        lines.append(f"::{COMMANDS[d.severity]} {joined}::{escape_data(message)}")
    return "".join(line + "\n" for line in lines)
