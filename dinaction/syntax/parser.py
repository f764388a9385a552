"""Decoding, line splitting, per-line LALR parsing and the tree → AST step.

Each line is parsed on its own: the language is one action a line, so a
broken line costs exactly one diagnostic and never hides the next one.
"""

from __future__ import annotations

import functools
import operator
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from types import MappingProxyType

from dinaction.ast import Action, Loc, Playback, Say, Script, Transfer, Voicemail
from dinaction.diagnostics import Diagnostic, Edit, Fix, Span
from dinaction.rules import syntax as rules
from dinaction.syntax.encoding import Decoded, read
from dinaction.syntax.grammar import line_parser
from dinaction.syntax.lalr import Token, Tree, UnexpectedInput

BOM = "\ufeff"
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")
#: characters of Unicode's category Cf (format) that paste unseen into text: soft hyphen, Arabic letter mark,
#: Mongolian vowel separator, zero-width space and joiners, direction marks and embeddings, word joiner and
#: invisible operators, direction isolates, the byte order mark (zero width no-break space)
_INVISIBLE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]+")


@dataclass(frozen=True, slots=True)
class Parsed:
    """The decoded text, what could be read of it, and what could not."""

    text: str
    script: Script
    diagnostics: tuple[Diagnostic, ...]
    #: how the bytes were read: their encoding, and whether edits of ``text`` can be written back
    decoded: Decoded = field(default_factory=lambda: Decoded("", ()), compare=False)


