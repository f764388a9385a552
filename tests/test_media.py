"""The media check against files served from loopback: mp3s written by the tests, a WAV, an HTML page…"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from mutagen.mp3 import MPEGInfo

from dinaction.diagnostics import LineIndex, Severity
from dinaction.preflight import check_action_url
from dinaction.preflight.media import check_media, playback_urls
from dinaction.reporters import FORMATS, FileReport, get_reporter
from dinaction.rules import BY_CODE, MEDIA_RULES, REPORTED_ELSEWHERE
from dinaction.rules.media import RULES, media_markdown
from tests import media_files as mf
from tests.xoxzo_fake import ActionServer

MP3 = mf.frames(40)  # about 1.04 s of MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, stereo
SCHEMAS = Path(__file__).parent / "schemas"
DOCS = Path(__file__).resolve().parents[1] / "docs" / "media.md"


@pytest.fixture
def server() -> Iterator[ActionServer]:
    with ActionServer.running() as files:
        yield files


def codes(result: Any) -> list[str]:
    return [d.code for d in result.diagnostics]


# --------------------------------------------------------------------------- the fixtures are what they claim


@pytest.mark.parametrize(
    ("data", "version", "layer", "kbps", "rate", "channels", "length"),
    [
        (MP3, 1, 3, 128, 44100, 2, mf.seconds(40)),
        (mf.frames(40, kbps=320), 1, 3, 320, 44100, 2, mf.seconds(40)),
        (mf.frames(40, layer=2), 1, 2, 128, 44100, 2, mf.seconds(40, layer=2)),
        (mf.frames(40, version=2, kbps=64, rate=22050, mono=True), 2, 3, 64, 22050, 1, mf.seconds(40, 2, 3, 22050)),
        (mf.frames(40, version=2.5, kbps=32, rate=8000), 2.5, 3, 32, 8000, 2, mf.seconds(40, 2.5, 3, 8000)),
        (mf.xing(3125), 1, 3, 128, 44100, 2, mf.seconds(3125)),
    ],
)
def test_mutagen_reads_the_written_frames(
    data: bytes, version: float, layer: int, kbps: int, rate: int, channels: int, length: float
) -> None:
    info = MPEGInfo(io.BytesIO(data))
    assert (info.version, info.layer, info.bitrate, info.sample_rate, info.channels) == (
        version,
        layer,
        kbps * 1000,
        rate,
        channels,
    )
    assert info.length == pytest.approx(length, rel=0.01)


# --------------------------------------------------------------------------- what the check reports for each file


def test_a_good_mp3_is_read_from_its_first_bytes(server: ActionServer) -> None:
    url = server.serve("/hello.mp3", MP3, content_type="audio/mpeg", ranges=True)
    result = check_media(url, allow_private=True, max_bytes=4096)
    assert result.ok and result.diagnostics == ()
    assert server.seen[0]["range"] == "bytes=0-4095"
    assert result.ranged and result.status == 206 and result.size == len(MP3)
    assert result.audio is not None
    assert result.audio.describe() == "MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, stereo, 1.0 s"
    assert result.audio.duration == pytest.approx(mf.seconds(40), rel=0.01)


def test_a_server_without_ranges_sends_it_all(server: ActionServer) -> None:
    url = server.serve("/hello.mp3", MP3, content_type="audio/mpeg")
    result = check_media(url, allow_private=True)
    assert result.ok, result.diagnostics
    assert result.status == 200 and not result.ranged and result.size == len(MP3)


def test_the_length_of_a_big_file_comes_from_its_declared_size(server: ActionServer) -> None:
    """11 minutes at 128 kbit/s: only the first MiB is read; Content-Range says the rest."""
    long_mp3 = mf.frames(25_300)
    url = server.serve("/long.mp3", long_mp3, content_type="audio/mpeg", ranges=True)
    result = check_media(url, allow_private=True)
    assert result.size == len(long_mp3) and result.ranged
    # a file without a VBR header: its length is its size at its bitrate (25,300 frames of 417 bytes)
    assert result.audio is not None and result.audio.duration == pytest.approx(len(long_mp3) * 8 / 128_000)
    assert codes(result) == ["DA607"]
    assert result.diagnostics[0].message == (
        "the recording lasts 10:59; longer than 10:00 is rarely what a caller should hear"
    )


def test_a_xing_header_claiming_an_hour(server: ActionServer) -> None:
    hour = mf.xing(137_813)  # 3,600 s of 1,152-sample frames at 44.1 kHz
    url = server.serve("/hour.mp3", hour, content_type="audio/mpeg")
    result = check_media(url, allow_private=True)
    assert codes(result) == ["DA607"]
    assert "lasts 1:00:00" in result.diagnostics[0].message
    assert result.ok  # a warning


def test_octet_stream_is_a_warning(server: ActionServer) -> None:
    url = server.serve("/hello.mp3", MP3, content_type="application/octet-stream", ranges=True)
    result = check_media(url, allow_private=True)
    assert result.ok
    assert codes(result) == ["DA604"]
    assert result.diagnostics[0].message == (
        "served as application/octet-stream; audio/mpeg is the content type of an mp3"
    )


def test_a_wav_is_not_an_mp3(server: ActionServer) -> None:
    url = server.serve("/hello.wav", mf.wav(), content_type="audio/wav")
    result = check_media(url, allow_private=True)
    assert not result.ok
    assert [(d.code, d.message) for d in result.diagnostics] == [
        ("DA605", "the file is not MPEG audio: it is a WAV file")
    ]


def test_a_truncated_file(server: ActionServer) -> None:
    url = server.serve("/cut.mp3", MP3[:300], content_type="audio/mpeg")
    result = check_media(url, allow_private=True)
    assert codes(result) == ["DA605"]
    assert result.diagnostics[0].message == (
        "the file is not MPEG audio: it is the start of an MPEG frame but not two whole frames (300 bytes): "
        "a truncated file"
    )


def test_a_download_cut_short(server: ActionServer) -> None:
    url = server.serve("/cut.mp3", MP3, content_type="audio/mpeg", truncate=1000)
    result = check_media(url, allow_private=True)
    assert codes(result) == ["DA609"]
    assert result.diagnostics[0].message.startswith("the file ended early: the body of")


def test_an_html_page(server: ActionServer) -> None:
    page = b"<!DOCTYPE html><html><body><h1>Sign in to see this file</h1></body></html>"
    url = server.serve("/share/hello", page, content_type="text/html; charset=utf-8")
    result = check_media(url, allow_private=True)
    assert [(d.code, d.message) for d in result.diagnostics] == [
        ("DA603", "served as text/html, not audio: the URL leads to a web page, not to the mp3 itself"),
        ("DA605", "the file is not MPEG audio: it is an HTML page"),
    ]


def test_an_id3_tag_before_the_audio_is_skipped(server: ActionServer) -> None:
    url = server.serve("/tagged.mp3", mf.id3v2(MP3), content_type="audio/mpeg")
    assert check_media(url, allow_private=True).ok


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (mf.frames(40, layer=2), "the file is MPEG-1 Layer II, not an mp3"),
        (mf.frames(40, version=2.5, kbps=32, rate=8000), "the file is MPEG-2.5 Layer III, not an mp3"),
        (mf.frames(40, kbps=320), "320 kbit/s is more than a phone line carries"),
    ],
)
def test_what_a_phone_line_handles_badly(server: ActionServer, data: bytes, expected: str) -> None:
    url = server.serve("/odd.mp3", data, content_type="audio/mpeg")
    result = check_media(url, allow_private=True)
    assert result.ok  # warnings
    (warning,) = result.diagnostics
    assert warning.severity is Severity.WARNING and warning.message.startswith(expected)


def test_an_mpeg2_layer3_file_is_fine(server: ActionServer) -> None:
    url = server.serve(
        "/phone.mp3", mf.frames(40, version=2, kbps=32, rate=16000, mono=True), content_type="audio/mpeg"
    )
    result = check_media(url, allow_private=True)
    assert result.diagnostics == ()
    assert result.audio is not None and result.audio.describe().startswith("MPEG-2 Layer III, 32 kbit/s, 16 kHz, mono")


@pytest.mark.parametrize("status", [403, 404, 500])
def test_an_error_status(server: ActionServer, status: int) -> None:
    url = server.serve("/gone.mp3", b"nope", status=status, content_type="text/plain")
    result = check_media(url, allow_private=True)
    assert codes(result) == ["DA602"]
    assert result.diagnostics[0].message.startswith(f"the mp3 URL answered {status} ")


def test_a_redirect_is_followed_and_warned_about(server: ActionServer) -> None:
    server.serve("/final.mp3", MP3, content_type="audio/mpeg", ranges=True)
    url = server.redirect("/old.mp3", "/final.mp3", status=301)
    result = check_media(url, allow_private=True)
    assert result.ok and codes(result) == ["DA610"]
    assert result.final_url == server.url + "/final.mp3"
    assert result.diagnostics[0].message.startswith(f"301 redirect to {server.url}/final.mp3;")


def test_a_slow_server_times_out(server: ActionServer) -> None:
    url = server.serve("/slow.mp3", MP3, content_type="audio/mpeg", delay=1.5)
    result = check_media(url, allow_private=True, timeout=0.3)
    assert codes(result) == ["DA601"]
    assert "timed out after 0.3 s" in result.diagnostics[0].message


def test_a_trickling_server_times_out(server: ActionServer) -> None:
    url = server.serve("/slow.mp3", MP3, content_type="audio/mpeg", trickle=0.05)
    result = check_media(url, allow_private=True, timeout=0.5)
    assert codes(result) == ["DA601"] and "timed out after 0.5 s" in result.diagnostics[0].message


def test_the_same_reachability_rules(server: ActionServer) -> None:
    url = server.serve("/hello.mp3", MP3, content_type="audio/mpeg")
    result = check_media(url)
    assert codes(result) == ["DA601"] and not result.fetched
    assert "cannot reach 127.0.0.1 from the public internet" in result.diagnostics[0].message
    assert server.log == []


def test_a_range_refused_is_asked_again_without(server: ActionServer) -> None:
    def refuse_ranges(_query: dict[str, list[str]], headers: dict[str, str]) -> tuple[int, bytes]:
        return (416, b"") if "range" in headers else (200, MP3)

    url = server.serve("/picky.mp3", content_type="audio/mpeg", respond=refuse_ranges)
    result = check_media(url, allow_private=True)
    assert result.ok and result.status == 200 and result.audio is not None
    assert ["range" in seen for seen in server.seen] == [True, False]


# --------------------------------------------------------------------------- in the pre-flight


def test_the_preflight_checks_each_playback_url_once(server: ActionServer) -> None:
    media = server.serve("/greeting.mp3", MP3, content_type="application/octet-stream", ranges=True)
    action = server.serve("/action", f"voicemail playback {media}\n")
    result = check_action_url(action, allow_private=True, media=True)
    assert result.ok, result.problem
    (checked,) = result.media
    assert checked.audio is not None and checked.url == media
    # the linter's word on a loopback mp3 stays, as a warning, when private hosts are allowed
    assert [(d.code, d.severity) for d in result.diagnostics] == [
        ("DA202", Severity.WARNING),
        ("DA604", Severity.WARNING),
        ("DA206", Severity.WARNING),  # the loopback server's port: undocumented, so a warning
    ]
    finding = result.diagnostics[1]
    assert result.text is not None
    assert LineIndex(result.text).position(finding.span.start).column == len("voicemail playback ") + 1
    assert finding.span.slice(result.text) == media


def test_bad_media_fails_the_preflight(server: ActionServer) -> None:
    media = server.serve("/hello.wav", mf.wav(), content_type="audio/wav")
    action = server.serve("/action", f"playback {media}\n")
    result = check_action_url(action, allow_private=True, media=True)
    assert not result.ok
    assert result.problem == "the media is not playable: the file is not MPEG audio: it is a WAV file"
    assert [d.code for d in result.errors] == ["DA605"]


def test_the_preflight_leaves_media_alone_unless_asked(server: ActionServer) -> None:
    media = server.serve("/hello.wav", mf.wav(), content_type="audio/wav")
    action = server.serve("/action", f"playback {media}\n")
    assert check_action_url(action, allow_private=True).ok
    assert server.log == [server.log[0]] and server.log[0].startswith("/action?")


def test_playback_urls_finds_voicemail_greetings_and_skips_bad_urls() -> None:
    text = "voicemail playback https://a.example.com/x.mp3\n"
    assert [(url, span.start) for url, span in playback_urls(text)] == [("https://a.example.com/x.mp3", 19)]
    assert playback_urls("playback /relative.mp3\n") == []
    assert playback_urls('say en "hi"\n') == []


# --------------------------------------------------------------------------- rendered like lint findings


@pytest.mark.parametrize("fmt", FORMATS)
def test_media_findings_render_in_every_format(server: ActionServer, fmt: str) -> None:
    media = server.serve("/hello.wav", mf.wav(), content_type="application/octet-stream")
    text = f"playback {media}\n"
    result = check_action_url(server.serve("/action", text), allow_private=True, media=True)
    report = FileReport("actions/welcome.din", text, result.diagnostics)
    out = get_reporter(fmt)([report])
    assert "DA605" in out
    if fmt == "sarif":
        log = json.loads(out)
        schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
        jsonschema.Draft4Validator(schema).validate(log)
        driver = log["runs"][0]["tool"]["driver"]["rules"]
        media_results = [item for item in log["runs"][0]["results"] if item["ruleId"].startswith("DA6")]
        assert [item["ruleId"] for item in media_results] == ["DA604", "DA605"]
        for item in log["runs"][0]["results"]:
            assert driver[item["ruleIndex"]]["id"] == item["ruleId"]
        for item in media_results:
            assert driver[item["ruleIndex"]]["helpUri"].startswith(
                "https://github.com/dinaction/dinaction/blob/main/docs/media.md#da60"
            )


def test_the_rules_are_declared_once_and_documented() -> None:
    assert MEDIA_RULES == RULES and MEDIA_RULES in REPORTED_ELSEWHERE
    for rule in RULES:
        assert rule.code.startswith("DA6") and rule.name.startswith("media-")
        assert BY_CODE[rule.code] is rule
        assert "Our policy" in rule.why or "Xoxzo" in rule.why  # its source, or that it is ours
    assert len({r.code for r in RULES}) == len(RULES)


def test_docs_media_md_is_current() -> None:
    text = DOCS.read_text(encoding="utf-8")
    marker = "<!-- rules: generated from dinaction/rules/media.py by media_markdown() -->\n"
    assert marker in text
    assert text.split(marker, 1)[1] == media_markdown()
    for rule in RULES:
        assert f"## {rule.code} {rule.name}" in text


def test_importing_the_media_check_loads_no_mutagen() -> None:
    code = "import sys, dinaction.preflight.media; print('mutagen' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
