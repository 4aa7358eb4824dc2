"""Renderers: each turns diagnostics into text and reads nothing else."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..diagnostic import Diagnostic

Renderer = Callable[[Sequence[Diagnostic], bool], str]
FORMATS = ("full", "concise", "json", "json-lines", "sarif", "github")


def renderer(name: str) -> Renderer:
    """Imported on demand: a run pays only for the format it prints."""
    import importlib

    module = importlib.import_module(f"{__name__}.{name.replace('-', '_')}")
    render: Renderer = getattr(module, f"render_{name.replace('-', '_')}")
    return render


def summary(diagnostics: Sequence[Diagnostic]) -> str:
    counts = dict.fromkeys(("error", "warning", "info"), 0)
    for diagnostic in diagnostics:
        counts[diagnostic.severity.label] += 1
    if not diagnostics:
        return "no problems found"
    parts = [f"{n} {label}{'s' if n != 1 else ''}" for label, n in counts.items() if n]
    files = len({d.path for d in diagnostics})
    return f"found {', '.join(parts)} in {files} file{'s' if files != 1 else ''}"


def statistics(diagnostics: Sequence[Diagnostic]) -> str:
    """One line per rule: how many times it fired, most frequent first."""
    counts: dict[tuple[str, str, str], int] = {}
    for d in diagnostics:
        key = (d.code, d.name, d.severity.label)
        counts[key] = counts.get(key, 0) + 1
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return "".join(f"{n:>5}  {code}  {name}  {level}\n" for (code, name, level), n in ordered)
