"""Where the cursor stands in a TOML text that is being typed, and so often does not parse.

Completion needs to know, at any moment of typing, the table the cursor is in,
whether it stands where a key, a value or a table header goes, and the word
being typed. ``tomllib`` refuses unfinished text and the locator stops at the
first thing it does not understand, so this reads the lines around the cursor
instead: the last header above it, the last key whose value is still open (an
array may span lines), and whether the cursor is inside a string. Offsets are
code points; LSP positions are ``text``'s business.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

__all__ = ["Cursor", "cursor_at", "key_parts"]

_PART = r"""(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')"""
_PARTS = re.compile(_PART)
#: a table header line: `[name]` or `[[name]]`, with an optional comment
_HEADER = re.compile(r"^[ \t]*\[\[?[ \t]*(?P<name>[^\[\]\n#]*?)[ \t]*\]\]?[ \t]*(?:#[^\n]*)?$", re.MULTILINE)
#: the start of a key/value pair: the (dotted) key and its `=`
_PAIR = re.compile(rf"^[ \t]*(?P<key>{_PART}(?:[ \t]*\.[ \t]*{_PART})*)[ \t]*=", re.MULTILINE)
#: a key being typed, alone on its line
_TYPING_KEY = re.compile(r"^[ \t]*(?P<word>[A-Za-z0-9_-]*)$")
#: the end of a bare word being typed where a value goes (`DA3`, `Asia/To`, `US-C`)
_VALUE_WORD = re.compile(r"[A-Za-z0-9_+*/.-]*\Z")

Spot = Literal["key", "value", "header"]


@dataclass(frozen=True, slots=True)
class Cursor:
    """What goes where the cursor stands, and the word being typed there."""

    spot: Spot
    #: the table the key or value belongs to (a dotted key's leading parts included)
    table: tuple[str, ...]
    #: for a value: its key
    key: str | None
    #: the word being typed: ``text[start:end]`` is what an answer replaces
    start: int
    end: int
    partial: str
    #: a value inside a string: answers go in without quotes
    quoted: bool
    #: the keys the table already has (on other lines)
    present: frozenset[str]
    #: whether the line has nothing after the cursor (an answer may add ``=``)
    line_ends: bool


def key_parts(raw: str) -> tuple[str, ...]:
    """The parts of a dotted key, unquoted: ``tool."dinaction"`` → ``("tool", "dinaction")``."""
    return tuple(match.group().strip("\"'") for match in _PARTS.finditer(raw))


def cursor_at(text: str, offset: int) -> Cursor | None:
    """What may be typed at ``offset`` of ``text``; None where nothing can be offered (a comment, a table)."""
    offset = max(0, min(offset, len(text)))
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    line_end = len(text) if line_end < 0 else line_end
    prefix = text[line_start:offset]
    header = _last(_HEADER.finditer(text, 0, max(line_start - 1, 0)))
    table = key_parts(header.group("name")) if header is not None else ()
    section_start = header.end() if header is not None else 0
    after = _HEADER.search(text, line_end)
    section_end = after.start() if after is not None else len(text)
    present = frozenset(
        key_parts(m.group("key"))[0]
        for m in _PAIR.finditer(text, section_start, section_end)
        if not line_start <= m.start() <= line_end
    )
    line_ends = not text[offset:line_end].strip()

    def cursor(spot: Spot, table: tuple[str, ...], key: str | None, start: int, end: int, quoted: bool) -> Cursor:
        return Cursor(spot, table, key, start, end, text[start:offset], quoted, present, line_ends)

    stripped = prefix.lstrip(" \t")
    if stripped.startswith("["):
        end = offset
        while end < line_end and text[end] == "]":  # a closing bracket the editor typed already
            end += 1
        return cursor("header", table, None, offset - len(stripped), end, quoted=False)
    pair = _last(_PAIR.finditer(text, section_start, offset))
    if pair is not None:
        value = text[pair.end() : offset]
        brackets, string_at = _scan(value)
        on_this_line = pair.start() >= line_start
        if on_this_line or brackets:
            if brackets.endswith("{"):
                return None  # inside an inline table: keys of its own
            parts = key_parts(pair.group("key"))
            where = (*table, *parts[:-1])
            if string_at is not None:
                return cursor("value", where, parts[-1], pair.end() + string_at + 1, offset, quoted=True)
            word = _VALUE_WORD.search(value)
            typed = word.group() if word is not None else ""
            if not brackets and not typed and value.strip():
                return None  # after a complete value
            return cursor("value", where, parts[-1], offset - len(typed), offset, quoted=False)
    typing = _TYPING_KEY.match(prefix)
    if typing is None:
        return None
    return cursor("key", table, None, offset - len(typing.group("word")), offset, quoted=False)


def _last(matches: Iterator[re.Match[str]]) -> re.Match[str] | None:
    found = None
    for found in matches:  # noqa: B007 - the last one is wanted
        pass
    return found


def _scan(value: str) -> tuple[str, int | None]:
    """(the brackets still open, where the string the text ends in opens, if it does) of a value's text."""
    brackets: list[str] = []
    quote: str | None = None
    opened: int | None = None
    i = 0
    while i < len(value):
        char = value[i]
        if quote is not None:
            if char == "\\" and quote == '"':
                i += 2
                continue
            if char in (quote, "\n"):  # a one-line string ends at its line, closed or not
                quote, opened = None, None
        elif char in "\"'":
            quote, opened = char, i
        elif char == "#":
            newline = value.find("\n", i)
            if newline < 0:
                break
            i = newline
            continue
        elif char in "[{":
            brackets.append(char)
        elif char in "]}" and brackets:
            brackets.pop()
        i += 1
    return "".join(brackets), opened
