"""The parser tables of grammar/action.lark, computed by lark, as plain JSON data.

grammar/action.lark stays the only source: ``tables.json`` is derived from it
(``python -m dinaction.syntax.generate`` writes it) and carries the grammar it
was made from. lark is imported here only, and only when tables are computed.

Besides what the runtime in ``lalr`` needs to parse (lexers, actions, how each
reduction shapes its node), the tables keep what the parser knows of where it
stands: each state's kernel items (rule and dot) and each rule's symbols, and
the terminals in the order the grammar declares them. Recovery and completion
read "what may come next" there instead of a copy of the grammar.
"""

from __future__ import annotations

import json
from collections.abc import Hashable, Mapping
from typing import Any, TypeVar

__all__ = ["START", "build_tables", "dump", "grammar_sha256"]

START = "line"

_State = TypeVar("_State", bound=Hashable)


def grammar_sha256(grammar: str) -> str:
    import hashlib  # only when tables are made or checked: not on start-up

    return hashlib.sha256(grammar.encode("utf-8")).hexdigest()


def build_tables(grammar: str, start: str = START) -> dict[str, Any]:
    """lark's LALR tables and contextual lexers for ``start``, as plain JSON data.

    Raises ValueError for grammar features the runtime in ``lalr`` does not follow.
    """
    from lark import Lark
    from lark.parsers.lalr_analysis import LALR_Analyzer, Shift

    lark = Lark(grammar, parser="lalr", lexer="contextual", start=start, maybe_placeholders=False)
    if lark.options.postlex is not None or lark.options.keep_all_tokens or lark.lexer_conf.g_regex_flags:
        raise ValueError("the generated parser supports no postlexer, keep_all_tokens or global regex flags")
    frontend = lark.parser
    table = frontend.parser._parse_table
    lexer = frontend.lexer
    # the same automaton once more, with its states as sets of items (lark keeps only numbers)
    analysis = LALR_Analyzer(frontend.parser_conf, debug=True)
    analysis.compute_lalr()  # type: ignore[no-untyped-call]
    with_items = analysis.parse_table

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
    item_sets = _canonical_order(with_items.states, with_items.start_states[start])
    for state, items in zip(order, item_sets, strict=True):  # walked alike, the two are one automaton
        if sorted(table.states[state]) != sorted(with_items.states[items]):  # pragma: no cover - lark invariant
            raise ValueError("lark's two parse tables of the grammar differ")
    number = {state: i for i, state in enumerate(order)}
    state_scanner = [scanner_of(lexer.lexers[s]) for s in order]
    root_scanner = scanner_of(lexer.root_lexer)

    rules: list[dict[str, Any]] = []
    rule_index: dict[Any, int] = {}

    def index_of(rule: Any) -> int:
        if rule not in rule_index:
            rule_index[rule] = len(rules)
            rules.append(_rule(rule))
        return rule_index[rule]

    states: list[dict[str, list[int]]] = []
    for s in order:
        row: dict[str, list[int]] = {}
        for symbol in sorted(table.states[s]):
            action, arg = table.states[s][symbol]
            row[symbol] = [0, number[arg]] if action is Shift else [1, index_of(arg)]
        states.append(row)
    # after the reductions, so that every rule keeps the number it has always had
    kernels = [
        sorted(
            [index_of(item.rule), item.index]
            for item in items
            if item.index or item.rule.origin.name == f"$root_{start}"
        )
        for items in item_sets
    ]
    return {
        "grammar_sha256": grammar_sha256(grammar),
        "grammar": grammar,
        "start": number[table.start_states[start]],
        "end": number[table.end_states[start]],
        "ignore": sorted(lexer.root_lexer.ignore_types),
        "terminals": [t.name for t in lark.terminals],
        "scanners": scanners,
        "state_scanner": state_scanner,
        "root_scanner": root_scanner,
        "rules": rules,
        "states": states,
        "kernels": kernels,
    }


def _canonical_order(states: Mapping[_State, Mapping[str, tuple[Any, Any]]], start: _State) -> list[_State]:
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
        "expansion": [symbol.name for symbol in rule.expansion],
    }


def dump(tables: dict[str, Any]) -> str:
    """Stable text: the same grammar and lark give the same bytes."""
    return json.dumps(tables, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
