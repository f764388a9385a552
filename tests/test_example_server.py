"""examples/server.py, fetched over loopback the way Xoxzo fetches an action URL."""

from __future__ import annotations

import importlib.util
import re
import socket
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dinaction import Say, Script, Transfer, Voicemail, lint, parse
from dinaction.strategies import e164_numbers

SERVER_PY = Path(__file__).resolve().parents[1] / "examples" / "server.py"
TOKYO_DIN = "+815012345678"
KNOWN_CALLER = "+819012345678"
STRANGER = "+447400123456"
#: a Wednesday, 11:00 in Tokyo (02:00 UTC), and 21:00 the same day
OPEN = datetime(2025, 6, 4, 2, 0, tzinfo=UTC)
CLOSED = datetime(2025, 6, 4, 12, 0, tzinfo=UTC)


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dinaction_example_server", SERVER_PY)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


server_py: Any = _load()


class Clock:
    """A settable clock for the server (it asks on every request)."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(OPEN)


@pytest.fixture
def base_url(clock: Clock) -> Iterator[str]:
    server = server_py.ActionServer(("127.0.0.1", 0), clock=clock)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def fetch(base_url: str, query: str) -> tuple[str, bytes]:
    """GET the action URL; (content type, body)."""
    with urllib.request.urlopen(f"{base_url}/?{query}", timeout=10) as response:
        assert response.status == 200
        return response.headers["Content-Type"], response.read()


def xoxzo_query(caller: str | None, recipient: str = TOKYO_DIN) -> str:
    """The query Xoxzo sends: E.164 numbers, their `+` percent-encoded."""
    params = {"recipient": recipient} if caller is None else {"caller": caller, "recipient": recipient}
    return urlencode(params)


def test_xoxzo_query_encodes_the_plus() -> None:
    assert xoxzo_query(KNOWN_CALLER) == "caller=%2B819012345678&recipient=%2B815012345678"


@pytest.mark.parametrize(
    ("query", "now", "expected"),
    [
        (xoxzo_query(KNOWN_CALLER), OPEN, Script([Transfer("+81312345678", caller=KNOWN_CALLER)])),
        (xoxzo_query(STRANGER), OPEN, Script([Transfer("+81336042000")])),
        (xoxzo_query(None), OPEN, Script([Say("ja", "恐れ入りますが、番号を通知しておかけ直しください。")])),
        (
            "caller=&recipient=%2B815012345678",
            OPEN,
            Script([Say("ja", "恐れ入りますが、番号を通知しておかけ直しください。")]),
        ),
        (
            "caller=anonymous&recipient=%2B815012345678",
            OPEN,
            Script([Say("ja", "恐れ入りますが、番号を通知しておかけ直しください。")]),
        ),
        # a `+` left unencoded arrives as a space: still the known caller
        ("caller=+819012345678&recipient=+815012345678", OPEN, Script([Transfer("+81312345678", caller=KNOWN_CALLER)])),
        (xoxzo_query(KNOWN_CALLER), CLOSED, Script([Voicemail(Say("ja", server_py.WORDS["ja"]["closed"]))])),
        (xoxzo_query(STRANGER, recipient="+81300000000"), OPEN, Script([Say("en", "This number is not in service.")])),
        ("", OPEN, Script([Say("en", "This number is not in service.")])),
    ],
    ids=[
        "known",
        "stranger",
        "anonymous",
        "empty-caller",
        "anonymous-word",
        "unencoded-plus",
        "closed",
        "other-din",
        "no-query",
    ],
)
def test_the_server_answers_with_clean_action_text(
    base_url: str, clock: Clock, query: str, now: datetime, expected: Script
) -> None:
    clock.now = now
    content_type, body = fetch(base_url, query)
    assert content_type == "text/plain; charset=utf-8"
    assert lint(body) == []
    assert parse(body) == expected
    assert body == expected.render().encode("utf-8")


def test_the_clock_decides_between_transfer_and_voicemail_across_a_day(base_url: str, clock: Clock) -> None:
    seen = []
    for hour in range(24):
        clock.now = datetime(2025, 6, 4, tzinfo=timezone(timedelta(hours=9))) + timedelta(hours=hour)
        _, body = fetch(base_url, xoxzo_query(STRANGER))
        assert lint(body) == []
        seen.append(type(parse(body).actions[0]).__name__)
    assert seen == ["Voicemail"] * 9 + ["Transfer"] * 9 + ["Voicemail"] * 6
    clock.now = datetime(2025, 6, 7, 11, 0, tzinfo=timezone(timedelta(hours=9)))  # a Saturday
    _, body = fetch(base_url, xoxzo_query(STRANGER))
    assert isinstance(parse(body).actions[0], Voicemail)


@settings(max_examples=300, deadline=None)
@given(
    caller=st.one_of(e164_numbers(), st.none(), st.text(max_size=20)),
    recipient=st.one_of(st.sampled_from(sorted(server_py.OFFICES)), e164_numbers(), st.text(max_size=20)),
    now=st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 1, 1), timezones=st.just(UTC)),
)
def test_every_answer_is_clean_whoever_calls_whenever(caller: str | None, recipient: str, now: datetime) -> None:
    script = server_py.choose_action(caller, recipient, now, server_py.OFFICES)
    assert lint(script.render()) == []


def test_the_script_serves_on_a_free_port() -> None:
    process = subprocess.Popen(
        [sys.executable, str(SERVER_PY), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert match, line
        content_type, body = fetch(match.group(0).rstrip("/"), xoxzo_query(STRANGER))
        assert content_type == "text/plain; charset=utf-8"
        assert lint(body) == []
    finally:
        process.terminate()
        process.wait(10)
        if process.stdout is not None:
            process.stdout.close()
        if process.stderr is not None:
            process.stderr.close()


def test_a_port_in_use_is_one_line_and_exit_2() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, str(SERVER_PY), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        f"server.py: cannot listen on 127.0.0.1:{port}: the port is in use: choose another with --port (0 picks a free one)\n"
    )
