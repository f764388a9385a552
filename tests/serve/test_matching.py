"""Matching a call to a route: days, hours across midnight, dates, holidays, time zones with and without DST.

Each property compares the route's answer with a plain, slow restatement of
what the routes file means, on calls hypothesis makes up.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from dinaction.serve import Route, Routes, RoutesError
from dinaction.serve.conditions import DAYS, Call, Conditions, parse_conditions
from dinaction.serve.routes import read_number

ZONES = ["Asia/Tokyo", "UTC", "Europe/London", "America/New_York", "Australia/Lord_Howe", "America/Sao_Paulo"]
DIN = "+815012345678"
ANSWER = "transfer +81336042000"
OTHER = 'voicemail say en "Closed."'

clock = st.integers(0, 23 * 60 + 59)
hour_ranges = st.tuples(clock, st.integers(1, 24 * 60)).filter(lambda r: r[0] != r[1])
instants = st.datetimes(dt.datetime(2020, 1, 1), dt.datetime(2031, 12, 31), timezones=st.just(dt.UTC))


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _text(r: tuple[int, int]) -> str:
    return f"{_hhmm(r[0])}-{_hhmm(r[1])}"


def _reference_times(days: set[int] | None, hours: list[tuple[int, int]] | None, at: dt.datetime) -> bool:
    """Days and hours as the docs say: a range crossing midnight belongs to the day it starts on."""
    weekday, minute = at.weekday(), at.hour * 60 + at.minute
    every = days if days is not None else set(range(7))
    if hours is None:
        return weekday in every
    for start, end in hours:
        if start < end:
            if weekday in every and start <= minute < end:
                return True
        elif (weekday in every and minute >= start) or ((weekday - 1) % 7 in every and minute < end):
            return True
    return False


def _routes(zone: str, **conditions: Any) -> Routes:
    return Routes([Route("when", ANSWER, **conditions), Route("else", OTHER)], timezone=zone)


@settings(max_examples=300, deadline=None)
@given(
    days=st.none() | st.sets(st.integers(0, 6), min_size=1),
    hours=st.none() | st.lists(hour_ranges, min_size=1, max_size=3),
    instant=instants,
    zone=st.sampled_from(ZONES),
)
def test_days_and_hours_match_the_local_wall_clock(
    days: set[int] | None, hours: list[tuple[int, int]] | None, instant: dt.datetime, zone: str
) -> None:
    local = instant.astimezone(ZoneInfo(zone))
    expected = _reference_times(days, hours, local)
    try:
        routes = _routes(
            zone,
            days=None if days is None else [DAYS[d] for d in sorted(days)],
            hours=None if hours is None else [_text(r) for r in hours],
        )
    except RoutesError as error:  # the times cover the whole week: the fallback could never answer
        assert [d.code for d in error.diagnostics] == ["DA507"]
        assert expected
        return
    assert (routes.choose("+819012345678", DIN, instant).name == "when") is expected
    assert (routes.choose("+819012345678", DIN, local.replace(tzinfo=None)).name == "when") is expected


@pytest.mark.parametrize(
    ("hours", "days", "local", "expected"),
    [
        ("22:00-02:00", "fri", "2026-11-27T23:30", True),  # Friday night
        ("22:00-02:00", "fri", "2026-11-28T01:59", True),  # …into Saturday
        ("22:00-02:00", "fri", "2026-11-28T02:00", False),
        ("22:00-02:00", "fri", "2026-11-27T01:00", False),  # Friday early morning is Thursday's night
        ("22:00-02:00", "sun", "2026-11-30T00:30", True),  # Sunday night into Monday
        ("09:00-18:00", "mon-fri", "2026-11-27T17:59", True),
        ("09:00-18:00", "mon-fri", "2026-11-27T18:00", False),
        ("00:00-24:00", "sat", "2026-11-28T23:59", True),
        ("18:00-24:00", "sat", "2026-11-29T00:00", False),
        ("18:00-00:00", "sat", "2026-11-28T23:00", True),
    ],
)
def test_hours_examples(hours: str, days: str, local: str, expected: bool) -> None:
    routes = _routes("Asia/Tokyo", hours=hours, days=days)
    assert (routes.choose("+819012345678", DIN, dt.datetime.fromisoformat(local)).name == "when") is expected


def test_the_same_instant_is_another_day_in_another_zone() -> None:
    instant = dt.datetime(2026, 11, 27, 20, 0, tzinfo=dt.UTC)  # Friday 20:00 UTC, Saturday 05:00 in Tokyo
    assert _routes("UTC", days="fri").choose(None, DIN, instant).name == "when"
    assert _routes("Asia/Tokyo", days="fri").choose(None, DIN, instant).name == "else"


def test_daylight_saving_time_is_followed() -> None:
    routes = _routes("Europe/London", hours="09:00-10:00")
    summer = dt.datetime(2026, 7, 1, 8, 30, tzinfo=dt.UTC)  # 09:30 BST
    winter = dt.datetime(2026, 1, 5, 8, 30, tzinfo=dt.UTC)  # 08:30 GMT
    assert routes.choose(None, DIN, summer).name == "when"
    assert routes.choose(None, DIN, winter).name == "else"


@settings(max_examples=200, deadline=None)
@given(day=st.dates(dt.date(2020, 1, 1), dt.date(2031, 12, 31)), hour=st.integers(0, 23))
def test_holidays_and_not_holidays_follow_the_holidays_package(day: dt.date, hour: int) -> None:
    japan = holidays.country_holidays("JP")
    at = dt.datetime.combine(day, dt.time(hour))
    on = _routes("Asia/Tokyo", holidays="JP").choose(None, DIN, at).name == "when"
    off = _routes("Asia/Tokyo", not_holidays="JP").choose(None, DIN, at).name == "when"
    assert on is (day in japan)
    assert off is (day not in japan)


def test_holidays_of_several_countries_and_a_subdivision() -> None:
    routes = _routes("UTC", holidays=["JP", "US-CA"])
    assert routes.choose(None, DIN, dt.datetime(2026, 7, 4, 12)).name == "when"  # Independence Day (observed 3rd)
    assert routes.choose(None, DIN, dt.datetime(2026, 5, 5, 12)).name == "when"  # こどもの日
    assert routes.choose(None, DIN, dt.datetime(2026, 6, 10, 12)).name == "else"
    assert routes.choose(None, DIN, dt.datetime(2026, 3, 31, 12)).name == "when"  # César Chávez Day, California


@settings(max_examples=200, deadline=None)
@given(
    ranges=st.lists(
        st.tuples(st.dates(dt.date(2026, 1, 1), dt.date(2027, 12, 31)), st.integers(0, 40)), min_size=1, max_size=3
    ),
    day=st.dates(dt.date(2026, 1, 1), dt.date(2028, 2, 28)),
)
def test_dates_and_ranges_include_both_ends(ranges: list[tuple[dt.date, int]], day: dt.date) -> None:
    written = [f"{first}/{first + dt.timedelta(days=n)}" if n else first for first, n in ranges]
    routes = _routes("Asia/Tokyo", dates=written)
    expected = any(first <= day <= first + dt.timedelta(days=n) for first, n in ranges)
    assert (routes.choose(None, DIN, dt.datetime.combine(day, dt.time(12))).name == "when") is expected


# --- callers and recipients ------------------------------------------------------------------------


def test_callers_numbers_prefixes_withheld_and_recipients() -> None:
    routes = Routes(
        [
            Route("hidden", ANSWER, caller="withheld"),
            Route("boss", ANSWER, caller=["+819012345678", "+8170*"], recipient=DIN),
            Route("else", OTHER),
        ]
    )
    assert routes.choose(None, DIN).name == "hidden"
    assert routes.choose("", DIN).name == "hidden"
    assert routes.choose("anonymous", DIN).name == "hidden"
    assert routes.choose(" 819012345678", DIN).name == "boss"  # the + of an unencoded query became a space
    assert routes.choose("+817011112222", DIN).name == "boss"
    assert routes.choose("+817011112222", "+815099999999").name == "else"
    assert routes.choose("+819012345679", DIN).name == "else"


@pytest.mark.parametrize(
    ("raw", "withheld_ok", "expected"),
    [
        ("+819012345678", True, ("+819012345678", None)),
        (" 819012345678", True, ("+819012345678", None)),
        ("819012345678", False, ("+819012345678", None)),
        (None, True, (None, None)),
        ("Anonymous", True, (None, None)),
        (None, False, (None, "no recipient number")),
        ("+0123", True, (None, "the caller '+0123' is not an E.164 number")),
        ("abc", False, (None, "the recipient 'abc' is not an E.164 number")),
        ("+1234567890123456", True, (None, "the caller '+1234567890123456' is not an E.164 number")),
        ("١٢٣٤", True, (None, "the caller '١٢٣٤' is not an E.164 number")),
    ],
)
def test_reading_query_numbers(raw: str | None, withheld_ok: bool, expected: tuple[str | None, str | None]) -> None:
    assert read_number(raw, withheld_ok=withheld_ok) == expected


@given(caller=st.text(max_size=20), recipient=st.text(max_size=20), instant=instants)
def test_any_query_gets_a_route_and_unreadable_numbers_the_fallback(
    caller: str, recipient: str, instant: dt.datetime
) -> None:
    routes = Routes([Route("anyone", ANSWER, caller="+*"), Route("else", OTHER)])
    decision = routes.decide(caller, recipient, instant)
    if decision.call is None:
        assert decision.route.name == "else" and decision.problem
    else:
        assert decision.route.name == ("anyone" if decision.call.caller else "else")


# --- one route covering another --------------------------------------------------------------------

raw_conditions = st.fixed_dictionaries(
    {},
    optional={
        "recipient": st.lists(st.sampled_from([DIN, "+815011112222"]), min_size=1, max_size=2),
        "caller": st.lists(
            st.sampled_from(["withheld", "+819012345678", "+8190*", "+81*", "+817011112222"]), min_size=1, max_size=3
        ),
        "days": st.lists(st.sampled_from([*DAYS, "mon-fri", "sat-sun", "fri-mon"]), min_size=1, max_size=3),
        "hours": st.lists(st.builds(_text, hour_ranges), min_size=1, max_size=2),
        "dates": st.lists(st.sampled_from(["2026-05-05", "2026-05-01/2026-05-10", "2026-12-24"]), min_size=1),
        "holidays": st.sampled_from(["JP", ["JP", "US"]]),
        "not-holidays": st.sampled_from(["JP", ["JP", "US"]]),
    },
)
calls = st.builds(
    Call,
    st.sampled_from([None, "+819012345678", "+819099990000", "+817011112222", "+815011112222"]),
    st.sampled_from([DIN, "+815011112222"]),
    st.datetimes(dt.datetime(2026, 4, 25), dt.datetime(2026, 5, 15)).map(lambda d: d.replace(tzinfo=dt.UTC))
    | st.datetimes(dt.datetime(2026, 12, 20), dt.datetime(2026, 12, 31)).map(lambda d: d.replace(tzinfo=dt.UTC)),
)


def _conditions(raw: dict[str, Any]) -> Conditions:
    conditions, problems = parse_conditions(raw)
    assume(not problems)
    return conditions


def _parsed(raw: dict[str, Any]) -> Conditions:
    conditions, problems = parse_conditions(raw)
    assert not problems, problems
    return conditions


def _matches(conditions: Conditions, call: Call) -> bool:
    return conditions.matches(call)


@settings(max_examples=400, deadline=None)
@given(outer=raw_conditions, inner=raw_conditions, probes=st.lists(calls, min_size=1, max_size=20))
def test_a_route_said_to_cover_another_matches_every_call_the_other_matches(
    outer: dict[str, Any], inner: dict[str, Any], probes: list[Call]
) -> None:
    a, b = _conditions(outer), _conditions(inner)
    assert a.covers(a)
    if a.covers(b):
        for call in probes:
            if _matches(b, call):
                assert _matches(a, call), (outer, inner, call)


def test_covering_examples() -> None:
    def covers(outer: dict[str, Any], inner: dict[str, Any]) -> bool:
        return _parsed(outer).covers(_parsed(inner))

    assert covers({}, {"days": "mon"})
    assert covers({"days": "mon-fri"}, {"days": "mon", "hours": "09:00-12:00"})
    assert not covers({"days": "mon"}, {"days": "mon", "hours": "22:00-02:00"})  # Tuesday's small hours
    assert covers({"caller": "+81*"}, {"caller": ["+8190*", "+819012345678"]})
    assert not covers({"caller": "+81*"}, {"caller": ["+81*", "withheld"]})
    assert covers({"dates": ["2026-05-01/2026-05-03", "2026-05-04/2026-05-06"]}, {"dates": "2026-05-02/2026-05-05"})
    assert covers({"not-holidays": "JP"}, {"not-holidays": ["JP", "US"]})
    assert not covers({"not-holidays": ["JP", "US"]}, {"not-holidays": "JP"})
    assert covers({"holidays": ["JP", "US"]}, {"holidays": "JP"})
    assert not covers({"recipient": DIN}, {})


def test_contradictions() -> None:
    _, problems = parse_conditions({"holidays": "JP", "not-holidays": ["JP", "US"]})
    assert [p.rule.code for p in problems] == ["DA508"]
    _, problems = parse_conditions({"holidays": ["JP", "US"], "not-holidays": "JP"})
    assert problems == []  # a US holiday that is a Japanese working day
    _, problems = parse_conditions({"dates": "2026-11-28", "days": "mon-fri"})  # a Saturday
    assert [(p.rule.code, p.where) for p in problems] == [("DA508", ("dates",))]
    _, problems = parse_conditions({"dates": "2026-11-28", "days": "fri", "hours": "22:00-02:00"})
    assert problems == []  # Friday night reaches into Saturday
