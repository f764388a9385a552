"""The fetcher against hostile servers on loopback: deadline, compression bombs, DNS answers, pinning, TLS.

Each behaviour is seen through the pre-flight (``check_action_url``), which is
how a user meets it; the fetcher is :mod:`dinaction.preflight.fetch`.
"""

from __future__ import annotations

import ssl
import time
import tracemalloc
import zlib
from collections.abc import Iterator

import httpx
import pytest
import trustme

from dinaction.preflight import check_action_url, check_call
from dinaction.preflight.fetch import Fetcher
from tests.xoxzo_fake import ActionServer


@pytest.fixture
def server() -> Iterator[ActionServer]:
    with ActionServer.running() as actions:
        yield actions


def gzip(data: bytes, times: int = 1) -> bytes:
    for _ in range(times):
        squeeze = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        data = squeeze.compress(data) + squeeze.flush()
    return data


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """256 MiB of zeros, gzipped to about 256 KB."""
    squeeze = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(1 << 20)
    return b"".join([*(squeeze.compress(zeros) for _ in range(256)), squeeze.flush()])


# --------------------------------------------------------------------------- one deadline


def test_trickled_headers_cannot_stretch_the_deadline(server: ActionServer) -> None:
    """A byte of header every 50 ms never trips a per-read timeout; the overall deadline does."""
    url = server.serve("/slow", 'say en "late"\n', trickle=0.05)  # about 6 s of headers
    result = check_action_url(url, allow_private=True, timeout=1)
    assert result.problem is not None and result.problem.startswith("timed out after 1 s fetching"), result.problem
    waited = time.monotonic() + 5
    while not server.trickled and time.monotonic() < waited:
        time.sleep(0.02)
    (sent,) = server.trickled  # the server noticed the hang-up long before its headers were done
    assert sent < 60


def test_a_slow_but_honest_server_within_the_deadline_passes(server: ActionServer) -> None:
    url = server.serve("/slow", 'say en "in time"\n', trickle=0.002)
    assert check_action_url(url, allow_private=True, timeout=5).ok


# --------------------------------------------------------------------------- compression


def test_a_gzip_bomb_is_refused_at_the_cap_while_decoding(server: ActionServer, bomb: bytes) -> None:
    """256 MiB behind 256 KB of gzip: decoding stops at the cap, never holding more than a step."""
    url = server.serve("/bomb", bomb, headers={"Content-Encoding": "gzip"})
    tracemalloc.start()
    try:
        result = check_action_url(url, allow_private=True)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.problem == "body is over the 1 MiB cap; an action is one line"
    assert peak < 16 << 20, f"{peak / 2**20:.0f} MiB held while refusing"


@pytest.mark.parametrize("encoding", ["gzip, gzip", "gzip,deflate", "br", "compress"])
def test_stacked_or_unknown_encodings_are_refused(server: ActionServer, bomb: bytes, encoding: str) -> None:
    url = server.serve("/bomb", gzip(bomb), headers={"Content-Encoding": encoding})
    result = check_action_url(url, allow_private=True)
    assert result.problem is not None
    assert result.problem.startswith(f"served with Content-Encoding: {encoding}; one content-coding at most")


@pytest.mark.parametrize(
    ("encoding", "encode"),
    [
        ("gzip", gzip),
        ("deflate", zlib.compress),  # zlib-wrapped, as RFC 9110 means it
        ("deflate", lambda data: zlib.compress(data, wbits=-zlib.MAX_WBITS)),  # raw, as some servers send it
        ("identity", lambda data: data),
    ],
)
def test_one_encoding_is_decoded(server: ActionServer, encoding: str, encode: object) -> None:
    assert callable(encode)
    url = server.serve("/a", encode(b'say en "compressed"\n'), headers={"Content-Encoding": encoding})
    result = check_action_url(url, allow_private=True)
    assert result.ok, result.problem
    assert result.text == 'say en "compressed"\n'


def test_a_corrupt_gzip_body_fails_cleanly(server: ActionServer) -> None:
    url = server.serve("/a", gzip(b'say en "x"\n')[:12] + b"garbage!" * 8, headers={"Content-Encoding": "gzip"})
    result = check_action_url(url, allow_private=True)
    assert result.problem is not None and "gzip body" in result.problem and "is corrupt" in result.problem


def test_a_body_cut_short_is_said(server: ActionServer) -> None:
    url = server.serve("/a", 'say en "this sentence never ends"\n', truncate=10)
    result = check_action_url(url, allow_private=True)
    assert result.problem is not None and "is incomplete" in result.problem


