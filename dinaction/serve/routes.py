"""Routes: which action answers which call, first match wins; and the one function that decides.

``Route`` and ``Routes`` are what a routes file loads into, and what a Flask or
Django app builds in Python: both go through the same checks (the conditions'
reader, the linter for the action, the order checks here), and both decide
with :meth:`Routes.decide`, which ``dinaction serve`` answers with and
``dinaction route`` explains with.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dinaction.ast import Script
from dinaction.diagnostics import NO_SPAN, Diagnostic, Severity
from dinaction.errors import ActionError
from dinaction.facts.numbers import is_e164_shape
from dinaction.linter import lint_source
from dinaction.rules.routes import DUPLICATE_NAME, INVALID_VALUE, MISSING_FALLBACK, MISSING_KEY, UNREACHABLE
from dinaction.serve.conditions import CONDITION_KEYS, Call, Conditions, Problem, Where, parse_conditions
from dinaction.settings import DEFAULT_SETTINGS, Settings

if TYPE_CHECKING:
    from dinaction.ast import Action

__all__ = [
    "CONDITION_KEYS",
    "CONTENT_TYPE",
    "DEFAULT_TIMEZONE",
    "Decision",
    "Entry",
    "Route",
    "Routes",
    "RoutesError",
    "check_order",
    "read_number",
    "timezone_problem",
]

DEFAULT_TIMEZONE = "Asia/Tokyo"
CONTENT_TYPE = "text/plain; charset=utf-8"
#: what a caller id says when the number is not shown (absent, empty, or a word some carriers send)
_NOT_SHOWN = frozenset({"", "anonymous", "withheld", "private", "unknown", "unavailable", "restricted", "blocked"})
_DIGITS = re.compile(r"[0-9]+")


class RoutesError(ActionError):
    """Routes that cannot be served (or a route built in Python that is wrong); ``diagnostics`` says why."""


@dataclass(frozen=True, slots=True, init=False)
class Route:
    """One route: a name, the conditions a call must meet, and the action that answers it.

    Built in Python, the action is linted with ``settings`` and the conditions
    read as in a routes file; an error raises :class:`RoutesError`, whose
    diagnostics name the argument (``field``) and the rule.
    """

    name: str
    conditions: Conditions
    script: Script
    #: the action file the script was read from (as the routes file names it); None when inline
    file: str | None
    #: the canonical action text, as served
    text: str
    #: warnings (and infos) about the action text: served all the same
    diagnostics: tuple[Diagnostic, ...]

    def __init__(
        self,
        name: str,
        action: str | Script | Action,
        *,
        recipient: str | Sequence[str] | None = None,
        caller: str | Sequence[str] | None = None,
        days: str | Sequence[str] | None = None,
        hours: str | Sequence[str] | None = None,
        dates: str | dt.date | Sequence[str | dt.date] | None = None,
        holidays: str | Sequence[str] | None = None,
        not_holidays: str | Sequence[str] | None = None,
        settings: Settings = DEFAULT_SETTINGS,
    ) -> None:
        if not isinstance(name, str) or not name.strip():
            raise RoutesError([MISSING_KEY.diagnostic(NO_SPAN, field_name="name", what="a route needs a name")])
        raw = {
            "recipient": recipient,
            "caller": caller,
            "days": days,
            "hours": hours,
            "dates": dates,
            "holidays": holidays,
            "not-holidays": not_holidays,
        }
        conditions, problems = parse_conditions(raw)
        found = [_builder_diagnostic(p, ()) for p in problems]
        script, text, diagnostics = _action(action, settings)
        found.extend(d for d in diagnostics if d.severity >= Severity.ERROR)
        if found:
            raise RoutesError(found)
        self._set(name, conditions, script, None, text, diagnostics)

    @classmethod
    def assemble(
        cls, name: str, conditions: Conditions, script: Script, file: str | None, diagnostics: Sequence[Diagnostic]
    ) -> Route:
        """A route from parts already checked (the routes file loader)."""
        route = object.__new__(cls)
        route._set(name, conditions, script, file, script.render(), tuple(diagnostics))
        return route

    def _set(
        self,
        name: str,
        conditions: Conditions,
        script: Script,
        file: str | None,
        text: str,
        diagnostics: tuple[Diagnostic, ...],
    ) -> None:
        for attribute, value in (
            ("name", name),
            ("conditions", conditions),
            ("script", script),
            ("file", file),
            ("text", text),
            ("diagnostics", diagnostics),
        ):
            object.__setattr__(self, attribute, value)

    @property
    def body(self) -> bytes:
        """The HTTP body: the canonical text in UTF-8."""
        return self.text.encode("utf-8")

    @property
    def content_type(self) -> str:
        return CONTENT_TYPE


def _action(action: object, settings: Settings) -> tuple[Script, str, tuple[Diagnostic, ...]]:
    """(script, canonical text, findings) of a builder's action: text, a Script or one action node."""
    from dinaction.ast import Playback, Say, Transfer, Voicemail

    if isinstance(action, Playback | Say | Transfer | Voicemail):
        action = Script([action], max_actions=settings.max_actions)
    if isinstance(action, Script):
        text = action.render()
    elif isinstance(action, str):
        text = action
    else:
        raise TypeError(f"a route's action must be action text, a Script or an action, not {type(action).__name__}")
    result = lint_source(text, settings)
    diagnostics = tuple(_with_field(d, "action") for d in result.diagnostics)
    return result.script, result.script.render(), diagnostics


