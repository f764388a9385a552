"""Formatting many documents: each formatted, or refused with the findings that stop it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import BinaryIO

from dinaction.errors import ActionError
from dinaction.formatter import format_text
from dinaction.runner.discovery import Scope, Source, Unreadable, find_sources
from dinaction.syntax import decode

__all__ = ["FormatRun", "Formatted", "format_paths"]


@dataclass(frozen=True, slots=True)
class Formatted:
    """What formatting a document gave: its new text, or the error-level findings that stopped it."""

    source: Source
    original: str
    formatted: str | None
    error: ActionError | None

    @property
    def changed(self) -> bool:
        return self.formatted is not None and self.formatted != self.original


@dataclass(frozen=True, slots=True)
class FormatRun:
    """A format run: every document found, formatted or refused, and what could not be read."""

    files: tuple[Formatted, ...]
    unreadable: tuple[Unreadable, ...] = ()


def format_paths(
    paths: Sequence[str],
    *,
    scope: Scope | None = None,
    stdin: bytes | BinaryIO | None = None,
    stdin_name: str = "<stdin>",
) -> FormatRun:
    """Format every document ``paths`` name, as ``lint_paths`` finds them (but routes files); nothing is written."""
    sources, unreadable = find_sources(paths, Scope() if scope is None else scope, stdin, stdin_name)
    return FormatRun(tuple(_format(source) for source in sources), tuple(unreadable))


def _format(source: Source) -> Formatted:
    text, _ = decode(source.data)
    try:
        return Formatted(source, text, format_text(source.data, source.settings), None)
    except ActionError as exc:
        return Formatted(source, text, None, exc)
