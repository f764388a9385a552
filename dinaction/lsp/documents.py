"""What the server keeps of one open document, in one record: made on didOpen, dropped whole on didClose.

The client's text and version, what kind of file it is (an action file, a
routes file, a configuration file), the index of that text, the settings it
is linted with (and the configuration generation they were resolved in), its
last lint or check result, the task that pushes its diagnostics and whether
an edit is waiting for it. Nothing about a document lives anywhere else, so closing
it forgets everything, and nothing grows with the number of edits.

A document over ``max-file-size`` is *unread*: the linter answers it with
one finding (DA022) without reading it, and every feature answers from that
answer; nothing walks its text (not even to index its lines: edits are
placed by walking to the edited line only).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from lsprotocol import types

from dinaction.config import ConfigProblem
from dinaction.diagnostics import Diagnostic
from dinaction.linter import LintResult
from dinaction.lsp.text import TextIndex, offset_of, utf8_size_over
from dinaction.settings import Settings

__all__ = ["Checked", "Kind", "OpenDocument", "View"]

#: what kind of file a document is, and so what reads it: the linter, the routes loader, the configuration's
Kind = Literal["action", "routes", "config"]


@dataclass(frozen=True, slots=True)
class Checked:
    """The findings of a routes or configuration file's text: its rules' findings, its configuration problems."""

    text: str
    diagnostics: tuple[Diagnostic, ...] = ()
    problems: tuple[ConfigProblem, ...] = ()


@dataclass(slots=True, eq=False)
class OpenDocument:
    """An open document and everything the server knows of it (the client is the truth for the text)."""

    uri: str
    text: str
    version: int | None
    language_id: str
    encoding: str = "utf-16"
    #: which opening of ``uri`` this is (a reopened document is a new one for result ids)
    serial: int = 0
    kind: Kind = "action"
    #: the settings of the configuration generation ``generation`` (-1: not resolved yet)
    settings: Settings | None = None
    generation: int = -1
    #: the last lint: (text, settings) → result; the text compared by identity
    linted: tuple[str, Settings, LintResult] | None = field(default=None, repr=False)
    #: the last check of a routes or configuration file: (text, what else it was checked against) → findings
    checked: tuple[str, tuple[int, ...], Checked] | None = field(default=None, repr=False)
    #: the task pushing diagnostics, while there is one
    push: asyncio.Task[None] | None = field(default=None, repr=False)
    #: an edit (or a settings change) is waiting to be linted and pushed
    dirty: bool = False
    #: event-loop time when the last push task ended
    quiet_since: float = float("-inf")
    _index: TextIndex | None = field(default=None, repr=False)

    @property
    def index(self) -> TextIndex:
        """The positions of the current text (built on first use, once per version)."""
        if self._index is None:
            self._index = TextIndex(self.text, self.encoding)
        return self._index

    def apply(self, changes: Iterable[types.TextDocumentContentChangeEvent], version: int | None) -> None:
        """Apply ``didChange`` content changes in order, then take the new version."""
        for change in changes:
            if isinstance(change, types.TextDocumentContentChangePartial):
                start, end = self._offset(change.range.start), self._offset(change.range.end)
                end = max(start, end)
                self.text = self.text[:start] + change.text + self.text[end:]
            else:
                self.text = change.text
            self._index = None
        self.version = version

    def _offset(self, position: types.Position) -> int:
        if self._index is not None:
            return self._index.offset(position)
        return offset_of(self.text, position, self.encoding)

    def unread(self, settings: Settings) -> bool:
        """Whether the text is over ``max-file-size``: the linter does not read it, nor does anything else."""
        return utf8_size_over(self.text, settings.max_file_size)

    def cached(self, text: str, settings: Settings) -> LintResult | None:
        """The result of the last lint, when it was of ``text`` with ``settings``."""
        linted = self.linted
        if linted is not None and linted[0] is text and linted[1] == settings:
            return linted[2]
        return None

    def checked_for(self, text: str, stamp: tuple[int, ...]) -> Checked | None:
        """The last check of a routes or configuration file, when it was of ``text`` in the state ``stamp``."""
        checked = self.checked
        if checked is not None and checked[0] is text and checked[1] == stamp:
            return checked[2]
        return None

    def view(self, result: LintResult, settings: Settings) -> View:
        """The current version as features see it, answered from ``result`` (a lint of the current text)."""
        if self.unread(settings):
            return View(self.uri, self.version, result, TextIndex(result.text, self.encoding), settings, unread=True)
        index = self.index if result.text is self.text else TextIndex(result.text, self.encoding)
        return View(self.uri, self.version, result, index, settings, unread=False)


@dataclass(frozen=True, slots=True)
class View:
    """One version of a document with its lint result: what every feature answers from.

    ``index`` is of ``result.text``, the text the linter read: the document's
    text, or nothing at all when the document is ``unread``.
    """

    uri: str
    version: int | None
    result: LintResult
    index: TextIndex
    settings: Settings
    unread: bool

    @property
    def text(self) -> str:
        return self.result.text
