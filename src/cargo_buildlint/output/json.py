"""A JSON array of diagnostics, for machines (the fields are a documented contract)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..diagnostic import Diagnostic, Fix
from ..paths import display_path


def diagnostic_to_dict(d: Diagnostic) -> dict[str, Any]:
    return {
        "code": d.code,
        "name": d.name,
        "severity": d.severity.label,
        "message": d.message,
        "file": d.display,
        "line": d.span.line,
        "column": d.span.column,
        "end_line": d.span.end_line,
        "end_column": d.span.end_column,
        "help": d.help,
        "notes": list(d.notes),
        "url": d.url,
        "fix": _fix_to_dict(d.fix) if d.fix else None,
    }


def _fix_to_dict(fix: Fix) -> dict[str, Any]:
    return {
        "title": fix.title,
        "applicability": fix.applicability.value,
        "edits": [
            {"file": display_path(e.file), "key": list(e.key), "value": e.value} for e in fix.edits
        ],
    }


def render_json(diagnostics: Sequence[Diagnostic], color: bool) -> str:
    return (
        json.dumps([diagnostic_to_dict(d) for d in diagnostics], indent=2, ensure_ascii=False)
        + "\n"
    )
