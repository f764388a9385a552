"""Loading grammar/action.lark into one cached LALR parser.

The tables lark computes from the grammar (``tables``) are stored beside this
module (``tables.json``, written by ``python -m dinaction.syntax.generate``) and
run by the small runtime in ``lalr``: no lark import and no table construction
on start-up. The stored tables are used only while they were made from the
current grammar; otherwise lark computes them afresh (slower, never wrong).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from dinaction.syntax.lalr import Parser

GRAMMAR_NAME = "action.lark"
_HERE = Path(__file__).resolve().parent
TABLES_PATH = _HERE / "tables.json"


def grammar_text() -> str:
    """The grammar: shipped inside the wheel, or at the top of a source checkout."""
    for path in (_HERE.parent / "grammar" / GRAMMAR_NAME, _HERE.parents[1] / "grammar" / GRAMMAR_NAME):
        if path.is_file():
            return path.read_text(encoding="utf-8")
    from importlib import resources  # a zipped install

    return resources.files("dinaction").joinpath("grammar", GRAMMAR_NAME).read_text(encoding="utf-8")


def stored_tables() -> dict[str, Any] | None:
    """The generated tables, or None when the file is missing."""
    try:
        data: dict[str, Any] = json.loads(TABLES_PATH.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    return data


@functools.cache
def line_parser() -> Parser:
    """One LALR parser for the rule ``line``, built on first use, never at import."""
    grammar = grammar_text()
    tables = stored_tables()
    if tables is None or tables.get("grammar") != grammar:
        from dinaction.syntax.tables import build_tables

        tables = build_tables(grammar)
    return Parser(tables)
