"""Pre-flight of action URLs (served from loopback) and the plain-words descriptions."""

from __future__ import annotations

import functools
import http.server
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from dinaction import Playback, Say, Severity, Transfer, Voicemail, parse
from dinaction.describe import describe, describe_number, describe_script, language_name
from dinaction.facts.urls import unreachable_reason
from dinaction.preflight import DEFAULT_CALLER, DEFAULT_RECIPIENT, call_url, check_action_url
from tests.xoxzo_fake import ActionServer

QUERY = f"caller={DEFAULT_CALLER}&recipient={DEFAULT_RECIPIENT}"


@pytest.fixture
def server() -> Iterator[ActionServer]:
    with ActionServer.running() as actions:
        yield actions


def public(_host: str) -> list[str]:
    """A resolver that says every name is on the public internet."""
    return ["93.184.215.14"]


# --------------------------------------------------------------------------- the request Xoxzo makes


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://a.example.com/x", f"https://a.example.com/x?{QUERY}"),
        ("https://a.example.com/x?k=v&z=1", f"https://a.example.com/x?k=v&z=1&{QUERY}"),
        ("https://a.example.com", f"https://a.example.com/?{QUERY}"),
        ("https://a.example.com/x#frag", f"https://a.example.com/x?{QUERY}"),
    ],
)
def test_call_url_appends_caller_and_recipient(url: str, expected: str) -> None:
    assert call_url(url, DEFAULT_CALLER, DEFAULT_RECIPIENT) == expected


def test_fetches_like_xoxzo_and_describes(server: ActionServer) -> None:
    url = server.serve("/action", 'say en "Thanks for calling"\n')
    result = check_action_url(url + "?shop=7", caller="+819011112222", allow_private=True)
    assert result.ok, result.problem
    assert server.log == [f"/action?shop=7&caller=+819011112222&recipient={DEFAULT_RECIPIENT}"]
    assert result.status == 200
    assert result.text == 'say en "Thanks for calling"\n'
    assert result.diagnostics == ()
    assert result.description == "The caller hears TTS in English: “Thanks for calling”."


def test_anonymous_caller_is_an_empty_value(server: ActionServer) -> None:
    url = server.serve("/a", "transfer +81336042000")
    assert check_action_url(url, caller="", allow_private=True).ok
    assert server.log == [f"/a?caller=&recipient={DEFAULT_RECIPIENT}"]


@pytest.mark.parametrize(
    ("url", "caller", "recipient"),
    [
        ("ftp://example.com/a", DEFAULT_CALLER, DEFAULT_RECIPIENT),
        ("example.com/a", DEFAULT_CALLER, DEFAULT_RECIPIENT),
        ("https:///nohost", DEFAULT_CALLER, DEFAULT_RECIPIENT),
        ("https://example.com/a b", DEFAULT_CALLER, DEFAULT_RECIPIENT),
        ("https://example.com/a", "0312345678", DEFAULT_RECIPIENT),
        ("https://example.com/a", DEFAULT_CALLER, ""),
        ("https://example.com/a", DEFAULT_CALLER, "+81-3-1234"),
    ],
)
def test_bad_arguments_raise_value_error(url: str, caller: str, recipient: str) -> None:
    with pytest.raises(ValueError, match=r"URL|E\.164"):
        check_action_url(url, caller=caller, recipient=recipient)


# --------------------------------------------------------------------------- reachability


def test_loopback_is_refused_without_allow_private(server: ActionServer) -> None:
    url = server.serve("/a", 'say en "hi"')
    result = check_action_url(url)
    assert not result.ok
    assert result.problem is not None
    assert "cannot reach 127.0.0.1 from the public internet" in result.problem
    assert "loopback" in result.problem and "--allow-private" in result.problem
    assert server.log == []  # refused before fetching


@pytest.mark.parametrize("host", ["localhost", "10.0.0.8", "192.168.1.20", "printer.local", "api.internal", "[::1]"])
def test_private_hosts_are_refused(host: str) -> None:
    result = check_action_url(f"http://{host}/action", resolve=public)
    assert not result.ok
    assert result.problem is not None and "cannot reach" in result.problem


@pytest.mark.parametrize(
    ("host", "embedded"),
    [
        ("[2002:7f00:1::]", "embeds 127.0.0.1 (6to4)"),
        ("[2002:a00:1::5]", "embeds 10.0.0.1 (6to4)"),
        ("[64:ff9b::7f00:1]", "embeds 127.0.0.1 (NAT64)"),
        ("[2001:0:4136:e378:8000:63bf:3fff:fdd2]", "embeds 192.0.2.45 (Teredo)"),
        ("[::ffff:192.168.0.9]", "embeds 192.168.0.9 (IPv4-mapped)"),
    ],
)
def test_transition_addresses_are_judged_by_what_they_embed(host: str, embedded: str) -> None:
    result = check_action_url(f"http://{host}/action", resolve=public)
    assert result.problem is not None and embedded in result.problem
    assert not result.fetched