def _with_field(diagnostic: Diagnostic, name: str) -> Diagnostic:
    return Diagnostic(
        diagnostic.code, diagnostic.name, diagnostic.severity, diagnostic.message, diagnostic.span, diagnostic.fix, name
    )


def _builder_diagnostic(problem: Problem, prefix: Where) -> Diagnostic:
    where = (*prefix, *problem.where)
    name = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in where).lstrip(".")
    return problem.diagnostic(NO_SPAN, name.replace("-", "_") or None)


# --- the set of routes -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Entry:
    """What the order checks need of one route: its name, conditions, and whether it has any."""

    name: str | None
    conditions: Conditions | None
    #: whether any condition key is given (a fallback has none)
    conditional: bool


def check_order(entries: Sequence[Entry], earlier: Mapping[int, str] | None = None) -> list[tuple[int, Problem]]:
    """Problems of the list as a whole: none, duplicate names, no fallback, routes never chosen.

    ``earlier`` names where each route stands, for messages (``line 12``); by
    default its place in the list. Routes whose conditions could not be read
    (None) are neither judged nor used to judge.
    """

    def place(index: int) -> str:
        return (earlier or {}).get(index, f"route {index + 1}")

    if not entries:
        what = "no routes: add `[[route]]` tables, the last one without conditions"
        return [(-1, Problem(MISSING_KEY, (), {"what": what}))]
    problems: list[tuple[int, Problem]] = []
    names: dict[str, int] = {}
    for index, entry in enumerate(entries):
        if entry.name is None:
            continue
        if entry.name in names:
            fields = {"name": entry.name, "earlier": place(names[entry.name])}
            problems.append((index, Problem(DUPLICATE_NAME, ("name",), fields)))
        else:
            names[entry.name] = index
    last = entries[-1]
    if last.conditional:
        problems.append(
            (len(entries) - 1, Problem(MISSING_FALLBACK, (), {"name": last.name or f"route {len(entries)}"}))
        )
    for index, entry in enumerate(entries):
        if entry.conditions is None:
            continue
        for before in range(index):
            shadow = entries[before]
            if shadow.conditions is not None and shadow.conditions.covers(entry.conditions):
                fields = {
                    "name": entry.name or f"route {index + 1}",
                    "by": shadow.name or f"route {before + 1}",
                    "earlier": place(before),
                }
                problems.append((index, Problem(UNREACHABLE, ("name",), fields)))
                break
    return problems


def timezone_problem(value: object) -> tuple[ZoneInfo | None, str | None]:
    """(the zone, None) for an IANA time zone name, else (None, why not)."""
    if not isinstance(value, str):
        return None, f"expected an IANA time zone name such as `{DEFAULT_TIMEZONE}`"
    try:
        return ZoneInfo(value), None
    except (ZoneInfoNotFoundError, ValueError):
        return None, f"`{value}` is not an IANA time zone name (such as `{DEFAULT_TIMEZONE}` or `Europe/London`)"


@dataclass(frozen=True, slots=True)
class Decision:
    """Which route answers a call, and, when asked to explain, why the earlier ones did not."""

    route: Route
    index: int
    #: the call as read; None when a query value was unreadable and the fallback answered
    call: Call | None
    #: why the numbers could not be read, when ``call`` is None
    problem: str | None = None
    #: (route, its failed conditions) for each route before the chosen one (only when explaining)
    passed_over: tuple[tuple[Route, tuple[tuple[str, str], ...]], ...] = ()


