"""Diagnostics: what every check returns and every reporter renders.

Positions are code-point offsets into the decoded text. Line and column are
computed only on the way out (``LineIndex``), 1-based, in code points; the
language server converts to UTF-16 itself.
"""

from __future__ import annotations

import bisect
import enum
import re
from dataclasses import dataclass, field


class Severity(enum.IntEnum):
    """Ordered so that ``severity >= fail_on`` reads naturally."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, name: str) -> Severity:
        """Read ``error``/``warning``/``info`` (any case); ValueError otherwise."""
        try:
            return cls[name.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {name!r}: use error, warning or info") from None


class Applicability(enum.Enum):
    """Whether a fix may be applied without a human reading it (ruff's terms)."""

    SAFE = "safe"
    UNSAFE = "unsafe"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """Half-open range ``[start, end)`` of code-point offsets."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span {self.start}..{self.end}")

    def __len__(self) -> int:
        return self.end - self.start

    def shift(self, delta: int) -> Span:
        return Span(self.start + delta, self.end + delta)

    def slice(self, text: str) -> str:
        return text[self.start : self.end]


NO_SPAN = Span(0, 0)


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``span`` of the source with ``content`` (an insertion when empty)."""

    span: Span
    content: str


@dataclass(frozen=True, slots=True)
class Fix:
    """A set of non-overlapping edits that together remove one finding."""

    title: str
    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE

    @property
    def is_safe(self) -> bool:
        return self.applicability is Applicability.SAFE


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding. ``code``/``name`` tie it to its rule declaration."""

    code: str
    name: str
    severity: Severity
    message: str
    span: Span
    fix: Fix | None = None
    #: for the builder: which constructor argument the finding is about
    field: str | None = field(default=None, compare=False)

    @property
    def sort_key(self) -> tuple[int, int, str, str]:
        return (self.span.start, self.span.end, self.code, self.message)

    def shift(self, delta: int) -> Diagnostic:
        """The same finding ``delta`` characters further on (line → file offsets)."""
        fix = self.fix
        if fix is not None:
            edits = tuple(Edit(e.span.shift(delta), e.content) for e in fix.edits)
            fix = Fix(fix.title, edits, fix.applicability)
        return Diagnostic(self.code, self.name, self.severity, self.message, self.span.shift(delta), fix, self.field)


@dataclass(frozen=True, slots=True)
class Position:
    """A 1-based line and column in code points, for people."""

    line: int
    column: int


class LineIndex:
    """Maps offsets to line/column. Built once per document, O(log n) lookups."""

    __slots__ = ("_starts", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        # "\r\n" is one break; a lone "\r" counts as one too (old Mac files)
        self._starts = [0, *(m.end() for m in _BREAK.finditer(text))]

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def position(self, offset: int) -> Position:
        offset = max(0, min(offset, len(self._text)))
        line = bisect.bisect_right(self._starts, offset) - 1
        return Position(line + 1, offset - self._starts[line] + 1)

    def line_start(self, line: int) -> int:
        """Offset of the first character of 1-based ``line``."""
        return self._starts[line - 1]

    def line_text(self, line: int) -> str:
        """The text of 1-based ``line`` without its line break."""
        start = self._starts[line - 1]
        end = self._starts[line] if line < len(self._starts) else len(self._text)
        return self._text[start:end].rstrip("\r\n")

    def offset(self, line: int, column: int) -> int:
        """Inverse of :meth:`position` (clamped to the document)."""
        line = max(1, min(line, len(self._starts)))
        return min(self._starts[line - 1] + column - 1, len(self._text))


#: one line break; one pass over the text (searching for "\n" and "\r" apart from each
#: position rescans the text to its end when it has no "\r", quadratic in the lines)
_BREAK = re.compile(r"\r\n|\r|\n")
