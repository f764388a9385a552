"""dinaction: check, format and build Xoxzo Dial In Number actions.

The public API. Everything else is internal and may change.
"""

from __future__ import annotations

from dinaction.ast import Playback, Say, Script, Transfer, Voicemail, install_judge
from dinaction.builder import judge
from dinaction.diagnostics import Diagnostic, Severity
from dinaction.errors import ActionError
from dinaction.formatter import format_text
from dinaction.linter import lint_source, lint_text
from dinaction.response import ActionBody
from dinaction.settings import Settings
from dinaction.version import __version__ as __version__

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


# nodes built from code are judged by the linter's own checks, which sit above the AST
install_judge(judge)


def lint(text: str | bytes, settings: Settings | None = None) -> list[Diagnostic]:
    """Every finding in an action file, sorted by position. Never raises."""
    return list(lint_text(text, settings or Settings())[1])


def parse(text: str | bytes, *, max_actions: int = 1) -> Script:
    """The script in ``text``; raises ActionError when any finding is an error.

    Warnings do not raise; they are on the returned script's ``diagnostics``.
    """
    result = lint_source(text, Settings(max_actions=max_actions))
    errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
    if errors:
        raise ActionError(errors)
    parsed = result.script
    return Script(parsed.actions, max_actions=parsed.max_actions, loc=parsed.loc, diagnostics=result.diagnostics)
