"""Values that flow from the rules to the output: spans, violations, diagnostics, fixes."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

KeyPart = str | int
KeyPath = tuple[KeyPart, ...]


class Severity(enum.IntEnum):
    """Ordered so that `severity >= Severity.WARNING` reads naturally."""

    INFO = 0
    WARNING = 1
    ERROR = 2

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, order=True)
class Span:
    """A region of a file: 1-based lines and columns, `end_column` one past the last character."""

    line: int
    column: int
    end_line: int
    end_column: int


Part = Literal["key", "value"]


class SourceFile(Protocol):
    """A file findings point into (a TOML document, a YAML workflow): the engine places a
    violation's key path with `locate` and shows the line."""

    path: Path

    @property
    def display(self) -> str: ...

    def locate(self, key: KeyPath, part: str = "value") -> Span: ...

    def line(self, number: int) -> str: ...


@dataclass(frozen=True)
class At:
    """Where a violation points: a key path in one file (or an explicit span, for parse errors).

    `part` chooses between the key itself and its value; a table header counts as both.
    Rules only name keys; the engine turns them into spans.
    """

    file: Path
    key: KeyPath = ()
    part: Part = "value"
    span: Span | None = None


@dataclass(frozen=True)
class Edit:
    """Set `key` to `value` (a TOML-ready Python value) in `file`; `None` removes the key."""

    file: Path
    key: KeyPath
    value: object

    def overlaps(self, other: Edit) -> bool:
        """Whether both touch one key (or a table around it) of one file, or of two config
        files where whoever reads the nearer one reads the other too: Cargo reads config files
        from the current directory up, so a nested workspace (an `xtask`) reads the outer
        one's. Of two such edits only the first is made; the next round sees whether it
        already covers the other (`rustflags` written to both would be joined, passed twice)."""
        shorter = min(len(self.key), len(other.key))
        return self.key[:shorter] == other.key[:shorter] and (
            self.file == other.file or _one_config_chain(self.file, other.file)
        )


def _one_config_chain(file: Path, other: Path) -> bool:
    if not (_is_config(file) and _is_config(other)):
        return False
    here, there = file.parent.parent, other.parent.parent
    return here in there.parents or there in here.parents


def _is_config(path: Path) -> bool:
    return path.parent.name == ".cargo" and path.name in ("config.toml", "config")


class Applicability(enum.Enum):
    """Safe fixes change only build speed and debug info; unsafe ones may change more; manual
    ones are never applied (buildlint does not rewrite CI workflows) and only shown."""

    SAFE = "safe"
    UNSAFE = "unsafe"
    MANUAL = "manual"


@dataclass(frozen=True)
class Fix:
    """What a finding's fix edits, and how safe it is to apply."""

    title: str
    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE
    # The toolchain channel the fix assumes for every workspace that reads the edited config
    # files (it adds nightly-only settings, or removes what only stable ignores); withheld
    # from a file that a workspace on the other channel may read too.
    for_channel: Literal["stable", "nightly"] | None = None


@dataclass(frozen=True)
class Violation:
    """What a rule yields: no position, no severity; the engine adds both."""

    at: At
    message: str
    help: str | None = None
    notes: tuple[str, ...] = ()
    fix: Fix | None = None
    # A finding milder than its rule's default (an error Cargo reports only in some runs);
    # a severity the user chose for the rule still wins.
    severity: Severity | None = None


@dataclass(frozen=True)
class Diagnostic:
    """A finding as the user sees it: rule, severity, message, place, help and fix."""

    code: str
    name: str
    severity: Severity
    message: str
    path: Path  # the file itself, as buildlint read it
    display: str  # the file as the user reads it (relative to the working directory)
    span: Span
    help: str | None
    url: str
    notes: tuple[str, ...] = field(default=())
    fix: Fix | None = None
    source_line: str = ""  # the text of `span.line`, for renderers that show it

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.display, self.span.line, self.span.column, self.code)
