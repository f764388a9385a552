"""The media check: fetch a playback URL's file as Xoxzo would and judge whether it will play.

Xoxzo downloads the mp3 of ``playback`` and ``voicemail playback`` when the
call arrives; a wrong file is only noticed when someone calls. This module
fetches the file now, with the pre-flight's rules (:mod:`dinaction.preflight.fetch`:
public addresses only unless ``allow_private``, one deadline, a size cap),
asking for its first bytes only where the server allows a range, and reads
them with mutagen: duration, bitrate, sample rate, channels. What it finds is
reported as DA6xx diagnostics (:mod:`dinaction.rules.media`), so they render
in every format the linter's do.

mutagen is imported when a file is judged, never with ``import dinaction``.
"""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, TextIO

from dinaction.diagnostics import NO_SPAN, Diagnostic, Severity, Span
from dinaction.facts.urls import require_http_url
from dinaction.preflight.limits import GENERIC_TYPES, MAX_BODY
from dinaction.rules import media as rules

if TYPE_CHECKING:
    import ssl

    import httpx

    from dinaction.preflight.fetch import Answer, Fetcher, Resolver

__all__ = [
    "AudioInfo",
    "MediaResult",
    "check_media",
    "check_media_with",
    "check_text_media",
    "playback_urls",
    "write_media",
]

_CONTENT_RANGE: Final = re.compile(r"bytes\s+\d+-\d+/(\d+)")
_LAYERS: Final = {1: "I", 2: "II", 3: "III"}
#: what mutagen's other file types are, for the message of a file that is not MPEG audio
_KINDS: Final = {
    "WAVE": "a WAV file",
    "AIFF": "an AIFF file",
    "FLAC": "a FLAC file",
    "MP4": "an MP4/M4A file (AAC or ALAC)",
    "AAC": "an AAC stream",
    "ASF": "a WMA/ASF file",
    "OggVorbis": "an Ogg Vorbis file",
    "OggOpus": "an Ogg Opus file",
    "OggFLAC": "an Ogg FLAC file",
    "OggSpeex": "an Ogg Speex file",
    "OggTheora": "an Ogg Theora video",
    "AC3": "an AC-3 stream",
    "DSF": "a DSD file",
    "DSDIFF": "a DSD file",
    "TAK": "a TAK file",
    "WavPack": "a WavPack file",
    "MonkeysAudio": "a Monkey's Audio file",
    "MusepackInfo": "a Musepack file",
    "TrueAudio": "a TrueAudio file",
    "OptimFROG": "an OptimFROG file",
    "SMF": "a MIDI file",
}


@dataclass(frozen=True, slots=True)
class AudioInfo:
    """What mutagen read from the first MPEG frames."""

    version: float
    layer: int
    #: bits per second (the average, for a variable-bitrate file with a Xing header)
    bitrate: int
    sample_rate: int
    channels: int
    #: seconds; None when neither a header nor the file's size tells
    duration: float | None

    @property
    def format(self) -> str:
        """``MPEG-1 Layer III``."""
        return f"MPEG-{self.version:g} Layer {_LAYERS.get(self.layer, str(self.layer))}"

    def describe(self) -> str:
        """``MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, stereo, 3.2 s``."""
        channels = {1: "mono", 2: "stereo"}.get(self.channels, f"{self.channels} channels")
        duration = "length unknown" if self.duration is None else _duration(self.duration)
        rate = f"{self.sample_rate / 1000:g} kHz"
        return f"{self.format}, {self.bitrate // 1000} kbit/s, {rate}, {channels}, {duration}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "bitrate": self.bitrate,
            "sample_rate": self.sample_rate,
            "channels": self.channels,
            "duration": None if self.duration is None else round(self.duration, 3),
        }


