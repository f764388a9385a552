"""A small LALR(1) runtime for the tables lark computes from grammar/action.lark.

Importing lark and building its parser costs more than the rest of a lint run
(tens of milliseconds, on every start of the command and of every worker).
The grammar's tables are computed once, by lark itself (``generate``), and
stored in ``tables.json``; this module only runs them. It follows lark's
behaviour to the letter (the contextual lexer and its fallback to the whole
terminal set, the tree shaping of ``?rule``, ``_rule`` and filtered anonymous
tokens, the exceptions' positions), and a property test holds it to lark's
output on random lines.

It also answers what may come next after the beginning of a line
(``Parser.expected``), from the same tables: the terminals the parser would
take there, and the places in the grammar's rules it stands at.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

__all__ = ["END", "Expected", "Parser", "Token", "Tree", "UnexpectedCharacters", "UnexpectedInput", "UnexpectedToken"]

END = "$END"
_SHIFT = 0


class Token:
    """A terminal: its type (``ARG``), text and code-point offset in the line."""

    __slots__ = ("start_pos", "type", "value")

    def __init__(self, type_: str, value: str, start_pos: int) -> None:
        self.type = type_
        self.value = value
        self.start_pos = start_pos

    def __repr__(self) -> str:
        return f"Token({self.type!r}, {self.value!r}, {self.start_pos})"


_Leaf = TypeVar("_Leaf")


class Tree(Generic[_Leaf]):
    """A rule's node: the rule name and its children (trees and tokens; generic as lark's is)."""

    __slots__ = ("children", "data")

    def __init__(self, data: str, children: list[Tree[_Leaf] | _Leaf]) -> None:
        self.data = data
        self.children = children

    def __repr__(self) -> str:
        return f"Tree({self.data!r}, {self.children!r})"


class UnexpectedInput(Exception):  # noqa: N818 - lark's names, so the classifier reads as lark's docs
    """The line does not fit the grammar; ``pos_in_stream`` says where."""

    pos_in_stream: int = 0


class UnexpectedCharacters(UnexpectedInput):
    """No terminal at all matches at ``pos_in_stream``."""

    def __init__(self, pos: int, allowed: frozenset[str]) -> None:
        super().__init__(f"no terminal matches at {pos}")
        self.pos_in_stream = pos
        self.allowed = allowed


class UnexpectedToken(UnexpectedInput):
    """A terminal was read where the grammar wants another (``$END``: the line ended early)."""

    def __init__(self, token: Token, expected: frozenset[str]) -> None:
        super().__init__(f"unexpected {token.type} at {token.start_pos}")
        self.token = token
        self.pos_in_stream = token.start_pos
        self.expected = expected


@dataclass(frozen=True, slots=True)
class Expected:
    """What may follow the beginning of a line."""

    #: the terminals the parser takes next (``END``: the line may end here)
    terminals: frozenset[str]
    #: where it stands: (rule, the symbol it wants next in that rule), for every terminal but ``END``
    places: frozenset[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class _Rule:
    """How a reduction shapes its node (lark's ParseTreeBuilder, for LALR)."""

    #: the nonterminal reduced to (the goto symbol)
    origin: str
    #: the node's name: the rule's alias, else its origin
    name: str
    size: int
    #: for each symbol of the expansion: 0 drop (filtered token), 1 keep, 2 inline (``_rule``)
    children: tuple[int, ...]
    #: ``?rule``: a single child replaces the node
    expand1: bool

    def build(self, values: list[Any]) -> Any:
        kept: list[Any] = []
        for how, value in zip(self.children, values, strict=True):
            if how == 1:
                kept.append(value)
            elif how == 2:
                kept.extend(value.children)
        if self.expand1 and len(kept) == 1:
            return kept[0]
        return Tree(self.name, kept)


class _Scanner:
    """One basic lexer: lark's alternation of named groups, tried in order."""

    __slots__ = ("allowed", "ignore", "patterns")

    def __init__(self, patterns: Sequence[str], allowed: frozenset[str], ignore: frozenset[str]) -> None:
        self.patterns = tuple(re.compile(p) for p in patterns)
        self.allowed = allowed
        self.ignore = ignore

    def next_token(self, text: str, pos: int) -> tuple[Token | None, int]:
        """The next token at or after ``pos`` (ignored ones skipped), and where it ends."""
        end = len(text)
        while pos < end:
            for pattern in self.patterns:
                match = pattern.match(text, pos)
                if match is not None:
                    break
            else:
                raise UnexpectedCharacters(pos, self.allowed - self.ignore or frozenset({"<END-OF-FILE>"}))
            kind = match.lastgroup
            assert kind is not None
            if kind in self.ignore:
                pos = match.end()
                continue
            return Token(kind, match.group(), pos), match.end()
        return None, pos


class Parser:
    """Parse with the serialized tables of one start rule; ``parse`` raises UnexpectedInput."""

    def __init__(self, tables: Mapping[str, Any]) -> None:
        ignore = frozenset(tables["ignore"])
        scanners = [_Scanner(s["patterns"], frozenset(s["terminals"]), ignore) for s in tables["scanners"]]
        self._lexers: list[_Scanner] = [scanners[i] for i in tables["state_scanner"]]
        self._patterns = [lexer.patterns for lexer in self._lexers]
        self._ignore = ignore
        self._root = scanners[tables["root_scanner"]]
        self._rules = [
            _Rule(r["origin"], r["name"], len(r["children"]), tuple(r["children"]), r["expand1"])
            for r in tables["rules"]
        ]
        # per rule: (size, goto symbol, shape, name); shape 0: a node of every child,
        # 1: the single child itself (``?rule``), 2: filter or inline children (``_Rule.build``)
        self._reduce = [(r.size, r.origin, _shape(r), r.name) for r in self._rules]
        # state → symbol → (0 shift, next state) | (1 reduce, rule index)
        self._states: list[dict[str, tuple[int, int]]] = [
            {symbol: (action[0], action[1]) for symbol, action in row.items()} for row in tables["states"]
        ]
        self._start: int = tables["start"]
        self._end: int = tables["end"]
        #: the terminals, in the order the grammar declares them
        self.terminals: tuple[str, ...] = tuple(tables["terminals"])
        # state → (rule, next symbol) of each kernel item whose rule is not complete
        rules = tables["rules"]
        self._places: list[frozenset[tuple[str, str]]] = [
            frozenset(
                (rules[rule]["origin"], rules[rule]["expansion"][dot])
                for rule, dot in kernel
                if dot < len(rules[rule]["expansion"])
            )
            for kernel in tables["kernels"]
        ]

    def parse(self, text: str) -> Tree[Token]:  # noqa: PLR0915 - one loop: the hot path of every lint
        """The tree of ``text``, shaped as lark shapes it."""
        states, reduce, patterns, ignore = self._states, self._reduce, self._patterns, self._ignore
        state = self._start
        end_state = self._end
        state_stack = [state]
        value_stack: list[Any] = []
        pos = 0
        length = len(text)
        last_start = 0
        while True:
            # the next token, lexed with the terminals the current state accepts (lark's contextual lexer)
            token = None
            while pos < length:
                for pattern in patterns[state]:
                    match = pattern.match(text, pos)
                    if match is not None:
                        break
                else:
                    raise self._unexpected(text, pos, state)
                kind = match.lastgroup
                if kind in ignore:
                    pos = match.end()
                    continue
                token = Token(kind, match.group(), pos)  # type: ignore[arg-type]
                pos = match.end()
                break
            is_end = token is None
            if token is None:
                token = Token(END, "", last_start)
            else:
                last_start = token.start_pos
            kind = token.type
            while True:
                row = states[state]
                try:
                    action, arg = row[kind]
                except KeyError:
                    raise UnexpectedToken(token, frozenset(s for s in row if s.isupper())) from None
                if action == _SHIFT:
                    state = arg
                    state_stack.append(state)
                    value_stack.append(token)
                    break
                size, origin, shape, name = reduce[arg]
                if size:
                    values = value_stack[-size:]
                    del state_stack[-size:]
                    del value_stack[-size:]
                else:
                    values = []
                if shape == 0:
                    value: Any = Tree(name, values)
                elif shape == 1:
                    value = values[0]
                else:
                    value = self._rules[arg].build(values)
                state = states[state_stack[-1]][origin][1]
                state_stack.append(state)
                value_stack.append(value)
                if is_end and state == end_state:
                    assert isinstance(value, Tree)
                    return value

    def expected(self, text: str) -> Expected:
        """What may follow ``text``, the beginning of a line; UnexpectedInput when no line begins so."""
        stack = [self._start]
        pos = 0
        while True:
            token, pos = self._lexers[stack[-1]].next_token(text, pos)
            if token is None:
                break
            if not self._take(stack, token.type):
                raise UnexpectedToken(token, frozenset(s for s in self._states[stack[-1]] if s.isupper()))
        terminals: set[str] = set()
        places: set[tuple[str, str]] = set()
        for kind in self._states[stack[-1]]:
            trial = list(stack)
            if not kind.isupper() or not self._take(trial, kind):
                continue  # a nonterminal's goto, or a terminal a reduction here leaves no place for
            terminals.add(kind)
            if kind != END:
                places |= self._places[trial[-2]]  # the state that shifted it
        return Expected(frozenset(terminals), frozenset(places))

    def _take(self, stack: list[int], kind: str) -> bool:
        """Reduce as ``kind`` asks, then shift it (``END``: accept); False when it cannot come next."""
        states = self._states
        while True:
            action = states[stack[-1]].get(kind)
            if action is None:
                return False
            what, arg = action
            if what == _SHIFT:
                stack.append(arg)
                return True
            size, origin, _, _ = self._reduce[arg]
            if size:
                del stack[-size:]
            stack.append(states[stack[-1]][origin][1])
            if kind == END and stack[-1] == self._end:
                return True

    def _unexpected(self, text: str, pos: int, state: int) -> UnexpectedInput:
        """No terminal of this state matches: name the terminal that does, if any (as lark does)."""
        allowed = self._lexers[state].allowed - self._ignore or frozenset({"<END-OF-FILE>"})
        try:
            token, _ = self._root.next_token(text, pos)
        except UnexpectedCharacters:
            return UnexpectedCharacters(pos, allowed)
        assert token is not None
        return UnexpectedToken(token, allowed)


def _shape(rule: _Rule) -> int:
    if all(how == 1 for how in rule.children):
        return 1 if rule.expand1 and rule.size == 1 else 0
    return 2
