"""Decoding, line splitting, per-line LALR parsing and the tree → AST step.

Each line is parsed on its own: the language is one action a line, so a
broken line costs exactly one diagnostic and never hides the next one.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Iterator
from dataclasses import dataclass
from types import MappingProxyType

from dinaction.ast import Action, Loc, Playback, Say, Script, Transfer, Voicemail
from dinaction.diagnostics import Diagnostic, Edit, Span
from dinaction.rules import syntax as rules
from dinaction.syntax.grammar import line_parser
from dinaction.syntax.lalr import Token, Tree, UnexpectedInput

BOM = "\ufeff"
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")
_ESCAPED = re.compile("[\udc80-\udcff]+")


@dataclass(frozen=True, slots=True)
class Parsed:
    """The decoded text, what could be read of it, and what could not."""

    text: str
    script: Script
    diagnostics: tuple[Diagnostic, ...]


def decode(data: str | bytes) -> tuple[str, list[Diagnostic]]:
    """UTF-8 bytes → text, one code point per undecodable byte (shown as U+FFFD).

    Offsets stay meaningful: each bad byte becomes exactly one character, and
    each run of them one DA020 diagnostic.
    """
    text = data.decode("utf-8", errors="surrogateescape") if isinstance(data, bytes) else data
    diagnostics: list[Diagnostic] = []
    if _ESCAPED.search(text) is None:
        return text, diagnostics
    for match in _ESCAPED.finditer(text):
        raw = bytes(ord(c) - 0xDC00 for c in match.group())
        diagnostics.append(
            rules.INVALID_UTF8.diagnostic(
                Span(match.start(), match.end()),
                detail=f"byte{'s' if len(raw) > 1 else ''} {raw.hex(' ')}; save the file as UTF-8",
            )
        )
    return _ESCAPED.sub(lambda m: "\ufffd" * len(m.group()), text), diagnostics


def iter_lines(text: str) -> Iterator[tuple[int, str]]:
    """(offset, content) for every line, the line break left out."""
    for match in _LINE.finditer(text):
        line = match.group()
        if not line:  # the empty match at the end of the text
            return
        yield match.start(), line.rstrip("\r\n")


def parse_source(data: str | bytes, *, max_actions: int = 1, max_file_size: int | None = None) -> Parsed:
    """Read a whole action file. Never raises.

    A document of more than ``max_file_size`` bytes (UTF-8) is not read at all:
    one DA022 finding and an empty script. An action file is a line or two, and
    a 50 MB line would cost seconds and hundreds of megabytes to parse and report.
    """
    if max_file_size is not None and _larger_than(data, max_file_size):
        too_large = rules.FILE_TOO_LARGE.diagnostic(Span(0, 0), limit=max_file_size)
        empty = Script((), max_actions=max_actions, loc=Loc(Span(0, 0)), diagnostics=(too_large,))
        return Parsed("", empty, (too_large,))
    text, diagnostics = decode(data)
    # one finding for every mark at the start (a file saved twice by a BOM-adding editor)
    skip = len(text) - len(text.lstrip(BOM))
    if skip:
        diagnostics.append(rules.BYTE_ORDER_MARK.diagnostic(Span(0, skip), edits=[Edit(Span(0, skip), "")]))
    actions: list[Action] = []
    previous: tuple[int, str] | None = None
    for offset, line in iter_lines(text):
        if offset == 0 and skip:
            line = line[skip:]
            offset = skip
        if not line.strip():
            previous = None
            continue
        continued = previous is not None and diagnostics and diagnostics[-1].code == rules.UNTERMINATED_MESSAGE.code
        if continued and previous is not None and line.count('"') % 2 == 1:
            # the message went on on this line: one finding for both lines
            diagnostics[-1] = _message_across_lines(diagnostics[-1], previous, offset, line)
            previous = None
            continue
        action, problem = parse_line(line, offset)
        if action is not None:
            actions.append(action)
        if problem is not None:
            diagnostics.append(problem)
        previous = (offset, line)
    script = Script(actions, max_actions=max_actions, loc=Loc(Span(0, len(text))), diagnostics=diagnostics)
    return Parsed(text, script, tuple(diagnostics))


def _larger_than(data: str | bytes, limit: int) -> bool:
    if len(data) > limit:
        return True
    # a str of n code points has n to 4n bytes in UTF-8: encode only when it may be over
    return isinstance(data, str) and 4 * len(data) > limit and len(data.encode("utf-8", "surrogatepass")) > limit


def parse_line(line: str, offset: int) -> tuple[Action | None, Diagnostic | None]:
    """One line → its action, or the one diagnostic that says why there is none."""
    try:
        tree = _tree(line)
    except UnexpectedInput as exc:
        from dinaction.syntax.recovery import classify  # only for a line that does not parse

        return None, classify(line, exc).shift(offset)
    except RecursionError:  # pragma: no cover - the grammar has no recursion
        return None, rules.SYNTAX_ERROR.diagnostic(Span(offset, offset + len(line)), detail="line too complex")
    action_tree = tree.children[0]
    assert isinstance(action_tree, Tree)
    return _ToAst(offset).action(action_tree), None


@functools.lru_cache(maxsize=8192)
def _tree(line: str) -> Tree[Token]:
    """The parse tree of one line, kept for the lines seen last.

    An editor re-lints the whole document on every keystroke; all its lines
    but one are the same as the last time. The tree is only read afterwards
    (positions are relative to the line), so one tree serves every occurrence.
    """
    return line_parser().parse(line)


def _message_across_lines(unterminated: Diagnostic, previous: tuple[int, str], offset: int, line: str) -> Diagnostic:
    """DA009 for a message broken over two lines, with the fix that joins them."""
    start, text = previous
    end_of_first = start + len(text)
    closing = offset + line.index('"') + 1
    return rules.UNTERMINATED_MESSAGE.diagnostic(
        Span(unterminated.span.start, closing),
        edits=[Edit(Span(end_of_first, offset), " ")],
        detail=" on its line: a message cannot span lines",
        fix_title="Join the lines",
    )


_END = operator.attrgetter("end")


class _ToAst:
    """The mechanical tree → AST step: one method per grammar rule."""

    __slots__ = ("_offset",)

    def __init__(self, offset: int) -> None:
        self._offset = offset

    def _span(self, token: Token) -> Span:
        start = self._offset + token.start_pos
        return Span(start, start + len(token.value))

    def action(self, tree: Tree[Token]) -> Action:
        match tree.data:
            case "playback":
                return self.playback(tree)
            case "transfer":
                return self.transfer(tree)
            case "say":
                return self.say(tree)
            case "voicemail":
                return self.voicemail(tree)
        raise AssertionError(f"grammar rule {tree.data} has no AST node")  # pragma: no cover

    def _leaf(self, tree: Tree[Token] | Token) -> Token:
        while isinstance(tree, Tree):
            tree = tree.children[-1]
        return tree

    def _loc(self, parts: dict[str, Span]) -> Loc:
        spans = list(parts.values())
        return Loc(Span(spans[0].start, max(map(_END, spans))), MappingProxyType(parts))

    def playback(self, tree: Tree[Token]) -> Playback:
        keyword, url = tree.children
        url_token = self._leaf(url)
        parts = {"keyword": self._span(self._leaf(keyword)), "url": self._span(url_token)}
        return Playback(url_token.value, loc=self._loc(parts))

    def transfer(self, tree: Tree[Token]) -> Transfer:
        keyword, number, *rest = tree.children
        number_token = self._leaf(number)
        parts = {"keyword": self._span(self._leaf(keyword)), "number": self._span(number_token)}
        caller: str | None = None
        if rest:
            option = rest[0]
            assert isinstance(option, Tree)
            option_token = option.children[0]
            assert isinstance(option_token, Token)
            caller_token = self._leaf(option.children[-1])
            caller = caller_token.value
            parts["caller_option"] = Span(self._span(option_token).start, self._span(caller_token).start)
            parts["caller"] = self._span(caller_token)
        return Transfer(number_token.value, caller=caller, loc=self._loc(parts))

    def say(self, tree: Tree[Token]) -> Say:
        keyword, lang, message = tree.children
        lang_token = self._leaf(lang)
        message_token = self._leaf(message)
        parts = {
            "keyword": self._span(self._leaf(keyword)),
            "lang": self._span(lang_token),
            "message": self._span(message_token),
        }
        # the AST holds the code lowercased (its canonical form); the case rule reads the source
        return Say(lang_token.value.lower(), message_token.value[1:-1], loc=self._loc(parts))

    def voicemail(self, tree: Tree[Token]) -> Voicemail:
        keyword, greeting_tree = tree.children
        assert isinstance(greeting_tree, Tree)
        greeting = self.playback(greeting_tree) if greeting_tree.data == "playback" else self.say(greeting_tree)
        assert greeting.loc is not None
        parts = {"keyword": self._span(self._leaf(keyword)), "greeting": greeting.loc.span}
        return Voicemail(greeting, loc=self._loc(parts))
