"""``dinaction serve --check``, ``dinaction route`` and ``dinaction serve``: in-process, and as a user runs them."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from dinaction import cli
from dinaction.rules import find_rule
from dinaction.serve import commands

from .conftest import EXAMPLE, TOKYO_DIN, MakeRoutes

SCRIPT = str(Path(sys.executable).parent / "dinaction")


def test_check_passes_the_example_and_says_so() -> None:
    out = io.StringIO()
    assert commands.check(EXAMPLE, stream=out) == 0
    assert out.getvalue().endswith(f"{EXAMPLE / 'routes.toml'}: 6 routes, ready to serve\n")


def test_check_prints_every_finding_and_fails(make_routes: MakeRoutes) -> None:
    rule = find_rule("routes-unreachable")
    assert rule is not None and isinstance(rule.bad, str)
    directory = make_routes(rule.bad)
    out = io.StringIO()
    assert commands.check(directory, stream=out) == 1
    text = out.getvalue()
    assert f"{directory / 'routes.toml'}:7:8: error DA507 route `monday-morning` is never chosen" in text
    assert text.endswith("cannot be served: 1 error\n")
    as_json = io.StringIO()
    assert commands.check(directory, "json", stream=as_json) == 1
    assert [(f["line"], f["column"], f["code"]) for f in json.loads(as_json.getvalue())] == [(7, 8, "DA507")]


def test_check_usage_errors_exit_2_with_one_line(tmp_path: Path) -> None:
    out = io.StringIO()
    assert commands.check(tmp_path, stream=out) == 2
    assert out.getvalue().count("\n") == 1 and out.getvalue().startswith("dinaction: error: ")
    assert commands.check(EXAMPLE, "yaml", stream=io.StringIO()) == 2


def test_route_explains_the_choice() -> None:
    out = io.StringIO()
    code = commands.route(EXAMPLE, caller="+819011112222", recipient=TOKYO_DIN, at="2026-12-24T20:00", stream=out)
    assert code == 0
    assert out.getvalue() == (
        "Call from +819011112222 to +815012345678, 2026-12-24 20:00 (thu, Asia/Tokyo)\n"
        "  1. withheld          no: the caller (+819011112222) is not withheld\n"
        "  2. known-callers     no: the caller (+819011112222) is not any of +819012345678, +8170123*\n"
        "  3. new-year-closure  no: 2026-12-24 is not in 2026-12-29/2027-01-03\n"
        "  4. public-holiday    no: 2026-12-24 is no public holiday in JP\n"
        "  5. office-hours      no: thu 20:00 is outside mon, tue, wed, thu, fri 09:00-12:00, 13:00-18:00\n"
        "→ 6. after-hours       yes (from voicemail.din)\n"
        "\n"
        'Answer: voicemail say ja "ただいま営業時間外です。発信音の後にメッセージをお残しください。"\n'
        "The caller hears the greeting in Japanese TTS: “ただいま営業時間外です。発信音の後にメッセージをお残しください。”, "
        "then can leave a voicemail (heard in the Xoxzo dashboard).\n"
    )


def test_route_json_and_times_with_an_offset() -> None:
    out = io.StringIO()
    # 01:30 UTC on 2027-01-01 is 10:30 in Tokyo, New Year's Day: inside the closure
    assert (
        commands.route(EXAMPLE, caller=None, recipient=TOKYO_DIN, at="2027-01-01T01:30+00:00", as_json=True, stream=out)
        == 0
    )
    body = json.loads(out.getvalue())
    assert body["route"] == "withheld" and body["withheld"] is True and body["passed_over"] == []
    out = io.StringIO()
    commands.route(
        EXAMPLE, caller="+819011112222", recipient=TOKYO_DIN, at="2027-01-01T01:30+00:00", as_json=True, stream=out
    )
    body = json.loads(out.getvalue())
    assert (body["route"], body["position"], body["file"], body["at"]) == (
        "new-year-closure",
        3,
        "closed.din",
        "2027-01-01T10:30:00+09:00",
    )
    assert [p["route"] for p in body["passed_over"]] == ["withheld", "known-callers"]
    assert body["description"].startswith("The caller hears the greeting in Japanese TTS")


def test_route_with_an_unreadable_number_names_the_problem() -> None:
    out = io.StringIO()
    assert commands.route(EXAMPLE, caller="hello", recipient=TOKYO_DIN, stream=out) == 0
    assert "the caller 'hello' is not an E.164 number: the fallback route answers" in out.getvalue()


def test_route_refuses_a_bad_time_and_broken_routes(make_routes: MakeRoutes) -> None:
    out = io.StringIO()
    assert commands.route(EXAMPLE, caller=None, recipient=TOKYO_DIN, at="Christmas", stream=out) == 2
    assert "--at 'Christmas'" in out.getvalue()
    broken = make_routes("[[route]]\nname = 'x'\naction = 'tranfer +81336042000'\n")
    assert commands.route(broken, caller=None, recipient=TOKYO_DIN, stream=io.StringIO()) == 1


def test_the_cli_wires_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.run(["serve", "--check", str(EXAMPLE)]) == 0
    assert "ready to serve" in capsys.readouterr().out
    code = cli.run(
        [
            "route",
            str(EXAMPLE),
            "--recipient",
            TOKYO_DIN,
            "--caller",
            "+819011112222",
            "--at",
            "2026-12-24T10:00",
            "--json",
        ]
    )
    assert code == 0 and json.loads(capsys.readouterr().out)["route"] == "office-hours"
    assert cli.run(["rule", "DA507"]) == 0
    assert capsys.readouterr().out.startswith("## DA507 routes-unreachable\n")


def test_serve_refuses_to_start_on_broken_routes(make_routes: MakeRoutes) -> None:
    out = io.StringIO()
    directory = make_routes("[[route]]\nname = 'x'\ndays = 'mon'\naction = 'transfer +81336042000'\n")
    assert commands.serve(directory, port=0, stream=out) == 1
    assert "DA506" in out.getvalue() and out.getvalue().endswith("; not serving\n")


def test_dinaction_serve_runs_on_uvicorn_until_interrupted(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [SCRIPT, "serve", str(EXAMPLE), "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stderr is not None
        first = process.stderr.readline()
        assert first.startswith(f"serving 6 routes from {EXAMPLE} on http://127.0.0.1:"), first
        base = first.rsplit(" ", 1)[1].strip()
        deadline = time.monotonic() + 10
        while True:
            try:
                answer = httpx.get(base, params={"caller": "+819012345678", "recipient": TOKYO_DIN}, timeout=5)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        assert answer.text == "transfer +81312345678\n"
        process.send_signal(2)  # Ctrl-C
        _, rest = process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 130  # interrupted: uvicorn shuts down cleanly, then the usual exit status
    assert "Traceback" not in rest and "Finished server process" in rest
    assert '"route": "known-callers"' in rest and '"caller": "+81…5678"' in rest


def test_the_listening_socket_turns_nagle_off() -> None:
    """A small answer in two writes (head, body) must not wait for the client's delayed ACK."""
    import socket

    sock = commands.bind("127.0.0.1", 0)
    try:
        assert sock.proto == socket.IPPROTO_TCP  # asyncio sets TCP_NODELAY on accepted sockets only then
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
    finally:
        sock.close()
