"""The rule interface: what a module in `rules/` declares."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .diagnostic import Applicability, Severity, Violation

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
FIX_SAFETY = "## Fix safety"  # between Trade-offs and References, in every rule that fixes


class RuleFamily(enum.Enum):
    """What a rule is about, by the hundreds digit of its code."""

    VALIDITY = 0  # files and values Cargo refuses or ignores (BL0xx)
    DEBUG_INFO = 1  # BL1xx
    DEV_LOOP = 2  # BL2xx
    LINKING = 3  # BL3xx
    PARALLEL_FRONTEND = 4  # BL4xx
    FEATURES = 5  # BL5xx
    CI = 6  # BL6xx


@dataclass(frozen=True)
class RuleOptions:
    """A rule's options: subclass it with typed fields and defaults. The settings file sets
    them (`options.<rule> = { field = value }`); integers must be positive."""


@dataclass(frozen=True)
class Rule:
    """A rule: its code, name, summary and severity, the check it runs and its documentation."""

    code: str
    name: str
    summary: str
    default_severity: Severity
    # None for a rule that only the engine can check (BL015 needs every other rule's findings)
    check: Callable[[Project], Iterable[Violation]] | None
    url: str  # the Cargo book section the rule's advice comes from
    doc: str = ""
    options: type[RuleOptions] | None = None  # settable in the settings file
    fixes: frozenset[Applicability] = frozenset()  # what its fixes may be (none: no fix)
    # Off unless a selector names it (by code, prefix or name): advice too specific for all
    enabled_by_default: bool = True

    @property
    def fix_label(self) -> str:
        """`safe`, `unsafe`, `safe or unsafe`, `manual` or `none`, for `buildlint rules` and
        `rule`."""
        if not self.fixes:
            return "none"
        if len(self.fixes) > 1:
            return "safe or unsafe"
        return next(iter(self.fixes)).value

    @property
    def family(self) -> RuleFamily:
        return RuleFamily(int(self.code[2]))
