"""dinaction: check, format and build Xoxzo Dial In Number actions.

The public API. Everything else is internal and may change.
"""

from __future__ import annotations

from dinaction.ast import Playback, Say, Script, Transfer, Voicemail
from dinaction.diagnostics import Diagnostic, Severity
from dinaction.errors import ActionError
from dinaction.formatter import format_text
from dinaction.linter import lint_source
from dinaction.settings import Settings
from dinaction.web import ActionBody

__all__ = [
    "ActionBody",
    "ActionError",
    "Diagnostic",
    "Playback",
    "Say",
    "Script",
    "Settings",
    "Severity",
    "Transfer",
    "Voicemail",
    "format_text",
    "lint",
    "parse",
]

__version__ = "0.1.0"


def lint(text: str | bytes, settings: Settings | None = None) -> list[Diagnostic]:
    """Every finding in an action file, sorted by position. Never raises."""
    return list(lint_source(text, settings or Settings()).diagnostics)


def parse(text: str | bytes, *, max_actions: int = 1) -> Script:
    """The script in ``text``; raises ActionError when any finding is an error.

    Warnings do not raise; they are on the returned script's ``diagnostics``.
    """
    result = lint_source(text, Settings(max_actions=max_actions))
    errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
    if errors:
        raise ActionError(errors)
    script = result.script
    object.__setattr__(script, "diagnostics", result.diagnostics)
    return script
