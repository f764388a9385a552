"""The routes rules: declared like the action rules, proven by their own examples, known to every reporter."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from dinaction.reporters import FORMATS, get_reporter
from dinaction.rules import ALL_RULES, BY_CODE, CHECKS, ROUTE_RULES, Rule, find_rule, resolve
from dinaction.serve import load_routes

from .conftest import MakeRoutes

IDS = [f"{r.code}-{r.name}" for r in ROUTE_RULES]


def test_codes_are_da5xx_routes_names_unique_among_all_rules() -> None:
    every = (*ALL_RULES, *ROUTE_RULES)
    assert len({r.code for r in every}) == len(every)
    assert len({r.name for r in every}) == len(every)
    for rule in ROUTE_RULES:
        assert re.fullmatch(r"DA5\d\d", rule.code), rule.code
        assert rule.name.startswith("routes-") and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
        assert rule.summary.endswith(".") and rule.why.endswith(".")
        assert rule.fix is None and all(rule not in check.reports for check in CHECKS)
        assert BY_CODE[rule.code] is rule and find_rule(rule.name) is rule
        for section in ("### What it does", "### Why is this bad?", "### Example", "### Use instead"):
            assert section in rule.doc()


def test_routes_rules_cannot_be_selected_for_action_files() -> None:
    assert not {r.code for r in ROUTE_RULES} & {r.code for r in ALL_RULES}
    with pytest.raises(ValueError, match="unknown rule"):
        resolve("DA507")


@pytest.mark.parametrize("rule", ROUTE_RULES, ids=IDS)
def test_bad_example_triggers_the_rule(rule: Rule, make_routes: MakeRoutes) -> None:
    assert isinstance(rule.bad, str)
    loaded = load_routes(make_routes(rule.bad))
    codes = [d.code for d in loaded.reports[0].diagnostics]
    assert rule.code in codes, codes
    assert not loaded.ok


@pytest.mark.parametrize("rule", ROUTE_RULES, ids=IDS)
def test_good_example_is_clean_and_served(rule: Rule, make_routes: MakeRoutes) -> None:
    loaded = load_routes(make_routes(rule.good))
    assert [d for r in loaded.reports for d in r.diagnostics] == []
    assert loaded.ok


@pytest.mark.parametrize("output_format", FORMATS)
def test_every_format_renders_routes_findings(output_format: str, make_routes: MakeRoutes) -> None:
    rule = find_rule("routes-unreachable")
    assert rule is not None and isinstance(rule.bad, str)
    loaded = load_routes(make_routes(rule.bad + "\n[[route]]\nname = 'x'\naction = 'tranfer +81336042000'\n"))
    text = get_reporter(output_format)(loaded.reports)
    assert "DA507" in text or (output_format == "junit" and "routes-unreachable" in text), text
    if output_format == "sarif":
        run = json.loads(text)["runs"][0]
        rules = run["tool"]["driver"]["rules"]
        assert [r["id"] for r in rules] == [r.code for r in (*ALL_RULES, *ROUTE_RULES)]
        for result in run["results"]:
            assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_docs_list_every_routes_rule() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "rules.md").read_text(encoding="utf-8")
    for rule in ROUTE_RULES:
        assert f"\n## {rule.code} {rule.name}\n" in docs
