"""DA6xx: what fetching a playback URL's file finds (the media check, :mod:`dinaction.preflight.media`).

These rules are not run by the linter, which never touches the network: the
media check reports them, at the URL's span when it checked an action text.
They are declared in the shape of every other rule so that the reporters,
``dinaction rule DA6..`` and the documentation (``docs/media.md``) say the
same thing. Each ``why`` names its source, or says the rule is this project's
policy where Xoxzo's documentation is silent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from dinaction.diagnostics import Severity
from dinaction.rules.base import Rule

MEDIA_DOCS_URL: Final = "https://github.com/dinaction/dinaction/blob/main/docs/media.md"
#: our policy: a recording longer than this is flagged (a caller rarely listens to the end)
MAX_DURATION: Final = 600.0
#: our policy: a bitrate above this (bit/s) is flagged (the phone line carries 64 kbit/s)
MAX_BITRATE: Final = 128_000


@dataclass(frozen=True, slots=True)
class MediaRule(Rule):
    """A rule of the media check: documented in ``docs/media.md``."""

    @property
    def url(self) -> str:
        return f"{MEDIA_DOCS_URL}#{self.code.lower()}-{self.name}"


MEDIA_UNREACHABLE = MediaRule(
    code="DA601",
    name="media-unreachable",
    severity=Severity.ERROR,
    message="the mp3 could not be fetched: {reason}",
    summary="Reports playback URLs whose file cannot be fetched: a host Xoxzo cannot reach, a timeout, a refusal.",
    why=(
        "Xoxzo downloads the file when the call arrives; if it cannot, the caller hears nothing. Xoxzo's "
        'Simple Playback API says the mp3 "MUST be publicly accessible", and its troubleshooting list names '
        '"the mp3 reachable from Xoxzo".'
    ),
    bad="playback https://media.example.com/welcome.mp3\n",
    good="playback https://cdn.example.com/welcome.mp3\n",
)

MEDIA_HTTP_STATUS = MediaRule(
    code="DA602",
    name="media-http-status",
    severity=Severity.ERROR,
    message="the mp3 URL answered {status} {reason}; Xoxzo needs the file itself (200 OK)",
    summary="Reports playback URLs that answer with an error or another status than 200 (or 206 to a range).",
    why=(
        "A 403 from a private bucket, a 404 after a rename or a 500 plays nothing on the call. Xoxzo's "
        "troubleshooting list names the mp3 being reachable."
    ),
    bad="playback https://bucket.example.com/deleted.mp3\n",
    good="playback https://bucket.example.com/welcome.mp3\n",
)

MEDIA_NOT_AUDIO_TYPE = MediaRule(
    code="DA603",
    name="media-not-audio-type",
    severity=Severity.ERROR,
    message="served as {mime}, not audio: the URL leads to {what}, not to the mp3 itself",
    summary="Reports playback URLs served with a content type that is neither audio nor generic binary.",
    why=(
        "Our policy: a server that says text/html or application/json is sending a page (a share link's "
        "preview, a login wall, an error page), not the recording. Xoxzo plays an mp3 file."
    ),
    bad="playback https://drive.example.com/share/welcome\n",
    good="playback https://cdn.example.com/welcome.mp3\n",
)

MEDIA_GENERIC_TYPE = MediaRule(
    code="DA604",
    name="media-generic-type",
    severity=Severity.WARNING,
    message="served as {mime}; audio/mpeg is the content type of an mp3",
    summary="Reports playback URLs served as application/octet-stream or with no content type.",
    why=(
        "Our policy: static hosts such as S3 serve files of a type they do not know as "
        "application/octet-stream. Whether Xoxzo checks the type is undocumented, so the file is judged "
        "by its bytes and this is a warning: set the object's content type to audio/mpeg."
    ),
    bad="playback https://bucket.example.com/untyped.mp3\n",
    good="playback https://bucket.example.com/welcome.mp3\n",
)

MEDIA_NOT_MPEG = MediaRule(
    code="DA605",
    name="media-not-mpeg",
    severity=Severity.ERROR,
    message="the file is not MPEG audio: it is {what}",
    summary="Reports playback files whose bytes are not MPEG audio (a WAV, an HTML page, a truncated file).",
    why=(
        "`playback <mp3 url>` plays an mp3 (Xoxzo's API document and help pages); a WAV, an Ogg or an "
        "HTML page is not one, whatever its URL ends with. The bytes are read with mutagen."
    ),
    bad="playback https://cdn.example.com/welcome.wav\n",
    good="playback https://cdn.example.com/welcome.mp3\n",
)

MEDIA_NOT_LAYER_3 = MediaRule(
    code="DA606",
    name="media-not-layer-3",
    severity=Severity.WARNING,
    message="the file is {format}, not an mp3 (MPEG-1 or MPEG-2 Layer III); phone systems may not play it",
    summary="Reports MPEG audio that is not MPEG-1/2 Layer III (Layer I or II, MPEG-2.5).",
    why=(
        "Our policy: Xoxzo documents mp3, which is Layer III; Layer I and II (`.mp1`, `.mp2`) and the "
        "unofficial MPEG-2.5 are MPEG audio too, but many players and telephony systems do not decode them."
    ),
    bad="playback https://cdn.example.com/broadcast.mp2\n",
    good="playback https://cdn.example.com/broadcast.mp3\n",
)

MEDIA_TOO_LONG = MediaRule(
    code="DA607",
    name="media-too-long",
    severity=Severity.WARNING,
    message="the recording lasts {duration}; longer than {limit} is rarely what a caller should hear",
    summary="Reports recordings longer than 10 minutes.",
    why=(
        "Our policy: a phone greeting or message lasts seconds to a few minutes; a file of an hour is "
        "usually the wrong file (a whole programme, a meeting recording), and the caller pays for the call."
    ),
    bad="playback https://cdn.example.com/whole-podcast.mp3\n",
    good="playback https://cdn.example.com/greeting.mp3\n",
)

MEDIA_HIGH_BITRATE = MediaRule(
    code="DA608",
    name="media-high-bitrate",
    severity=Severity.WARNING,
    message="{kbps} kbit/s is more than a phone line carries; 128 kbit/s or less fetches faster and sounds the same",
    summary="Reports mp3 files encoded above 128 kbit/s.",
    why=(
        "Our policy: the telephone network carries 8 kHz audio (G.711, 64 kbit/s), so a 320 kbit/s file "
        "only takes longer to download before the caller hears anything."
    ),
    bad="playback https://cdn.example.com/studio-320k.mp3\n",
    good="playback https://cdn.example.com/phone-64k.mp3\n",
)

MEDIA_INCOMPLETE = MediaRule(
    code="DA609",
    name="media-incomplete",
    severity=Severity.ERROR,
    message="the file ended early: {detail}",
    summary="Reports playback files whose download stops before the length the server declared.",
    why=(
        "A server that hangs up mid-file (a crashed upload, a proxy's size limit) delivers a recording cut "
        "short, or none: Xoxzo needs the whole file."
    ),
    bad="playback https://cdn.example.com/half-uploaded.mp3\n",
    good="playback https://cdn.example.com/welcome.mp3\n",
)

MEDIA_REDIRECT = MediaRule(
    code="DA610",
    name="media-redirect",
    severity=Severity.WARNING,
    message="{status} redirect to {target}; Xoxzo may not follow redirects (undocumented): use the final URL",
    summary="Reports playback URLs that redirect.",
    why=(
        "Our policy: whether Xoxzo follows redirects is undocumented, so a redirect is a risk on the live "
        "call; the final URL is what to put in the action."
    ),
    bad="playback http://example.com/welcome.mp3\n",
    good="playback https://example.com/welcome.mp3\n",
)

RULES: tuple[MediaRule, ...] = (
    MEDIA_UNREACHABLE,
    MEDIA_HTTP_STATUS,
    MEDIA_NOT_AUDIO_TYPE,
    MEDIA_GENERIC_TYPE,
    MEDIA_NOT_MPEG,
    MEDIA_NOT_LAYER_3,
    MEDIA_TOO_LONG,
    MEDIA_HIGH_BITRATE,
    MEDIA_INCOMPLETE,
    MEDIA_REDIRECT,
)


def media_markdown() -> str:
    """The rules part of ``docs/media.md``, generated from the declarations."""
    return "\n".join(rule.doc() for rule in RULES)
