"""Validated profiles as plain data: what the rest of buildlint reads, free of pydantic.

`model.py` validates with pydantic and returns these; they cross a process boundary when a
worker validates (worker.py), so they are plain, frozen and picklable.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the worker imports this module: diagnostic.py is not worth its start-up
    from .diagnostic import KeyPath


@dataclass(frozen=True)
class ValidProfile:
    """The values of one profile (or override) table that Cargo accepts."""

    settings: Mapping[str, object]  # by TOML key, without the override tables
    package: Mapping[str, ValidProfile] = field(default_factory=dict)
    build_override: ValidProfile | None = None
    unknown_keys: tuple[str, ...] = ()


class ProblemKind(enum.Enum):
    VALUE = "value"  # a value of the wrong type or out of range; `expected` says what fits
    NOT_A_TABLE = "not a table"  # a table was expected
    PACKAGE_SPEC = "package spec"  # a `package.<spec>` key that is no package ID spec


@dataclass(frozen=True)
class ValueProblem:
    """A value Cargo or rustc would refuse, at `key` (relative to the validated table)."""

    key: KeyPath
    value: object
    expected: str
    suggestion: object = None
    rustc: bool = False
    kind: ProblemKind = ProblemKind.VALUE

    @classmethod
    def not_a_table(cls, key: KeyPath, value: object) -> ValueProblem:
        return cls(key, value, "a table", kind=ProblemKind.NOT_A_TABLE)


Validated = tuple[ValidProfile | None, list[ValueProblem]]


@dataclass(frozen=True)
class SettingsData:
    """buildlint's validated settings (see settings.py); rule options keyed by rule code."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=dict)
    options: Mapping[str, object] = field(default_factory=dict)  # rule code -> RuleOptions


@dataclass(frozen=True)
class SelectorEntry:
    """A rule selector as the settings file wrote it, and where (relative to the table)."""

    key: KeyPath
    selector: str
    part: str = "value"  # "key" when the selector is a table key (`ignore`, `severity` tables)


@dataclass(frozen=True)
class SettingsEntries:
    """buildlint's settings checked for their structure only (settings.py); whether the
    selectors and options name rules is the catalogue's to say (catalogue.py)."""

    select: tuple[SelectorEntry, ...] | None = None
    extend_select: tuple[SelectorEntry, ...] = ()
    ignore: tuple[SelectorEntry, ...] = ()
    severity: tuple[tuple[SelectorEntry, str], ...] = ()
    options: Mapping[str, Mapping[str, object]] = field(default_factory=dict)  # as written


@dataclass(frozen=True)
class SettingsProblem:
    """What is wrong at `key`, relative to the settings table."""

    key: KeyPath
    message: str
    help: str | None = None
    part: str = "value"  # "key" when the name itself is wrong
