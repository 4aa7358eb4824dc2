"""The rule interface: what a module in `rules/` declares."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .diagnostic import Severity, Violation

if TYPE_CHECKING:
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
    # None for a rule that only the engine can check (BL015 needs every other rule's findings)
    check: Callable[[Project], Iterable[Violation]] | None
    url: str  # the Cargo book section the rule's advice comes from
    doc: str = ""
    options: Mapping[str, type] = field(default_factory=dict)  # settable in the settings file
