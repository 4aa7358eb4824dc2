"""The rule catalogue: finds the rule modules in `cargo_buildlint.rules`, checks that codes
and names are sound, and matches selectors (`BL101`, `BL1`, `dev-full-debuginfo`) to rules.

A selector is a rule's code, a code prefix of at least three characters, or a rule's name.
Settings and the command line are checked against the catalogue here, above the modules that
only read them.
"""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
import re
from collections.abc import Mapping, Sequence
from functools import cache

from . import rule as rule_module
from .profile_data import SelectorEntry, SettingsData, SettingsEntries, SettingsProblem
from .rule import Rule

_CODE = re.compile(r"^BL\d{3}$")
_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


class CatalogueError(Exception):
    pass


@cache
def all_rules() -> tuple[Rule, ...]:
    # Imported by name: the package's source lives in the top-level `rules/` folder.
    package = importlib.import_module("cargo_buildlint.rules")
    found: list[Rule] = []
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        rule = getattr(module, "RULE", None)
        if not isinstance(rule, rule_module.Rule):
            raise CatalogueError(f"rule module `{info.name}` defines no `RULE`")
        found.append(Rule(**{**rule.__dict__, "doc": (module.__doc__ or "").strip()}))
    check_catalogue(found)
    return tuple(sorted(found, key=lambda r: r.code))


def check_catalogue(rules: list[Rule]) -> None:
    codes = [r.code for r in rules]
    names = [r.name for r in rules]
    for rule in rules:
        if not _CODE.match(rule.code) or not _NAME.match(rule.name):
            raise CatalogueError(f"rule `{rule.code}` `{rule.name}` has a malformed code or name")
    for label, values in (("code", codes), ("name", names)):
        duplicates = sorted({v for v in values if values.count(v) > 1})
        if duplicates:
            raise CatalogueError(f"duplicate rule {label}s: {', '.join(duplicates)}")


def find_rule(selector: str) -> Rule | None:
    """A rule by exact code (any case) or name."""
    for rule in all_rules():
        if rule.code == selector.upper() or rule.name == selector:
            return rule
    return None


EXACT = 1000  # a full code or a name beats any prefix


def specificity(rule: Rule, selector: str) -> int | None:
    """How closely `selector` names `rule`, or None when it does not match it."""
    if selector == rule.name or selector.upper() == rule.code:
        return EXACT
    if len(selector) >= 3 and rule.code.startswith(selector.upper()):
        return len(selector)
    return None


def unknown_selectors(selectors: Sequence[str], rules: Sequence[Rule]) -> list[str]:
    """Selectors that match no rule: a typo there would silently check nothing."""
    return [s for s in selectors if not any(specificity(rule, s) is not None for rule in rules)]


def rule_codes() -> dict[str, str]:
    """Every rule's code and name, each mapped to its code (what an allow comment may name)."""
    return {key: rule.code for rule in all_rules() for key in (rule.code, rule.name)}


def check_settings(entries: SettingsEntries) -> tuple[SettingsData, list[SettingsProblem]]:
    """Settings whose selectors and options name rules, and a problem for each that does not."""
    rules = all_rules()
    problems: list[SettingsProblem] = []

    def known(given: Sequence[SelectorEntry]) -> tuple[str, ...]:
        bad = set(unknown_selectors([entry.selector for entry in given], rules))
        for entry in given:
            if entry.selector in bad:
                message = f"no rule matches `{entry.selector}`"
                problems.append(
                    SettingsProblem(entry.key, message, "`buildlint rules` lists them", entry.part)
                )
        return tuple(entry.selector for entry in given if entry.selector not in bad)

    severity_ok = set(known([entry for entry, _ in entries.severity]))
    data = SettingsData(
        select=None if entries.select is None else known(entries.select),
        extend_select=known(entries.extend_select),
        ignore=known(entries.ignore),
        severity={e.selector: level for e, level in entries.severity if e.selector in severity_ok},
        options=_options(entries.options, problems),
    )
    return data, problems


def _options(
    given: Mapping[str, Mapping[str, object]], problems: list[SettingsProblem]
) -> dict[str, object]:
    """Each rule's options object, from the values the settings give its fields."""
    options: dict[str, object] = {}
    for name, values in given.items():
        rule = find_rule(name)
        if rule is None or rule.options is None:
            message = f"rule `{name}` has no options"
            problems.append(SettingsProblem(("options", name), message, None, "key"))
            continue
        fields = {f.name.replace("_", "-"): f for f in dataclasses.fields(rule.options)}
        accepted: dict[str, object] = {}
        for option, value in values.items():
            key = ("options", name, option)
            if option not in fields:
                names = ", ".join(f"`{o}`" for o in fields)
                hint = f"`{rule.name}` takes {names}"
                problems.append(SettingsProblem(key, f"unknown option `{option}`", hint, "key"))
            elif fields[option].type in ("int", int) and (
                isinstance(value, bool) or not isinstance(value, int) or value < 1
            ):
                problems.append(SettingsProblem(key, f"`{option}` must be a positive integer"))
            else:
                accepted[fields[option].name] = value
        options[rule.code] = rule.options(**accepted)
    return options
