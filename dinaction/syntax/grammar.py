"""Loading grammar/action.lark into one cached LALR parser."""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lark import Lark

GRAMMAR_NAME = "action.lark"


def grammar_text() -> str:
    """The grammar: shipped inside the wheel, or at the top of a source checkout."""
    packaged = resources.files("dinaction").joinpath("grammar").joinpath(GRAMMAR_NAME)
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    checkout = Path(__file__).resolve().parents[2] / "grammar" / GRAMMAR_NAME
    return checkout.read_text(encoding="utf-8")


@functools.cache
def line_parser() -> Lark:
    """One LALR parser for the rule ``line``, built on first use, never at import."""
    from lark import Lark

    return Lark(
        grammar_text(),
        parser="lalr",
        lexer="contextual",
        start="line",
        maybe_placeholders=False,
    )
