"""The typed AST of the action language, which is also the builder API.

Nodes are frozen, slotted dataclasses. Where a node came from (its span and
the spans of its parts) lives in ``loc``, which takes no part in equality, so
``parse(str(node)) == node`` holds. The parser builds nodes through
:func:`_unchecked`, which skips the builder's validation: the linter, not the
constructor, judges parsed text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TypeAlias, TypeVar

from dinaction.diagnostics import Diagnostic, Span

__all__ = [
    "Action",
    "Greeting",
    "Loc",
    "Playback",
    "Say",
    "Script",
    "Transfer",
    "Voicemail",
]


@dataclass(frozen=True, slots=True)
class Loc:
    """Where a node and its parts stand in the source.

    Part names: ``keyword``, ``url``, ``number``, ``caller_option``, ``caller``,
    ``lang``, ``message`` (the quotes included).
    """

    span: Span
    parts: Mapping[str, Span] = field(default_factory=lambda: MappingProxyType({}))

    def part(self, name: str) -> Span:
        """The span of part ``name``, or the whole node's span when absent."""
        return self.parts.get(name, self.span)


@dataclass(frozen=True, slots=True)
class Playback:
    """``playback <mp3 url>``: play an mp3 file to the caller."""

    url: str
    loc: Loc | None = field(default=None, compare=False, repr=False, kw_only=True)

    def __str__(self) -> str:
        from dinaction.emit import emit_action

        return emit_action(self)


@dataclass(frozen=True, slots=True)
class Transfer:
    """``transfer +E.164 [--caller=+E.164]``: forward the call to another number."""

    number: str
    caller: str | None = field(default=None, kw_only=True)
    loc: Loc | None = field(default=None, compare=False, repr=False, kw_only=True)

    def __str__(self) -> str:
        from dinaction.emit import emit_action

        return emit_action(self)


@dataclass(frozen=True, slots=True)
class Say:
    """``say <lang> "<text>"``: read a text aloud (text-to-speech)."""

    lang: str
    message: str
    loc: Loc | None = field(default=None, compare=False, repr=False, kw_only=True)

    def __str__(self) -> str:
        from dinaction.emit import emit_action

        return emit_action(self)


Greeting: TypeAlias = Playback | Say


@dataclass(frozen=True, slots=True)
class Voicemail:
    """``voicemail playback <url>`` / ``voicemail say <lang> "<text>"``: greet, then record."""

    greeting: Greeting
    loc: Loc | None = field(default=None, compare=False, repr=False, kw_only=True)

    def __str__(self) -> str:
        from dinaction.emit import emit_action

        return emit_action(self)


Action: TypeAlias = Playback | Transfer | Say | Voicemail


@dataclass(frozen=True, slots=True)
class Script:
    """A whole action file: the actions, one per line, in order.

    ``max_actions`` is a setting (1 for the API, 2 for dashboard-style files),
    not content, so it takes no part in equality. ``diagnostics`` holds what
    the parser or the builder found (warnings, for a builder-made script).
    """

    actions: tuple[Action, ...]
    max_actions: int = field(default=1, compare=False, kw_only=True)
    loc: Loc | None = field(default=None, compare=False, repr=False, kw_only=True)
    diagnostics: tuple[Diagnostic, ...] = field(default=(), compare=False, repr=False, kw_only=True)

    def render(self) -> str:
        """The file body in canonical form: one action a line, final newline."""
        from dinaction.emit import emit_script

        return emit_script(self)

    def __str__(self) -> str:
        return self.render()


_N = TypeVar("_N")


def _unchecked(cls: type[_N], **values: object) -> _N:
    """Build a node without running its constructor's validation (parser use)."""
    node = object.__new__(cls)
    for name, value in values.items():
        object.__setattr__(node, name, value)
    return node
