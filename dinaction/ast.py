"""The typed AST of the action language, which is also the builder API.

Nodes are frozen, slotted dataclasses. Where a node came from (its span and
the spans of its parts) lives in ``loc``, which takes no part in equality, so
``parse(str(node)) == node`` holds.

Calling a constructor normalises (lowercase language code, E.164 numbers) and
then runs the linter's own checks on the node (``dinaction.builder``): errors
raise ``ActionError``, warnings stay on the node's ``diagnostics``. The parser
builds nodes through :func:`_unchecked`, which skips all of that: the linter,
not the constructor, judges parsed text.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import InitVar, dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

from dinaction.diagnostics import Diagnostic, Span

if TYPE_CHECKING:
    from dinaction.web import ActionBody

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


class _Line:
    """What every action has: its canonical line, and that line as an HTTP body."""

    __slots__ = ()

    def __str__(self) -> str:
        from dinaction.emit import emit_action

        return emit_action(self)  # type: ignore[arg-type]  # every subclass is an Action

    def render(self) -> str:
        """The action as a whole file body: its line and the final newline."""
        return f"{self}\n"

    def http_response(self) -> ActionBody:
        """The body an action URL returns for this one action, with its content type."""
        from dinaction.web import ActionBody

        return ActionBody.of(self.render())


@dataclass(frozen=True, slots=True)
class Playback(_Line):
    """``playback <mp3 url>``: play an mp3 file to the caller."""

    url: str
    loc: Loc | None = field(default=None, compare=False, repr=False, kw_only=True)
    #: the warnings the checks found when the node was built (parsed nodes: none)
    diagnostics: tuple[Diagnostic, ...] = field(default=(), init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        from dinaction import builder

        builder.require_str(self, "url", self.url)
        builder.settle(self)


@dataclass(frozen=True, slots=True)
class Transfer(_Line):
    """``transfer +E.164 [--caller=+E.164]``: forward the call to another number.

    Numbers are stored in E.164 (``+81 3-3604-2000`` becomes ``+81336042000``);
    ``region`` (ISO 3166, e.g. ``"JP"``) lets national numbers in. It is not
    stored: the node is the same whichever way its numbers were written.
    """

    number: str
    caller: str | None = field(default=None, kw_only=True)
    region: InitVar[str | None] = field(default=None, kw_only=True)
    loc: Loc | None = field(default=None, compare=False, repr=False, kw_only=True)
    diagnostics: tuple[Diagnostic, ...] = field(default=(), init=False, compare=False, repr=False)

    def __post_init__(self, region: str | None) -> None:
        from dinaction import builder

        builder.require_str(self, "number", self.number)
        builder.require_str(self, "caller", self.caller, optional=True)
        builder.require_str(self, "region", region, optional=True)
        code = None if region is None else builder.region_code(region)
        object.__setattr__(self, "number", builder.normalise_number(self.number, code))
        if self.caller is not None:
            object.__setattr__(self, "caller", builder.normalise_number(self.caller, code))
        builder.settle(self)


@dataclass(frozen=True, slots=True)
class Say(_Line):
    """``say <lang> "<text>"``: read a text aloud (text-to-speech). ``lang`` is stored lowercased."""

    lang: str
    message: str
    loc: Loc | None = field(default=None, compare=False, repr=False, kw_only=True)
    diagnostics: tuple[Diagnostic, ...] = field(default=(), init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        from dinaction import builder

        builder.require_str(self, "lang", self.lang)
        builder.require_str(self, "message", self.message)
        object.__setattr__(self, "lang", self.lang.lower())
        builder.settle(self)


Greeting: TypeAlias = Playback | Say


@dataclass(frozen=True, slots=True)
class Voicemail(_Line):
    """``voicemail playback <url>`` / ``voicemail say <lang> "<text>"``: greet, then record."""

    greeting: Greeting
    loc: Loc | None = field(default=None, compare=False, repr=False, kw_only=True)
    diagnostics: tuple[Diagnostic, ...] = field(default=(), init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        from dinaction import builder

        if not isinstance(self.greeting, Playback | Say):
            raise TypeError(f"Voicemail greeting must be a Playback or a Say, not {builder.type_name(self.greeting)}")
        builder.settle(self)


Action: TypeAlias = Playback | Transfer | Say | Voicemail


@dataclass(frozen=True, slots=True, init=False)
class Script:
    """A whole action file: the actions, one per line, in order.

    ``max_actions`` is a setting (1 for the API, 2 for dashboard-style files),
    not content, so it takes no part in equality. ``diagnostics`` holds what
    the parser or the builder found (warnings, for a builder-made script).
    """

    actions: tuple[Action, ...]
    max_actions: int = field(default=1, compare=False, kw_only=True)
    loc: Loc | None = field(default=None, compare=False, repr=False, kw_only=True)
    diagnostics: tuple[Diagnostic, ...] = field(default=(), init=False, compare=False, repr=False)

    def __init__(self, actions: Iterable[Action], *, max_actions: int = 1, loc: Loc | None = None) -> None:
        # written out so that any iterable (a list, usually) is accepted and stored as a tuple
        from dinaction import builder

        object.__setattr__(self, "actions", builder.action_tuple(actions))
        object.__setattr__(self, "max_actions", builder.limit(max_actions))
        object.__setattr__(self, "loc", loc)
        object.__setattr__(self, "diagnostics", ())
        builder.settle(self)

    def render(self) -> str:
        """The file body in canonical form: one action a line, final newline."""
        from dinaction.emit import emit_script

        return emit_script(self)

    def http_response(self) -> ActionBody:
        """The body an action URL returns, with its content type (``text/plain; charset=utf-8``)."""
        from dinaction.web import ActionBody

        return ActionBody.of(self.render())

    def __str__(self) -> str:
        return self.render()


_N = TypeVar("_N", bound=Hashable)


@functools.cache
def _defaults(cls: type[Any]) -> Mapping[str, object]:
    return MappingProxyType(
        {f.name: f.default for f in dataclasses.fields(cls) if f.default is not dataclasses.MISSING}
    )


def _unchecked(cls: type[_N], **values: object) -> _N:
    """Build a node without running its constructor's checks (parser use).

    Fields not given take their declared defaults, so every slot is set.
    """
    node = object.__new__(cls)
    for name, value in {**_defaults(cls), **values}.items():
        object.__setattr__(node, name, value)
    return node
