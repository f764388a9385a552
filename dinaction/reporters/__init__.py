"""Reporters: each a function of the linted files → the text to print."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from dinaction.diagnostics import Diagnostic, LineIndex


@dataclass(frozen=True)
class FileReport:
    """One linted document: its display path, decoded text and findings."""

    path: str
    text: str
    diagnostics: tuple[Diagnostic, ...]
    #: what the run fixed in this file, for the summary
    fixed: int = field(default=0)

    @cached_property
    def lines(self) -> LineIndex:
        return LineIndex(self.text)


Reporter = Callable[[Sequence[FileReport]], str]


def get_reporter(name: str) -> Reporter:
    """The reporter for ``--format NAME``; ValueError lists the known names."""
    from dinaction.reporters import json_, text

    reporters: dict[str, Reporter] = {"text": text.report, "json": json_.report}
    try:
        return reporters[name]
    except KeyError:
        raise ValueError(f"unknown format {name!r}: use one of {', '.join(reporters)}") from None


__all__ = ["FileReport", "Reporter", "get_reporter"]