@dataclass(frozen=True, slots=True)
class MediaResult:
    """What fetching one playback URL found.

    ``diagnostics`` are DA6xx findings without a position (:meth:`at` gives
    them the URL's place in an action text). ``ok`` is True when none is an error.
    """

    url: str
    final_url: str | None = None
    status: int | None = None
    content_type: str | None = None
    #: the whole file's size, when the server said it (or sent it all)
    size: int | None = None
    redirects: tuple[str, ...] = ()
    audio: AudioInfo | None = None
    diagnostics: tuple[Diagnostic, ...] = ()
    #: whether a request was sent at all (not when the host was refused up front)
    fetched: bool = False
    #: whether the server answered a range request with only the bytes asked for
    ranged: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity >= Severity.ERROR)

    def at(self, span: Span) -> tuple[Diagnostic, ...]:
        """The findings placed at ``span`` (the URL in an action text)."""
        return tuple(dataclasses.replace(d, span=span) for d in self.diagnostics)

    def lines(self) -> Iterator[str]:
        """The result in words, a line each: the request, the answer, the audio."""
        if self.fetched:
            yield f"GET {self.url}" + (" (the first bytes)" if self.ranged else "")
        if self.status is not None:
            size = "" if self.size is None else f", {self.size} bytes"
            yield f"answer: {self.status}, {self.content_type or 'no content type'}{size}"
        if self.audio is not None:
            yield f"audio: {self.audio.describe()}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "ok": self.ok,
            "final_url": self.final_url,
            "status": self.status,
            "content_type": self.content_type,
            "size": self.size,
            "redirects": list(self.redirects),
            "audio": None if self.audio is None else self.audio.to_dict(),
            "diagnostics": [
                {"code": d.code, "name": d.name, "severity": str(d.severity), "message": d.message}
                for d in self.diagnostics
            ],
        }


def check_media(
    url: str,
    *,
    allow_private: bool = False,
    timeout: float = 10.0,
    max_bytes: int = MAX_BODY,
    resolve: Resolver | None = None,
    transport: httpx.BaseTransport | None = None,
    verify: ssl.SSLContext | bool = True,
) -> MediaResult:
    """Fetch the file at ``url`` as Xoxzo would for ``playback`` and judge it.

    The arguments mean what they mean for :func:`dinaction.preflight.check_action_url`;
    ``max_bytes`` is how much of the file is read (its beginning tells all
    mutagen needs). Never raises for anything the server does; ValueError for
    a malformed URL.
    """
    from dinaction.preflight.fetch import Fetcher, system_resolve

    fetcher = Fetcher(
        allow_private=allow_private,
        timeout=timeout,
        resolve=resolve or system_resolve,
        verify=verify,
        transport=transport,
        user_agent="dinaction-media-check",
    )
    return check_media_with(fetcher, url, max_bytes=max_bytes)


def check_media_with(fetcher: Fetcher, url: str, *, max_bytes: int = MAX_BODY) -> MediaResult:
    """:func:`check_media` with a fetcher made once (the pre-flight's, the simulator's)."""
    from dinaction.preflight.fetch import FetchError

    url = require_http_url(url)
    found = _Found(url)
    headers = {
        "Range": f"bytes=0-{max_bytes - 1}",
        "Accept": "audio/mpeg, audio/*;q=0.9, */*;q=0.1",
        "Accept-Encoding": "identity",
    }
    try:
        with fetcher.get(url, headers=headers) as answer:
            found.seen(answer)
            if answer.status == 416:  # a server that refuses even a range from 0: ask for the file
                raise _AskWhole
            _judge(found, answer, max_bytes)
    except _AskWhole:
        try:
            whole = {name: value for name, value in headers.items() if name != "Range"}
            with fetcher.get(url, headers=whole) as answer:
                found.seen(answer)
                _judge(found, answer, max_bytes)
        except FetchError as exc:
            found.failed(exc)
    except FetchError as exc:
        found.failed(exc)
    return found.result()


def check_text_media(
    text: str, fetcher: Fetcher, *, max_bytes: int = MAX_BODY
) -> tuple[tuple[MediaResult, ...], tuple[Diagnostic, ...]]:
    """Check every playback URL of an action text once; each finding at each place the URL appears."""
    places = playback_urls(text)
    results = {url: check_media_with(fetcher, url, max_bytes=max_bytes) for url in dict.fromkeys(u for u, _ in places)}
    diagnostics = tuple(d for url, span in places for d in results[url].at(span))
    return tuple(results.values()), diagnostics


def playback_urls(text: str) -> list[tuple[str, Span]]:
    """The http(s) URLs of the ``playback`` and ``voicemail playback`` actions in ``text``, with their spans."""
    from dinaction.linter import lint_source
    from dinaction.rules.base import Context, span_of
    from dinaction.settings import Settings

    settings = Settings()
    parsed = lint_source(text, settings)
    context = Context.of(parsed.script, parsed.text, settings)
    found = []
    for node in context.playbacks():
        try:
            found.append((require_http_url(node.url), span_of(node, "url")))
        except ValueError:
            continue  # the linter's URL rules say what is wrong with it
    return found


