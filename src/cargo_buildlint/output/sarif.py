"""SARIF 2.1.0, as GitHub code scanning accepts it: the tool with its rules and their help,
results with rule id, level and a physical location with a region."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..catalogue import find_rule
from ..diagnostic import Diagnostic, Severity

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def render_sarif(diagnostics: Sequence[Diagnostic], color: bool) -> str:
    codes = sorted({d.code for d in diagnostics})
    rules = [_rule(code) for code in codes]
    results = [_result(d, codes.index(d.code)) for d in diagnostics]
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "buildlint",
                        "version": __version__,
                        "informationUri": "https://doc.rust-lang.org/cargo/guide/build-performance.html",
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _rule(code: str) -> dict[str, Any]:
    rule = find_rule(code)
    assert rule is not None
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.doc.split("\n\n", 1)[0]},
        "helpUri": rule.url,
        "help": {"text": rule.doc, "markdown": rule.doc},
        "defaultConfiguration": {"level": LEVELS[rule.default_severity]},
    }


def _result(d: Diagnostic, rule_index: int) -> dict[str, Any]:
    text = d.message + (f"\nhelp: {d.help}" if d.help else "")
    return {
        "ruleId": d.code,
        "ruleIndex": rule_index,
        "level": LEVELS[d.severity],
        "message": {"text": text},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(d.display)},
                    "region": {
                        "startLine": d.span.line,
                        "startColumn": d.span.column,
                        "endLine": d.span.end_line,
                        "endColumn": max(d.span.end_column, d.span.column + 1)
                        if d.span.end_line == d.span.line
                        else d.span.end_column,
                    },
                }
            }
        ],
    }


def artifact_uri(path: PurePath | str) -> str:
    """A relative path as a URI reference (spaces, `%`, `#` and `?` percent-encoded), an
    absolute one as a `file://` URI, as SARIF 2.1.0 requires."""
    posix = PurePath(path).as_posix()
    if PurePath(path).is_absolute():
        return "file://" + quote(posix, safe="/")
    return quote(posix, safe="/")
