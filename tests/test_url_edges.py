"""The URL rules at their edges: every reason a host is unreachable (DA202), every port (DA206, DA207).

Each case pins the code, where it stands and what it says, so that a branch of
the URL facts (:mod:`dinaction.facts.urls`) that changes is noticed.
"""

from __future__ import annotations

import pytest

from dinaction.diagnostics import Diagnostic
from dinaction.facts.urls import address_reason, port_problem, split_url
from dinaction.linter import fix_source, lint_source
from dinaction.settings import Settings

PRIVATE = "Xoxzo cannot reach this host from the internet: "


def _findings(url: str, code: str) -> list[Diagnostic]:
    return [d for d in lint_source(f"playback {url}\n", Settings()).diagnostics if d.code == code]


@pytest.mark.parametrize(
    ("host", "reason"),
    [
        ("localhost", "`localhost` is the machine itself"),
        ("a.localhost", "`.localhost` names are not resolvable on the public internet"),
        ("printer.local", "`.local` names are not resolvable on the public internet"),
        ("local", "`.local` names are not resolvable on the public internet"),
        ("api.internal", "`.internal` names are not resolvable on the public internet"),
        ("x.lan", "`.lan` names are not resolvable on the public internet"),
        ("h.home.arpa", "`.home.arpa` names are not resolvable on the public internet"),
        ("x.corp", "`.corp` names are not resolvable on the public internet"),
        ("x.test", "`.test` names are not resolvable on the public internet"),
        ("example", "`.example` names are not resolvable on the public internet"),
        ("printer", "`printer` is a single-label name, resolvable only inside a local network"),
        ("bad_host.com", "`bad_host.com` is not a valid host name"),
        ("-a.com", "`-a.com` is not a valid host name"),
        ("a-.com", "`a-.com` is not a valid host name"),
        ("a..com", "`a..com` is not a valid host name"),
        ("127.0.0.1", "127.0.0.1 is a loopback address (the machine itself)"),
        ("169.254.1.1", "169.254.1.1 is a link-local address"),
        ("0.0.0.0", "0.0.0.0 is the unspecified address"),
        ("224.0.0.1", "224.0.0.1 is a multicast address"),
        ("10.1.2.3", "10.1.2.3 is a private address"),
        ("192.168.1.1", "192.168.1.1 is a private address"),
        ("100.64.0.1", "100.64.0.1 is a carrier-grade NAT address"),
        ("100.127.255.254", "100.127.255.254 is a carrier-grade NAT address"),
        ("240.0.0.1", "240.0.0.1 is a private address"),
        ("[::1]", "::1 is a loopback address (the machine itself)"),
        ("[fe80::1]", "fe80::1 is a link-local address"),
        ("[::]", ":: is the unspecified address"),
        ("[ff02::1]", "ff02::1 is a multicast address"),
        ("[fd00::1]", "fd00::1 is a unique-local address"),
        ("[fc00::1]", "fc00::1 is a unique-local address"),
        (
            "[2002:7f00:1::]",
            "2002:7f00:1:: embeds 127.0.0.1 (6to4): 127.0.0.1 is a loopback address (the machine itself)",
        ),
        (
            "[64:ff9b::7f00:1]",
            "64:ff9b::7f00:1 embeds 127.0.0.1 (NAT64): 127.0.0.1 is a loopback address (the machine itself)",
        ),
        (
            "[2001:0:4136:e378:8000:63bf:3fff:fdd2]",
            "2001:0:4136:e378:8000:63bf:3fff:fdd2 embeds 192.0.2.45 (Teredo): 192.0.2.45 is a private address",
        ),
        (
            "[::ffff:192.168.0.9]",
            "::ffff:c0a8:9 embeds 192.168.0.9 (IPv4-mapped): 192.168.0.9 is a private address",
        ),
    ],
)
def test_an_unreachable_host_says_why(host: str, reason: str) -> None:
    (finding,) = _findings(f"http://{host}/a.mp3", "DA202")
    assert finding.message == PRIVATE + reason
    assert (finding.span.start, finding.span.end) == (9, 9 + len(f"http://{host}/a.mp3"))


@pytest.mark.parametrize(
    "host",
    [
        "example.com",
        "example.com.",
        "xn--a.com",
        "ÄÖ.com",
        "8.8.8.8",
        "100.63.255.255",
        "100.128.0.0",
        "[2001:4860:4860::8888]",
        "[2002:808:808::1]",
        "[64:ff9b::808:808]",
        "[::ffff:8.8.8.8]",
        "[2001:0:4136:e378:8000:63bf:f7f7:f7f7]",
    ],
)
def test_a_public_host_is_not_reported(host: str) -> None:
    assert _findings(f"http://{host}/a.mp3", "DA202") == []


def test_an_address_reason_strips_blanks_and_brackets() -> None:
    assert address_reason(" [::1] ") == "::1 is a loopback address (the machine itself)"
    assert address_reason("8.8.8.8") is None
    with pytest.raises(ValueError):
        address_reason("example.com")


@pytest.mark.parametrize(
    ("url", "code", "span", "message", "fixed"),
    [
        ("http://example.com:0/a.mp3", "DA207", (27, 29), "port 0 is not a TCP port (1-65535)", None),
        ("http://example.com:1/a.mp3", "DA206", (27, 29), "port 1", None),
        ("http://example.com:65535/a.mp3", "DA206", (27, 33), "port 65535", None),
        ("http://example.com:65536/a.mp3", "DA207", (27, 33), "port 65536 is not a TCP port (1-65535)", None),
        ("http://example.com:80/a.mp3", "DA206", (27, 30), "the default port of `http:`", "http://example.com/a.mp3"),
        ("http://example.com:080/a.mp3", "DA206", (27, 31), "the default port of `http:`", "http://example.com/a.mp3"),
        (
            "https://example.com:443/a.mp3",
            "DA206",
            (28, 32),
            "the default port of `https:`",
            "https://example.com/a.mp3",
        ),
        ("https://example.com:80/a.mp3", "DA206", (28, 31), "port 80", None),
        ("http://example.com:443/a.mp3", "DA206", (27, 31), "port 443", None),
        ("http://example.com:/a.mp3", "DA206", (27, 28), "an empty port `:`", "http://example.com/a.mp3"),
        ("http://example.com:http/a.mp3", "DA207", (27, 32), "`http` is not a port number", None),
        ("http://example.com:８０/a.mp3", "DA207", (27, 30), "`８０` is not a port number", None),
        ("http://user:pw@example.com:8080/a.mp3", "DA206", (35, 40), "port 8080", None),
        ("http://[2001:db8::1]:8080/a.mp3", "DA206", (29, 34), "port 8080", None),
    ],
)
def test_a_port_is_placed_and_judged(
    url: str, code: str, span: tuple[int, int], message: str, fixed: str | None
) -> None:
    (finding,) = _findings(url, code)
    assert (finding.span.start, finding.span.end) == span
    assert message in finding.message
    text = f"playback {url}\n"
    assert fix_source(text).text == (text if fixed is None else f"playback {fixed}\n")


def test_a_url_without_a_port_has_none() -> None:
    parts = split_url("http://user@example.com/a.mp3")
    assert (parts.port, parts.port_at) == (None, -1)
    assert split_url("http://[::1/a.mp3") == split_url("http://[::1/a.mp3")._replace(ok=False, scheme="", host="")
    assert port_problem("65535") is None and port_problem("1") is None
    assert port_problem("0") == "port 0 is not a TCP port (1-65535)"
