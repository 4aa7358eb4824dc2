"""Finds the rule modules in `cargo_buildlint.rules` and checks that the catalogue is sound."""

from __future__ import annotations

import importlib
import pkgutil
import re
from functools import cache

from . import rule as rule_module
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
