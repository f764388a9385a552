"""The table generator and its runtime on other grammars than the action language's.

grammar/action.lark uses few of lark's features; these grammars use the rest the
runtime follows (rules inlined with `_`, `?` rules, aliases, filtered and kept
tokens), and those it refuses, so that the generator and the runtime are held
to lark for more than one grammar.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lark import Lark
from lark import Token as LarkToken
from lark import Tree as LarkTree

from dinaction.syntax import grammar, lalr, recovery, tables

TOY = r"""
start: pair ("," pair)* _end?
pair: KEY "=" value -> binding
    | KEY
?value: atom | "[" atom+ "]"
atom: NUMBER | WORD | _quoted
_quoted: "'" WORD "'"
_end: ";"
KEY: /[a-z]+:/
NUMBER: /[0-9]+/
WORD: /[A-Z]+/
%ignore " "
"""


def _lark_shape(node: LarkTree[LarkToken] | LarkToken) -> Any:
    if isinstance(node, LarkTree):
        return (str(node.data), [_lark_shape(c) for c in node.children])
    return (node.type, str(node), node.start_pos)


def _ours_shape(node: lalr.Tree[lalr.Token] | lalr.Token) -> Any:
    if isinstance(node, lalr.Tree):
        return (node.data, [_ours_shape(c) for c in node.children])
    return (node.type, node.value, node.start_pos)


@pytest.mark.parametrize(
    "text",
    [
        "a:=1",
        "a:=1, b:=X",
        "a:",
        "a:=[1 2 X]",
        "a:='X'",
        "a:=[1 'X' 2];",
        "a:=1 , b: , c:=[X];",
        "b:=[Y]",
    ],
)
def test_the_runtime_builds_the_trees_lark_builds(text: str) -> None:
    lark = Lark(TOY, parser="lalr", lexer="contextual", maybe_placeholders=False)
    ours = lalr.Parser(tables.build_tables(TOY, start="start"))
    assert _ours_shape(ours.parse(text)) == _lark_shape(lark.parse(text))


def test_the_tables_say_how_each_rule_shapes_its_node() -> None:
    made = tables.build_tables(TOY, start="start")
    rules = {(r["origin"], r["name"], tuple(r["expansion"])): (r["children"], r["expand1"]) for r in made["rules"]}
    assert rules[("pair", "binding", ("KEY", "EQUAL", "value"))] == ([1, 0, 1], False)
    assert rules[("atom", "atom", ("_quoted",))] == ([2], False)
    assert rules[("value", "value", ("atom",))] == ([1], True)
    # the grammar's own terminals in its order, then those lark names for its strings
    assert made["terminals"] == [
        "KEY",
        "NUMBER",
        "WORD",
        "__IGNORE_0",
        "COMMA",
        "EQUAL",
        "LSQB",
        "RSQB",
        "QUOTE",
        "SEMICOLON",
    ]
    assert made["grammar"] == TOY and made["grammar_sha256"] == tables.grammar_sha256(TOY)
    assert tables.grammar_sha256("x") == "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"


def test_the_same_grammar_gives_the_same_bytes() -> None:
    once = tables.dump(tables.build_tables(TOY, start="start"))
    assert once == tables.dump(tables.build_tables(TOY, start="start"))
    assert once.endswith("}\n") and '"grammar": ' in once
    assert tables.dump({"b": "é", "a": [1]}) == '{\n "a": [\n  1\n ],\n "b": "é"\n}\n'


def test_a_template_rule_is_refused() -> None:
    with pytest.raises(ValueError, match=r"^the generated parser does not support rule "):
        tables.build_tables('start: _list{"a"}\n_list{x}: x ("," x)*\n', start="start")


def test_an_optional_part_is_refused() -> None:
    # `[x]` leaves a child out of some trees: the runtime shapes every node of a rule alike
    with pytest.raises(ValueError, match=r"^the generated parser does not support rule <start : >$"):
        tables.build_tables("start: [WORD]\nWORD: /x/\n", start="start")


def test_a_string_shadowed_by_a_regexp_is_refused() -> None:
    with pytest.raises(
        ValueError,
        match=r"^the generated parser supports no lexer callbacks \(a string terminal shadowed by a regexp\?\)$",
    ):
        tables.build_tables('start: "if" WORD\nWORD: /[a-z]+/\n%ignore " "\n', start="start")


def test_the_grammar_is_found_inside_an_installed_package(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    package = tmp_path / "dinaction" / "syntax"
    package.mkdir(parents=True)
    (tmp_path / "dinaction" / "grammar").mkdir()
    (tmp_path / "dinaction" / "grammar" / grammar.GRAMMAR_NAME).write_text("line: X\n", encoding="utf-8")
    monkeypatch.setattr(grammar, "_HERE", package)
    assert grammar.grammar_text() == "line: X\n"


def test_missing_tables_are_none(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(grammar, "TABLES_PATH", tmp_path / "tables.json")
    assert grammar.stored_tables() is None
    (tmp_path / "tables.json").write_text('{"grammar": "é"}', encoding="utf-8")
    assert grammar.stored_tables() == {"grammar": "é"}


def test_the_keywords_are_read_from_the_tables() -> None:
    # computed once on import; asked again here so that the reading itself is under test
    assert recovery._keywords_after("") == ("playback", "transfer", "say", "voicemail") == recovery.KEYWORDS
    assert recovery._keywords_after("voicemail") == ("playback", "say") == recovery.GREETINGS
    assert recovery._keywords_after("say") == ("arg",)  # what follows a keyword is no keyword
