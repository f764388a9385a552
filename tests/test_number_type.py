"""A number's region and kind of line come from the one home of number facts, which the language server asks."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from dinaction.facts.numbers import NumberType, number_type

LSP = Path(__file__).resolve().parents[1] / "dinaction" / "lsp"


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("+81120123456", NumberType("JP", "toll free")),
        ("+819012345678", NumberType("JP", "mobile")),
        ("+81336042000", NumberType("JP", "fixed line")),
        ("+12015550123", NumberType("US", "fixed line or mobile")),
        ("+447400123456", NumberType("GB", "mobile")),
        ("+447700900123", NumberType("unknown", "unknown kind")),  # a range set aside for drama: no region
        ("+8190", NumberType("JP", "unknown kind")),  # too short to be any kind
        ("+80012345678", NumberType("001", "toll free")),  # a non-geographic range has no country
    ],
)
def test_region_and_kind(number: str, expected: NumberType) -> None:
    assert number_type(number) == expected


@pytest.mark.parametrize("number", ["+999123", "not a number", ""])
def test_no_answer_for_what_does_not_parse(number: str) -> None:
    assert number_type(number) is None


def test_the_language_server_does_not_ask_phonenumbers_itself() -> None:
    for path in LSP.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                assert not any(a.name.split(".")[0] == "phonenumbers" for a in node.names), path.name
            elif isinstance(node, ast.ImportFrom):
                assert (node.module or "").split(".")[0] != "phonenumbers", path.name