def write_media(result: MediaResult, out: TextIO, *, output_format: str | None = None, as_json: bool = False) -> int:
    """Write ``result`` to ``out``; return the exit code (1 when the file will not play).

    In words by default; ``as_json`` for scripts; ``output_format`` renders the
    findings with a linter reporter (``sarif``, ``github``…), the document being
    the one line ``playback <url>``.
    """
    if as_json:
        import json

        out.write(json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n")
    elif output_format is not None:
        from dinaction.reporters import FileReport, get_reporter

        reporter = get_reporter(output_format)
        text = f"playback {result.url}\n"
        out.write(reporter([FileReport(result.url, text, result.at(Span(9, len(text) - 1)))]))
    else:
        for line in result.lines():
            out.write(line + "\n")
        for d in result.diagnostics:
            out.write(f"{d.code} {d.severity}: {d.message}\n")
        if result.ok:
            out.write("ok: the file will play\n")
    return 0 if result.ok else 1


class _AskWhole(Exception):  # noqa: N818 - a control signal, not an error
    """The server refused the range: fetch the file without one."""


@dataclass(slots=True)
class _Found:
    """What one media check has seen so far."""

    url: str
    final_url: str | None = None
    status: int | None = None
    content_type: str | None = None
    size: int | None = None
    redirects: tuple[str, ...] = ()
    audio: AudioInfo | None = None
    ranged: bool = False
    fetched: bool = False
    diagnostics: list[Diagnostic] = dataclasses.field(default_factory=list)

    def add(self, diagnostic: Diagnostic) -> None:
        self.diagnostics.append(diagnostic)

    def seen(self, answer: Answer) -> None:
        self.fetched = True
        self.final_url = answer.url
        self.status = answer.status
        self.content_type = answer.content_type
        for status, target in answer.redirects[len(self.redirects) :]:
            self.add(rules.MEDIA_REDIRECT.diagnostic(NO_SPAN, status=status, target=target))
        self.redirects = tuple(target for _, target in answer.redirects)

    def failed(self, exc: Exception) -> None:
        from dinaction.preflight.fetch import FetchError

        if isinstance(exc, FetchError):
            self.fetched = self.fetched or exc.fetched
            for status, target in exc.redirects[len(self.redirects) :]:
                self.add(rules.MEDIA_REDIRECT.diagnostic(NO_SPAN, status=status, target=target))
            self.redirects = tuple(target for _, target in exc.redirects)
        if "is incomplete" in str(exc):
            self.add(rules.MEDIA_INCOMPLETE.diagnostic(NO_SPAN, detail=str(exc)))
        else:
            self.add(rules.MEDIA_UNREACHABLE.diagnostic(NO_SPAN, reason=str(exc)))

    def result(self) -> MediaResult:
        return MediaResult(
            url=self.url,
            final_url=self.final_url,
            status=self.status,
            content_type=self.content_type,
            size=self.size,
            redirects=self.redirects,
            audio=self.audio,
            diagnostics=tuple(self.diagnostics),
            fetched=self.fetched,
            ranged=self.ranged,
        )


def _judge(found: _Found, answer: Answer, max_bytes: int) -> None:
    """Status, content type, then the bytes."""
    if answer.status not in (200, 206):
        found.add(rules.MEDIA_HTTP_STATUS.diagnostic(NO_SPAN, status=answer.status, reason=answer.reason))
        return
    mime = (answer.content_type or "").split(";")[0].strip().lower()
    if not mime or mime in GENERIC_TYPES:
        found.add(rules.MEDIA_GENERIC_TYPE.diagnostic(NO_SPAN, mime=mime or "no content type"))
    elif not mime.startswith("audio/"):
        found.add(rules.MEDIA_NOT_AUDIO_TYPE.diagnostic(NO_SPAN, mime=mime, what=_page(mime)))
    head = answer.read(max_bytes, partial=True)
    found.ranged = answer.status == 206
    if found.ranged:
        match = _CONTENT_RANGE.match(answer.headers.get("content-range", ""))
        found.size = int(match[1]) if match else None
    else:
        found.size = answer.declared_length
        if found.size is None and len(head) < max_bytes:
            found.size = len(head)  # the whole file came
    if not found.ranged and found.size is not None and len(head) < min(found.size, max_bytes):
        found.add(rules.MEDIA_INCOMPLETE.diagnostic(NO_SPAN, detail=f"{len(head)} of {found.size} bytes came"))
        return
    _judge_bytes(found, head)


def _judge_bytes(found: _Found, head: bytes) -> None:
    """Is it MPEG audio, and how does it suit a phone line."""
    audio, what = _read_audio(head, found.size)
    if audio is None:
        found.add(rules.MEDIA_NOT_MPEG.diagnostic(NO_SPAN, what=what))
        return
    found.audio = audio
    if audio.layer != 3 or audio.version not in (1, 2):
        found.add(rules.MEDIA_NOT_LAYER_3.diagnostic(NO_SPAN, format=audio.format))
    if audio.duration is not None and audio.duration > rules.MAX_DURATION:
        found.add(
            rules.MEDIA_TOO_LONG.diagnostic(
                NO_SPAN, duration=_duration(audio.duration), limit=_duration(rules.MAX_DURATION)
            )
        )
    if audio.bitrate > rules.MAX_BITRATE:
        found.add(rules.MEDIA_HIGH_BITRATE.diagnostic(NO_SPAN, kbps=audio.bitrate // 1000))


def _read_audio(head: bytes, size: int | None) -> tuple[AudioInfo | None, str]:
    """mutagen's reading of the file's beginning; else None and what the bytes are instead."""
    import mutagen
    from mutagen.mp3 import MP3, MPEGInfo

    try:
        kind = mutagen.File(_Head(head, size))
    except Exception:  # hostile bytes: mutagen may fail in any way; then it is no known container
        kind = None
    if kind is not None and not isinstance(kind, MP3):
        return None, _KINDS.get(type(kind).__name__, f"a {type(kind).__name__} file")
    try:
        info = MPEGInfo(_Head(head, size))
    except Exception:  # HeaderNotFoundError, or whatever hostile bytes provoke
        return None, _sniff(head)
    length = float(info.length)
    duration: float | None = length
    if size is None:  # a length that does not follow the size came from a header (Xing/VBRI)
        twice = MPEGInfo(_Head(head, 2 * len(head) + 1))  # the same bytes: it reads as the first did
        duration = length if abs(float(twice.length) - length) < 1e-6 else None
    audio = AudioInfo(
        version=float(info.version),
        layer=int(info.layer),
        bitrate=int(info.bitrate),
        sample_rate=int(info.sample_rate),
        channels=int(info.channels),
        duration=duration,
    )
    return audio, ""


class _Head(io.BytesIO):
    """The first bytes of a file that seeks to the end like the whole file (mutagen sizes it so)."""

    def __init__(self, head: bytes, size: int | None) -> None:
        super().__init__(head)
        self._size = len(head) if size is None else max(size, len(head))

    def seek(self, offset: int, whence: int = 0) -> int:
        if whence == io.SEEK_END:
            return super().seek(self._size + offset, io.SEEK_SET)
        return super().seek(offset, whence)


def _sniff(head: bytes) -> str:
    """What bytes that are no MPEG audio look like, in a few words."""
    if not head:
        return "an empty file"
    start = head[:512].lstrip().lower()
    if start.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or b"<html" in start:
        return "an HTML page"
    if start.startswith((b"<?xml", b"<")):
        return "an XML or HTML document"
    if start.startswith((b"{", b"[")):
        return "JSON or other text"
    if head.startswith(b"ID3"):
        return "an ID3 tag with no MPEG audio after it"
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:
        return f"the start of an MPEG frame but not two whole frames ({len(head)} bytes): a truncated file"
    try:
        text = head[:60].decode("utf-8")
    except UnicodeDecodeError:
        return f"unrecognised binary data (it starts {head[:8].hex(' ')})"
    return f"text (“{' '.join(text.split())[:40]}”)"


def _page(mime: str) -> str:
    if "html" in mime:
        return "a web page"
    if mime.startswith("text/") or "json" in mime or "xml" in mime:
        return "a document"
    if mime.startswith(("image/", "video/")):
        return f"{'an image' if mime.startswith('image/') else 'a video'}"
    return "something else"


def _duration(seconds: float) -> str:
    """``3.2 s``, ``4:05``, ``1:02:03``."""
    if seconds < 60:
        return f"{seconds:.1f} s"
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
