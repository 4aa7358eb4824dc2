"""One JSON object per line, the fields of the JSON format: for streaming and `grep`."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..diagnostic import Diagnostic
from .json import diagnostic_to_dict


def render_json_lines(diagnostics: Sequence[Diagnostic], color: bool) -> str:
    return "".join(
        json.dumps(diagnostic_to_dict(d), ensure_ascii=False) + "\n" for d in diagnostics
    )