@dataclass(frozen=True, slots=True, init=False)
class Routes:
    """An ordered list of routes, first match wins, the last one without conditions; and a time zone."""

    routes: tuple[Route, ...]
    timezone: ZoneInfo

    def __init__(self, routes: Iterable[Route], *, timezone: str = DEFAULT_TIMEZONE) -> None:
        listed = tuple(routes)
        for route in listed:
            if not isinstance(route, Route):
                raise TypeError(f"Routes takes Route objects, not {type(route).__name__}")
        zone, reason = timezone_problem(timezone)
        found: list[Diagnostic] = []
        if zone is None:
            assert reason is not None
            found.append(INVALID_VALUE.diagnostic(NO_SPAN, field_name="timezone", key="timezone", reason=reason))
        entries = [Entry(r.name, r.conditions, not r.conditions.empty) for r in listed]
        found.extend(_builder_diagnostic(p, (f"routes[{i}]",) if i >= 0 else ()) for i, p in check_order(entries))
        if found:
            raise RoutesError(found)
        assert zone is not None
        self._set(listed, zone)

    @classmethod
    def assemble(cls, routes: Sequence[Route], timezone: ZoneInfo) -> Routes:
        """Routes already checked (the routes file loader)."""
        made = object.__new__(cls)
        made._set(tuple(routes), timezone)
        return made

    def _set(self, routes: tuple[Route, ...], timezone: ZoneInfo) -> None:
        object.__setattr__(self, "routes", routes)
        object.__setattr__(self, "timezone", timezone)

    @property
    def fallback(self) -> Route:
        return self.routes[-1]

    def local(self, at: dt.datetime | None = None) -> dt.datetime:
        """``at`` in the routes' time zone; a naive time is read as already in it; None is now."""
        if at is None:
            return dt.datetime.now(self.timezone)
        if at.tzinfo is None:
            return at.replace(tzinfo=self.timezone)
        return at.astimezone(self.timezone)

    def decide(
        self, caller: str | None, recipient: str | None, at: dt.datetime | None = None, *, explain: bool = False
    ) -> Decision:
        """The route for a call: the first whose conditions all hold; the fallback when a number is unreadable.

        ``caller`` and ``recipient`` are the query's values as Xoxzo sends
        them (a ``+`` lost to URL decoding is put back; a missing or anonymous
        caller is withheld). With ``explain``, the routes passed over carry
        every condition that failed.
        """
        number, caller_problem = read_number(caller, withheld_ok=True)
        target, recipient_problem = read_number(recipient, withheld_ok=False)
        if caller_problem or recipient_problem or target is None:
            problem = recipient_problem or caller_problem
            return Decision(self.fallback, len(self.routes) - 1, None, problem)
        call = Call(number, target, self.local(at))
        passed: list[tuple[Route, tuple[tuple[str, str], ...]]] = []
        for index, route in enumerate(self.routes):
            if explain:
                failed = tuple(route.conditions.failures(call))
                if not failed:
                    return Decision(route, index, call, None, tuple(passed))
                passed.append((route, failed))
            elif route.conditions.matches(call):
                return Decision(route, index, call)
        raise AssertionError("the last route has no conditions")  # pragma: no cover - checked when built

    def choose(self, caller: str | None, recipient: str | None, at: dt.datetime | None = None) -> Route:
        """The route that answers a call (for a web handler: serve ``route.body`` as ``route.content_type``)."""
        return self.decide(caller, recipient, at).route

    def warm(self, at: dt.datetime | None = None) -> None:
        """Compute this year's and next year's holidays now rather than during a call."""
        year = self.local(at).year
        for route in self.routes:
            for calendar in (*(route.conditions.holidays or ()), *(route.conditions.not_holidays or ())):
                calendar.warm(year)
                calendar.warm(year + 1)


def read_number(raw: str | None, *, withheld_ok: bool) -> tuple[str | None, str | None]:
    """(E.164 number or None when withheld, None) or (None, why it cannot be read).

    A ``+`` that was not percent-encoded arrives as a space (``caller=+8190…``
    decodes to `` 8190…``), so bare digits get their ``+`` back.
    """
    text = (raw or "").strip()
    if _DIGITS.fullmatch(text):
        text = "+" + text
    if is_e164_shape(text):
        return text, None
    label = "caller" if withheld_ok else "recipient"
    if text.lower() in _NOT_SHOWN:
        return (None, None) if withheld_ok else (None, f"no {label} number")
    shown = text if len(text) <= 40 else text[:40] + "…"
    return None, f"the {label} {shown!r} is not an E.164 number"
