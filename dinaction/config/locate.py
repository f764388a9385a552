"""Where each key and value of a TOML document stands in its text.

``tomllib`` gives values without positions; a finding about a routes file or
a configuration file must point at the offending value. This scanner walks the
text of a document that ``tomllib`` has already accepted and records the span
of every value (and of every key) under its path: ``("route", 2, "hours", 1)``
is the second entry of the ``hours`` array of the third ``[[route]]``. It does
not validate: on text it does not understand it stops and returns what it
found, and callers fall back to a coarser span.

It also maps the characters of a string value back to the text
(:func:`string_offsets`), so findings inside an inline action land on the
offending characters even in a TOML string, and places ``tomllib``'s own
errors (:func:`decode_error`). It lives with the configuration, the lowest
reader of TOML; the routes loader uses it too.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field

from dinaction.diagnostics import Span

__all__ = ["Key", "Located", "Path", "decode_error", "locate", "string_offsets"]

Key = str | int
Path = tuple[Key, ...]

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_SCALAR = re.compile(r"[^\s,\]}#]+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME_AFTER_SPACE = re.compile(r" \d{2}:\d{2}")
#: where ``tomllib`` says an error is: at the end of its message
_ERROR_AT = re.compile(r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)$")
_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", "e": "\x1b", '"': '"', "\\": "\\"}


@dataclass(slots=True)
class Located:
    """Spans by path: of values, of keys (the whole dotted key), of table headers."""

    values: dict[Path, Span] = field(default_factory=dict)
    keys: dict[Path, Span] = field(default_factory=dict)
    tables: dict[Path, Span] = field(default_factory=dict)

    def value(self, path: Path) -> Span | None:
        """The span of the value at ``path``, else of the nearest enclosing thing that has one."""
        for end in range(len(path), 0, -1):
            prefix = path[:end]
            found = self.values.get(prefix) or self.tables.get(prefix)
            if found is not None:
                return found
        return None

    def key(self, path: Path) -> Span | None:
        """The span of the key of ``path`` (falling back as :meth:`value` does)."""
        return self.keys.get(path) or self.value(path)

    def first(self, path: Path) -> Span | None:
        """The earliest key, value or header at or below ``path`` (``tool`` of ``[tool.dinaction]``)."""
        depth = len(path)
        found = [
            span
            for spans in (self.keys, self.values, self.tables)
            for where, span in spans.items()
            if where[:depth] == path
        ]
        return min(found, default=None)


def decode_error(text: str, message: str) -> tuple[Span, str]:
    """(where, why) of a ``tomllib.TOMLDecodeError`` of ``text``: the character at its position (none at a line end).

    ``tomllib`` says where in its message (``Invalid value (at line 3,
    column 9)``); the reason comes back without the position. A message that
    names no position is placed at the start.
    """
    match = _ERROR_AT.search(message)
    if match is None:
        return Span(0, 0), message
    reason = message[: match.start()].rstrip(".")
    if match.group(1) is None:
        return Span(len(text), len(text)), reason
    line, column = int(match.group(1)), int(match.group(2))
    starts = [0, *(m.end() for m in re.finditer(r"\r\n|\n", text))]
    start = starts[min(line, len(starts)) - 1] if line >= 1 else 0
    at = min(start + max(column - 1, 0), len(text))
    width = 1 if at < len(text) and text[at] not in "\r\n" else 0  # at a line's end: nothing to underline
    return Span(at, at + width), reason


class _ScanError(Exception):
    """The text is not what this scanner understands: return what was found."""


def locate(text: str) -> Located:
    """Spans of every value, key and table header of the TOML ``text``."""
    scanner = _Scanner(text)
    with contextlib.suppress(_ScanError, IndexError):
        scanner.document()
    return scanner.found


class _Scanner:
    __slots__ = ("arrays", "found", "i", "key_end", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0
        self.key_end = 0
        self.found = Located()
        #: array-of-tables path → the index of its last element
        self.arrays: dict[Path, int] = {}

    # --- the document --------------------------------------------------------------------------

    def document(self) -> None:
        prefix: Path = ()
        text = self.text
        while True:
            self.blank(newlines=True)
            if self.i >= len(text):
                return
            start = self.i
            if text.startswith("[[", self.i):
                self.i += 2
                raw = self.key_path()
                self.expect("]]")
                path = (*self.resolve(raw[:-1]), raw[-1])
                index = self.arrays.get(path, -1) + 1
                self.arrays[path] = index
                prefix = (*path, index)
                self.found.tables[prefix] = Span(start, self.i)
            elif text[self.i] == "[":
                self.i += 1
                raw = self.key_path()
                self.expect("]")
                prefix = self.resolve(raw)
                self.found.tables[prefix] = Span(start, self.i)
            else:
                self.pair(prefix)
            self.blank(newlines=False)

    def resolve(self, raw: Path) -> Path:
        """A header's keys with the current index after each array of tables."""
        out: Path = ()
        for key in raw:
            out = (*out, key)
            if out in self.arrays:
                out = (*out, self.arrays[out])
        return out

    def pair(self, prefix: Path) -> None:
        start = self.i
        keys = self.key_path()
        path = (*prefix, *keys)
        self.found.keys[path] = Span(start, self.key_end)
        self.spaces()
        self.expect("=")
        self.spaces()
        self.value(path)

    # --- keys ----------------------------------------------------------------------------------

    def key_path(self) -> Path:
        """A dotted key; ``key_end`` is where its last part ends (before any blanks)."""
        keys: list[Key] = []
        while True:
            self.spaces()
            keys.append(self.simple_key())
            self.key_end = self.i
            self.spaces()
            if not self.text.startswith(".", self.i):
                return tuple(keys)
            self.i += 1

    def simple_key(self) -> str:
        text = self.text
        char = text[self.i]
        if char in "\"'":
            start = self.i
            self.string(char)
            return _decode(text[start : self.i])
        match = _BARE.match(text, self.i)
        if match is None:
            raise _ScanError
        self.i = match.end()
        return match.group()

    # --- values --------------------------------------------------------------------------------

    def value(self, path: Path) -> None:
        text = self.text
        start = self.i
        char = text[self.i]
        if char in "\"'":
            self.string(char)
        elif char == "[":
            self.array(path)
        elif char == "{":
            self.inline_table(path)
        else:
            match = _SCALAR.match(text, self.i)
            if match is None:
                raise _ScanError
            self.i = match.end()
            time = _TIME_AFTER_SPACE.match(text, self.i) if _DATE.fullmatch(match.group()) else None
            if time is not None:  # a local date-time written with a space: `1979-05-27 07:32:00`
                rest = _SCALAR.match(text, time.start() + 1)
                self.i = rest.end() if rest is not None else time.end()
        self.found.values[path] = Span(start, self.i)

    def string(self, quote: str) -> None:
        text = self.text
        triple = quote * 3
        if text.startswith(triple, self.i):
            self.i += 3
            while not text.startswith(triple, self.i):
                if text[self.i] == "\\" and quote == '"':
                    self.i += 1
                if self.i >= len(text):
                    raise _ScanError
                self.i += 1
            self.i += 3
            # up to two quotes may stand just inside the closing delimiter
            for _ in range(2):
                if text.startswith(quote, self.i):
                    self.i += 1
            return
        self.i += 1
        while text[self.i] != quote:
            if text[self.i] in "\r\n":
                raise _ScanError
            if text[self.i] == "\\" and quote == '"':
                self.i += 1
            self.i += 1
        self.i += 1

    def array(self, path: Path) -> None:
        self.i += 1
        index = 0
        while True:
            self.blank(newlines=True)
            if self.text[self.i] == "]":
                self.i += 1
                return
            self.value((*path, index))
            index += 1
            self.blank(newlines=True)
            if self.text[self.i] == ",":
                self.i += 1
            elif self.text[self.i] != "]":
                raise _ScanError

    def inline_table(self, path: Path) -> None:
        self.i += 1
        while True:
            self.blank(newlines=True)
            if self.text[self.i] == "}":
                self.i += 1
                return
            self.pair(path)
            self.blank(newlines=True)
            if self.text[self.i] == ",":
                self.i += 1
            elif self.text[self.i] != "}":
                raise _ScanError

    # --- blanks --------------------------------------------------------------------------------

    def spaces(self) -> None:
        text = self.text
        while self.i < len(text) and text[self.i] in " \t":
            self.i += 1

    def blank(self, *, newlines: bool) -> None:
        """Spaces and a comment; with ``newlines``, any number of blank and comment lines."""
        text = self.text
        while self.i < len(text):
            char = text[self.i]
            if char in " \t" or (newlines and char in "\r\n"):
                self.i += 1
            elif char == "#":
                end = text.find("\n", self.i)
                self.i = len(text) if end < 0 else end
            elif char in "\r\n":
                self.i += 1
                return
            else:
                return

    def expect(self, token: str) -> None:
        self.spaces()
        if not self.text.startswith(token, self.i):
            raise _ScanError
        self.i += len(token)