def decode(data: str | bytes) -> tuple[str, list[Diagnostic]]:
    """The text of ``data`` as it is linted, and the problems of its encoding (see :mod:`.encoding`).

    UTF-8 bytes that are not UTF-8 become one U+FFFD each, so offsets stay
    meaningful; a file in another encoding is its decoded text; a file that is
    not text at all is no text.
    """
    decoded = read(data)
    return decoded.text, list(decoded.diagnostics)


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
    A file that is not text (DA024) is not read either.
    """
    if max_file_size is not None and _larger_than(data, max_file_size):
        too_large = rules.FILE_TOO_LARGE.diagnostic(Span(0, 0), limit=max_file_size)
        return _unread(max_actions, Decoded("", (too_large,), None, editable=False))
    decoded = read(data)
    if decoded.encoding is None:
        return _unread(max_actions, decoded)
    text = decoded.text
    diagnostics = list(decoded.diagnostics)
    # one finding for every mark at the start (a file saved twice by a BOM-adding editor)
    skip = len(text) - len(text.lstrip(BOM))
    if skip:
        diagnostics.append(rules.BYTE_ORDER_MARK.diagnostic(Span(0, skip), edits=[Edit(Span(0, skip), "")]))
    actions: list[Action] = []
    several: list[tuple[int, int, str]] = []  # lines of several actions: (index in diagnostics, offset, line)
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
        action, problems = parse_line(line, offset)
        if action is not None:
            actions.append(action)
        for problem in problems:
            if problem.code == rules.ACTIONS_ON_ONE_LINE.code:
                several.append((len(diagnostics), offset, line))
            diagnostics.append(problem)
        previous = (offset, line)
    _limit_splits(diagnostics, several, len(actions), max_actions)
    script = Script(actions, max_actions=max_actions, loc=Loc(Span(0, len(text))), diagnostics=diagnostics)
    return Parsed(text, script, tuple(diagnostics), decoded)


def _unread(max_actions: int, decoded: Decoded) -> Parsed:
    """A document that is not read: its one finding and an empty script."""
    empty = Script((), max_actions=max_actions, loc=Loc(Span(0, 0)), diagnostics=decoded.diagnostics)
    return Parsed("", empty, decoded.diagnostics, decoded)


def _limit_splits(diagnostics: list[Diagnostic], several: list[tuple[int, int, str]], parsed: int, limit: int) -> None:
    """Drop the fixes that split lines of several actions when the file would then hold more than may run."""
    if not several:
        return
    from dinaction.syntax.recovery import actions_on_one_line, split_line

    splits = []
    for index, offset, line in several:
        cleaned = _Cleaned.of(line)
        starts = split_line(cleaned.line)
        assert starts is not None  # recovery found them on this very line
        splits.append((index, offset, cleaned, starts))
    if parsed + sum(len(starts) + 1 for *_, starts in splits) <= limit:
        return
    for index, offset, cleaned, starts in splits:
        diagnostics[index] = cleaned.restore(actions_on_one_line(cleaned.line, starts, limit)).shift(offset)


def _larger_than(data: str | bytes, limit: int) -> bool:
    if len(data) > limit:
        return True
    # a str of n code points has n to 4n bytes in UTF-8: encode only when it may be over
    return isinstance(data, str) and 4 * len(data) > limit and len(data.encode("utf-8", "surrogatepass")) > limit


def parse_line(line: str, offset: int) -> tuple[Action | None, tuple[Diagnostic, ...]]:
    """One line → its action (None when it has none), and what is wrong with it.

    A line with invisible characters outside the message is parsed as if they
    were not there, so that they cannot hide the action. Those inside an
    argument (a URL, a number, a language code) stay in its value, for that
    argument's rules to report; each run elsewhere (in a keyword, between the
    words, in a line that does not parse) is reported here, once.
    """
    cleaned = _Cleaned.of(line) if _INVISIBLE.search(line) is not None else _Cleaned(line)
    invisible = tuple(d.shift(offset) for d in cleaned.findings)
    try:
        tree = _tree(cleaned.line)
    except UnexpectedInput as exc:
        from dinaction.syntax.recovery import classify  # only for a line that does not parse

        return None, (*invisible, cleaned.restore(classify(cleaned.line, exc)).shift(offset))
    except RecursionError:  # pragma: no cover - the grammar has no recursion
        return None, (rules.SYNTAX_ERROR.diagnostic(Span(offset, offset + len(line)), detail="line too complex"),)
    action_tree = tree.children[0]
    assert isinstance(action_tree, Tree)
    action = _ToAst(offset, line, cleaned.positions).action(action_tree)
    if invisible:
        arguments = _argument_spans(action)
        invisible = tuple(d for d in invisible if not any(a.start <= d.span.start < a.end for a in arguments))
    return action, invisible


#: the parts of a node whose value its rules judge, invisible characters included
_ARGUMENTS = ("url", "number", "caller", "lang")


def _argument_spans(action: Action) -> list[Span]:
    nodes = [action, action.greeting] if isinstance(action, Voicemail) else [action]
    return [n.loc.parts[part] for n in nodes if n.loc is not None for part in _ARGUMENTS if part in n.loc.parts]


@dataclass(frozen=True, slots=True)
class _Cleaned:
    """A line without its invisible characters, and where each of its characters stands in the line."""

    line: str
    #: for each character of ``line`` (and its end), its index in the line as written; None: the same
    positions: tuple[int, ...] | None = None
    findings: tuple[Diagnostic, ...] = ()

    @classmethod
    def of(cls, line: str) -> _Cleaned:
        runs = [m for m in _INVISIBLE.finditer(line) if line.count('"', 0, m.start()) % 2 == 0]
        if not runs:  # inside the message: the text is the speech rules' to judge
            return cls(line)
        kept = [True] * len(line)
        for run in runs:
            kept[run.start() : run.end()] = [False] * len(run.group())
        positions = (*(i for i, keep in enumerate(kept) if keep), len(line))
        visible = "".join(c for c, keep in zip(line, kept, strict=True) if keep)
        return cls(visible, positions, tuple(_invisible(line, run) for run in runs))

    def restore(self, diagnostic: Diagnostic) -> Diagnostic:
        """``diagnostic`` of the cleaned line, placed on the line as written."""
        if self.positions is None:
            return diagnostic
        fix = diagnostic.fix
        if fix is not None:
            fix = Fix(fix.title, tuple(Edit(self._span(e.span), e.content) for e in fix.edits), fix.applicability)
        return Diagnostic(
            diagnostic.code,
            diagnostic.name,
            diagnostic.severity,
            diagnostic.message,
            self._span(diagnostic.span),
            fix,
            diagnostic.field,
        )

    def _span(self, span: Span) -> Span:
        positions = self.positions
        assert positions is not None
        if span.start == span.end:
            return Span(positions[span.start], positions[span.start])
        return Span(positions[span.start], positions[span.end - 1] + 1)


def _invisible(line: str, run: re.Match[str]) -> Diagnostic:
    """DA014 for a run of invisible characters: named, and where they stand."""
    chars = dict.fromkeys(run.group())
    names = ", ".join(f"U+{ord(c):04X} ({_name(c)})" for c in chars)
    before, after = line[: run.start()], line[run.end() :]
    if before.strip() and after[:1].strip() and before[-1:].strip():
        word = (before.split()[-1] if before.split() else "") + (after.split()[0] if after.split() else "")
        where = f"inside `{word}`: it is part of the word Xoxzo reads"
    elif not before.strip():
        where = "before the action: it is part of the first word Xoxzo reads"
    else:
        where = "between the words of the action"
    if "\ufeff" in chars:
        where += " (a byte order mark belongs only at the very start of a file)"
    span = Span(run.start(), run.end())
    return rules.INVISIBLE_CHARACTER.diagnostic(span, edits=[Edit(span, "")], name=names, where=where)


def _name(char: str) -> str:
    return "byte order mark" if char == "\ufeff" else unicodedata.name(char, "format character").lower()


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

    __slots__ = ("_line", "_offset", "_positions")

    def __init__(self, offset: int, line: str = "", positions: tuple[int, ...] | None = None) -> None:
        self._offset = offset
        self._line = line
        #: where each character of the line parsed stands in ``line`` (None: the line parsed is ``line``)
        self._positions = positions

    def _where(self, token: Token) -> tuple[int, int]:
        start, end = token.start_pos, token.start_pos + len(token.value)
        if self._positions is not None:  # the line had invisible characters: place the token as written
            start, end = self._positions[start], self._positions[end - 1] + 1
        return start, end

    def _span(self, token: Token) -> Span:
        start, end = self._where(token)
        return Span(self._offset + start, self._offset + end)

    def _value(self, token: Token) -> str:
        """An argument's value as written, invisible characters inside it included (its rules report them)."""
        if self._positions is None:
            return token.value
        start, end = self._where(token)
        return self._line[start:end]

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
        return Playback(self._value(url_token), loc=self._loc(parts))

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
            caller = self._value(caller_token)
            parts["caller_option"] = Span(self._span(option_token).start, self._span(caller_token).start)
            parts["caller"] = self._span(caller_token)
        return Transfer(self._value(number_token), caller=caller, loc=self._loc(parts))

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
        return Say(self._value(lang_token).lower(), message_token.value[1:-1], loc=self._loc(parts))

    def voicemail(self, tree: Tree[Token]) -> Voicemail:
        keyword, greeting_tree = tree.children
        assert isinstance(greeting_tree, Tree)
        greeting = self.playback(greeting_tree) if greeting_tree.data == "playback" else self.say(greeting_tree)
        assert greeting.loc is not None
        parts = {"keyword": self._span(self._leaf(keyword)), "greeting": greeting.loc.span}
        return Voicemail(greeting, loc=self._loc(parts))
