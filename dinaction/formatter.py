"""Canonical formatting: parse, lay the nodes out, and refuse whenever meaning could change."""

from __future__ import annotations

from dinaction.diagnostics import Severity
from dinaction.errors import ActionError
from dinaction.rules import syntax
from dinaction.settings import DEFAULT_SETTINGS, Settings
from dinaction.syntax import parse_source

_SYNTAX_CODES = frozenset(r.code for r in syntax.RULES)


def format_text(data: str | bytes, settings: Settings = DEFAULT_SETTINGS) -> str:
    """``data`` in canonical form.

    Raises ActionError when the text does not parse (a broken line would be
    lost) or when the output would not parse back to the same AST.
    """
    parsed = parse_source(data, max_actions=settings.max_actions, max_file_size=settings.max_file_size)
    blocking = [d for d in parsed.diagnostics if d.code in _SYNTAX_CODES and d.severity is Severity.ERROR]
    if blocking:
        raise ActionError(blocking)
    output = parsed.script.render()
    again = parse_source(output, max_actions=settings.max_actions)
    if again.script != parsed.script or again.diagnostics:  # pragma: no cover - emitter invariant
        raise ActionError(again.diagnostics)
    return output
