"""Round trips, over thousands of generated examples each.

``parse(str(x)) == x`` for every valid ``x`` the builder makes, and
``str(parse(t)) == format_text(t)`` for every text ``t`` that parses.
"""

from __future__ import annotations

import dataclasses

import phonenumbers
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from dinaction import ActionError, Playback, Say, Script, Transfer, Voicemail, format_text, lint, parse, strategies
from dinaction.ast import Action
from dinaction.settings import Settings
from dinaction.strategies import actions, e164_numbers, scripts
from tests.strategies_text import FRAGMENTS, documents

#: the round-trip properties run with thousands of examples in CI (the issue asks for it)
ROUNDTRIP = settings(
    max_examples=3000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TWO = Settings(max_actions=2)


@ROUNDTRIP
@given(actions())
def test_every_built_action_parses_back_to_itself(action: Action) -> None:
    parsed = parse(str(action))
    assert parsed.actions == (action,)
    assert parsed.diagnostics == ()
    assert action.diagnostics == ()  # the strategies make clean actions: no warning either
    # and the parsed node passes the builder unchanged
    (again,) = parsed.actions
    assert dataclasses.replace(again) == action
    rebuilt = dataclasses.replace(again, loc=None)  # no loc: built from code, so judged
    assert rebuilt == action
    assert rebuilt.diagnostics == ()


@ROUNDTRIP
@given(scripts(max_actions=2))
def test_every_built_script_parses_back_to_itself_and_lints_clean(script: Script) -> None:
    body = script.render()
    assert parse(body, max_actions=2) == script
    assert lint(body, TWO) == []
    assert format_text(body) == body
    assert script.http_response().body.decode("utf-8") == body


def _case(word: str) -> st.SearchStrategy[str]:
    return st.sampled_from((word, word.upper(), word.title()))


_BLANK = st.sampled_from((" ", "  ", "\t", " \t", "\u3000"))
_EDGE = st.sampled_from(("", "", " ", "\t"))
_BREAK = st.sampled_from(("\n", "\n", "\r\n", "\r"))


@st.composite
def _tokens(draw: st.DrawFn, action: Action) -> list[str]:
    """``action`` as its words, in any case and option spelling the parser accepts."""
    match action:
        case Playback(url=url):
            return [draw(_case("playback")), url]
        case Transfer(number=number, caller=caller):
            words = [draw(_case("transfer")), number]
            if caller is not None:
                option = draw(st.sampled_from(("--caller=", "--CALLER=", "--caller ", "--caller= ", "--caller =")))
                words.append(option + caller)
            return words
        case Say(lang=lang, message=message):
            return [draw(_case("say")), draw(_case(lang)), f'"{message}"']
        case Voicemail(greeting=greeting):
            return [draw(_case("voicemail")), *draw(_tokens(greeting))]
    raise AssertionError(action)  # pragma: no cover


@st.composite
def noisy_texts(draw: st.DrawFn) -> tuple[Script, str]:
    """A valid script written the untidy ways people write: case, blanks, line endings, a BOM."""
    script = draw(scripts(max_actions=2))
    out = ["\ufeff"] if draw(st.booleans()) else []
    for index, action in enumerate(script.actions):
        if draw(st.booleans()):
            out.append(draw(_EDGE) + draw(_BREAK))  # a blank line
        words = draw(_tokens(action))
        line = words[0]
        for word in words[1:]:
            line += draw(_BLANK) + word
        out.append(draw(_EDGE) + line + draw(_EDGE))
        last = index == len(script.actions) - 1
        if not last or draw(st.booleans()):
            out.append(draw(_BREAK))
    return script, "".join(out)


@ROUNDTRIP
@given(noisy_texts())
def test_str_of_parse_is_format_text_for_untidy_text(case: tuple[Script, str]) -> None:
    script, text = case
    parsed = parse(text, max_actions=2)  # untidy is a warning, never an error
    assert parsed == script
    assert str(parsed) == format_text(text) == script.render()


@st.composite
def near_misses(draw: st.DrawFn) -> str:
    """Untidy text with a few spans replaced by fragments of action text: some parse, some do not."""
    _, text = draw(noisy_texts())
    for _ in range(draw(st.integers(1, 3))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 3)))
        text = text[:start] + draw(st.sampled_from(["", *FRAGMENTS])) + text[end:]
    return text


@ROUNDTRIP
@given(st.one_of(near_misses(), documents))
def test_str_of_parse_is_format_text_for_any_text_that_parses(text: str) -> None:
    try:
        parsed = parse(text, max_actions=2)
    except ActionError:
        event("refused by parse")
        return
    event("parsed")
    assert str(parsed) == format_text(text)


@settings(max_examples=1000, deadline=None)
@given(e164_numbers(), st.sampled_from(("INTERNATIONAL", "NATIONAL", "RFC3966")))
def test_every_common_way_of_writing_a_number_builds_the_same_transfer(e164: str, style: str) -> None:
    number = phonenumbers.parse(e164, None)
    written = phonenumbers.format_number(number, getattr(phonenumbers.PhoneNumberFormat, style))
    if style == "RFC3966":  # `tel:+81-3-…`: not a form the builder takes
        try:
            Transfer(written)
        except ActionError as exc:
            assert {d.field for d in exc.diagnostics} == {"number"}
        else:
            raise AssertionError(f"{written!r} was accepted")
        return
    region = phonenumbers.region_code_for_number(number) if style == "NATIONAL" else None
    assert Transfer(written, region=region) == Transfer(e164)
    assert str(Transfer(written, region=region)) == f"transfer {e164}"


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_every_character_the_message_strategy_uses_reads_clean_on_its_own(lang: str) -> None:
    # the strategies promise clean actions; a letter of the wrong script (`々` alone is no Japanese) breaks that
    alphabet = {"en": strategies._ENGLISH, "ja": strategies._JAPANESE}[lang]
    other = {"en": "a", "ja": "あ"}[lang]
    for char in alphabet:
        if char.strip():
            for message in (char, char * 3, other + char, char + other):
                assert Say(lang, message).diagnostics == (), message
