"""The parser tables of grammar/action.lark, computed by lark and stored as JSON.

grammar/action.lark stays the only source: ``tables.json`` is derived from it
and carries the grammar it was made from. At run time ``grammar.line_parser``
uses the stored tables only when that grammar is the current one, and asks
lark afresh otherwise; a test fails until the file is regenerated::

    python -m dinaction.syntax.generate
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

TABLES_PATH = Path(__file__).with_name("tables.json")
START = "line"


def grammar_sha256(grammar: str) -> str:
    return hashlib.sha256(grammar.encode("utf-8")).hexdigest()


def build_tables(grammar: str, start: str = START) -> dict[str, Any]:
    """lark's LALR tables and contextual lexers for ``start``, as plain JSON data.

    Raises ValueError for grammar features the runtime in ``lalr`` does not follow.
    """
    from lark import Lark
    from lark.parsers.lalr_analysis import Shift

    lark = Lark(grammar, parser="lalr", lexer="contextual", start=start, maybe_placeholders=False)
    if lark.options.postlex is not None or lark.options.keep_all_tokens or lark.lexer_conf.g_regex_flags:
        raise ValueError("the generated parser supports no postlexer, keep_all_tokens or global regex flags")
    frontend = lark.parser
    table = frontend.parser._parse_table
    lexer = frontend.lexer

    scanners: list[dict[str, Any]] = []
    scanner_index: dict[int, int] = {}

    def scanner_of(basic: Any) -> int:
        scanner = basic.scanner  # built on first use; builds ``callback`` too
        if basic.callback or basic.user_callbacks:
            raise ValueError(
                "the generated parser supports no lexer callbacks (a string terminal shadowed by a regexp?)"
            )
        key = id(basic)
        if key not in scanner_index:
            scanner_index[key] = len(scanners)
            scanners.append(
                {"patterns": [m.pattern for m in scanner._mres], "terminals": sorted(scanner.allowed_types)}
            )
        return scanner_index[key]

    # lark numbers states in an order that follows string hashing; renumber them
    # breadth-first from the start state so that the same grammar gives the same file
    order = _canonical_order(table.states, table.start_states[start])
    number = {state: i for i, state in enumerate(order)}
    state_scanner = [scanner_of(lexer.lexers[s]) for s in order]
    root_scanner = scanner_of(lexer.root_lexer)

    rules: list[dict[str, Any]] = []
    rule_index: dict[Any, int] = {}
    states: list[dict[str, list[int]]] = []
    for s in order:
        row: dict[str, list[int]] = {}
        for symbol in sorted(table.states[s]):
            action, arg = table.states[s][symbol]
            if action is Shift:
                row[symbol] = [0, number[arg]]
                continue
            if arg not in rule_index:
                rule_index[arg] = len(rules)
                rules.append(_rule(arg))
            row[symbol] = [1, rule_index[arg]]
        states.append(row)
    return {
        "grammar_sha256": grammar_sha256(grammar),
        "grammar": grammar,
        "start": number[table.start_states[start]],
        "end": number[table.end_states[start]],
        "ignore": sorted(lexer.root_lexer.ignore_types),
        "scanners": scanners,
        "state_scanner": state_scanner,
        "root_scanner": root_scanner,
        "rules": rules,
        "states": states,
    }


def _canonical_order(states: dict[int, dict[str, tuple[Any, Any]]], start: int) -> list[int]:
    from lark.parsers.lalr_analysis import Shift

    order = [start]
    seen = {start}
    for state in order:  # grows while walking: breadth-first
        for symbol in sorted(states[state]):
            action, arg = states[state][symbol]
            if action is Shift and arg not in seen:
                seen.add(arg)
                order.append(arg)
    if len(order) != len(states):  # pragma: no cover - every LALR state is reachable
        raise ValueError("unreachable parser states")
    return order


def _rule(rule: Any) -> dict[str, Any]:
    options = rule.options
    if options.template_source is not None or options.empty_indices:
        raise ValueError(f"the generated parser does not support rule {rule}")
    children = []
    for symbol in rule.expansion:
        if symbol.is_term:
            children.append(1 if options.keep_all_tokens or not symbol.filter_out else 0)
        else:
            children.append(2 if symbol.name.startswith("_") else 1)
    return {
        "origin": rule.origin.name,
        "name": rule.alias or rule.origin.name,
        "children": children,
        "expand1": bool(options.expand1 and not rule.alias),
    }


def dump(tables: dict[str, Any]) -> str:
    """Stable text: the same grammar and lark give the same bytes."""
    return json.dumps(tables, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def main() -> int:
    from dinaction.syntax.grammar import grammar_text

    TABLES_PATH.write_text(dump(build_tables(grammar_text())), encoding="utf-8")
    sys.stderr.write(f"wrote {TABLES_PATH}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
