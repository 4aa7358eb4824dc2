"""The rule interface: what a module in `rules/` declares."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .diagnostic import Severity, Violation
from .project import Project

CARGO_BOOK = "https://doc.rust-lang.org/cargo/"
DOC_SECTIONS = (
    "## What it does",
    "## Why is this bad?",
    "## Example",
    "## Use instead",
    "## Trade-offs",
    "## References",
)


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    summary: str
    default_severity: Severity
    check: Callable[[Project], Iterable[Violation]]
    url: str  # the Cargo book section the rule's advice comes from
    doc: str = ""
