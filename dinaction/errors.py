"""The one exception the library raises on purpose."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeGuard

from dinaction.diagnostics import Diagnostic


class ActionError(ValueError):
    """Action text (or a builder call) has error-level findings.

    ``diagnostics`` holds all of them; the message names the first few so that
    a traceback alone says what to change. Built with anything else (a plain
    message, as code that wraps or re-raises it writes), it is the ValueError
    it derives from, with no diagnostics.
    """

    def __init__(self, *args: object) -> None:
        if len(args) == 1 and _is_findings(args[0]):
            self.diagnostics: tuple[Diagnostic, ...] = tuple(args[0])
            shown = "; ".join(_describe(d) for d in self.diagnostics[:3])
            more = len(self.diagnostics) - 3
            super().__init__(shown + (f" (and {more} more)" if more > 0 else ""))
        else:
            self.diagnostics = ()
            super().__init__(*args)

    def __reduce__(self) -> tuple[Any, ...]:
        # rebuilt from the findings, not from the message (worker processes send it back pickled)
        if self.diagnostics:
            return (type(self), (self.diagnostics,), self.__dict__ or None)
        return (type(self), self.args, self.__dict__ or None)


def _is_findings(value: object) -> TypeGuard[Sequence[Diagnostic]]:
    return (
        isinstance(value, Sequence)
        and not isinstance(value, str | bytes)
        and all(isinstance(d, Diagnostic) for d in value)
    )


def _describe(diagnostic: Diagnostic) -> str:
    where = f"{diagnostic.field}: " if diagnostic.field else ""
    return f"{where}{diagnostic.message} [{diagnostic.code} {diagnostic.name}]"
