"""The fast path says a document is clean only when the full linter finds nothing in it.

``linter.lint_text`` answers from ``fastpath.clean_text`` when it recognises
a clean canonical document and from the parser and every rule otherwise; these
tests hold it to ``lint_source`` (the full path) on generated valid lines,
lines of the recogniser's own pattern, near misses of both, arbitrary text and
the benchmark corpus, for every setting the fast path reads, and on every
class of near miss the fix-safety contract draws (tests/near_miss.py). They also hold
the pattern to the grammar (what it accepts, lark parses to the same values),
and its account of the rules to the rules the linter has.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lark import Lark, Token

from benchmarks import corpus
from dinaction import fastpath, strategies
from dinaction.facts.characters import MAYBE_EMOJI, invisible_kind
from dinaction.linter import lint_source, lint_text
from dinaction.rules import ALL_RULES
from dinaction.settings import Settings
from tests.near_miss import CLASSES, NearMiss
from tests.near_miss import near_misses as mistakes
from tests.profile import examples
from tests.strategies_text import documents

GRAMMAR = Path(__file__).resolve().parents[1] / "grammar" / "action.lark"

#: every setting the fast path reads, each with values that change what it may accept
SETTINGS = st.builds(
    Settings,
    max_actions=st.sampled_from([1, 2]),
    tts_languages=st.sampled_from([("en", "ja"), ("en",), ("ja",), ("en", "ja", "id"), ()]),
    max_message_length=st.sampled_from([1000, 12]),
    max_file_size=st.sampled_from([1 << 20, 48]),
    default_region=st.sampled_from([None, "JP", "US"]),
    select=st.sampled_from([None, ("ALL",), ("DA3",), ("DA1", "DA2")]),
    ignore=st.sampled_from([(), ("DA204", "DA406"), ("DA303",)]),
    extend_select=st.sampled_from([(), ("DA306",)]),
)

#: lines of the recogniser's own pattern: any host, any digits, any message of its characters
pattern_lines = st.from_regex(fastpath.pattern(), fullmatch=True)
#: lines the strategies hold valid (public hosts, valid numbers, messages of their voice's script)
valid_lines = st.one_of(strategies.scripts(max_actions=2).map(str), strategies.actions().map(str))
#: what a person types by mistake, put anywhere in a line
SLIPS = [
    " ",
    "  ",
    "\t",
    "\u3000",
    "\u200b",
    "\ufeff",
    '"',
    "=",
    "-",
    "A",
    "0",
    "9",
    "+",
    ":",
    ".",
    "\r",
    "\n",
    "😀",
    "ａ",
    "é",
    "\x00",
    "\x7f",
    "/",
    "?",
]


@st.composite
def near_misses(draw: st.DrawFn) -> str:
    """A valid or pattern line with one slip: a character put in, taken out or replaced, a case changed."""
    line = draw(st.one_of(valid_lines, pattern_lines))
    at = draw(st.integers(0, len(line)))
    slip = draw(st.sampled_from(SLIPS))
    how = draw(st.sampled_from(["insert", "delete", "replace", "upper", "twice", "ending"]))
    if how == "insert":
        return line[:at] + slip + line[at:]
    if how == "delete":
        return line[:at] + line[at + 1 :]
    if how == "replace":
        return line[:at] + slip + line[at + 1 :]
    if how == "upper":
        return line[:at] + line[at:].upper()
    if how == "twice":
        return line + "\n" + line
    return line + draw(st.sampled_from(["\n", "\n\n", "\r\n", " \n", "\n\n\n"]))


def _same(data: str | bytes, settings: Settings) -> None:
    full = lint_source(data, settings)
    assert lint_text(data, settings) == (full.text, full.diagnostics)
    fast = fastpath.clean_text(data, settings)
    if fast is not None:
        assert full.diagnostics == ()
        assert fast == full.text


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(valid_lines, pattern_lines, near_misses(), documents), SETTINGS, st.booleans())
@example('say en "Hello"', Settings(), False)
@example('say ja "こんにちは"\n', Settings(tts_languages=("en",)), True)
@example("transfer +81336042000 --caller=+81336042000", Settings(), False)
@example("transfer +810336042000", Settings(), False)
@example("transfer +81100000000", Settings(extend_select=("DA306",)), False)
@example("playback http://localhost/a.mp3", Settings(), False)
@example("playback https://a..b/a.mp3", Settings(), False)
@example("playback https://example.com/a.mp3\n\n", Settings(), False)
@example('say en "  "', Settings(), False)
@example('say ja "ABC"', Settings(), False)
@example('say en "' + "a" * 13 + '"', Settings(max_message_length=12), False)
@example("transfer +81336042000\ntransfer +81336042001\n", Settings(max_actions=1), False)
def test_the_fast_path_gives_the_full_linters_findings(text: str, settings: Settings, as_bytes: bool) -> None:
    _same(text.encode("utf-8", "surrogatepass") if as_bytes else text, settings)


def _near_miss_property(cls: str) -> Callable[[], None]:
    @settings(
        max_examples=examples(dev=100, ci=1000, mutation=10),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(mistakes(cls), SETTINGS)
    def run(near: NearMiss, settings: Settings) -> None:
        _same(near.data, near.settings)
        _same(near.data, settings)
        meant = "".join(f"{action}\n" for action in near.meant)  # the document meant, canonical
        _same(meant, near.settings)
        _same(meant, settings)

    return run


@pytest.mark.parametrize("cls", sorted(CLASSES))
def test_the_fast_path_agrees_with_the_full_linter_on_every_class_of_near_miss(cls: str) -> None:
    """Every mistake the fix-safety contract knows (tests/near_miss.py), and the line meant, for every setting."""
    _near_miss_property(cls)()


@functools.cache
def _corpus() -> tuple[bytes, ...]:
    return tuple(f.data for f in corpus.generate(1500, seed=23))


@pytest.mark.parametrize(
    "settings",
    [
        Settings(),
        Settings(max_actions=2),
        Settings(select=("ALL",)),
        Settings(tts_languages=("en",), max_message_length=40),
        Settings(default_region="JP", ignore=("DA204",)),
        Settings(tts_languages=("ja",)),
        Settings(tts_languages=(), max_file_size=60),
        Settings(extend_select=("DA306",)),
        Settings(select=("DA4",), max_actions=2),
    ],
    ids=["default", "two-actions", "all-rules", "english-short", "region", "japanese", "small", "assigned", "speech"],
)
def test_the_fast_path_agrees_with_the_full_linter_on_the_corpus(settings: Settings) -> None:
    for data in _corpus():
        _same(data, settings)


def test_the_fast_path_serves_every_clean_file_of_the_corpus() -> None:
    served = [fastpath.clean_text(data, Settings()) is not None for data in _corpus()]
    clean = [not lint_source(data, Settings()).diagnostics for data in _corpus()]
    assert served == clean
    assert 0.9 < sum(served) / len(served) < 1


def test_every_rule_is_accounted_for() -> None:
    assert sorted(fastpath.ACCOUNTED) == sorted(r.code for r in ALL_RULES)


def test_a_rule_it_does_not_account_for_turns_it_off(monkeypatch: pytest.MonkeyPatch) -> None:
    assert fastpath.served(Settings()) is not None
    fewer = {code: why for code, why in fastpath.ACCOUNTED.items() if code != "DA204"}
    monkeypatch.setattr(fastpath, "ACCOUNTED", fewer)
    fastpath._served.cache_clear()
    try:
        assert fastpath.served(Settings()) is None
        assert fastpath.clean_text("playback https://example.com/a.mp3\n", Settings()) is None
        assert fastpath.served(Settings(ignore=("DA204",))) is not None
    finally:
        fastpath._served.cache_clear()


@functools.cache
def _message_characters(lang: str) -> tuple[str, ...]:
    """Every character the pattern takes in a message of ``lang`` (all of Unicode tried)."""
    head = 'say en "' if lang == "en" else 'say ja "あ'
    return tuple(c for c in map(chr, range(0x110000)) if fastpath.pattern().fullmatch(f'{head}{c}"') is not None)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_message_characters_are_plain(lang: str) -> None:
    """No character of a canonical message is a quote, a control, an invisible character or an emoji."""
    chars = _message_characters(lang)
    assert len(chars) > 90
    for char in chars:
        assert char != '"' and not unicodedata.category(char).startswith("C"), ascii(char)
        assert invisible_kind(char) is None and MAYBE_EMOJI.search(char) is None, ascii(char)
        assert unicodedata.category(char) not in ("Zl", "Zp"), ascii(char)
    if lang == "en":
        assert all(c.isascii() for c in chars)  # an English message is never of another script


@settings(max_examples=200)
@given(pattern_lines)
def test_what_the_pattern_accepts_the_grammar_reads_alike(line: str) -> None:
    """Every line of the pattern parses (lark, from grammar/action.lark) to the values of its groups."""
    found = fastpath.pattern().fullmatch(line)
    assert found is not None
    url, _, english, japanese, number, caller = found.groups()
    tokens = list(_lark().parse(line).scan_values(lambda v: isinstance(v, Token)))
    kinds = [t.type for t in tokens]
    arguments = [t.value for t in tokens if t.type == "ARG"]
    if url is not None:
        assert kinds[-2:] == ["PLAYBACK", "ARG"] and arguments == [url]
    elif number is not None:
        assert kinds[0] == "TRANSFER" and arguments == [number] + ([caller] if caller else [])
    else:
        message = english if english is not None else japanese
        assert kinds[-3:] == ["SAY", "ARG", "MESSAGE"]
        assert tokens[-1].value == f'"{message}"' and arguments == ["en" if english is not None else "ja"]
    assert (kinds[0] == "VOICEMAIL") == line.startswith("voicemail ")


@functools.cache
def _lark() -> Lark:
    return Lark(GRAMMAR.read_text(encoding="utf-8"), start="line", parser="lalr")
