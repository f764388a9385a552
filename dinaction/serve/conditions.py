"""The conditions of a route: read from plain values, matched against a call, compared with each other.

One reader serves the routes file and the Python builder, so a condition means
the same however it was written. Days and hours become one set of the minutes
of a local week (a bit mask): matching is one bit test, and whether one route
covers another's times is one mask comparison. An hour range that crosses
midnight belongs to the day it starts on, as opening hours are read
(``days = ["fri"]``, ``hours = "22:00-02:00"`` is Friday night into Saturday).
Dates and holidays are the local calendar date of the call.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from dinaction.diagnostics import Diagnostic, Span
from dinaction.facts.numbers import is_e164_shape, number_facts
from dinaction.rules.base import Rule
from dinaction.rules.routes import CONTRADICTORY, INVALID_VALUE, UNKNOWN_KEY

__all__ = [
    "CONDITION_KEYS",
    "DAYS",
    "Calendar",
    "Call",
    "Callers",
    "Conditions",
    "DateRange",
    "HourRange",
    "Problem",
    "holiday_countries",
    "parse_conditions",
]

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
CONDITION_KEYS = ("recipient", "caller", "days", "hours", "dates", "holidays", "not-holidays")
DAY_MINUTES = 24 * 60
WEEK_MINUTES = 7 * DAY_MINUTES
WITHHELD = "withheld"

_PREFIX = re.compile(r"\+(?:[1-9][0-9]{0,14})?\*")
_HOURS = re.compile(r"([01][0-9]|2[0-4]):([0-5][0-9])-([01][0-9]|2[0-4]):([0-5][0-9])")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
Where = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Problem:
    """A finding about one value, located by its path inside the route (``("hours", 1)``)."""

    rule: Rule
    where: Where
    fields: Mapping[str, object]

    def diagnostic(self, span: Span, field_name: str | None = None) -> Diagnostic:
        """The finding, at ``span`` (the loader's) or on a builder's argument (``field_name``)."""
        rule = self.rule
        message = rule.message.format(**self.fields)
        return Diagnostic(rule.code, rule.name, rule.severity, message, span, None, field_name)


@dataclass(frozen=True, slots=True)
class Call:
    """One call as routing sees it: numbers read, time in the routes' time zone.

    ``caller`` is None for a withheld number; ``minute`` is the minute of the
    local week (Monday 00:00 is 0).
    """

    caller: str | None
    recipient: str
    at: dt.datetime
    minute: int = field(init=False)
    date: dt.date = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "minute", self.at.weekday() * DAY_MINUTES + self.at.hour * 60 + self.at.minute)
        object.__setattr__(self, "date", self.at.date())


# --- values ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HourRange:
    """``[start, end)`` in minutes after local midnight; ``end <= start`` crosses midnight."""

    start: int
    end: int

    @property
    def crosses_midnight(self) -> bool:
        return self.end <= self.start

    def __str__(self) -> str:
        return f"{_clock(self.start)}-{_clock(self.end)}"


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True, slots=True)
class DateRange:
    """The local dates from ``first`` to ``last``, both included."""

    first: dt.date
    last: dt.date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.first <= day <= self.last

    def __str__(self) -> str:
        return self.first.isoformat() if self.first == self.last else f"{self.first}/{self.last}"


@dataclass(frozen=True, slots=True)
class Callers:
    """Caller numbers (exact), prefixes (``+8190*``) and whether withheld numbers match."""

    numbers: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()
    withheld: bool = False

    def matches(self, caller: str | None) -> bool:
        if caller is None:
            return self.withheld
        return caller in self.numbers or caller.startswith(self.prefixes)

    def covers(self, other: Callers) -> bool:
        """Whether every caller ``other`` matches is matched here too."""
        if other.withheld and not self.withheld:
            return False
        return all(self.matches(n) for n in other.numbers) and all(p.startswith(self.prefixes) for p in other.prefixes)

    def shown(self) -> list[str]:
        """The callers as written: numbers, prefixes, `withheld`."""
        return [*sorted(self.numbers), *(p + "*" for p in self.prefixes), *([WITHHELD] if self.withheld else [])]

    def __str__(self) -> str:
        return ", ".join(self.shown())


@dataclass(frozen=True, slots=True, eq=False)
class Calendar:
    """The public holidays of a country (``JP``) or subdivision (``US-CA``), from ``holidays``.

    Holds its own cache of answers: the ``holidays`` object computes a year's
    holidays on first use and is only consulted once per date.
    """

    code: str
    _days: Any = field(repr=False)
    _answers: dict[dt.date, str | None] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, code: str) -> Calendar:
        import holidays

        country, _, subdivision = code.partition("-")
        return cls(code, holidays.country_holidays(country, subdiv=subdivision or None))

    def holiday(self, day: dt.date) -> str | None:
        """The holiday's name, or None on a working day."""
        try:
            return self._answers[day]
        except KeyError:
            name = self._days.get(day)
            answer = None if name is None else str(name)
            self._answers[day] = answer
            return answer

    def warm(self, year: int) -> None:
        """Compute a year's holidays now, not during a call."""
        self.holiday(dt.date(year, 1, 1))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Calendar) and other.code == self.code

    def __hash__(self) -> int:
        return hash(self.code)

    def __str__(self) -> str:
        return self.code


