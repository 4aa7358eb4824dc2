"""Runs rules over a project, places their violations, applies severities and inline allows."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from .catalogue import find_rule
from .diagnostic import At, Diagnostic, Severity, SourceFile, Span, Violation
from .paths import display_path
from .project import Project
from .rule import Rule, RuleFamily
from .selection import Selection
from .source import TomlDocument
from .suppress import Allow

UNUSED_ALLOW = "BL015"
INTERNAL_ERROR = "BL000"


def lint_project(
    project: Project,
    rules: Iterable[Rule],
    selection: Selection | None = None,
    warn_unused_allows: bool = False,
    debug: bool = False,
) -> list[Diagnostic]:
    """Run the rules `selection` selects (all of `rules` without one) at their severities, and
    drop what `# buildlint: allow(...)` comments silence.

    A rule that raises is reported as an internal error (BL000) on the root manifest and the
    other rules still run; with `debug`, the exception propagates instead.
    """
    # The command line's choices over the project's settings file.
    selection = (selection or Selection()).over(Selection.from_settings(project.settings.data))
    every_rule = list(rules)
    chosen = [rule for rule in every_rule if selection.selects(rule)]
    if not project.has_manifest:
        # Build-speed advice about a manifest Cargo cannot read would describe Cargo's defaults,
        # not the project: only the checks of the files themselves (BL0xx) run.
        chosen = [rule for rule in chosen if rule.family is RuleFamily.VALIDITY]
    documents: dict[Path, SourceFile] = {
        problem.path: problem.as_document() for problem in project.workspace.problems
    }
    documents.update((document.path, document) for document in project.workspace.documents)
    if project.ci is not None:
        documents.update((p.path, p.as_document()) for p in project.ci.setup.problems)
        documents.update((document.path, document) for document in project.ci.setup.documents)
    diagnostics = _run(project, chosen, documents, selection, debug)
    allows = project.allows.found
    if not allows:
        return diagnostics
    # An internal error says nothing about the project's settings: no allow silences it.
    kept = [d for d in diagnostics if d.code == INTERNAL_ERROR or not _silenced(d, allows)]
    unused_rule = next((r for r in chosen if r.code == UNUSED_ALLOW), None)
    if warn_unused_allows and unused_rule is not None:
        # An allow is unused when its rule would report nothing there: run the rules it names
        # even if this run did not select them, so that `--select` never makes allows look stale.
        named = {code for allow in allows for code in allow.codes}
        hidden = [r for r in every_rule if r.code in named and r not in chosen]
        for diagnostic in _run(project, hidden, documents, selection, debug):
            _silenced(diagnostic, allows)
        unused = [
            _unused(allow, code)
            for allow in allows
            for code in allow.codes
            if code not in allow.used
        ]
        kept += [
            place(v, unused_rule, documents, selection.chosen_severity(unused_rule)) for v in unused
        ]
    return sorted(kept, key=Diagnostic.sort_key)


def _run(
    project: Project,
    rules: Sequence[Rule],
    documents: Mapping[Path, SourceFile],
    selection: Selection,
    debug: bool,
) -> list[Diagnostic]:
    unique: dict[tuple[object, ...], Diagnostic] = {}
    for rule in rules:
        try:
            for violation in rule.check(project) if rule.check else ():
                diagnostic = place(violation, rule, documents, selection.chosen_severity(rule))
                key = (rule.code, diagnostic.path, diagnostic.span, diagnostic.message)
                unique.setdefault(key, diagnostic)
        except Exception as error:
            if debug:
                raise
            crash = internal_error(project.manifest, f"rule `{rule.code}` ({rule.name})", error)
            unique.setdefault((crash.code, crash.message), crash)
    return sorted(unique.values(), key=Diagnostic.sort_key)


def internal_error(manifest: TomlDocument, stage: str, error: Exception) -> Diagnostic:
    """BL000 on a workspace's root manifest: buildlint failed at `stage` of linting it."""
    rule = find_rule(INTERNAL_ERROR)
    assert rule is not None, "BL000 is part of the catalogue"
    detail = str(error).splitlines()[0] if str(error) else ""
    return Diagnostic(
        code=rule.code,
        name=rule.name,
        severity=rule.default_severity,
        message=f"internal error in {stage}: {type(error).__name__}"
        + (f": {detail}" if detail else ""),
        path=manifest.path,
        display=manifest.display,
        span=Span(1, 1, 1, 1),
        help="this is a bug in buildlint, not in the project: please report it with this "
        "file; `--debug` shows the traceback",
        url=rule.url,
        source_line=manifest.line(1),
    )


def _silenced(diagnostic: Diagnostic, allows: list[Allow]) -> bool:
    """Whether an allow covers it; every allow that does is marked used."""
    silenced = False
    for allow in allows:
        here = diagnostic.path == allow.file
        if here and diagnostic.code in allow.codes and allow.covers(diagnostic.span.line):
            allow.used.add(diagnostic.code)
            silenced = True
    return silenced


def _unused(allow: Allow, code: str) -> Violation:
    return Violation(
        at=At(allow.file, span=allow.span),
        message=f"`allow({allow.codes[code]})` silences nothing",
        help=f"remove `{allow.codes[code]}` from the comment",
    )


def place(
    violation: Violation,
    rule: Rule,
    documents: Mapping[Path, SourceFile],
    chosen: Severity | None = None,
) -> Diagnostic:
    """The violation as a diagnostic with its span, at the severity the user chose for the
    rule, else the finding's own, else the rule's default."""
    at = violation.at
    document = documents.get(at.file)
    span = at.span
    if document is not None and span is None:
        span = document.locate(at.key, at.part)
    span = span or Span(1, 1, 1, 1)
    # Severity.INFO is 0: test for None, never for truth
    severity = next(
        level for level in (chosen, violation.severity, rule.default_severity) if level is not None
    )
    return Diagnostic(
        code=rule.code,
        name=rule.name,
        severity=severity,
        message=violation.message,
        path=at.file,
        display=document.display if document else display_path(at.file),
        span=span,
        help=violation.help,
        url=rule.url,
        notes=violation.notes,
        fix=violation.fix,
        source_line=document.line(span.line) if document else "",
    )


def merge_fixes(first: Diagnostic, again: Diagnostic) -> Diagnostic:
    """One finding reported for two workspaces (a config file both read): one diagnostic,
    whose fix makes the edits of both."""
    if again.fix is None or first.fix == again.fix:
        return first
    if first.fix is None or first.fix.applicability != again.fix.applicability:
        return first if first.fix is not None else again
    # an edit another workspace's edit already covers (the same key in a config file it
    # reads too) is left for the next round, which sees whether it is still needed
    edits = first.fix.edits + tuple(
        edit
        for edit in again.fix.edits
        if not any(edit == made or edit.overlaps(made) for made in first.fix.edits)
    )
    return dataclasses.replace(first, fix=dataclasses.replace(first.fix, edits=edits))
