"""The shortcuts taken for speed give the answers of the long way round.

Skipping the checks of unselected rules, the table of common language codes,
the pattern for control characters, the cheap number lookup and the one-pass
line index each replace a slower computation; these tests hold each to the
computation it replaces.
"""

from __future__ import annotations

import dataclasses
import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from benchmarks import corpus
from dinaction.diagnostics import Diagnostic, LineIndex
from dinaction.facts import languages
from dinaction.facts import numbers as number_facts
from dinaction.linter import finish, lint_source
from dinaction.rules import ALL_RULES, CHECKS, Context, checks_for, numbers, speech, structure, syntax
from dinaction.settings import Settings
from dinaction.syntax import parse_source
from tests.strategies_text import documents

SAMPLE = [f.data for f in corpus.generate(400, seed=11)]
EXAMPLES = [(r.bad, r.example_max_actions) for r in ALL_RULES] + [(r.good, r.example_max_actions) for r in ALL_RULES]
EVERYTHING = Settings(select=("ALL",))


def _all_checks(data: str | bytes, settings: Settings) -> tuple[Diagnostic, ...]:
    """What the linter said before it skipped checks: every check run, then filtered."""
    parsed = parse_source(data, max_actions=settings.max_actions)
    ctx = Context.of(parsed.script, parsed.text, settings)
    found = [*parsed.diagnostics, *(d for check in CHECKS for d in check(ctx))]
    return finish(found, settings)


@pytest.mark.parametrize(("data", "max_actions"), EXAMPLES)
def test_each_check_reports_only_its_family(data: str | bytes, max_actions: int) -> None:
    settings = dataclasses.replace(EVERYTHING, max_actions=max_actions)
    parsed = parse_source(data, max_actions=max_actions)
    ctx = Context.of(parsed.script, parsed.text, settings)
    for check in CHECKS:
        reported = {d.code for d in check(ctx)}
        assert reported <= check.codes, (check.run.__name__, reported - check.codes)


def test_every_rule_is_reported_by_one_check_or_by_the_parser() -> None:
    reported = [r.code for check in CHECKS for r in check.reports]
    assert len(reported) == len(set(reported)), "a rule is declared by two checks"
    by_parser = {r.code for r in syntax.RULES}
    assert set(reported).isdisjoint(by_parser)
    assert set(reported) | by_parser == {r.code for r in ALL_RULES}
    # the opt-in rule's check is skipped by default, and run when selected
    assert all(check.run is not numbers._valid for check in checks_for(frozenset({"DA300"})))
    assert any(check.run is numbers._valid for check in checks_for(frozenset({"DA306"})))


@pytest.mark.parametrize("settings", [Settings(), EVERYTHING, Settings(ignore=("DA3",)), Settings(select=("DA306",))])
def test_skipping_unselected_checks_changes_no_finding(settings: Settings) -> None:
    for data, max_actions in [*EXAMPLES, *((d, 1) for d in SAMPLE)]:
        chosen = dataclasses.replace(settings, max_actions=max_actions)
        assert lint_source(data, chosen).diagnostics == _all_checks(data, chosen)


def test_the_sample_has_findings_to_compare() -> None:
    found = {d.code for data in SAMPLE for d in _all_checks(data, EVERYTHING)}
    assert {"DA002", "DA007", "DA009", "DA101", "DA200", "DA301", "DA303", "DA306"} <= found


@pytest.mark.parametrize("tag", sorted(languages.COMMON))
def test_common_language_table_is_what_langcodes_says(tag: str) -> None:
    assert languages.COMMON[tag] == languages._language_facts(tag)


@pytest.mark.parametrize("name", sorted(languages.NAMES))
def test_language_name_table_is_what_langcodes_says(name: str) -> None:
    import langcodes

    for written in (name, name.title(), name.upper()):
        assert languages.language_facts(written) == languages._language_facts.__wrapped__(written)
        assert languages.suggest_tag(written) == str(langcodes.find(written)).lower() == languages.NAMES[name]


def test_control_pattern_is_the_control_categories() -> None:
    # the Basic Multilingual Plane, and the planes beyond at a stride (Cc, Zl and Zp are closed sets)
    for code in [*range(0x10000), *range(0x10000, 0x110000, 97)]:
        char = chr(code)
        assert (speech._CONTROL.fullmatch(char) is not None) == (unicodedata.category(char) in ("Cc", "Zl", "Zp"))


@pytest.mark.parametrize(
    "number",
    [
        "+81336042000",
        "+8133604200",
        "+813360420001234",
        "+80336042000",
        "+12125551234",
        "+1212555123",
        "+442071234567",
        "+999",
        "+1",
        "+0",
        "+8190123456789",
    ],
)
def test_cheap_number_lookup_agrees_with_the_full_one(number: str) -> None:
    facts = number_facts.number_facts(number)
    assert number_facts.possibility(number) == (facts.error, facts.possible)


def _line_starts_one_by_one(text: str) -> list[int]:
    """The line starts found break by break (how LineIndex once did it, in quadratic time)."""
    starts, i = [0], 0
    while True:
        breaks = [j for j in (text.find("\n", i), text.find("\r", i)) if j >= 0]
        if not breaks:
            return starts
        i = min(breaks) + (2 if text.startswith("\r\n", min(breaks)) else 1)
        starts.append(i)


@given(st.lists(st.sampled_from(["a", "\n", "\r", "\r\n", "あ", " "]), max_size=40).map("".join))
@example("")
@example("a\r\n\r\rb\n")
def test_line_index_finds_every_line_start(text: str) -> None:
    index = LineIndex(text)
    starts = _line_starts_one_by_one(text)
    assert index.line_count == len(starts)
    assert [index.line_start(n) for n in range(1, len(starts) + 1)] == starts


@given(documents)
@example('say en "a  b"\n')
@example("transfer\u3000+81\n")
@example(" \n\n playback x\r\n")
@example("playback x \n")
def test_text_without_a_possibly_stray_blank_has_no_stray_whitespace(text: str) -> None:
    decoded = parse_source(text).text
    if not structure._maybe_stray(decoded):
        assert list(structure._stray_runs(decoded)) == []


@pytest.mark.parametrize(
    "text", ["transfer  +81336042000\n", " playback x\n", "playback x \n", 'say\ten "a"\n', "transfer\u3000+8\r\n"]
)
def test_stray_blanks_are_seen_by_the_shortcut(text: str) -> None:
    assert structure._maybe_stray(text)
    assert list(structure._stray_runs(text))


def test_a_line_seen_before_is_placed_where_it_stands_now() -> None:
    line = "transfer +81336042000 --caller=+819012345678"
    first = parse_source(f"{line}\n", max_actions=2).script.actions[0]
    again = parse_source(f'say en "Hi"\n{line}\n', max_actions=2).script.actions[1]
    assert first == again
    assert first.loc is not None and again.loc is not None
    shift = len('say en "Hi"\n')
    assert {k: (v.start + shift, v.end + shift) for k, v in first.loc.parts.items()} == {
        k: (v.start, v.end) for k, v in again.loc.parts.items()
    }