def _decode(raw: str) -> str:
    """The value of one quoted key or string token."""
    offsets = _decoded(raw)
    return "" if offsets is None else offsets[0]


def string_offsets(text: str, span: Span) -> list[int] | None:
    """For the string token at ``span``: the offset in ``text`` of each character of its value.

    One more entry than the value has characters (where the value ends), so a
    span inside the value maps to ``offsets[start]..offsets[end]``. None when
    ``span`` holds no string token.
    """
    decoded = _decoded(span.slice(text))
    if decoded is None:
        return None
    return [span.start + at for at in decoded[1]]


def _decoded(raw: str) -> tuple[str, list[int]] | None:
    """(value, offset of each value character in ``raw`` plus the end) of a string token."""
    if len(raw) < 2 or raw[0] not in "\"'":
        return None
    quote = raw[0]
    triple = raw.startswith(quote * 3) and len(raw) >= 6
    width = 3 if triple else 1
    body_end = len(raw) - width
    i = width
    if triple and raw.startswith("\r\n", i):  # a newline right after the opening quotes is dropped
        i += 2
    elif triple and raw.startswith("\n", i):
        i += 1
    chars: list[str] = []
    offsets: list[int] = []
    while i < body_end:
        char = raw[i]
        if char != "\\" or quote == "'":
            chars.append(char)
            offsets.append(i)
            i += 1
            continue
        escape = raw[i + 1] if i + 1 < body_end else ""
        if escape in _ESCAPES:
            chars.append(_ESCAPES[escape])
            offsets.append(i)
            i += 2
        elif escape in ("u", "U"):
            digits = 4 if escape == "u" else 8
            try:
                chars.append(chr(int(raw[i + 2 : i + 2 + digits], 16)))
            except ValueError:
                return None
            offsets.append(i)
            i += 2 + digits
        elif escape == "x":
            try:
                chars.append(chr(int(raw[i + 2 : i + 4], 16)))
            except ValueError:
                return None
            offsets.append(i)
            i += 4
        elif triple:  # a line-ending backslash: the line break and the blanks after it vanish
            i += 1
            while i < body_end and raw[i] in " \t\r\n":
                i += 1
        else:
            return None
    offsets.append(body_end)
    return "".join(chars), offsets
