"""The stored parser tables are grammar/action.lark's, and the runtime parses exactly as lark does."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lark import Lark
from lark import Token as LarkToken
from lark import Tree as LarkTree
from lark.exceptions import UnexpectedCharacters as LarkUnexpectedCharacters
from lark.exceptions import UnexpectedInput as LarkUnexpectedInput
from lark.exceptions import UnexpectedToken as LarkUnexpectedToken

from dinaction.syntax import generate, grammar, lalr, recovery, tables
from tests.profile import examples
from tests.strategies_text import FRAGMENTS, action_like

PROPERTY = settings(
    max_examples=examples(dev=400, ci=400, mutation=25), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@functools.cache
def _lark() -> Lark:
    return Lark(grammar.grammar_text(), parser="lalr", lexer="contextual", start="line", maybe_placeholders=False)


def _lark_outcome(line: str) -> tuple[Any, ...]:
    try:
        return ("tree", _lark_shape(_lark().parse(line)))
    except LarkUnexpectedCharacters as exc:
        return ("characters", exc.pos_in_stream)
    except LarkUnexpectedToken as exc:
        return ("token", exc.token.type, str(exc.token), exc.token.start_pos)
    except LarkUnexpectedInput as exc:  # pragma: no cover - lark raises only the two above here
        return ("other", repr(exc))


def _lark_shape(node: LarkTree[LarkToken] | LarkToken) -> Any:
    if isinstance(node, LarkTree):
        return (str(node.data), [_lark_shape(c) for c in node.children])
    return (node.type, str(node), node.start_pos)


def _ours_outcome(line: str) -> tuple[Any, ...]:
    try:
        return ("tree", _ours_shape(grammar.line_parser().parse(line)))
    except lalr.UnexpectedCharacters as exc:
        return ("characters", exc.pos_in_stream)
    except lalr.UnexpectedToken as exc:
        return ("token", exc.token.type, exc.token.value, exc.token.start_pos)


def _ours_shape(node: lalr.Tree[lalr.Token] | lalr.Token) -> Any:
    if isinstance(node, lalr.Tree):
        return (node.data, [_ours_shape(c) for c in node.children])
    return (node.type, node.value, node.start_pos)


def test_stored_tables_are_those_of_the_current_grammar() -> None:
    text = grammar.grammar_text()
    stored = grammar.stored_tables()
    assert stored is not None, "dinaction/syntax/tables.json is missing: run python -m dinaction.syntax.generate"
    assert stored["grammar_sha256"] == tables.grammar_sha256(text), (
        "grammar/action.lark changed: run python -m dinaction.syntax.generate"
    )
    assert stored["grammar"] == text
    # regenerating gives the very same file: nothing in it is edited by hand
    assert grammar.TABLES_PATH.read_text(encoding="utf-8") == tables.dump(tables.build_tables(text))


def test_the_generator_writes_the_stored_tables(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    written = tmp_path / "tables.json"
    monkeypatch.setattr(generate, "TABLES_PATH", written)
    assert generate.main() == 0
    assert written.read_text(encoding="utf-8") == grammar.TABLES_PATH.read_text(encoding="utf-8")


def test_a_changed_grammar_is_read_by_lark_not_from_the_stale_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    changed = grammar.grammar_text().replace("SAY: /(?ai:say)(?!\\S)/", "SAY: /(?ai:speak)(?!\\S)/")
    assert changed != grammar.grammar_text()
    monkeypatch.setattr(grammar, "grammar_text", lambda: changed)
    parser = grammar.line_parser.__wrapped__()
    tree = parser.parse('speak en "Hello"')
    assert tree.data == "line"
    with pytest.raises(lalr.UnexpectedInput):
        parser.parse('say en "Hello"')


@pytest.mark.parametrize(
    "line",
    [
        "playback http://example.com/a.mp3",
        "transfer +81336042000 --caller=+819012345678",
        "transfer +81336042000 --caller +819012345678",
        'say ja "こんにちは"',
        "voicemail playback https://example.com/g.mp3",
        'VOICEMAIL Say en "Hello"',
        "tranfer +81336042000",
        'say en "unterminated',
        "transfer",
        "transfer +1 --callerid=+2",
        "playback a b",
        "=x",
        "",
        "   ",
    ],
)
def test_known_lines_parse_as_lark_parses_them(line: str) -> None:
    assert _ours_outcome(line) == _lark_outcome(line)


@PROPERTY
@given(st.one_of(action_like, st.lists(st.sampled_from(FRAGMENTS), max_size=8).map(" ".join)))
@example('say en "a"b"')
@example("transfer +81 --caller=+82 --caller=+83")
@example("voicemail voicemail say en x")
def test_any_line_parses_as_lark_parses_it(text: str) -> None:
    for line in text.splitlines() or [text]:
        assert _ours_outcome(line) == _lark_outcome(line)


# --- what may come next: read from the tables ------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "wanted"),
    [
        ([], "action"),
        (["voicemail"], "greeting"),
        (["VOICEMAIL"], "greeting"),
        (["playback"], "url"),
        (["voicemail", "playback"], "url"),
        (["playback", "http://example.com/a.mp3"], "end"),
        (["transfer"], "number"),
        (["transfer", "+81336042000"], "option-or-end"),
        (["transfer", "+81336042000", "--caller"], "caller"),
        (["transfer", "+81336042000", "--caller="], "caller"),
        (["transfer", "+81336042000", "--caller", "="], "caller"),
        (["transfer", "+81336042000", "--caller=+819012345678"], "end"),
        (["transfer", "+81336042000", "--caller=+819012345678", "--caller"], "nothing"),
        (["say"], "lang"),
        (["voicemail", "say", "en"], "message"),
        (["say", "en", '"Hi"'], "end"),
        (["tranfer"], "nothing"),
        (["playback", "a", "b"], "nothing"),
        (["voicemail", "transfer"], "nothing"),
    ],
)
def test_what_may_come_next_after_the_words_of_a_line(words: list[str], wanted: str) -> None:
    assert recovery.expected_after(words) == wanted
    assert wanted in recovery.WANTED


def test_every_place_of_the_tables_has_a_name() -> None:
    stored = grammar.stored_tables()
    assert stored is not None
    places = {
        (stored["rules"][rule]["origin"], stored["rules"][rule]["expansion"][dot])
        for kernel in stored["kernels"]
        for rule, dot in kernel
        if dot < len(stored["rules"][rule]["expansion"])
    }
    assert places == set(recovery._NAMES)


def test_the_keywords_are_the_words_a_line_begins_with() -> None:
    assert recovery.KEYWORDS == ("playback", "transfer", "say", "voicemail")
    assert recovery.GREETINGS == ("playback", "say")
    parser = grammar.line_parser()
    for keyword in recovery.KEYWORDS:
        parser.expected(keyword)  # its own terminal reads the word: the name of a keyword's terminal is the word
        with pytest.raises(lalr.UnexpectedInput):
            parser.expected(keyword + "x")


@PROPERTY
@given(st.one_of(action_like, st.lists(st.sampled_from(FRAGMENTS), max_size=8).map(" ".join)))
def test_what_comes_before_a_parse_error_is_the_beginning_of_a_line(text: str) -> None:
    for line in text.splitlines() or [text]:
        try:
            grammar.line_parser().parse(line)
        except lalr.UnexpectedInput as exc:
            assert recovery._expected(line[: recovery._error_pos(line, exc)]) in recovery.WANTED
            assert recovery._expected(line[: recovery._error_pos(line, exc)]) != "nothing"
