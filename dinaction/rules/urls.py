"""Rules on the mp3 URLs of `playback` and `voicemail playback`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dinaction.diagnostics import Applicability, Diagnostic, Edit, Severity, Span
from dinaction.facts.characters import describe, invisible_at
from dinaction.facts.urls import DEFAULT_PORTS, SplitUrl, port_problem, split_url, unreachable_reason
from dinaction.rules.base import Check, Context, Rule, span_of

#: what Xoxzo has documented as safe in recording URLs: the union of the Voice API's list (letters, digits,
#: `_`, `/`, `-`) and its 2017 tutorial's (letters, digits and `- _ $ . * ' ( ) ! ?`); the scheme's `:` and
#: the port are judged apart
_UNDOCUMENTED = re.compile(r"[^A-Za-z0-9_/\-.$*'()!?]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ufffd]")

#: where the URLs' facts come from (Markdown)
_VOICE = (
    "Xoxzo's Voice API documentation, notes on the recording_url parameter "
    '(<https://docs.xoxzo.com/en/voice.html>): "The mp3 file specified by the URL MUST be publicly '
    'accessible", "The URL can ONLY contain ascii letters or digits, underscores, slash or hyphens"'
)
_DIN = (
    "The DIN actions (<https://docs.xoxzo.com/en/din.html#available-actions>): "
    '`playback http://example.com/media.mp3` "plays back an mp3 file to the caller"'
)
_TUTORIAL = (
    "Xoxzo's tutorial *Making a Simple Playback Call* (2017, "
    '<https://blog.xoxzo.com/2017/11/28/making-a-simple-playback-call/>): "the mp3 URL must only have '
    "safe characters, which are alphanumeric and these: `- _ $ . * ' ( ) ! ?`\""
)
_TROUBLESHOOT = (
    "the DIN tutorial's troubleshooting list (<https://blog.xoxzo.com/2017/07/01/dialinnumbers-tutorial/>): "
    '"Is the mp3 sound file accessible from XOXZO cloud?"'
)


def _scheme(ctx: Context) -> Iterator[Diagnostic]:
    for node in ctx.playbacks():
        parts = split_url(node.url)
        if parts.scheme in ("http", "https"):
            continue
        detail = f"`{parts.scheme}:` is not fetched" if parts.scheme else "it is not absolute"
        yield URL_SCHEME.diagnostic(span_of(node, "url"), field_name="url", detail=detail)


URL_SCHEME = Rule(
    code="DA200",
    name="url-not-http",
    severity=Severity.ERROR,
    message="the mp3 URL must be an absolute http:// or https:// URL: {detail}",
    summary="Reports playback URLs that are relative or use another scheme than http or https.",
    why="Xoxzo downloads the mp3 over HTTP when the call arrives; `file:`, `ftp:` or a relative path cannot be fetched.",
    bad="playback /media/welcome.mp3\n",
    good="playback https://example.com/media/welcome.mp3\n",
    source=_DIN + "; every example Xoxzo gives is an absolute `http://` or `https://` URL. " + _VOICE + ".",
)


def _host(ctx: Context) -> Iterator[Diagnostic]:
    for node in ctx.playbacks():
        parts = split_url(node.url)
        if parts.scheme not in ("http", "https"):
            continue
        span = span_of(node, "url")
        if not parts.ok or not parts.host:
            yield URL_HOST.diagnostic(span, field_name="url")
            continue
        reason = unreachable_reason(parts.host)
        if reason is not None:
            yield URL_PRIVATE.diagnostic(span, field_name="url", reason=reason)


URL_HOST = Rule(
    code="DA201",
    name="url-missing-host",
    severity=Severity.ERROR,
    message="the mp3 URL has no host (or a malformed one)",
    summary="Reports http(s) URLs without a host name.",
    why="Without a host there is nothing to download from; `http:/a.mp3` is a typo of `http://…/a.mp3`.",
    bad="playback http:///welcome.mp3\n",
    good="playback http://example.com/welcome.mp3\n",
    source=_DIN + ". A URL's host: RFC 3986, 3.2.2 (<https://www.rfc-editor.org/rfc/rfc3986#section-3.2.2>).",
)

URL_PRIVATE = Rule(
    code="DA202",
    name="url-private-host",
    severity=Severity.ERROR,
    message="Xoxzo cannot reach this host from the internet: {reason}",
    summary="Reports mp3 URLs on hosts the public internet cannot reach.",
    why=(
        "Xoxzo fetches the mp3 from its own servers: `localhost`, private and link-local addresses and "
        "names like `.local` or `.internal` work on your machine and fail on the live call. The mp3 "
        '"MUST be publicly accessible".'
    ),
    bad="playback http://192.168.1.20/welcome.mp3\n",
    good="playback https://example.com/welcome.mp3\n",
    source=(
        _VOICE + "; " + _TROUBLESHOOT + ". Which names and addresses are private: the special-use names "
        "(RFC 6761, 6762, 8375) and IANA's special-purpose address registries, through Python's `ipaddress`."
    ),
)


def _unreadable(url: str) -> int:
    """Where the first control, undecodable or invisible character of ``url`` stands, or -1."""
    bad = _CONTROL.search(url)
    at = bad.start() if bad else len(url)
    at = next(iter(invisible_at(url[:at])), at)
    return -1 if at == len(url) else at


def _characters(ctx: Context) -> Iterator[Diagnostic]:
    for node in ctx.playbacks():
        at = _unreadable(node.url)
        if at < 0:
            continue
        char = node.url[at]
        if _CONTROL.match(char):
            what = (
                "an undecodable byte (U+FFFD)" if char == "\ufffd" else f"the control character `{ascii(char)[1:-1]}`"
            )
        else:
            what = f"the invisible character {describe(char)}"
        span = span_of(node, "url")
        if span.end > span.start:
            span = Span(span.start + at, span.start + at + 1)
        yield URL_CHARACTER.diagnostic(span, field_name="url", what=what)


URL_CHARACTER = Rule(
    code="DA203",
    name="url-invalid-character",
    severity=Severity.ERROR,
    message="the mp3 URL contains {what}",
    summary="Reports control characters, invisible characters and undecodable bytes inside a URL.",
    why=(
        "A control character cannot stand in a URL, and an invisible one (a zero-width space, a "
        "direction mark) makes another URL than the one shown; both usually come from a copy and "
        "paste or a bad encoding. The first one is shown."
    ),
    bad="playback http://example.com/a\x07.mp3\n",
    good="playback http://example.com/a.mp3\n",
    source=(
        "RFC 3986, 2 (<https://www.rfc-editor.org/rfc/rfc3986#section-2>): a URL's characters are printable "
        "ASCII. " + _VOICE + "."
    ),
)


def _mp3(ctx: Context) -> Iterator[Diagnostic]:
    for node in ctx.playbacks():
        parts = split_url(node.url)
        if parts.scheme not in ("http", "https") or not parts.host:
            continue
        if not parts.path.lower().endswith(".mp3"):
            yield URL_NOT_MP3.diagnostic(span_of(node, "url"), field_name="url")


URL_NOT_MP3 = Rule(
    code="DA204",
    name="url-not-mp3",
    severity=Severity.WARNING,
    message="the URL's path does not end in `.mp3`: Xoxzo plays mp3 files only",
    summary="Reports playback URLs whose path does not end in `.mp3`.",
    why=(
        "Xoxzo plays mp3 files; a `.wav` or an HTML page fails the call. A URL that serves an mp3 "
        "from a path without the extension works, which is why this is a warning."
    ),
    bad="playback https://example.com/welcome.wav\n",
    good="playback https://example.com/welcome.mp3\n",
    source=(
        _DIN + '; the Voice API\'s recording_url is the "URL where your mp3 audio file is located" '
        "(<https://docs.xoxzo.com/en/voice.html>). A warning by this project's policy: the extension is a "
        "name, not the file's format, and its case is the server's (`.MP3` is not reported)."
    ),
)


def _undocumented(ctx: Context) -> Iterator[Diagnostic]:
    for node in ctx.playbacks():
        parts = split_url(node.url)
        if parts.scheme not in ("http", "https") or _unreadable(node.url) >= 0:
            continue
        rest = _without_port(node.url, parts)[len(parts.scheme) + 1 :]  # the scheme's `:` is documented
        odd = sorted(set(_UNDOCUMENTED.findall(rest)))
        if odd:
            shown = " ".join(f"`{c}`" for c in odd[:8])
            yield URL_CHARACTERS.diagnostic(span_of(node, "url"), field_name="url", chars=shown)


def _without_port(url: str, parts: SplitUrl) -> str:
    """``url`` without its `:port` (the port rules judge it)."""
    if parts.port is None:
        return url
    return url[: parts.port_at] + url[parts.port_at + 1 + len(parts.port) :]


URL_CHARACTERS = Rule(
    code="DA205",
    name="url-undocumented-characters",
    severity=Severity.WARNING,
    message="the URL contains {chars}: Xoxzo documents only letters, digits and `- _ . / $ * ' ( ) ! ?`",
    summary="Reports URL characters outside what Xoxzo documents as safe in recording URLs.",
    why=(
        "Xoxzo's Voice API says a recording URL \"can ONLY contain ascii letters or digits, underscores, "
        "slash or hyphens\"; its playback tutorial lists `- _ $ . * ' ( ) ! ?` as safe. Anything else "
        "(`=`, `&`, `%` escapes, `~`, non-ASCII paths) may work, or may not."
    ),
    bad="playback https://example.com/audio?id=42&lang=ja\n",
    good="playback https://example.com/audio/42-ja.mp3\n",
    source=_VOICE + ". " + _TUTORIAL + ". The two disagree; this project takes their union as documented.",
)


def _ports(ctx: Context) -> Iterator[Diagnostic]:
    for node in ctx.playbacks():
        parts = split_url(node.url)
        if parts.scheme not in ("http", "https") or not parts.host or parts.port is None:
            continue
        span = span_of(node, "url")
        if span.end > span.start:
            span = Span(span.start + parts.port_at, span.start + parts.port_at + 1 + len(parts.port))
        if not parts.port:
            yield URL_PORT.diagnostic(
                span, field_name="url", edits=[Edit(span, "")], detail="an empty port `:`", port=":"
            )
            continue
        problem = port_problem(parts.port)
        if problem is not None:
            yield URL_BAD_PORT.diagnostic(span, field_name="url", problem=problem)
        elif int(parts.port) == DEFAULT_PORTS[parts.scheme]:
            yield URL_PORT.diagnostic(
                span,
                field_name="url",
                edits=[Edit(span, "")],
                detail=f"the default port of `{parts.scheme}:`",
                port=f":{parts.port}",
            )
        else:
            yield URL_PORT.diagnostic(span, field_name="url", detail=f"port {int(parts.port)}", port="")


URL_PORT = Rule(
    code="DA206",
    name="url-port",
    severity=Severity.WARNING,
    message="the mp3 URL names {detail}: Xoxzo documents no port, and whether it fetches from one is undocumented",
    summary="Reports mp3 URLs that name a port (`:8080`).",
    why=(
        "Every recording URL Xoxzo documents uses the scheme's default port, and its list of the characters a "
        "URL may hold has no `:` but the scheme's. A server on another port may be unreachable from Xoxzo's "
        "network. A default port (`:80` on http, `:443` on https) changes nothing: its fix removes it."
    ),
    bad="playback http://example.com:80/welcome.mp3\n",
    good="playback http://example.com/welcome.mp3\n",
    fix_title="Remove `{port}`",
    fix=Applicability.SAFE,
    source=(
        _VOICE + ". Xoxzo says nothing of ports: a warning by this project's policy. A default port names the "
        "same resource as none (RFC 3986, 6.2.3, <https://www.rfc-editor.org/rfc/rfc3986#section-6.2.3>)."
    ),
)

URL_BAD_PORT = Rule(
    code="DA207",
    name="url-invalid-port",
    severity=Severity.ERROR,
    message="the mp3 URL's port is impossible: {problem}",
    summary="Reports mp3 URLs whose port is no TCP port (`:0`, `:99999`, `:http`).",
    why="A TCP port is a number from 1 to 65535; nothing listens on any other, so the mp3 can never be fetched.",
    bad="playback http://example.com:99999/welcome.mp3\n",
    good="playback http://example.com/welcome.mp3\n",
    source=(
        "RFC 3986, 3.2.3 (<https://www.rfc-editor.org/rfc/rfc3986#section-3.2.3>): a port is decimal digits; "
        "TCP ports are 16-bit and port 0 is reserved (RFC 6335, <https://www.rfc-editor.org/rfc/rfc6335>)."
    ),
)

RULES: tuple[Rule, ...] = (
    URL_SCHEME,
    URL_HOST,
    URL_PRIVATE,
    URL_CHARACTER,
    URL_NOT_MP3,
    URL_CHARACTERS,
    URL_PORT,
    URL_BAD_PORT,
)

#: each check, and the rules it reports
CHECKS: tuple[Check, ...] = (
    Check(_scheme, reports=(URL_SCHEME,)),
    Check(_host, reports=(URL_HOST, URL_PRIVATE)),
    Check(_characters, reports=(URL_CHARACTER,)),
    Check(_mp3, reports=(URL_NOT_MP3,)),
    Check(_undocumented, reports=(URL_CHARACTERS,)),
    Check(_ports, reports=(URL_PORT, URL_BAD_PORT)),
)
