"""Which rules run and at which severity: selectors from the settings file and the command line.

A selector is a rule's code (`BL101`), a code prefix of at least three characters (`BL1`), or a
rule's name (`dev-full-debuginfo`). For each rule the most specific matching selector decides,
as in ruff: `select = ["BL1"]` with `ignore = ["BL10"]` and `extend-select = ["BL101"]` runs
BL101 and BL11x-BL19x but not BL100-BL109 otherwise. On a tie, `ignore` wins.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .diagnostic import Severity
from .rule import Rule

EXACT = 1000  # a full code or a name beats any prefix


def specificity(rule: Rule, selector: str) -> int | None:
    """How closely `selector` names `rule`, or None when it does not match it."""
    if selector == rule.name or selector.upper() == rule.code:
        return EXACT
    if len(selector) >= 3 and rule.code.startswith(selector.upper()):
        return len(selector)
    return None


def _best(rule: Rule, selectors: Sequence[str]) -> int | None:
    scores = [s for s in (specificity(rule, selector) for selector in selectors) if s is not None]
    return max(scores, default=None)


@dataclass(frozen=True)
class Selection:
    select: tuple[str, ...] | None = None  # None: every rule
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)

    def selects(self, rule: Rule) -> bool:
        chosen = 0 if self.select is None else _best(rule, self.select)
        extended = _best(rule, self.extend_select)
        if extended is not None:
            chosen = max(chosen or 0, extended)
        if chosen is None:
            return False
        ignored = _best(rule, self.ignore)
        return ignored is None or chosen > ignored

    def severity_of(self, rule: Rule) -> Severity:
        matches = [(specificity(rule, s), level) for s, level in self.severity.items()]
        scored = [(score, level) for score, level in matches if score is not None]
        return max(scored, key=lambda item: item[0])[1] if scored else rule.default_severity

    def over(self, base: Selection) -> Selection:
        """These command-line choices over a settings file's: `select` replaces, the rest add."""
        return Selection(
            select=self.select if self.select is not None else base.select,
            extend_select=(*base.extend_select, *self.extend_select),
            ignore=(*base.ignore, *self.ignore),
            severity={**base.severity, **self.severity},
        )


def unknown_selectors(selectors: Sequence[str], rules: Sequence[Rule]) -> list[str]:
    """Selectors that match no rule: a typo there would silently check nothing."""
    return [s for s in selectors if not any(specificity(rule, s) is not None for rule in rules)]
