"""``dinaction din …`` and ``dinaction check-url`` against the loopback fakes, through typer's CliRunner."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator

import pytest
import typer
from typer.testing import CliRunner, Result

from dinaction.cli import din
from dinaction.cli.app import app as dinaction_app
from tests.xoxzo_fake import SID, TOKEN, ActionServer, FakeXoxzo

SUBS = "/voice/dins/subscriptions/"
UID = "JPafr34rafic76tf"


APP = dinaction_app


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeXoxzo]:
    with FakeXoxzo.running() as server:
        monkeypatch.setenv("XOXZO_API_URL", server.url)
        monkeypatch.setenv("XOXZO_API_SID", SID)
        monkeypatch.setenv("XOXZO_API_AUTH_TOKEN", TOKEN)
        yield server
        assert server.errors == []


@pytest.fixture
def actions() -> Iterator[ActionServer]:
    with ActionServer.running() as server:
        yield server


@pytest.fixture
def tty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(din, "_interactive", lambda: True)


def run(*args: str, input: str | None = None, app: typer.Typer = APP) -> Result:
    result = CliRunner().invoke(app, list(args), input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    for secret in (TOKEN, SID):
        assert secret not in result.output
    return result


def one_error_line(result: Result) -> str:
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("dinaction: error: ")
    return lines[0]


# --------------------------------------------------------------------------- din list


def test_list_table(fake: FakeXoxzo) -> None:
    result = run("din", "list")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["DIN", "UID", "Number", "Monthly", "Per", "minute"]
    assert "JPafr34rafic76tf" in lines[2] and "+81 50-1234-5678 (Japan)" in lines[2]
    assert "650 credits" in lines[2] and "1 credit " in lines[2] + " "
    assert "+1 202-555-0123 (United States)" in result.stdout


def test_list_filters_and_json(fake: FakeXoxzo) -> None:
    result = run("din", "list", "--country", "JP", "--prefix", "813", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == [
        {
            "din_uid": "JPascfdrwersdf12",
            "din": "81312345678",
            "e164": "+81312345678",
            "country_code": "81",
            "prefix": "3",
            "minute_cost": 10.0,
            "monthly_cost": 1900.0,
        }
    ]
    assert fake.log[0].query == {"country": ["JP"], "prefix": ["813"]}


def test_list_empty(fake: FakeXoxzo) -> None:
    result = run("din", "list", "--country", "FR")
    assert result.exit_code == 0
    assert result.stdout == "No DINs available for that filter.\n"


def test_list_bad_country_is_a_usage_error(fake: FakeXoxzo) -> None:
    result = run("din", "list", "--country", "Japan")
    assert result.exit_code == 2
    assert one_error_line(result) == "dinaction: error: country must be a two-letter code such as JP, got 'Japan'"
    assert fake.log == []


@pytest.mark.parametrize(
    "args",
    [
        ("din", "list"),
        ("din", "subscriptions"),
        ("din", "subscribe", UID, "--yes"),
        ("din", "set-action", UID, "https://example.com/a"),
        ("din", "unsubscribe", UID, "--yes"),
    ],
)
def test_missing_credentials(monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]) -> None:
    monkeypatch.delenv("XOXZO_API_SID", raising=False)
    monkeypatch.delenv("XOXZO_API_AUTH_TOKEN", raising=False)
    result = run(*args)
    assert result.exit_code == 2
    assert one_error_line(result) == (
        "dinaction: error: missing Xoxzo credentials: set XOXZO_API_SID and XOXZO_API_AUTH_TOKEN"
    )


def test_wrong_credentials_are_an_api_refusal(fake: FakeXoxzo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XOXZO_API_AUTH_TOKEN", "not-the-token")
    result = run("din", "list")
    assert result.exit_code == 1
    line = one_error_line(result)
    assert "401 Unauthorized: Invalid sid/token" in line
    assert "not-the-token" not in result.output


def test_plain_http_base_url_is_refused(fake: FakeXoxzo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XOXZO_API_URL", "http://api.xoxzo.com")
    result = run("din", "subscriptions")
    assert result.exit_code == 2
    assert "refusing plain http://" in one_error_line(result)


def test_server_error_after_retries(fake: FakeXoxzo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("time.sleep", lambda _s: None)
    fake.fail("GET", SUBS, 503, "maintenance", times=10)
    result = run("din", "subscriptions")
    assert result.exit_code == 1
    assert one_error_line(result) == (
        "dinaction: error: GET /voice/dins/subscriptions/: 503 Service Unavailable: “maintenance”"
    )
    assert len(fake.log) == 4


# --------------------------------------------------------------------------- din subscribe


def test_subscribe_without_tty_needs_yes(fake: FakeXoxzo) -> None:
    result = run("din", "subscribe", UID)
    assert result.exit_code == 2
    assert "--yes" in one_error_line(result)
    assert fake.requests("POST") == []


def test_subscribe_with_yes(fake: FakeXoxzo) -> None:
    result = run("din", "subscribe", UID, "--yes")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        "Subscribed to +81 50-1234-5678 (Japan) [JPafr34rafic76tf]: 650 credits a month, "
        "charged now, and 1 credit a minute of incoming calls."
    )
    assert f"dinaction din set-action {UID}" in result.stdout
    assert len(fake.requests("POST", SUBS)) == 1
    assert fake.credits == 5000 - 650


@pytest.mark.usefixtures("tty")
def test_subscribe_asks_and_shows_the_cost(fake: FakeXoxzo) -> None:
    result = run("din", "subscribe", UID, input="n\n")
    assert result.exit_code == 1
    assert "650 credits a month, charged now" in result.stderr
    assert result.stderr.endswith("dinaction: error: not subscribed; nothing was charged\n")
    assert fake.requests("POST") == []

    result = run("din", "subscribe", UID, input="y\n")
    assert result.exit_code == 0
    assert len(fake.requests("POST", SUBS)) == 1


def test_subscribe_unknown_din(fake: FakeXoxzo) -> None:
    result = run("din", "subscribe", "JPnosuchdin00000", "--yes")
    assert result.exit_code == 1
    assert "not among the available DINs" in one_error_line(result)
    assert fake.requests("POST") == []


def test_subscribe_without_credits(fake: FakeXoxzo) -> None:
    fake.credits = 100
    result = run("din", "subscribe", UID, "--yes")
    assert result.exit_code == 1
    assert one_error_line(result) == (
        "dinaction: error: POST /voice/dins/subscriptions/: 403 Forbidden: Not enough credits, required: 650"
    )


def test_subscribe_503_is_not_retried(fake: FakeXoxzo) -> None:
    fake.fail("POST", SUBS, 503, "down for maintenance")
    result = run("din", "subscribe", UID, "--yes")
    assert result.exit_code == 1
    assert "503 Service Unavailable" in one_error_line(result)
    assert len(fake.requests("POST", SUBS)) == 1


def test_subscribe_json(fake: FakeXoxzo) -> None:
    result = run("din", "subscribe", UID, "--yes", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "din_uid": UID,
        "din": "815012345678",
        "e164": "+815012345678",
        "action_url": None,
    }


# --------------------------------------------------------------------------- din subscriptions


def test_subscriptions_table_and_json(fake: FakeXoxzo) -> None:
    assert run("din", "subscriptions").stdout == "No subscriptions. Find a number with `dinaction din list`.\n"
    fake.subscribe_now(UID, "https://example.com/[menu]")
    result = run("din", "subscriptions")
    assert result.exit_code == 0
    row = result.stdout.splitlines()[2]
    assert row.split()[0] == UID
    assert "+81 50-1234-5678 (Japan)" in row
    assert "https://example.com/[menu]" in row  # no rich markup eaten
    result = run("din", "subscriptions", "--json")
    assert json.loads(result.stdout)[0]["action_url"] == "https://example.com/[menu]"


# --------------------------------------------------------------------------- din set-action


def test_set_action_checks_first(fake: FakeXoxzo, actions: ActionServer) -> None:
    fake.subscribe_now(UID)
    url = actions.serve("/ivr", 'say en "Thanks for calling"\n')
    result = run("din", "set-action", UID, url, "--allow-private")
    assert result.exit_code == 0, result.stderr
    # the pre-flight called with this DIN as the recipient
    assert actions.log == ["/ivr?caller=+8180123456789&recipient=+815012345678"]
    assert "ok: The caller hears TTS in English: “Thanks for calling”." in result.stdout
    assert result.stdout.splitlines()[-1] == f"Action URL of {UID} set to {url}"
    assert fake.subscriptions[UID]["action"] == {"url": url}


def test_set_action_refuses_a_failing_check(fake: FakeXoxzo, actions: ActionServer) -> None:
    fake.subscribe_now(UID)
    url = actions.serve("/ivr", "playbak https://example.com/a.mp3\n")
    result = run("din", "set-action", UID, url, "--allow-private")
    assert result.exit_code == 1
    assert "1:1: DA002 error: unknown action `playbak`; did you mean `playback`?" in result.stdout
    assert one_error_line(result) == (
        "dinaction: error: action URL not set: the action text has 1 error; --skip-check sets it anyway"
    )
    assert fake.requests("POST") == []


def test_set_action_refuses_a_private_host(fake: FakeXoxzo, actions: ActionServer) -> None:
    fake.subscribe_now(UID)
    url = actions.serve("/ivr", 'say en "hi"\n')
    result = run("din", "set-action", UID, url)
    assert result.exit_code == 1
    line = one_error_line(result)
    assert "cannot reach 127.0.0.1 from the public internet" in line and "--allow-private" in line
    assert actions.log == []
    assert "GET" not in result.stdout
    assert fake.requests("POST") == []


def test_set_action_skip_check(fake: FakeXoxzo, actions: ActionServer) -> None:
    fake.subscribe_now(UID)
    url = actions.serve("/ivr", "not even an action")
    result = run("din", "set-action", UID, url, "--skip-check")
    assert result.exit_code == 0
    assert actions.log == []
    assert result.stderr.startswith("warning: Xoxzo cannot reach this URL")
    assert fake.subscriptions[UID]["action"] == {"url": url}


def test_set_action_on_a_din_not_held(fake: FakeXoxzo) -> None:
    result = run("din", "set-action", UID, "https://example.com/a")
    assert result.exit_code == 1
    assert "not among your subscriptions" in one_error_line(result)
    result = run("din", "set-action", UID, "https://example.com/a", "--skip-check")
    assert result.exit_code == 1
    assert one_error_line(result).endswith("(is the DIN UID among `dinaction din subscriptions`?)")


def test_set_action_bad_url_is_a_usage_error(fake: FakeXoxzo) -> None:
    fake.subscribe_now(UID)
    result = run("din", "set-action", UID, "example.com/a")
    assert result.exit_code == 2
    assert "not an http:// or https:// URL" in one_error_line(result)


def test_set_action_json(fake: FakeXoxzo, actions: ActionServer) -> None:
    fake.subscribe_now(UID)
    url = actions.serve("/ivr", "transfer +81336042000\n")
    result = run("din", "set-action", UID, url, "--allow-private", "--json")
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    assert payload["set"] is True
    assert payload["subscription"]["action_url"] == url
    assert payload["check"]["description"] == "The caller is transferred to +81 3-3604-2000 (Japan)."


# --------------------------------------------------------------------------- din unsubscribe


def test_unsubscribe(fake: FakeXoxzo) -> None:
    fake.subscribe_now(UID)
    result = run("din", "unsubscribe", UID)
    assert result.exit_code == 2
    assert "--yes" in one_error_line(result)
    result = run("din", "unsubscribe", UID, "--yes")
    assert result.exit_code == 0
    assert result.stdout == f"Unsubscribed from {UID}.\n"
    assert fake.subscriptions == {}


@pytest.mark.usefixtures("tty")
def test_unsubscribe_asks(fake: FakeXoxzo) -> None:
    fake.subscribe_now(UID)
    result = run("din", "unsubscribe", UID, input="n\n")
    assert result.exit_code == 1
    assert fake.requests("DELETE") == []
    result = run("din", "unsubscribe", UID, input="y\n")
    assert result.exit_code == 0
    assert len(fake.requests("DELETE")) == 1


def test_unsubscribe_unknown(fake: FakeXoxzo) -> None:
    result = run("din", "unsubscribe", "JPnotmine0000000", "--yes")
    assert result.exit_code == 1
    assert one_error_line(result) == (
        "dinaction: error: DELETE /voice/dins/subscriptions/JPnotmine0000000/: 404 Not Found: (empty body)"
        " (is the DIN UID among `dinaction din subscriptions`?)"
    )


# --------------------------------------------------------------------------- check-url


def test_check_url_ok(actions: ActionServer) -> None:
    url = actions.serve("/a", 'voicemail say en "You\'ve reached ABC."\n')
    result = run("check-url", url, "--allow-private", "--caller", "+819011112222", "--recipient", "+81312345678")
    assert result.exit_code == 0, result.stderr
    assert actions.log == ["/a?caller=+819011112222&recipient=+81312345678"]
    assert result.stdout.splitlines() == [
        f"GET {url}?caller=+819011112222&recipient=+81312345678",
        "answer: 200, text/plain; charset=utf-8",
        "ok: The caller hears the greeting in English TTS: “You've reached ABC.”, then can leave a voicemail "
        "(heard in the Xoxzo dashboard).",
    ]


def test_check_url_failures(actions: ActionServer) -> None:
    url = actions.serve("/a", 'say en "こんにちは"\nsay en "two"\n')
    result = run("check-url", url, "--allow-private")
    assert result.exit_code == 1
    assert any(line.startswith("1:8: DA406 warning:") for line in result.stdout.splitlines())
    assert one_error_line(result).startswith("dinaction: error: check failed: the action text has")

    url = actions.serve("/b", "gone", status=410)
    result = run("check-url", url, "--allow-private")
    assert result.exit_code == 1
    assert "answered 410 Gone" in one_error_line(result)

    result = run("check-url", url)
    assert result.exit_code == 1
    assert "cannot reach 127.0.0.1" in one_error_line(result)
    assert result.stdout == ""


def test_check_url_redirect_is_said(actions: ActionServer) -> None:
    actions.serve("/new", 'say en "moved"')
    actions.redirect("/old", "/new")
    result = run("check-url", actions.url + "/old", "--allow-private")
    assert result.exit_code == 0
    assert f"warning: 302 redirect to {actions.url}/new followed" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("ftp://example.com/a",), "not an http:// or https:// URL"),
        (("https://example.com/a", "--caller", "0312345678"), "caller must be an E.164 number"),
        (("https://example.com/a", "--recipient", "+1"), "recipient must be an E.164 number"),
    ],
)
def test_check_url_bad_arguments(args: tuple[str, ...], message: str) -> None:
    result = run("check-url", *args)
    assert result.exit_code == 2
    assert message in one_error_line(result)


def test_check_url_json(actions: ActionServer) -> None:
    url = actions.serve("/a", "playbak https://example.com/a.mp3\n")
    result = run("check-url", url, "--allow-private", "--json")
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert payload["ok"] is False
    assert payload["diagnostics"] == [
        {
            "line": 1,
            "column": 1,
            "code": "DA002",
            "name": "unknown-action",
            "severity": "error",
            "message": "unknown action `playbak`; did you mean `playback`?",
        }
    ]


# --------------------------------------------------------------------------- wiring


def test_importing_the_cli_loads_neither_httpx_nor_rich() -> None:
    code = "import sys, dinaction.cli.app; print(sorted(m for m in ('httpx', 'rich') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_through_the_dinaction_command(
    fake: FakeXoxzo, actions: ActionServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """In-process, as the console script runs them: no typer test runner between."""
    from dinaction.cli import main

    assert main(["din", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["din_uid"]
    url = actions.serve("/a", 'say en "hi"')
    assert main(["check-url", url, "--allow-private"]) == 0
    assert "ok: The caller hears TTS in English: “hi”." in capsys.readouterr().out
    assert main(["check-url", url]) == 1
    assert capsys.readouterr().err.startswith("dinaction: error: ")
