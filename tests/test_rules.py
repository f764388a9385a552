"""Every rule's declaration is complete, and its own examples prove it."""

from __future__ import annotations

import re

import pytest

from dinaction.diagnostics import Applicability, Severity
from dinaction.linter import fix_source, lint_source
from dinaction.rules import ALL_RULES, CHECKS, Rule, find_rule, resolve
from dinaction.settings import Settings

IDS = [f"{r.code}-{r.name}" for r in ALL_RULES]


def _settings(rule: Rule) -> Settings:
    # the examples assume the options their docs name (DA301's fix needs a region)
    return rule.example_settings_from(Settings(select=("ALL",), default_region="JP"))


def test_codes_and_names_are_unique_and_well_formed() -> None:
    assert len({r.code for r in ALL_RULES}) == len(ALL_RULES)
    assert len({r.name for r in ALL_RULES}) == len(ALL_RULES)
    for rule in ALL_RULES:
        assert re.fullmatch(r"DA\d{3}", rule.code), rule.code
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name), rule.name
        assert not rule.name.startswith("no-") or rule.code == "DA100", "name the pattern, not its absence"
        assert rule.summary.endswith(".") and rule.why.endswith((".", '"'))
        assert (rule.fix is None) == (rule.fix_title is None), rule.code


@pytest.mark.parametrize("rule", ALL_RULES, ids=IDS)
def test_bad_example_triggers_the_rule(rule: Rule) -> None:
    found = lint_source(rule.bad, _settings(rule)).diagnostics
    assert rule.code in {d.code for d in found}, found


@pytest.mark.parametrize("rule", ALL_RULES, ids=IDS)
def test_good_example_is_clean(rule: Rule) -> None:
    found = lint_source(rule.good, _settings(rule)).diagnostics
    assert found == (), found


@pytest.mark.parametrize("rule", [r for r in ALL_RULES if r.fix is not None], ids=lambda r: r.code)
def test_fixable_rules_fix_their_bad_example(rule: Rule) -> None:
    settings = _settings(rule)
    before = [d for d in lint_source(rule.bad, settings).diagnostics if d.code == rule.code]
    assert any(d.fix is not None for d in before), f"{rule.code} declares a fix but its example gets none"
    fixed = fix_source(rule.bad, settings, unsafe=True)
    assert rule.code not in {d.code for d in fixed.remaining.diagnostics}, fixed.text


def test_every_rule_is_reachable() -> None:
    """A rule without a check must be emitted by the parser or by another rule's check."""
    assert CHECKS
    emitted = set()
    for rule in ALL_RULES:
        emitted |= {d.code for d in lint_source(rule.bad, _settings(rule)).diagnostics}
    assert {r.code for r in ALL_RULES} - emitted == set()


def test_opt_in_rules_are_off_by_default() -> None:
    rule = find_rule("unassigned-number")
    assert rule is not None and not rule.default_enabled
    assert rule.code not in {d.code for d in lint_source(rule.bad, Settings()).diagnostics}


def test_selectors() -> None:
    assert resolve("DA002") == (find_rule("unknown-action"),)
    assert resolve("unknown-action") == resolve("da002")
    assert {r.code for r in resolve("DA3")} == {r.code for r in ALL_RULES if r.code.startswith("DA3")}
    assert resolve("ALL") == ALL_RULES
    with pytest.raises(ValueError, match="unknown rule 'nope'"):
        resolve("nope")


def test_severity_overrides_and_ignore() -> None:
    text = "playback https://example.com/a.wav\n"
    assert [d.severity for d in lint_source(text, Settings()).diagnostics] == [Severity.WARNING]
    raised = Settings(severity_overrides={"DA204": Severity.ERROR})
    assert [d.severity for d in lint_source(text, raised).diagnostics] == [Severity.ERROR]
    assert lint_source(text, Settings(ignore=("url-not-mp3",))).diagnostics == ()


def test_docs_have_the_ruff_sections() -> None:
    for rule in ALL_RULES:
        doc = rule.doc()
        for section in ("### What it does", "### Why is this bad?", "### Example", "### Use instead", "### Fix safety"):
            assert section in doc, (rule.code, section)


def test_a_declaration_is_documented_in_ruffs_sections() -> None:
    """Every part of a declaration shows, in its place: settings, invisible characters, blanks kept."""
    rule = Rule(
        code="DA999",
        name="example-rule",
        severity=Severity.WARNING,
        message="m {x}",
        summary="S.",
        why="W.",
        bad="a\tb\u200b X\n\n",
        good='say en "X"\n\nX  \n',
        fix_title="Fix {x}",
        fix=Applicability.SAFE,
        example_settings={"max_actions": 2, "default_region": "JP"},
        source="Src.",
        default_enabled=False,
    )
    assert rule.doc() == (
        "## DA999 example-rule\n\nDefault severity: **warning** (off by default: enable with `--select`)\n\n"
        "### What it does\nS.\n\n### Why is this bad?\nW.\n\n"
        "### Example (with `max-actions = 2`, `default-region = 'JP'`)\n```\na\\tb\\u200b X\n```\n\n"
        '### Use instead\n```\nsay en "X"\n\nX  \n```\n\n'
        "### Fix safety\nThe fix is safe: it never changes what the caller hears or where the call goes.\n\n"
        "### Source\nSrc.\n"
    )
    assert rule.example_max_actions == 2
    assert rule.url.endswith("/docs/rules.md#da999-example-rule")


def test_an_example_in_bytes_is_shown_as_escapes() -> None:
    rule = Rule("DA998", "bytes-rule", Severity.ERROR, "m", "S.", "W.", b"\xff\n", "g\n")
    assert rule.doc() == (
        "## DA998 bytes-rule\n\nDefault severity: **error**\n\n### What it does\nS.\n\n### Why is this bad?\nW.\n\n"
        "### Example\n```\n\\xff\n```\n\n### Use instead\n```\ng\n```\n\n"
        "### Fix safety\nNo automatic fix: the right correction needs a person.\n"
    )
    assert rule.example_max_actions == 1


def test_the_media_rules_are_documented_one_after_the_other() -> None:
    from dinaction.rules.media import RULES as MEDIA
    from dinaction.rules.media import media_markdown

    text = media_markdown()
    assert text.startswith(f"## {MEDIA[0].code} {MEDIA[0].name}\n") and text.endswith(MEDIA[-1].doc())
    assert [text.index(rule.doc()) for rule in MEDIA] == sorted(text.index(rule.doc()) for rule in MEDIA)
    assert text.count("\n\n## DA6") == len(MEDIA) - 1  # one blank line between two rules