# --------------------------------------------------------------------------- DNS answers


def ok_transport(seen: list[str]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, text='say en "hi"\n')

    return httpx.MockTransport(handler)


@pytest.mark.parametrize(
    "addresses",
    [["93.184.215.14", "10.0.0.7"], ["10.0.0.7", "93.184.215.14"], ["2606:2800:220:1::1", "::1"]],
)
def test_a_name_with_any_non_public_address_is_refused(addresses: list[str]) -> None:
    seen: list[str] = []
    result = check_action_url("https://mixed.example.com/a", resolve=lambda _h: addresses, transport=ok_transport(seen))
    assert result.problem is not None
    assert "Xoxzo cannot be sure to reach mixed.example.com: of its 2 addresses" in result.problem
    assert "every address must be public" in result.problem and "--allow-private" in result.problem
    assert seen == [] and not result.fetched


def test_a_name_that_does_not_resolve_is_said() -> None:
    result = check_action_url("https://nowhere.example.com/a", resolve=lambda _h: [])
    assert result.problem == "could not fetch from nowhere.example.com: the name does not resolve"


def test_the_name_is_resolved_once_and_the_checked_address_is_the_one_connected() -> None:
    """`actions.invalid` resolves nowhere but in the check's resolver: the fetch can only have used it."""
    asked: list[str] = []

    def resolve(host: str) -> list[str]:
        asked.append(host)
        return ["127.0.0.1"]

    with ActionServer.running(host="actions.invalid") as actions:
        actions.serve("/final", 'say en "pinned"\n')
        actions.redirect("/a", "/final")
        result = check_action_url(actions.url + "/a", allow_private=True, resolve=resolve)
        port = actions.url.rsplit(":", 1)[1]
        assert result.ok, result.problem
        assert asked == ["actions.invalid", "actions.invalid"]  # once per request, never by httpx itself
        assert [seen["host"] for seen in actions.seen] == [f"actions.invalid:{port}"] * 2


def test_a_redirect_to_another_name_is_resolved_and_checked_anew() -> None:
    answers = {"first.example.com": ["93.184.215.14"], "second.example.com": ["192.168.7.7"]}
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(302, headers={"Location": "https://second.example.com/b"})

    result = check_action_url(
        "https://first.example.com/a", resolve=answers.__getitem__, transport=httpx.MockTransport(handler)
    )
    assert result.problem is not None and "192.168.7.7 is a private address" in result.problem
    assert len(seen) == 1 and result.redirects == ("https://second.example.com/b",)


# --------------------------------------------------------------------------- TLS to a pinned address


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


def tls_server(ca: trustme.CA, name: str, sni: list[str]) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(name).configure_cert(context)

    def remember(_sock: ssl.SSLObject | ssl.SSLSocket, server_name: str | None, _ctx: ssl.SSLContext) -> None:
        sni.append(server_name or "")

    context.sni_callback = remember
    return context


def client_context(ca: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context()
    ca.configure_trust(context)
    return context


def test_tls_keeps_the_name_for_sni_and_verification(ca: trustme.CA) -> None:
    sni: list[str] = []
    with ActionServer.running(tls=tls_server(ca, "secure.invalid", sni), host="secure.invalid") as actions:
        url = actions.serve("/a", 'say en "over TLS"\n')
        result = check_action_url(url, allow_private=True, resolve=lambda _h: ["127.0.0.1"], verify=client_context(ca))
    assert result.ok, result.problem
    assert sni == ["secure.invalid"]


def test_tls_verification_is_for_the_name_not_the_address(ca: trustme.CA) -> None:
    sni: list[str] = []
    with ActionServer.running(tls=tls_server(ca, "someone-else.invalid", sni), host="secure.invalid") as actions:
        url = actions.serve("/a", 'say en "over TLS"\n')
        result = check_action_url(url, allow_private=True, resolve=lambda _h: ["127.0.0.1"], verify=client_context(ca))
    assert result.problem is not None and "could not fetch" in result.problem
    assert "certificate" in result.problem.lower() or "hostname" in result.problem.lower()


# --------------------------------------------------------------------------- one fetcher, many calls


def test_one_fetcher_serves_many_calls(server: ActionServer) -> None:
    url = server.serve("/a", 'say en "again"\n')
    fetcher = Fetcher(allow_private=True, timeout=5)
    results = [check_call(fetcher, url, caller=f"+8190000000{i:02d}") for i in range(5)]
    assert all(r.ok for r in results)
    assert [entry.split("caller=")[1].split("&")[0] for entry in server.log] == [
        f"+8190000000{i:02d}" for i in range(5)
    ]
