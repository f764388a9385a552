"""Routes built in Python: checked as a routes file is, decided by the same function."""

from __future__ import annotations

import datetime as dt

import pytest

from dinaction import ActionError, Say, Script, Transfer, Voicemail
from dinaction.serve import Route, Routes, RoutesError
from dinaction.settings import Settings

DIN = "+815012345678"


def test_a_web_handler_chooses_and_serves() -> None:
    routes = Routes(
        [
            Route("withheld", Say("ja", "番号を通知しておかけ直しください。"), caller="withheld"),
            Route("office", Transfer("+81336042000"), days="mon-fri", hours="09:00-18:00", not_holidays="JP"),
            Route("closed", Voicemail(Say("ja", "ただいま営業時間外です。"))),
        ],
        timezone="Asia/Tokyo",
    )
    route = routes.choose("+819011112222", DIN, dt.datetime(2026, 12, 24, 10, 0))
    assert (route.name, route.body, route.content_type) == (
        "office",
        b"transfer +81336042000\n",
        "text/plain; charset=utf-8",
    )
    assert routes.choose("+819011112222", DIN, dt.datetime(2026, 12, 23, 10, 0)).name == "office"
    assert routes.choose("+819011112222", DIN, dt.datetime(2027, 1, 1, 10, 0)).name == "closed"  # New Year's Day
    assert routes.choose(None, DIN).name == "withheld"
    assert routes.fallback.name == "closed"


def test_actions_as_text_a_script_or_a_node_all_serve_canonical_text() -> None:
    assert Route("a", 'SAY EN  "Hi"').text == 'say en "Hi"\n'
    assert Route("a", 'SAY EN  "Hi"').diagnostics != ()  # warnings stay on the route
    two = Script([Say("en", "Hello"), Transfer("+81336042000")], max_actions=2)
    assert Route("a", two, settings=Settings(max_actions=2)).text == 'say en "Hello"\ntransfer +81336042000\n'
    with pytest.raises(RoutesError) as caught:
        Route("a", two)  # one action per call unless configured
    assert [(d.field, d.code) for d in caught.value.diagnostics] == [("action", "DA101")]
    with pytest.raises(TypeError, match="not int"):
        Route("a", 42)  # type: ignore[arg-type]


def test_bad_conditions_name_the_argument_and_the_rule() -> None:
    with pytest.raises(RoutesError) as caught:
        Route("a", "tranfer +81336042000", hours=["09:00-18:00", "9-5"], caller="+81 90", days=[])
    found = [(d.field, d.code) for d in caught.value.diagnostics]
    assert found == [("caller", "DA503"), ("days", "DA503"), ("hours[1]", "DA503"), ("action", "DA002")]
    assert isinstance(caught.value, ActionError) and isinstance(caught.value, ValueError)
    assert "hours[1]: hours: `9-5` is not a range of hours" in str(caught.value)
    with pytest.raises(RoutesError, match="DA508"):
        Route("a", "transfer +81336042000", holidays="JP", not_holidays="JP")
    with pytest.raises(RoutesError, match="needs a name"):
        Route("", "transfer +81336042000")


def test_the_list_is_checked_as_a_routes_file_is() -> None:
    office = Route("office", "transfer +81336042000", days="mon-fri")
    closed = Route("closed", "transfer +81336042000")
    with pytest.raises(RoutesError) as caught:
        Routes([office])
    assert [(d.field, d.code) for d in caught.value.diagnostics] == [("routes[0]", "DA506")]
    with pytest.raises(RoutesError) as caught:
        Routes([office, Route("monday", "transfer +81336042000", days="mon"), closed])
    assert [(d.field, d.code) for d in caught.value.diagnostics] == [("routes[1].name", "DA507")]
    assert "matched first by `office` (route 1)" in caught.value.diagnostics[0].message
    with pytest.raises(RoutesError) as caught:
        Routes([office, office, closed], timezone="Mars/Olympus")
    assert [(d.field, d.code) for d in caught.value.diagnostics] == [
        ("timezone", "DA503"),
        ("routes[1].name", "DA504"),
        ("routes[1].name", "DA507"),
    ]
    with pytest.raises(RoutesError, match="no routes"):
        Routes([])
    with pytest.raises(TypeError, match="Route objects"):
        Routes(["office"])  # type: ignore[list-item]
