"""ANSI styles, applied only when the caller says colour is on."""

from __future__ import annotations

from ..diagnostic import Severity

SEVERITY_STYLE = {Severity.ERROR: "1;31", Severity.WARNING: "1;33", Severity.INFO: "1;36"}
GUTTER = "1;34"
BOLD = "1"


def paint(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color and text else text
