"""The DIN API client against a real HTTP server on loopback (tests/xoxzo_fake.py)."""

from __future__ import annotations

import asyncio
import base64
import email.utils
import logging
import re
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, quote_plus

import httpx
import pytest

from dinaction.client import (
    AsyncDinClient,
    AuthError,
    ClientConfigError,
    Din,
    DinClient,
    Forbidden,
    InsufficientCredits,
    MissingCredentialsError,
    NetworkError,
    NotFound,
    RateLimited,
    RetryPolicy,
    ServerError,
    Subscription,
    UnexpectedResponseError,
    ValidationError,
    XoxzoError,
)
from tests.xoxzo_fake import SID, TOKEN, FakeXoxzo

SECRETS = (SID, TOKEN, base64.b64encode(f"{SID}:{TOKEN}".encode()).decode())
SUBS = "/voice/dins/subscriptions/"


@dataclass
class FakeTime:
    """A clock that moves only when the client sleeps."""

    now: float = 100.0
    sleeps: list[float] = field(default_factory=list)

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def asleep(self, seconds: float) -> None:
        self.sleep(seconds)

    def clock(self) -> float:
        return self.now

    def wall(self) -> float:
        return 1_700_000_000.0 + self.now


@pytest.fixture
def fake() -> Iterator[FakeXoxzo]:
    with FakeXoxzo.running() as server:
        yield server


@pytest.fixture
def clock() -> FakeTime:
    return FakeTime()


@pytest.fixture
def client(fake: FakeXoxzo, clock: FakeTime) -> Iterator[DinClient]:
    with make_client(fake, clock) as c:
        yield c


def make_client(fake: FakeXoxzo, clock: FakeTime, **kw: Any) -> DinClient:
    kw.setdefault("sid", SID)
    kw.setdefault("auth_token", TOKEN)
    return DinClient(base_url=fake.url, sleep=clock.sleep, clock=clock.clock, wall_clock=clock.wall, timeout=5, **kw)


