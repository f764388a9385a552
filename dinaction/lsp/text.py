"""Open documents and LSP positions: the only place offsets meet UTF-16.

Everything below the language server speaks code-point offsets (``Span``).
LSP positions count a column in the code units of the negotiated encoding
(UTF-16 unless the client offers another), so a Japanese character is one
unit and 😀 two. Lines break at ``\\n``, ``\\r\\n`` and ``\\r`` only, as LSP
and ``LineIndex`` say (``str.splitlines`` would also break at U+2028, which
would shift every line after it).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from lsprotocol import types

from dinaction.diagnostics import Span

_BREAK = re.compile(r"\r\n|\r|\n")

#: the encodings a client may offer, and how many code units a text takes in each
_UNITS = {
    "utf-16": lambda s: len(s) if s.isascii() else len(s.encode("utf-16-le", "surrogatepass")) // 2,
    "utf-8": lambda s: len(s) if s.isascii() else len(s.encode("utf-8", "surrogatepass")),
    "utf-32": len,
}


class TextIndex:
    """Line starts of one text, and conversions between offsets and positions."""

    __slots__ = ("_encoding", "_starts", "_text")

    def __init__(self, text: str, encoding: str = "utf-16") -> None:
        self._text = text
        self._encoding = encoding if encoding in _UNITS else "utf-16"
        # after a final line break there is one more (empty) line, as editors show it
        self._starts = [0, *(m.end() for m in _BREAK.finditer(text))]

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def _line_bounds(self, line: int) -> tuple[int, int]:
        """Start offset and end offset (line break excluded) of 0-based ``line``."""
        start = self._starts[line]
        if line + 1 < len(self._starts):
            end = self._starts[line + 1]
            while end > start and self._text[end - 1] in "\r\n":
                end -= 1
        else:
            end = len(self._text)
        return start, end

    def position(self, offset: int) -> types.Position:
        """The LSP position of a code-point offset (clamped to the text)."""
        offset = max(0, min(offset, len(self._text)))
        line = bisect.bisect_right(self._starts, offset) - 1
        start, end = self._line_bounds(line)
        # an offset between "\r" and "\n" belongs to the end of its line
        column = _UNITS[self._encoding](self._text[start : min(offset, end)])
        return types.Position(line=line, character=column)

    def range(self, span: Span) -> types.Range:
        return types.Range(start=self.position(span.start), end=self.position(span.end))

    def offset(self, position: types.Position) -> int:
        """The code-point offset of an LSP position; past the end of a line is its end."""
        if position.line < 0:
            return 0
        if position.line >= len(self._starts):
            return len(self._text)
        start, end = self._line_bounds(position.line)
        return start + _units_to_length(self._text[start:end], position.character, self._encoding)

    def span(self, lsp_range: types.Range) -> Span:
        start = self.offset(lsp_range.start)
        return Span(start, max(start, self.offset(lsp_range.end)))

    def line_start(self, line: int) -> int:
        """Offset of the start of 0-based ``line`` (the text's end past the last line)."""
        return self._starts[line] if 0 <= line < len(self._starts) else len(self._text)


def offset_of(text: str, position: types.Position, encoding: str = "utf-16") -> int:
    """``TextIndex(text, encoding).offset(position)``, without an index.

    For one position in a text that has none yet: nothing is kept, and the
    line is found by counting line breaks in C, a block at a time. A document
    too large to be read is edited this way, at the cost of a scan per edit
    and no memory.
    """
    if position.line < 0:
        return 0
    bounds = _line_bounds(text, position.line)
    if bounds is None:
        return len(text)
    start, end = bounds
    return start + _units_to_length(text[start:end], position.character, encoding if encoding in _UNITS else "utf-16")


#: characters counted at a time when finding a line without an index
_BLOCK = 1 << 16


def _line_bounds(text: str, line: int) -> tuple[int, int] | None:
    """Start and end offsets (line break excluded) of 0-based ``line``; None past the last line."""
    if "\r" in text and text.count("\r") != text.count("\r\n"):
        return _line_bounds_by_pattern(text, line)
    # every break is a "\n" (alone or after "\r"): count them
    start = 0
    remaining = line
    while remaining:
        block_end = start + _BLOCK
        found = text.count("\n", start, block_end)
        if found < remaining:
            if block_end >= len(text):
                return None
            remaining -= found
            start = block_end
            continue
        for _ in range(remaining):
            start = text.index("\n", start) + 1
        remaining = 0
    end = text.find("\n", start)
    if end < 0:
        return start, len(text)
    return start, end - 1 if end > start and text[end - 1] == "\r" else end


def _line_bounds_by_pattern(text: str, line: int) -> tuple[int, int] | None:
    """``_line_bounds`` for a text with a lone CR, which breaks a line too."""
    breaks = _BREAK.finditer(text)
    start = 0
    for _ in range(line):
        found = next(breaks, None)
        if found is None:
            return None
        start = found.end()
    after = next(breaks, None)
    return start, after.start() if after is not None else len(text)


def _units_to_length(line: str, units: int, encoding: str) -> int:
    """How many code points of ``line`` the first ``units`` code units cover (clamped to the line)."""
    units = max(0, units)
    if encoding == "utf-32" or line.isascii():
        return min(units, len(line))
    codec = "utf-16-le" if encoding == "utf-16" else "utf-8"
    width = 2 if encoding == "utf-16" else 1
    head = line.encode(codec, "surrogatepass")[: units * width]
    # a position inside a character (half a surrogate pair) moves past it
    return len(head.decode(codec, "surrogatepass" if width == 2 else "ignore"))


def utf8_size_over(text: str, limit: int) -> bool:
    """Whether ``text`` takes more than ``limit`` bytes in UTF-8 (what ``max-file-size`` counts).

    Encodes only when the length alone cannot tell: a code point is one to four bytes.
    """
    if len(text) > limit:
        return True
    return 4 * len(text) > limit and len(text.encode("utf-8", "surrogatepass")) > limit


@dataclass(frozen=True, slots=True)
class LineEdit:
    """Replace whole lines ``[first, last)`` of the old text by ``text``."""

    first: int
    last: int
    text: str


def line_diff(old: str, new: str) -> LineEdit | None:
    """The smallest run of whole lines to replace to turn ``old`` into ``new``.

    Whole lines, so that an edit never splits a ``\\r\\n`` and clients keep the
    cursor on untouched lines. None when the texts are equal.
    """
    if old == new:
        return None
    a = _lines(old)
    b = _lines(new)
    head = 0
    while head < len(a) and head < len(b) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < len(a) - head and tail < len(b) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    return LineEdit(head, len(a) - tail, "".join(b[head : len(b) - tail]))


def _lines(text: str) -> list[str]:
    """Lines with their breaks kept; a final line without a break is a line too."""
    out: list[str] = []
    at = 0
    for match in _BREAK.finditer(text):
        out.append(text[at : match.end()])
        at = match.end()
    if at < len(text):
        out.append(text[at:])
    return out


def text_edit(index: TextIndex, edit: LineEdit) -> types.TextEdit:
    """An LSP edit from a line edit (positions at line starts need no unit conversion)."""
    start = index.position(index.line_start(edit.first))
    end = index.position(index.line_start(edit.last))
    return types.TextEdit(range=types.Range(start=start, end=end), new_text=edit.text)
