"""Linting and formatting many files: what the CLI does, without printing.

Kept apart from ``cli`` so that the work is plain functions returning values
(tested directly), and ``cli`` only wires flags to them and prints.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from dinaction.config import Settings
from dinaction.errors import ActionError
from dinaction.files import discover, read_bytes, write_atomic
from dinaction.formatter import format_text
from dinaction.linter import fix_source, lint_source
from dinaction.reporters import FileReport
from dinaction.syntax import decode

STDIN = "-"


@dataclass(frozen=True, slots=True)
class Source:
    """A document to work on: where it is shown as, and its bytes."""

    display: str
    data: bytes
    path: Path | None  # None for stdin


def gather(paths: Sequence[str], stdin: bytes | None = None, stdin_name: str = "<stdin>") -> list[Source]:
    """Read every named document; ``-`` stands for ``stdin``."""
    sources: list[Source] = []
    for raw in paths:
        if raw == STDIN:
            sources.append(Source(stdin_name, stdin or b"", None))
            continue
        for path in discover([raw]):
            sources.append(Source(str(path), read_bytes(path), path))
    return sources


def lint_one(
    source: Source, settings: Settings, *, fix: bool = False, unsafe: bool = False
) -> tuple[FileReport, str | None]:
    """Lint a document; with ``fix``, also the fixed text when it changed."""
    if not fix:
        result = lint_source(source.data, settings)
        return FileReport(source.display, result.text, result.diagnostics), None
    text, problems = decode(source.data)
    fixed = fix_source(source.data, settings, unsafe=unsafe)
    report = FileReport(source.display, fixed.remaining.text, fixed.remaining.diagnostics, fixed.fixed)
    if problems or fixed.text == text:
        # never rewrite a file that is not UTF-8: the bad bytes would be lost
        return report, None
    return report, fixed.text


def write_fixed(source: Source, text: str) -> None:
    if source.path is not None:
        write_atomic(source.path, text)


@dataclass(frozen=True, slots=True)
class FormatOutcome:
    """What formatting a document gave: new text, or why not."""

    source: Source
    original: str
    formatted: str | None
    error: ActionError | None

    @property
    def changed(self) -> bool:
        return self.formatted is not None and self.formatted != self.original

    def diff(self) -> str:
        if self.formatted is None:
            return ""
        return "".join(
            difflib.unified_diff(
                self.original.splitlines(keepends=True),
                self.formatted.splitlines(keepends=True),
                fromfile=self.source.display,
                tofile=self.source.display,
            )
        )


def format_one(source: Source, settings: Settings) -> FormatOutcome:
    text, _ = decode(source.data)
    try:
        return FormatOutcome(source, text, format_text(source.data, settings), None)
    except ActionError as exc:
        return FormatOutcome(source, text, None, exc)
