"""The typed AST of the action language, which is also the builder API.

Nodes are frozen, slotted dataclasses. Where a node came from (its span and
the spans of its parts) lives in ``loc``, which takes no part in equality, so
``parse(str(node)) == node`` holds. ``str(node)`` is the node's canonical line,
laid out by the node itself (``layout``): the one emitter, which the formatter
and the builder use too.

A node is built one of two ways:

- **From code** (no ``loc``): the constructor checks types, normalises
  (lowercase language code, numbers in E.164, national numbers with
  ``region=``) and has the node judged: errors raise ``ActionError``, warnings
  stay on ``diagnostics``. The judge is the linter's own checks, which live
  above the AST: ``dinaction.builder`` provides it and ``dinaction`` installs it
  on import (:func:`install_judge`), so this module stays plain data. A node is
  judged once: a ``Voicemail`` or a ``Script`` takes the findings of parts that
  were judged when they were built, and adds only its own.
- **From text** (a ``loc``, given by the parser): the linter judges the node
  together with its source, so its constructor checks types only; it neither
  normalises nor judges. A ``Script`` given a ``loc`` keeps the ``diagnostics``
  it is given.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import InitVar, dataclass, field
from types import MappingProxyType
from typing import TypeAlias

from dinaction.diagnostics import Diagnostic, Span
from dinaction.facts import numbers
from dinaction.response import ActionBody

__all__ = [
    "Action",
    "Greeting",
    "Judge",
    "Layout",
    "Loc",
    "Playback",
    "Say",
    "Script",
    "Transfer",
    "Voicemail",
    "install_judge",
]

#: a canonical line in pieces: (text, the constructor argument it shows, or None for the fixed text between)
Layout: TypeAlias = tuple[tuple[str, str | None], ...]


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
    """What every action has: its canonical line, and that line as a file body and an HTTP body."""

    __slots__ = ()

    def layout(self) -> Layout:  # pragma: no cover - every action lays itself out
        raise NotImplementedError

    def __str__(self) -> str:
        return "".join(text for text, _ in self.layout())

    def render(self) -> str:
        """The action as a whole file body: its line and the final newline."""
        return f"{self}\n"

    def http_response(self) -> ActionBody:
        """The body an action URL returns for this one action, with its content type."""
        return ActionBody.of(self.render())


@dataclass(frozen=True, slots=True)
class Playback(_Line):
    """``playback <mp3 url>``: play an mp3 file to the caller."""

    url: str
    loc: Loc | None = field(default=None, compare=False, repr=False, kw_only=True)
    #: the warnings the checks found when the node was built from code (parsed nodes: none)
    diagnostics: tuple[Diagnostic, ...] = field(default=(), init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        _require_str(self, "url", self.url)
        if self.loc is None:
            object.__setattr__(self, "diagnostics", _judged(self))

    def layout(self) -> Layout:
        return (("playback ", None), (self.url, "url"))


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
        _require_str(self, "number", self.number)
        _require_str(self, "caller", self.caller, optional=True)
        _require_str(self, "region", region, optional=True)
        if self.loc is not None:
            return
        code = None if region is None else _region_code(region)
        object.__setattr__(self, "number", numbers.normalise(self.number, code))
        if self.caller is not None:
            object.__setattr__(self, "caller", numbers.normalise(self.caller, code))
        object.__setattr__(self, "diagnostics", _judged(self))

    def layout(self) -> Layout:
        line: Layout = (("transfer ", None), (self.number, "number"))
        return line if self.caller is None else (*line, (" --caller=", None), (self.caller, "caller"))


@dataclass(frozen=True, slots=True)
class Say(_Line):
    """``say <lang> "<text>"``: read a text aloud (text-to-speech). ``lang`` is stored lowercased."""

    lang: str
    message: str
    loc: Loc | None = field(default=None, compare=False, repr=False, kw_only=True)
    diagnostics: tuple[Diagnostic, ...] = field(default=(), init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        _require_str(self, "lang", self.lang)
        _require_str(self, "message", self.message)
        if self.loc is None:
            object.__setattr__(self, "lang", self.lang.lower())
            object.__setattr__(self, "diagnostics", _judged(self))

    def layout(self) -> Layout:
        return (("say ", None), (self.lang.lower(), "lang"), (' "', None), (self.message, "message"), ('"', None))


Greeting: TypeAlias = Playback | Say


@dataclass(frozen=True, slots=True)
class Voicemail(_Line):
    """``voicemail playback <url>`` / ``voicemail say <lang> "<text>"``: greet, then record.

    The caller hears the greeting, then may leave a message (heard in the Xoxzo
    dashboard). Built from code, it keeps its greeting's findings: no rule is
    about the voicemail itself.
    """

    greeting: Greeting
    loc: Loc | None = field(default=None, compare=False, repr=False, kw_only=True)
    diagnostics: tuple[Diagnostic, ...] = field(default=(), init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.greeting, Playback | Say):
            raise TypeError(f"Voicemail greeting must be a Playback or a Say, not {_type_name(self.greeting)}")
        if self.loc is None:
            object.__setattr__(self, "diagnostics", _judged(self))

    def layout(self) -> Layout:
        return (("voicemail ", None), *self.greeting.layout())


Action: TypeAlias = Playback | Transfer | Say | Voicemail
_ACTIONS = (Playback, Transfer, Say, Voicemail)


@dataclass(frozen=True, slots=True, init=False)
class Script:
    """A whole action file: the actions, one per line, in order.

    ``max_actions`` is a setting (1 for the API, 2 for dashboard-style files),
    not content, so it takes no part in equality. ``diagnostics`` holds what
    the linter found in the text (given with ``loc``) or, for a script built
    from code, the warnings of its judgement.
    """

    actions: tuple[Action, ...]
    max_actions: int = field(default=1, compare=False, kw_only=True)
    loc: Loc | None = field(default=None, compare=False, repr=False, kw_only=True)
    diagnostics: tuple[Diagnostic, ...] = field(default=(), compare=False, repr=False, kw_only=True)

    def __init__(
        self,
        actions: Iterable[Action],
        *,
        max_actions: int = 1,
        loc: Loc | None = None,
        diagnostics: Iterable[Diagnostic] = (),
    ) -> None:
        # written out so that any iterable (a list, usually) is accepted and stored as a tuple
        object.__setattr__(self, "actions", _action_tuple(actions))
        if not isinstance(max_actions, int) or isinstance(max_actions, bool):
            raise TypeError(f"Script max_actions must be an int, not {_type_name(max_actions)}")
        object.__setattr__(self, "max_actions", max_actions)
        object.__setattr__(self, "loc", loc)
        object.__setattr__(self, "diagnostics", tuple(diagnostics))
        if loc is None:
            if max_actions < 1:
                raise ValueError(f"Script max_actions must be at least 1, not {max_actions}")
            object.__setattr__(self, "diagnostics", _judged(self))

    def render(self) -> str:
        """The file body in canonical form: one action a line, final newline."""
        return "".join(f"{action}\n" for action in self.actions)

    def http_response(self) -> ActionBody:
        """The body an action URL returns, with its content type (``text/plain; charset=utf-8``)."""
        return ActionBody.of(self.render())

    def __str__(self) -> str:
        return self.render()


#: judges a node built from code: raises ActionError on errors, returns the warnings to keep
Judge: TypeAlias = Callable[[Action | Script], tuple[Diagnostic, ...]]

_judge: Judge | None = None


def install_judge(judge: Judge) -> None:
    """Make ``judge`` the judgement of every node built from code (``dinaction`` does, on import)."""
    global _judge  # noqa: PLW0603 - the one hook of the AST, set by the package when it is imported
    _judge = judge


def _judged(node: Action | Script) -> tuple[Diagnostic, ...]:
    if _judge is None:  # pragma: no cover - importing any dinaction module imports dinaction first
        raise RuntimeError("no judge is installed for the nodes: import dinaction")
    return _judge(node)


def _type_name(value: object) -> str:
    return type(value).__name__


def _require_str(node: object, name: str, value: object, *, optional: bool = False) -> None:
    """TypeError unless ``value`` is a str (or None, when ``optional``)."""
    if isinstance(value, str) or (optional and value is None):
        return
    wanted = "a str or None" if optional else "a str"
    raise TypeError(f"{_type_name(node)} {name} must be {wanted}, not {_type_name(value)} ({value!r:.40})")


def _action_tuple(actions: Iterable[Action]) -> tuple[Action, ...]:
    """The actions of a Script as a tuple; TypeError for anything that is not an action."""
    if isinstance(actions, (*_ACTIONS, str, bytes)) or not isinstance(actions, Iterable):
        raise TypeError(f"Script actions must be a list of actions, not {_type_name(actions)}")
    result = tuple(actions)
    for index, action in enumerate(result):
        if not isinstance(action, _ACTIONS):
            raise TypeError(
                f"Script actions[{index}] must be a Playback, Transfer, Say or Voicemail, not {_type_name(action)}"
            )
    return result


def _region_code(region: str) -> str:
    """``region`` as libphonenumber's region code (``jp`` → ``JP``); ValueError when unknown."""
    code = numbers.region_code(region)
    if code is None:
        raise ValueError(f"Transfer region {region!r} is not a region libphonenumber knows: use a code such as 'JP'")
    return code
