"""Runs rules over a project and turns their violations into positioned, sorted diagnostics."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from .diagnostic import Diagnostic, Severity, Span, Violation
from .load import display_path
from .project import Project
from .rule import Rule
from .selection import Selection
from .source import TomlDocument


def lint_project(
    project: Project, rules: Iterable[Rule], selection: Selection | None = None
) -> list[Diagnostic]:
    """Run the rules `selection` selects (all of `rules` without one) at their severities."""
    project.validate()
    # The command line's choices over the project's settings file.
    selection = (selection or Selection()).over(project.settings_selection)
    rules = [rule for rule in rules if selection.selects(rule)]
    if not project.has_manifest:
        # Build-speed advice about a manifest Cargo cannot read would describe Cargo's defaults,
        # not the project: only the checks of the files themselves (BL0xx) run.
        rules = [rule for rule in rules if rule.code < "BL100"]
    documents = {problem.path: problem.as_document() for problem in project.workspace.problems}
    documents.update((document.path, document) for document in project.workspace.documents)
    unique: dict[tuple[object, ...], Diagnostic] = {}
    for rule in rules:
        for violation in rule.check(project):
            diagnostic = place(violation, rule, documents, selection.severity_of(rule))
            unique.setdefault(
                (rule.code, diagnostic.file, diagnostic.span, diagnostic.message), diagnostic
            )
    return sorted(unique.values(), key=Diagnostic.sort_key)


def place(
    violation: Violation, rule: Rule, documents: Mapping[Path, TomlDocument], severity: Severity
) -> Diagnostic:
    at = violation.at
    document = documents.get(at.file)
    span = at.span
    if document is not None and span is None:
        span = document.locate(at.key, at.part)
    span = span or Span(1, 1, 1, 1)
    return Diagnostic(
        code=rule.code,
        name=rule.name,
        severity=severity,
        message=violation.message,
        file=Path(document.display if document else display_path(at.file)),
        span=span,
        help=violation.help,
        url=rule.url,
        notes=violation.notes,
        fix=violation.fix,
        source_line=document.line(span.line) if document else "",
    )
