"""The rule catalogue, its documentation, fixtures and the README agree with each other."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import REPO, TESTS, lint

from cargo_buildlint.cargo.profiles import PROFILE_KEYS
from cargo_buildlint.catalogue import all_rules
from cargo_buildlint.diagnostic import Applicability
from cargo_buildlint.model import TomlProfile
from cargo_buildlint.rule import DOC_SECTIONS, FIX_SAFETY, Rule

RULES = all_rules()


def test_codes_and_names_are_unique_and_well_formed() -> None:
    assert len({r.code for r in RULES}) == len({r.name for r in RULES}) == len(RULES)
    assert all(
        re.fullmatch(r"BL\d{3}", r.code) and re.fullmatch(r"[a-z]+(-[a-z]+)*", r.name)
        for r in RULES
    )


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rules_with_fixes_say_how_safe_they_are(rule: Rule) -> None:
    has_section = FIX_SAFETY in rule.doc
    assert has_section == bool(rule.fixes), f"{rule.code}: `fixes` and `{FIX_SAFETY}` disagree"
    if has_section:
        doc = rule.doc
        assert doc.index("## Trade-offs") < doc.index(FIX_SAFETY) < doc.index("## References")


def test_declared_fixes_are_the_fixes_offered(tmp_path: Path) -> None:
    """What each rule declares in `fixes` is what its findings on the fixtures offer."""
    from test_rule_fixtures import fixtures, materialise

    offered: dict[str, set[Applicability]] = {}
    for index, fixture in enumerate(f for f in fixtures() if f.name.startswith("fail_")):
        (tmp_path / str(index)).mkdir()
        project = materialise(fixture, tmp_path / str(index))
        for diagnostic in lint([project], [r.code for r in RULES]):  # off by default too
            if diagnostic.fix is not None:
                offered.setdefault(diagnostic.code, set()).add(diagnostic.fix.applicability)
    declared = {rule.code: set(rule.fixes) for rule in RULES if rule.fixes}
    assert offered == declared


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_documentation_has_every_section(rule: Rule) -> None:
    positions = [rule.doc.find(section) for section in DOC_SECTIONS]
    assert -1 not in positions, f"{rule.code} lacks {DOC_SECTIONS[positions.index(-1)]}"
    assert positions == sorted(positions), f"{rule.code} sections are out of order"
    assert "https://doc.rust-lang.org/" in rule.doc.split("## References")[1]
    assert rule.url.startswith("https://doc.rust-lang.org/")


# No input makes buildlint fail on purpose: tests/test_robustness.py injects a failing rule.
WITHOUT_FIXTURES = {"BL000"}


@pytest.mark.parametrize(
    "rule", [r for r in RULES if r.code not in WITHOUT_FIXTURES], ids=lambda r: r.code
)
def test_rule_has_pass_and_fail_fixtures(rule: Rule) -> None:
    folder = TESTS / "fixtures" / "rules" / rule.code
    names = [p.name for p in folder.iterdir()]
    assert any(n.startswith("pass_") for n in names) and any(n.startswith("fail_") for n in names)


def test_readme_rule_table_matches_catalogue() -> None:
    readme = (REPO / "README.md").read_text()
    rows = re.findall(r"^\| (BL\d{3}) \| `([a-z-]+)` \| (\w+) \| (.+?) \|$", readme, re.MULTILINE)
    assert [(c, n, s) for c, n, s, _ in rows] == [
        (r.code, r.name, r.default_severity.label) for r in RULES
    ]
    assert [summary for *_, summary in rows] == [r.summary for r in RULES]


def test_profile_keys_match_the_model() -> None:
    assert (
        tuple(info.alias or name for name, info in TomlProfile.model_fields.items()) == PROFILE_KEYS
    )