# --- a route's conditions --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Conditions:
    """What a call must satisfy for a route to answer it: every condition given (AND), any value of each (OR)."""

    recipients: frozenset[str] | None = None
    callers: Callers | None = None
    days: frozenset[int] | None = None
    hours: tuple[HourRange, ...] | None = None
    dates: tuple[DateRange, ...] | None = None
    holidays: tuple[Calendar, ...] | None = None
    not_holidays: tuple[Calendar, ...] | None = None
    #: the minutes of the local week that days and hours allow (None: any time)
    week: int | None = field(default=None, init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.days is not None or self.hours is not None:
            object.__setattr__(self, "week", week_mask(self.days, self.hours))

    @property
    def empty(self) -> bool:
        """No condition at all: the route answers every call (the fallback)."""
        return self == Conditions()

    def failed(self, call: Call) -> Iterator[str]:
        """The conditions (keys) the call does not satisfy, lazily and in order.

        The first one decides that the route does not answer; serving stops
        there, explaining asks :meth:`reason` about each. Serving and
        explaining both go through here.
        """
        if self.recipients is not None and call.recipient not in self.recipients:
            yield "recipient"
        if self.callers is not None and not self.callers.matches(call.caller):
            yield "caller"
        if self.week is not None and not (self.week >> call.minute) & 1:
            yield "days/hours"
        if self.dates is not None and not any(call.date in r for r in self.dates):
            yield "dates"
        if self.holidays is not None and not any(c.holiday(call.date) for c in self.holidays):
            yield "holidays"
        if self.not_holidays is not None and any(c.holiday(call.date) for c in self.not_holidays):
            yield "not-holidays"

    def matches(self, call: Call) -> bool:
        return next(self.failed(call), None) is None

    def failures(self, call: Call) -> list[tuple[str, str]]:
        """(condition, why it fails) for each condition the call does not satisfy."""
        return [(key, self.reason(key, call)) for key in self.failed(call)]

    def reason(self, key: str, call: Call) -> str:
        """Why condition ``key`` fails for ``call``, in words."""
        if key == "recipient":
            return f"the recipient {call.recipient} is not {_either(sorted(self.recipients or ()))}"
        if key == "caller":
            who = "withheld" if call.caller is None else call.caller
            return f"the caller ({who}) is not {_either(self.callers.shown() if self.callers else [])}"
        if key == "days/hours":
            return f"{DAYS[call.at.weekday()]} {call.at:%H:%M} is outside {self.describe_times()}"
        if key == "dates":
            return f"{call.date} is not in {_either([str(r) for r in self.dates or ()])}"
        if key == "holidays":
            return f"{call.date} is no public holiday in {_either([c.code for c in self.holidays or ()])}"
        for calendar in self.not_holidays or ():
            name = calendar.holiday(call.date)
            if name is not None:
                return f"{call.date} is a public holiday in {calendar.code} ({name})"
        raise ValueError(f"no condition {key!r} fails")

    def describe_times(self) -> str:
        days = "every day" if self.days is None else ", ".join(DAYS[d] for d in sorted(self.days))
        hours = "" if self.hours is None else " " + ", ".join(str(h) for h in self.hours)
        return days + hours

    def covers(self, other: Conditions) -> bool:
        """Whether every call ``other`` matches is matched here too (sound, not complete).

        Each condition here must allow at least what ``other``'s allows; a
        condition ``other`` lacks allows everything, so only an absent one here
        covers it.
        """
        if self.recipients is not None and (other.recipients is None or not other.recipients <= self.recipients):
            return False
        if self.callers is not None and (other.callers is None or not self.callers.covers(other.callers)):
            return False
        if self.week is not None and (other.week is None or other.week & ~self.week):
            return False
        if self.dates is not None and (other.dates is None or not _dates_cover(self.dates, other.dates)):
            return False
        if self.holidays is not None and (other.holidays is None or not set(other.holidays) <= set(self.holidays)):
            return False
        return self.not_holidays is None or (
            other.not_holidays is not None and set(self.not_holidays) <= set(other.not_holidays)
        )

    def contradiction(self) -> tuple[str, str] | None:
        """(condition, why no call can satisfy this and the others), or None."""
        if self.holidays is not None and self.not_holidays is not None and set(self.holidays) <= set(self.not_holidays):
            codes = _either([c.code for c in self.holidays])
            return "not-holidays", f"a day cannot be a public holiday in {codes} and not one"
        if self.week is not None and self.dates is not None and not self._dates_meet_week():
            return "dates", f"none of its dates falls on {self.describe_times()}"
        return None

    def _dates_meet_week(self) -> bool:
        assert self.week is not None and self.dates is not None
        for span in self.dates:
            for offset in range(min(7, (span.last - span.first).days + 1)):
                weekday = (span.first + dt.timedelta(days=offset)).weekday()
                if (self.week >> (weekday * DAY_MINUTES)) & ((1 << DAY_MINUTES) - 1):
                    return True
        return False


def _either(values: Sequence[str]) -> str:
    return values[0] if len(values) == 1 else "any of " + ", ".join(values)


def _dates_cover(outer: tuple[DateRange, ...], inner: tuple[DateRange, ...]) -> bool:
    """Whether the union of ``outer`` holds every date of ``inner``."""
    merged: list[list[dt.date]] = []
    for span in sorted(outer, key=lambda r: r.first):
        if merged and span.first <= merged[-1][1] + dt.timedelta(days=1):
            merged[-1][1] = max(merged[-1][1], span.last)
        else:
            merged.append([span.first, span.last])
    return all(any(a <= span.first and span.last <= b for a, b in merged) for span in inner)


def week_mask(days: frozenset[int] | None, hours: tuple[HourRange, ...] | None) -> int:
    """The minutes of the week (bit ``weekday * 1440 + minute``) that days and hours allow."""
    mask = 0
    for day in sorted(days) if days is not None else range(7):
        base = day * DAY_MINUTES
        if hours is None:
            mask |= _bits(base, base + DAY_MINUTES)
            continue
        for span in hours:
            if not span.crosses_midnight:
                mask |= _bits(base + span.start, base + span.end)
            else:  # into the next morning, Sunday night into Monday
                mask |= _bits(base + span.start, base + DAY_MINUTES)
                following = ((day + 1) % 7) * DAY_MINUTES
                mask |= _bits(following, following + span.end)
    return mask


def _bits(start: int, end: int) -> int:
    return ((1 << (end - start)) - 1) << start


# --- reading ---------------------------------------------------------------------------------------


def parse_conditions(raw: Mapping[str, object]) -> tuple[Conditions, list[Problem]]:
    """The conditions of one route from plain values (TOML's, or the builder's arguments).

    Every problem is reported, each at the value it is about; what can be read
    is kept, so one bad value does not hide the others.
    """
    problems: list[Problem] = []
    reader = _Reader(problems)
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if value is None:
            continue
        parse = _PARSERS.get(key)
        if parse is None:
            problems.append(Problem(UNKNOWN_KEY, (key,), {"key": key, "hint": ""}))
            continue
        parsed = parse(reader, key, value)
        if parsed is not None:
            values[key.replace("-", "_")] = parsed
    conditions = Conditions(
        recipients=values.get("recipient"),
        callers=values.get("caller"),
        days=values.get("days"),
        hours=values.get("hours"),
        dates=values.get("dates"),
        holidays=values.get("holidays"),
        not_holidays=values.get("not_holidays"),
    )
    if not problems:
        found = conditions.contradiction()
        if found is not None:
            problems.append(Problem(CONTRADICTORY, (found[0],), {"reason": found[1]}))
    return conditions, problems


class _Reader:
    """Reads one condition's values, noting a problem for each that cannot be read."""

    __slots__ = ("problems",)

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems

    def bad(self, where: Where, reason: str) -> None:
        self.problems.append(Problem(INVALID_VALUE, where, {"key": where[0], "reason": reason}))

    def items(self, key: str, value: object, *, dates: bool = False) -> list[tuple[Where, Any]] | None:
        """The value as (path, item) pairs: a single value or a non-empty list of them."""
        allowed: tuple[type, ...] = (str, dt.date) if dates else (str,)
        single = isinstance(value, allowed) and not isinstance(value, dt.datetime)
        if single:
            return [((key,), value)]
        if isinstance(value, list | tuple | set | frozenset):
            listed = sorted(value) if isinstance(value, set | frozenset) else list(value)
            if not listed:
                self.bad((key,), "an empty list matches no call: remove the condition or give values")
                return None
            out: list[tuple[Where, Any]] = []
            for index, item in enumerate(listed):
                if isinstance(item, allowed) and not isinstance(item, dt.datetime):
                    out.append(((key, index), item))
                else:
                    self.bad((key, index), f"expected {_kind(dates)}, not {_type_name(item)}")
            return out if len(out) == len(listed) else None
        self.bad((key,), f"expected {_kind(dates)} or a list of them, not {_type_name(value)}")
        return None


def _kind(dates: bool) -> str:
    return "a date or a string" if dates else "a string"


def _type_name(value: object) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a number", dict: "a table", list: "a list"}
    for kind, name in names.items():
        if isinstance(value, kind):
            return name
    if isinstance(value, dt.datetime | dt.time):
        return "a date-time"
    return type(value).__name__


def _recipients(reader: _Reader, key: str, value: object) -> frozenset[str] | None:
    items = reader.items(key, value)
    if items is None:
        return None
    out = set()
    for where, text in items:
        problem = number_problem(text)
        if problem is None:
            out.add(text)
        else:
            reader.bad(where, problem)
    return frozenset(out) if len(out) == len(items) else None


def number_problem(text: str) -> str | None:
    """Why ``text`` is not a usable E.164 number, or None."""

    if not is_e164_shape(text):
        digits = re.sub(r"[\s\-.()/]", "", text)
        hint = f" (write `{digits}`)" if is_e164_shape(digits) else ""
        return f"`{text}` is not an E.164 number: `+`, the country code and the number, digits only{hint}"
    facts = number_facts(text)
    if facts.error == "country":
        return f"`{text}` starts with no country calling code"
    if facts.error is not None or facts.possible != "ok":
        return f"`{text}` has a length no number of its country has"
    return None


def _callers(reader: _Reader, key: str, value: object) -> Callers | None:
    items = reader.items(key, value)
    if items is None:
        return None
    numbers: set[str] = set()
    prefixes: list[str] = []
    withheld = False
    ok = True
    for where, text in items:
        if text == WITHHELD:
            withheld = True
        elif _PREFIX.fullmatch(text):
            prefixes.append(text[:-1])
        elif "*" in text:
            reader.bad(where, f"`{text}`: a prefix is `+` and digits, then `*` (`+8190*`)")
            ok = False
        elif (problem := number_problem(text)) is not None:
            reader.bad(where, problem + ", a prefix such as `+8190*`, or `withheld`")
            ok = False
        else:
            numbers.add(text)
    return Callers(frozenset(numbers), tuple(dict.fromkeys(prefixes)), withheld) if ok else None


def _days(reader: _Reader, key: str, value: object) -> frozenset[int] | None:
    items = reader.items(key, value)
    if items is None:
        return None
    out: set[int] = set()
    ok = True
    for where, text in items:
        first, dash, last = text.lower().partition("-")
        if first in DAYS and (not dash or last in DAYS):
            start, end = DAYS.index(first), DAYS.index(last if dash else first)
            out.update((start + i) % 7 for i in range((end - start) % 7 + 1))
        else:
            reader.bad(where, f"`{text}` is not a day: use {', '.join(DAYS)}, or a range such as `mon-fri`")
            ok = False
    return frozenset(out) if ok else None


def _hours(reader: _Reader, key: str, value: object) -> tuple[HourRange, ...] | None:
    items = reader.items(key, value)
    if items is None:
        return None
    out: list[HourRange] = []
    for where, text in items:
        match = _HOURS.fullmatch(text)
        if match is None:
            reader.bad(where, f'`{text}` is not a range of hours: write `"09:00-18:00"` (24-hour clock)')
            continue
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        start, end = h1 * 60 + m1, h2 * 60 + m2
        if start >= DAY_MINUTES or end > DAY_MINUTES:
            reader.bad(where, f"`{text}`: a day has 00:00 to 24:00 (24:00 only as the end)")
        elif start == end:
            reader.bad(where, f"`{text}` is empty: the whole day is `00:00-24:00`")
        else:
            out.append(HourRange(start, end))
    return tuple(out) if len(out) == len(items) else None


def _dates(reader: _Reader, key: str, value: object) -> tuple[DateRange, ...] | None:
    items = reader.items(key, value, dates=True)
    if items is None:
        return None
    out: list[DateRange] = []
    for where, item in items:
        if isinstance(item, dt.date):
            out.append(DateRange(item, item))
            continue
        first, slash, last = item.partition("/")
        try:
            if not _DATE.fullmatch(first) or (slash and not _DATE.fullmatch(last)):
                raise ValueError
            span = DateRange(dt.date.fromisoformat(first), dt.date.fromisoformat(last if slash else first))
        except ValueError:
            reader.bad(where, f"`{item}` is not a date (`2026-12-24`) or a range of dates (`2026-12-29/2027-01-03`)")
            continue
        if span.last < span.first:
            reader.bad(where, f"`{item}` ends before it starts")
            continue
        out.append(span)
    return tuple(out) if len(out) == len(items) else None


@functools.cache
def holiday_countries() -> Mapping[str, tuple[str, ...]]:
    """The countries a holiday condition may name (two-letter codes) → their subdivisions, from ``holidays``."""
    import holidays

    supported = holidays.list_supported_countries()
    return {code: tuple(subdivisions) for code, subdivisions in supported.items() if len(code) == 2}


def _calendars(reader: _Reader, key: str, value: object) -> tuple[Calendar, ...] | None:
    items = reader.items(key, value)
    if items is None:
        return None
    supported = holiday_countries()
    out: list[Calendar] = []
    for where, text in items:
        country, _, subdivision = text.upper().partition("-")
        if country not in supported:
            reader.bad(where, f"`{text}` is no country the `holidays` package knows: use a code such as `JP`")
        elif subdivision and subdivision not in supported[country]:
            reader.bad(where, f"`{text}`: {country} has no subdivision `{subdivision}` in the `holidays` package")
        else:
            out.append(Calendar.of(text.upper()))
    return tuple(dict.fromkeys(out)) if len(out) == len(items) else None


_PARSERS = {
    "recipient": _recipients,
    "caller": _callers,
    "days": _days,
    "hours": _hours,
    "dates": _dates,
    "holidays": _calendars,
    "not-holidays": _calendars,
}
