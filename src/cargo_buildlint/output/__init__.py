"""Renderers: each turns diagnostics into text and reads nothing else."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..diagnostic import Diagnostic

Renderer = Callable[[Sequence[Diagnostic], bool], str]
FORMATS = ("full", "concise", "json")


def renderer(name: str) -> Renderer:
    """Imported on demand: a run pays only for the format it prints."""
    if name == "full":
        from .full import render_full

        return render_full
    if name == "concise":
        from .concise import render_concise

        return render_concise
    from .json import render_json

    return render_json


def summary(diagnostics: Sequence[Diagnostic]) -> str:
    counts = dict.fromkeys(("error", "warning", "info"), 0)
    for diagnostic in diagnostics:
        counts[diagnostic.severity.label] += 1
    if not diagnostics:
        return "no problems found"
    parts = [f"{n} {label}{'s' if n != 1 else ''}" for label, n in counts.items() if n]
    files = len({d.file for d in diagnostics})
    return f"found {', '.join(parts)} in {files} file{'s' if files != 1 else ''}"
