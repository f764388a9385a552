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
from collections.abc import Iterable
from dataclasses import dataclass, field

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
        units = max(0, position.character)
        line = self._text[start:end]
        if self._encoding == "utf-32" or line.isascii():
            return start + min(units, len(line))
        codec = "utf-16-le" if self._encoding == "utf-16" else "utf-8"
        width = 2 if self._encoding == "utf-16" else 1
        head = line.encode(codec, "surrogatepass")[: units * width]
        # a position inside a character (half a surrogate pair) moves past it
        return start + len(head.decode(codec, "surrogatepass" if width == 2 else "ignore"))

    def span(self, lsp_range: types.Range) -> Span:
        start = self.offset(lsp_range.start)
        return Span(start, max(start, self.offset(lsp_range.end)))

    def line_start(self, line: int) -> int:
        """Offset of the start of 0-based ``line`` (the text's end past the last line)."""
        return self._starts[line] if 0 <= line < len(self._starts) else len(self._text)


@dataclass(slots=True)
class Document:
    """An open document: the client's text and version (the client is the truth)."""

    uri: str
    text: str
    version: int | None
    language_id: str
    encoding: str = "utf-16"
    _index: TextIndex | None = field(default=None, repr=False)

    @property
    def index(self) -> TextIndex:
        if self._index is None:
            self._index = TextIndex(self.text, self.encoding)
        return self._index

    def apply(self, changes: Iterable[types.TextDocumentContentChangeEvent], version: int | None) -> None:
        """Apply ``didChange`` content changes in order, then take the new version."""
        for change in changes:
            if isinstance(change, types.TextDocumentContentChangePartial):
                span = self.index.span(change.range)
                self.text = self.text[: span.start] + change.text + self.text[span.end :]
            else:
                self.text = change.text
            self._index = None
        self.version = version


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
