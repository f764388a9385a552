"""The one exception the library raises on purpose."""

from __future__ import annotations

from collections.abc import Sequence

from dinaction.diagnostics import Diagnostic


class ActionError(ValueError):
    """Action text (or a builder call) has error-level findings.

    ``diagnostics`` holds all of them; the message names the first few so that
    a traceback alone says what to change.
    """

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics: tuple[Diagnostic, ...] = tuple(diagnostics)
        shown = "; ".join(_describe(d) for d in self.diagnostics[:3])
        more = len(self.diagnostics) - 3
        super().__init__(shown + (f" (and {more} more)" if more > 0 else ""))


def _describe(diagnostic: Diagnostic) -> str:
    where = f"{diagnostic.field}: " if diagnostic.field else ""
    return f"{where}{diagnostic.message} [{diagnostic.code} {diagnostic.name}]"
