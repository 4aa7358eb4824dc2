"""Which rules run and at which severity: selectors from the settings file and the command line.

Selectors are matched to rules by the catalogue (catalogue.py). Within one layer the most
specific matching selector decides, as in ruff: `select = ["BL1"]` with `ignore = ["BL10"]`
and `extend-select = ["BL101"]` runs BL101 and BL11x-BL19x but not BL100-BL109 otherwise; on
a tie, `ignore` wins. The command line is a layer over the settings file: where one of its
selectors names a rule it decides, and its `--select` replaces the file's `select`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .catalogue import specificity
from .diagnostic import Severity
from .profile_data import SettingsData

if TYPE_CHECKING:
    from .rule import Rule


def _best(rule: Rule, selectors: Sequence[str]) -> int | None:
    scores = [s for s in (specificity(rule, selector) for selector in selectors) if s is not None]
    return max(scores, default=None)


@dataclass(frozen=True)
class Selection:
    """One layer of choices (the settings file's, or the command line's over it as `base`)."""

    select: tuple[str, ...] | None = None  # None: every rule enabled by default
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    base: Selection | None = None

    def selects(self, rule: Rule) -> bool:
        decision = self._decides(rule)
        if decision is not None:
            return decision
        if self.select is not None:
            return False  # this layer's `select` replaces the base's
        return self.base.selects(rule) if self.base is not None else rule.enabled_by_default

    def _decides(self, rule: Rule) -> bool | None:
        """This layer's verdict, or None when none of its selectors names the rule."""
        chosen = _best(rule, (*(self.select or ()), *self.extend_select))
        ignored = _best(rule, self.ignore)
        if chosen is None and ignored is None:
            return None
        return ignored is None or (chosen is not None and chosen > ignored)

    def severity_of(self, rule: Rule) -> Severity:
        chosen = self.chosen_severity(rule)
        return rule.default_severity if chosen is None else chosen

    def chosen_severity(self, rule: Rule) -> Severity | None:
        """The severity the user set for the rule (command line over settings), if any."""
        matches = [(specificity(rule, s), level) for s, level in self.severity.items()]
        scored = [(score, level) for score, level in matches if score is not None]
        if scored:
            return max(scored, key=lambda item: item[0])[1]
        return self.base.chosen_severity(rule) if self.base is not None else None

    @classmethod
    def from_settings(cls, data: SettingsData) -> Selection:
        """The settings file's layer."""
        return cls(
            select=data.select,
            extend_select=data.extend_select,
            ignore=data.ignore,
            severity={s: Severity[level.upper()] for s, level in data.severity.items()},
        )

    def over(self, base: Selection) -> Selection:
        """These (command-line) choices layered over `base` (the settings file's)."""
        return Selection(self.select, self.extend_select, self.ignore, self.severity, base)
