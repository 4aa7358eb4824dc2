"""`buildlint rules` lists the rules, `buildlint rule CODE|NAME` explains one."""

from __future__ import annotations

import argparse
import sys

from ..catalogue import all_rules, find_rule
from . import EXIT_CLEAN, EXIT_ERROR
from .formatter import HelpFormatter


def run_rules(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="buildlint rules", description="List every rule.", formatter_class=HelpFormatter
    )
    parser.parse_args(argv)
    for rule in all_rules():
        label, fix = rule.default_severity.label, rule.fix_label
        label += "" if rule.enabled_by_default else "*"
        print(f"{rule.code}  {rule.name:<34} {label:<8} {fix:<15} {rule.summary}")
    print("\n* off by default: select it by code, prefix or name (`--select BL208`)")
    return EXIT_CLEAN


def run_rule(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="buildlint rule", description="Explain one rule.", formatter_class=HelpFormatter
    )
    parser.add_argument("rule", metavar="CODE|NAME")
    selector = parser.parse_args(argv).rule
    found = find_rule(selector)
    if found is None:
        print(f"error: no rule `{selector}`; `buildlint rules` lists them", file=sys.stderr)
        return EXIT_ERROR
    fix = f"{found.fix_label} fix" if found.fixes else "no fix"
    print(f"# {found.code} {found.name} ({found.default_severity.label}, {fix})\n\n{found.doc}")
    return EXIT_CLEAN
