"""Rules on the mp3 URLs of `playback` and `voicemail playback`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dinaction.diagnostics import Diagnostic, Severity
from dinaction.facts.urls import split_url, unreachable_reason
from dinaction.rules.base import Check, Context, Rule, span_of

#: what Xoxzo documents for recording URLs, plus the dots and `:` every URL has
_UNDOCUMENTED = re.compile(r"[^A-Za-z0-9_/\-.:]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ufffd]")


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
)


def _characters(ctx: Context) -> Iterator[Diagnostic]:
    for node in ctx.playbacks():
        bad = _CONTROL.search(node.url)
        if bad is None:
            continue
        span = span_of(node, "url")
        if span.end > span.start:
            span = type(span)(span.start + bad.start(), span.start + bad.end())
        yield URL_CHARACTER.diagnostic(span, field_name="url", char=ascii(bad.group())[1:-1])


URL_CHARACTER = Rule(
    code="DA203",
    name="url-invalid-character",
    severity=Severity.ERROR,
    message="the mp3 URL contains the control character `{char}`",
    summary="Reports control characters (and undecodable bytes) inside a URL.",
    why="A control character cannot stand in a URL; it usually comes from a copy and paste or a bad encoding.",
    bad="playback http://example.com/a\x07.mp3\n",
    good="playback http://example.com/a.mp3\n",
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
)


def _undocumented(ctx: Context) -> Iterator[Diagnostic]:
    for node in ctx.playbacks():
        parts = split_url(node.url)
        if parts.scheme not in ("http", "https") or _CONTROL.search(node.url):
            continue
        odd = sorted(set(_UNDOCUMENTED.findall(node.url)))
        if odd:
            shown = " ".join(f"`{c}`" for c in odd[:8])
            yield URL_CHARACTERS.diagnostic(span_of(node, "url"), field_name="url", chars=shown)


URL_CHARACTERS = Rule(
    code="DA205",
    name="url-undocumented-characters",
    severity=Severity.WARNING,
    message="the URL contains {chars}: Xoxzo documents only letters, digits, `_`, `/`, `-` and `.`",
    summary="Reports URL characters outside what Xoxzo documents for recording URLs.",
    why=(
        "Xoxzo's Playback API says a recording URL \"can ONLY contain ascii letters or digits, "
        'underscores, slash or hyphens". Query strings, `%` escapes and non-ASCII paths may work, '
        "or may not."
    ),
    bad="playback https://example.com/audio?id=42&lang=ja\n",
    good="playback https://example.com/audio/42-ja.mp3\n",
)

RULES: tuple[Rule, ...] = (URL_SCHEME, URL_HOST, URL_PRIVATE, URL_CHARACTER, URL_NOT_MP3, URL_CHARACTERS)

#: each check, and the rules it reports
CHECKS: tuple[Check, ...] = (
    Check(_scheme, reports=(URL_SCHEME,)),
    Check(_host, reports=(URL_HOST, URL_PRIVATE)),
    Check(_characters, reports=(URL_CHARACTER,)),
    Check(_mp3, reports=(URL_NOT_MP3,)),
    Check(_undocumented, reports=(URL_CHARACTERS,)),
)