def assert_no_secret(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text


# --------------------------------------------------------------------------- happy paths


def test_list_dins_returns_typed_dins(client: DinClient, fake: FakeXoxzo) -> None:
    dins = client.list_dins()
    assert dins[0] == Din("JPafr34rafic76tf", "815012345678", "81", "50", 1.0, 650.0)
    assert dins[0].e164 == "+815012345678"
    assert len(dins) == 3
    (request,) = fake.log
    assert (request.method, request.path, request.query, request.authorized) == ("GET", "/voice/dins/", {}, True)


def test_list_dins_filters_go_in_the_query(client: DinClient, fake: FakeXoxzo) -> None:
    assert [d.din_uid for d in client.list_dins(country="jp", prefix="813")] == ["JPascfdrwersdf12"]
    assert fake.log[0].query == {"country": ["JP"], "prefix": ["813"]}


@pytest.mark.parametrize(("country", "prefix"), [("Japan", None), ("J1", None), (None, "81-3"), (None, "")])
def test_bad_filters_are_refused_before_any_request(
    client: DinClient, fake: FakeXoxzo, country: str | None, prefix: str | None
) -> None:
    with pytest.raises(ValueError, match=r"country|prefix"):
        client.list_dins(country=country, prefix=prefix)
    assert fake.log == []


def test_subscribe_set_action_list_unsubscribe(client: DinClient, fake: FakeXoxzo) -> None:
    sub = client.subscribe("JPafr34rafic76tf")
    assert sub == Subscription("JPafr34rafic76tf", "815012345678", None)
    assert fake.credits == 5000 - 650
    assert fake.requests("POST", SUBS)[0].form == {"din_uid": ["JPafr34rafic76tf"]}

    sub = client.set_action_url("JPafr34rafic76tf", "https://example.com/action")
    assert sub.action_url == "https://example.com/action"
    assert fake.requests("POST", SUBS + "JPafr34rafic76tf/")[0].form == {"action_url": ["https://example.com/action"]}

    assert client.list_subscriptions() == [
        Subscription("JPafr34rafic76tf", "815012345678", "https://example.com/action")
    ]
    client.unsubscribe("JPafr34rafic76tf")
    assert client.list_subscriptions() == []
    # the API requires trailing slashes; every request had one
    assert all(r.path.endswith("/") for r in fake.log)
    assert all(r.authorized for r in fake.log)


def test_uid_is_checked_and_quoted(client: DinClient, fake: FakeXoxzo) -> None:
    for bad in ("", "  ", "JP/../x", "a b", "x?y"):
        with pytest.raises(ValueError, match="DIN uid"):
            client.unsubscribe(bad)
    with pytest.raises(ValueError, match="absolute http"):
        client.set_action_url("JPafr34rafic76tf", "example.com/action")
    assert fake.log == []


def test_fake_answers_404_without_the_trailing_slash(fake: FakeXoxzo) -> None:
    """The fake's documented choice: no slash, no route (so a client that forgets fails loudly)."""
    response = httpx.get(fake.url + "/voice/dins", auth=(SID, TOKEN))
    assert response.status_code == 404


# --------------------------------------------------------------------------- error mapping


def test_401_is_auth_error_quoting_the_server(fake: FakeXoxzo, clock: FakeTime) -> None:
    with make_client(fake, clock, auth_token="wrong") as c, pytest.raises(AuthError) as info:
        c.list_dins()
    assert info.value.status == 401
    assert "Invalid sid/token" in str(info.value)
    assert "XOXZO_API_AUTH_TOKEN" in str(info.value)


def test_400_is_validation_error_with_field_errors(client: DinClient) -> None:
    with pytest.raises(ValidationError) as info:
        client.subscribe("JPnosuchdin00000")
    assert info.value.field_errors == {"din_uid": ["Invalid din_uid."]}
    assert "din_uid: Invalid din_uid." in str(info.value)


def test_400_missing_field(client: DinClient, fake: FakeXoxzo) -> None:
    fake.fail("POST", SUBS, 400, {"din_uid": ["This field is required."]})
    with pytest.raises(ValidationError, match="This field is required") as info:
        client.subscribe("JPafr34rafic76tf")
    assert info.value.field_errors == {"din_uid": ["This field is required."]}


def test_403_not_enough_credits(fake: FakeXoxzo, clock: FakeTime) -> None:
    fake.credits = 10
    with make_client(fake, clock) as c, pytest.raises(InsufficientCredits) as info:
        c.subscribe("JPafr34rafic76tf")
    assert info.value.required == 650
    assert "Not enough credits, required: 650" in str(info.value)
    assert isinstance(info.value, Forbidden)
    assert fake.credits == 10


def test_other_403_is_forbidden(client: DinClient, fake: FakeXoxzo) -> None:
    fake.fail("GET", "/voice/dins/", 403, {"detail": "You do not have permission to perform this action."})
    with pytest.raises(Forbidden, match="permission") as info:
        client.list_dins()
    assert not isinstance(info.value, InsufficientCredits)


def test_404_with_empty_body(client: DinClient) -> None:
    with pytest.raises(NotFound) as info:
        client.unsubscribe("JPnotmine0000000")
    assert info.value.status == 404
    assert "(empty body)" in str(info.value)
    assert "DELETE /voice/dins/subscriptions/JPnotmine0000000/" in str(info.value)


def test_404_with_html_body(client: DinClient, fake: FakeXoxzo) -> None:
    fake.fail("GET", SUBS, 404, "<html><body>" + "x" * 5000 + "</body></html>", headers={"Content-Type": "text/html"})
    with pytest.raises(NotFound, match=r"an HTML page, \d+ bytes"):
        client.list_subscriptions()


def test_non_json_text_is_quoted_and_shortened(client: DinClient, fake: FakeXoxzo) -> None:
    fake.fail("GET", SUBS, 500, "upstream  exploded\n" * 100)
    with pytest.raises(ServerError) as info:
        client.list_subscriptions()
    message = str(info.value)
    assert "“upstream exploded upstream" in message
    assert len(message) < 400


def test_2xx_that_is_not_json(client: DinClient, fake: FakeXoxzo) -> None:
    fake.fail("GET", SUBS, 200, "hello")
    with pytest.raises(UnexpectedResponseError, match="not JSON"):
        client.list_subscriptions()


def test_2xx_with_wrong_shape(client: DinClient, fake: FakeXoxzo) -> None:
    fake.fail("GET", "/voice/dins/", 200, [{"din_uid": "x"}])
    with pytest.raises(UnexpectedResponseError, match="not a DIN"):
        client.list_dins()


def test_redirect_is_not_followed(client: DinClient, fake: FakeXoxzo) -> None:
    fake.fail("GET", SUBS, 301, headers={"Location": "https://elsewhere.example/voice/dins/subscriptions/"})
    with pytest.raises(UnexpectedResponseError, match=r"redirected to https://elsewhere.*XOXZO_API_URL"):
        client.list_subscriptions()
    assert len(fake.log) == 1


def test_unmapped_4xx_is_the_base_error(client: DinClient, fake: FakeXoxzo) -> None:
    fake.fail("GET", SUBS, 405, {"detail": 'Method "GET" not allowed.'})
    with pytest.raises(XoxzoError, match="405") as info:
        client.list_subscriptions()
    assert type(info.value) is XoxzoError


# --------------------------------------------------------------------------- retries


def test_get_is_retried_on_503_with_backoff(client: DinClient, fake: FakeXoxzo, clock: FakeTime) -> None:
    fake.fail("GET", "/voice/dins/", 503, "busy", times=2)
    assert len(client.list_dins()) == 3
    assert len(fake.requests("GET")) == 3
    assert clock.sleeps == [0.5, 1.0]


@pytest.mark.parametrize("status", [429, 502, 503, 504])
def test_each_transient_status_is_retried(client: DinClient, fake: FakeXoxzo, status: int) -> None:
    fake.fail("GET", SUBS, status)
    assert client.list_subscriptions() == []
    assert len(fake.log) == 2


@pytest.mark.parametrize("status", [500, 400, 401, 404])
def test_other_statuses_are_not_retried(client: DinClient, fake: FakeXoxzo, status: int) -> None:
    fake.fail("GET", SUBS, status)
    with pytest.raises(XoxzoError):
        client.list_subscriptions()
    assert len(fake.log) == 1


def test_retry_after_seconds_is_honoured(client: DinClient, fake: FakeXoxzo, clock: FakeTime) -> None:
    fake.fail("GET", SUBS, 429, {"detail": "Request was throttled."}, headers={"Retry-After": "3"})
    client.list_subscriptions()
    assert clock.sleeps == [3.0]


def test_retry_after_http_date_is_honoured(client: DinClient, fake: FakeXoxzo, clock: FakeTime) -> None:
    when = email.utils.formatdate(clock.wall() + 7, usegmt=True)
    fake.fail("DELETE", SUBS + "JPafr34rafic76tf/", 503, headers={"Retry-After": when})
    fake.subscribe_now("JPafr34rafic76tf")
    client.unsubscribe("JPafr34rafic76tf")
    assert len(clock.sleeps) == 1
    assert 6.0 <= clock.sleeps[0] <= 7.0
    assert len(fake.requests("DELETE")) == 2


def test_long_retry_after_gives_up_at_once(client: DinClient, fake: FakeXoxzo, clock: FakeTime) -> None:
    fake.fail(
        "GET", SUBS, 429, {"detail": "Request was throttled. Expected in 120 seconds."}, headers={"Retry-After": "120"}
    )
    with pytest.raises(RateLimited) as info:
        client.list_subscriptions()
    assert info.value.retry_after == 120
    assert "Expected in 120 seconds" in str(info.value)
    assert clock.sleeps == []
    assert len(fake.log) == 1


def test_retries_are_bounded_in_count(client: DinClient, fake: FakeXoxzo, clock: FakeTime) -> None:
    fake.fail("GET", SUBS, 503, "still down", times=100)
    with pytest.raises(ServerError, match="still down"):
        client.list_subscriptions()
    assert len(fake.log) == RetryPolicy().attempts
    assert clock.sleeps == [0.5, 1.0, 2.0]


def test_retries_are_bounded_in_time(fake: FakeXoxzo, clock: FakeTime) -> None:
    fake.fail("GET", SUBS, 503, headers={"Retry-After": "4"}, times=100)
    policy = RetryPolicy(attempts=10, total=10.0)
    with make_client(fake, clock, retry=policy) as c, pytest.raises(ServerError):
        c.list_subscriptions()
    assert clock.sleeps == [4.0, 4.0]  # a third wait would end past 10 s
    assert len(fake.log) == 3


def test_subscribe_is_never_retried(client: DinClient, fake: FakeXoxzo, clock: FakeTime) -> None:
    """It charges credits: a 503 may have come after the charge."""
    fake.fail("POST", SUBS, 503, "temporarily unavailable", headers={"Retry-After": "1"})
    with pytest.raises(ServerError, match="temporarily unavailable"):
        client.subscribe("JPafr34rafic76tf")
    assert len(fake.requests("POST", SUBS)) == 1
    assert clock.sleeps == []


def test_subscribe_is_not_retried_on_429_either(client: DinClient, fake: FakeXoxzo) -> None:
    fake.fail("POST", SUBS, 429, headers={"Retry-After": "1"})
    with pytest.raises(RateLimited):
        client.subscribe("JPafr34rafic76tf")
    assert len(fake.requests("POST", SUBS)) == 1


def test_set_action_url_is_idempotent_and_retried(client: DinClient, fake: FakeXoxzo) -> None:
    fake.subscribe_now("JPafr34rafic76tf")
    fake.fail("POST", SUBS + "JPafr34rafic76tf/", 502)
    assert client.set_action_url("JPafr34rafic76tf", "https://example.com/a").action_url == "https://example.com/a"
    assert len(fake.requests("POST")) == 2


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


def test_connection_errors_are_retried_for_get(clock: FakeTime) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    with DinClient(SID, TOKEN, base_url=url, sleep=clock.sleep, clock=clock.clock) as c:
        with pytest.raises(NetworkError, match="no response from the API") as info:
            c.list_dins()
        assert len(clock.sleeps) == 3
        assert info.value.status is None
        clock.sleeps.clear()
        with pytest.raises(NetworkError):
            c.subscribe("JPafr34rafic76tf")
        assert clock.sleeps == []


def test_timeouts_are_network_errors(fake: FakeXoxzo, clock: FakeTime) -> None:
    fake.fail("GET", SUBS, 200, [], delay=1.0)
    with make_client(fake, clock, retry=RetryPolicy(attempts=1)) as c:
        c._http.timeout = httpx.Timeout(0.2)
        with pytest.raises(NetworkError):
            c.list_subscriptions()


# --------------------------------------------------------------------------- configuration


def test_credentials_from_environment(fake: FakeXoxzo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XOXZO_API_SID", SID)
    monkeypatch.setenv("XOXZO_API_AUTH_TOKEN", TOKEN + "\n")  # pasted with its newline
    monkeypatch.setenv("XOXZO_API_URL", fake.url + "/")
    with DinClient() as c:
        assert c.base_url == fake.url
        assert len(c.list_dins()) == 3
    assert fake.log[0].authorized


def test_missing_credentials_name_the_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XOXZO_API_SID", raising=False)
    monkeypatch.delenv("XOXZO_API_AUTH_TOKEN", raising=False)
    with pytest.raises(MissingCredentialsError) as info:
        DinClient()
    assert str(info.value) == "missing Xoxzo credentials: set XOXZO_API_SID and XOXZO_API_AUTH_TOKEN"
    monkeypatch.setenv("XOXZO_API_SID", SID)
    with pytest.raises(MissingCredentialsError, match=r"set XOXZO_API_AUTH_TOKEN$"):
        DinClient()
    assert isinstance(info.value, ClientConfigError)


@pytest.mark.parametrize(
    "url", ["http://api.xoxzo.com", "http://10.0.0.1:8000", "ftp://api.xoxzo.com", "api.xoxzo.com"]
)
def test_unsafe_base_urls_are_refused(url: str) -> None:
    with pytest.raises(ClientConfigError):
        DinClient(SID, TOKEN, base_url=url)


@pytest.mark.parametrize(
    "url", ["https://api.xoxzo.com", "http://127.0.0.1:8000", "http://[::1]:9", "http://localhost:1/x/"]
)
def test_https_and_loopback_base_urls_are_accepted(url: str) -> None:
    with DinClient(SID, TOKEN, base_url=url) as c:
        assert c.base_url == url.rstrip("/")


def test_default_base_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XOXZO_API_URL", raising=False)
    with DinClient(SID, TOKEN) as c:
        assert c.base_url == "https://api.xoxzo.com"


def test_credentials_in_the_base_url_are_refused_without_echo() -> None:
    with pytest.raises(ClientConfigError) as info:
        DinClient(SID, TOKEN, base_url=f"https://{SID}:{TOKEN}@api.xoxzo.com")
    assert_no_secret(str(info.value))
    assert_no_secret(repr(info.value))


# --------------------------------------------------------------------------- secrets


def test_repr_hides_credentials(client: DinClient) -> None:
    assert_no_secret(repr(client))
    assert "hidden" in repr(client)


def test_no_error_carries_credentials(fake: FakeXoxzo, clock: FakeTime, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    fake.fail("GET", "/voice/dins/", 500, f"debug: auth was {TOKEN} for {SID}")
    fake.fail("GET", SUBS, 503, times=10)
    errors: list[BaseException] = []
    with make_client(fake, clock) as c:
        for call in (c.list_dins, c.list_subscriptions, lambda: c.unsubscribe("JPnope0000000000")):
            with pytest.raises(XoxzoError) as info:
                call()
            errors.append(info.value)
    with make_client(fake, clock, auth_token=TOKEN + "x") as c, pytest.raises(AuthError) as auth:
        c.list_dins()
    errors.append(auth.value)
    url = f"http://127.0.0.1:{closed_port()}"
    with DinClient(SID, TOKEN, base_url=url, retry=RetryPolicy(attempts=1)) as c, pytest.raises(NetworkError) as net:
        c.list_dins()
    errors.append(net.value)
    assert "***" in str(errors[0])  # the echoed token was blanked out
    for error in errors:
        assert_no_secret(str(error))
        assert_no_secret(repr(error))
        assert error.__cause__ is None and error.__suppress_context__  # no httpx request in the chain
        assert_no_secret(repr(vars(error)))
    for record in caplog.records:
        assert_no_secret(record.getMessage())
    assert any(r.name == "dinaction.client" for r in caplog.records)


# --------------------------------------------------------------------------- async twin


def test_async_client_shares_behaviour(fake: FakeXoxzo, clock: FakeTime) -> None:
    async def scenario() -> None:
        async with AsyncDinClient(
            SID, TOKEN, base_url=fake.url, sleep=clock.asleep, clock=clock.clock, wall_clock=clock.wall
        ) as c:
            assert "hidden" in repr(c)
            fake.fail("GET", "/voice/dins/", 503)
            dins = await c.list_dins(country="JP")
            assert [d.din_uid for d in dins] == ["JPafr34rafic76tf", "JPascfdrwersdf12"]
            assert clock.sleeps == [0.5]
            fake.fail("POST", SUBS, 503)
            with pytest.raises(ServerError):
                await c.subscribe("JPafr34rafic76tf")
            assert len(fake.requests("POST", SUBS)) == 1
            sub = await c.subscribe("JPafr34rafic76tf")
            sub = await c.set_action_url(sub.din_uid, "https://example.com/a")
            assert await c.list_subscriptions() == [sub]
            await c.unsubscribe(sub.din_uid)
            with pytest.raises(NotFound):
                await c.unsubscribe(sub.din_uid)

    asyncio.run(scenario())


# --------------------------------------------------------------------------- secrets a server echoes


#: credentials with characters that percent-encoding and base64 treat specially
ODD_SID = "AC/odd+sid=1"
ODD_TOKEN = "p@ss/w+rd=&ü ok"


def secret_forms(sid: str, token: str) -> list[str]:
    """Every form of the credentials a careless server might quote back."""
    pair = f"{sid}:{token}".encode()
    b64 = base64.b64encode(pair).decode()
    forms = [sid, token, b64, b64.rstrip("="), base64.urlsafe_b64encode(pair).decode(), quote(b64, safe="")]
    for secret in (sid, token):
        encoded = quote(secret, safe="")
        forms += [encoded, quote_plus(secret), re.sub(r"%[0-9A-F]{2}", lambda m: m[0].lower(), encoded)]
    return sorted(set(forms))


def assert_no_form(text: str, sid: str = ODD_SID, token: str = ODD_TOKEN) -> None:
    for form in secret_forms(sid, token):
        assert form not in text, form


def test_secret_forms_really_differ() -> None:
    """The forms are distinct strings, so each assertion below checks something of its own."""
    forms = secret_forms(ODD_SID, ODD_TOKEN)
    assert len(forms) >= 10
    assert quote(ODD_TOKEN, safe="") != ODD_TOKEN and "%2B" in quote(ODD_TOKEN, safe="")


def test_echoed_authorization_header_never_leaves_the_client(fake: FakeXoxzo, clock: FakeTime) -> None:
    """A 400 quoting the request's own Authorization header: message, repr, field errors, all clean."""
    body = {"din_uid": ["Invalid din_uid."], "debug": ["request had Authorization: {authorization}"]}
    fake.fail("POST", SUBS, 400, body, echo=True)
    with make_client(fake, clock) as c, pytest.raises(ValidationError) as info:
        c.subscribe("JPafr34rafic76tf")
    error = info.value
    assert "Authorization: Basic ***" in str(error)  # the server did quote it; it was blanked
    assert error.field_errors == {"din_uid": ["Invalid din_uid."], "debug": ["request had Authorization: Basic ***"]}
    for text in (str(error), repr(error), repr(vars(error)), repr(error.args)):
        assert_no_secret(text)


@pytest.mark.parametrize("form", secret_forms(ODD_SID, ODD_TOKEN))
def test_every_form_is_blanked_in_every_string(fake: FakeXoxzo, clock: FakeTime, form: str) -> None:
    fake.fail("POST", SUBS, 400, {f"field {form}": [f"bad value {form}!"]})
    fake.fail("GET", SUBS, 500, f"upstream said {form} and died")
    fake.fail("GET", "/voice/dins/", 200, [{"din_uid": "x", "debug": form}])
    fake.fail("GET", SUBS, 200, [{"din_uid": "JPx", "action": {"url": f"https://a.example/?t={form}"}}])
    errors: list[XoxzoError] = []
    with make_client(fake, clock, sid=ODD_SID, auth_token=ODD_TOKEN) as c:
        for call in (lambda: c.subscribe("JPafr34rafic76tf"), c.list_subscriptions, c.list_dins):
            with pytest.raises(XoxzoError) as info:
                call()
            errors.append(info.value)
        (sub,) = c.list_subscriptions()
    assert isinstance(errors[0], ValidationError) and "***" in str(errors[0].field_errors)
    assert sub.action_url == "https://a.example/?t=***"
    for error in errors:
        for text in (str(error), repr(error), repr(vars(error))):
            assert "***" in text
            assert_no_form(text)


def test_the_cli_stderr_never_shows_an_echoed_header(fake: FakeXoxzo, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from dinaction.cli.app import app

    monkeypatch.setenv("XOXZO_API_URL", fake.url)
    monkeypatch.setenv("XOXZO_API_SID", SID)
    monkeypatch.setenv("XOXZO_API_AUTH_TOKEN", TOKEN)
    fake.fail("GET", "/voice/dins/", 400, {"country": ["You sent {authorization}"]}, echo=True)
    result = CliRunner().invoke(app, ["din", "list"])
    assert result.exit_code == 1
    assert "You sent Basic ***" in result.stderr
    assert_no_secret(result.output)


def test_log_lines_are_redacted(fake: FakeXoxzo, clock: FakeTime, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    fake.fail("GET", SUBS, 503, "Authorization: {authorization}", echo=True)
    with make_client(fake, clock) as c:
        assert c.list_subscriptions() == []
    assert caplog.records
    for record in caplog.records:
        assert_no_secret(record.getMessage())