@pytest.mark.parametrize("address", ["2002:808:808::1", "64:ff9b::808:808"])
def test_transition_addresses_embedding_a_public_address_are_public(address: str) -> None:
    assert unreachable_reason(address) is None


def test_public_name_resolving_to_private_address_is_refused() -> None:
    result = check_action_url("https://actions.example.com/a", resolve=lambda _h: ["10.20.30.40"])
    assert result.problem is not None
    assert "resolves only to non-public addresses: 10.20.30.40 is a private address" in result.problem


def test_public_host_is_fetched() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, text="playback https://cdn.example.com/hello.mp3\n")

    result = check_action_url("https://actions.example.com/a", resolve=public, transport=httpx.MockTransport(handler))
    assert result.ok, result.problem
    assert seen == [f"https://actions.example.com/a?{QUERY}"]
    assert result.description == "The caller hears the mp3 at https://cdn.example.com/hello.mp3."


def test_redirect_to_a_private_host_is_refused() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": "http://192.168.0.5/a"})

    result = check_action_url("https://actions.example.com/a", resolve=public, transport=httpx.MockTransport(handler))
    assert result.problem is not None and "192.168.0.5" in result.problem
    assert result.redirects == ("http://192.168.0.5/a",)


# --------------------------------------------------------------------------- what comes back


def test_redirect_is_followed_and_said(server: ActionServer) -> None:
    server.serve("/final", 'say ja "こんにちは"')
    server.redirect("/old", "/final", status=301)
    result = check_action_url(server.url + "/old", allow_private=True)
    assert result.ok, result.problem
    assert result.redirects == (server.url + "/final",)
    assert result.final_url == server.url + "/final"
    assert any("301 redirect" in n and "Xoxzo may not follow" in n for n in result.notes)
    assert result.description == "The caller hears TTS in Japanese: “こんにちは”."


def test_redirect_loop_is_bounded(server: ActionServer) -> None:
    server.redirect("/a", "/b")
    server.redirect("/b", "/a")
    result = check_action_url(server.url + "/a", allow_private=True)
    assert result.problem is not None and result.problem.startswith("more than 3 redirects")
    assert len(server.log) == 4


@pytest.mark.parametrize("status", [404, 500, 204])
def test_status_other_than_200_fails(server: ActionServer, status: int) -> None:
    url = server.serve("/a", "" if status == 204 else "oops", status=status)
    result = check_action_url(url, allow_private=True)
    assert result.status == status
    assert result.problem is not None and f"answered {status}" in result.problem
    assert "Xoxzo needs 200 OK" in result.problem


@pytest.mark.parametrize("content_type", ["application/json", "audio/mpeg"])
def test_non_text_content_fails(server: ActionServer, content_type: str) -> None:
    url = server.serve("/a", 'say en "hi"', content_type=content_type)
    result = check_action_url(url, allow_private=True)
    assert result.problem == f"served as {content_type}; Xoxzo expects plain text (text/plain)"


@pytest.mark.parametrize("content_type", ["application/octet-stream", "binary/octet-stream"])
def test_generic_binary_type_is_only_a_warning(server: ActionServer, content_type: str) -> None:
    """What static hosts (S3, Python's http.server) say of a `.din` file: undocumented, so not fatal."""
    url = server.serve("/a.din", 'say en "hi"', content_type=content_type)
    result = check_action_url(url, allow_private=True)
    assert result.ok, result.problem
    assert result.description == "The caller hears TTS in English: “hi”."
    (warning,) = result.warnings
    assert warning.startswith(f"served as {content_type}, what static hosts call a file type they do not know")
    assert [r.severity for r in result.remarks] == [Severity.WARNING]


class QuietStaticHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output clean."""


def test_a_python_static_server_serving_a_din_file_passes(tmp_path: Path) -> None:
    """http.server itself, serving `welcome.din` as application/octet-stream."""
    (tmp_path / "welcome.din").write_text('say en "Welcome"\n', encoding="utf-8")
    handler = functools.partial(QuietStaticHandler, directory=str(tmp_path))
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as httpd:
        thread = threading.Thread(target=httpd.serve_forever, args=(0.02,), daemon=True)
        thread.start()
        try:
            result = check_action_url(f"http://127.0.0.1:{httpd.server_address[1]}/welcome.din", allow_private=True)
        finally:
            httpd.shutdown()
            thread.join(5)
    assert result.ok, result.problem
    assert result.content_type == "application/octet-stream"
    assert len(result.warnings) == 1


def test_other_text_types_pass_with_a_note(server: ActionServer) -> None:
    url = server.serve("/a", 'say en "hi"', content_type="text/html; charset=utf-8")
    result = check_action_url(url, allow_private=True)
    assert result.ok
    assert result.notes == ("served as text/html; text/plain is what Xoxzo expects",)


def test_missing_content_type_passes_with_a_note(server: ActionServer) -> None:
    url = server.serve("/a", 'say en "hi"', content_type=None)
    result = check_action_url(url, allow_private=True)
    assert result.ok
    assert result.notes == ("no Content-Type header; text/plain is what Xoxzo expects",)


def test_huge_streamed_body_is_capped(server: ActionServer) -> None:
    url = server.serve("/a", stream=3 << 20)
    result = check_action_url(url, allow_private=True)
    assert result.problem == "body is over the 1 MiB cap; an action is one line"


def test_declared_length_over_the_cap_fails_before_reading(server: ActionServer) -> None:
    url = server.serve("/a", "x" * 64)
    result = check_action_url(url, allow_private=True, max_bytes=32)
    assert result.problem == "body is 64 bytes, over the 32 bytes cap; an action is one line"


def test_timeout(server: ActionServer) -> None:
    url = server.serve("/a", 'say en "late"', delay=1.5)
    result = check_action_url(url, allow_private=True, timeout=0.3)
    assert result.problem is not None and result.problem.startswith("timed out after 0.3 s")


def test_connection_refused() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = check_action_url(f"http://127.0.0.1:{port}/a", allow_private=True)
    assert result.problem is not None and result.problem.startswith("could not fetch")


def test_undecodable_body(server: ActionServer) -> None:
    url = server.serve("/a", b'say ja "\xff\xfe"', content_type="text/plain; charset=utf-8")
    result = check_action_url(url, allow_private=True)
    assert result.problem == "body is not valid utf-8 text"


def test_lint_errors_fail_with_their_positions(server: ActionServer) -> None:
    url = server.serve("/a", 'say en "こんにちは"\nplaybak https://x.example.com/a.mp3\n')
    result = check_action_url(url, allow_private=True)
    assert not result.ok
    assert result.problem == "the action text has 1 error"
    assert [d.code for d in result.errors] == ["DA002"]
    assert {d.severity for d in result.diagnostics} == {Severity.ERROR, Severity.WARNING}
    assert result.description is None


def test_empty_body_fails(server: ActionServer) -> None:
    url = server.serve("/a", "")
    result = check_action_url(url, allow_private=True)
    assert not result.ok and result.errors


def test_warnings_alone_pass(server: ActionServer) -> None:
    url = server.serve("/a", 'voicemail say en "こんにちは"')
    result = check_action_url(url, allow_private=True)
    assert result.ok, result.problem
    assert [d.severity for d in result.diagnostics] == [Severity.WARNING]
    assert result.description is not None and "leave a voicemail" in result.description


# --------------------------------------------------------------------------- describe


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        (Say("en", "Hello"), "hears TTS in English: “Hello”"),
        (Say("ja", "営業時間外です"), "hears TTS in Japanese: “営業時間外です”"),
        (Transfer("+81336042000"), "is transferred to +81 3-3604-2000 (Japan)"),
        (
            Transfer("+81336042000", caller="+12025550123"),
            "is transferred to +81 3-3604-2000 (Japan), shown as calling from +1 202-555-0123 "
            "(United States) if the carriers allow it",
        ),
        (Playback("https://example.com/a.mp3"), "hears the mp3 at https://example.com/a.mp3"),
        (
            Voicemail(Playback("https://example.com/g.mp3")),
            "hears the greeting mp3 at https://example.com/g.mp3, then can leave a voicemail "
            "(heard in the Xoxzo dashboard)",
        ),
        (
            Voicemail(Say("en", "Leave a message")),
            "hears the greeting in English TTS: “Leave a message”, then can leave a voicemail "
            "(heard in the Xoxzo dashboard)",
        ),
    ],
)
def test_describe(action: Say | Transfer | Playback | Voicemail, expected: str) -> None:
    assert describe(action) == expected


def test_describe_script() -> None:
    script = parse('say en "Please hold"\ntransfer +81336042000\n', max_actions=2)
    assert describe_script(script) == (
        "The caller hears TTS in English: “Please hold”, then is transferred to +81 3-3604-2000 (Japan)."
    )


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("+815012345678", "+81 50-1234-5678 (Japan)"),
        ("+6281234567890", "+62 812-3456-7890 (Indonesia)"),
        ("+8100", "+81 00 (not a valid number)"),
        ("hello", "hello (not a phone number)"),
    ],
)
def test_describe_number(number: str, expected: str) -> None:
    assert describe_number(number) == expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [("en", "English"), ("EN", "English"), ("id", "Indonesian"), ("fr", "French"), ("zz", "“zz”"), ("q", "“q”")],
)
def test_language_name(code: str, expected: str) -> None:
    assert language_name(code) == expected


def test_describe_imports_phonenumbers_only_when_used() -> None:
    code = "import sys, dinaction.describe; print('phonenumbers' in sys.modules, 'langcodes' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
