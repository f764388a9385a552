"""``check-url`` with its media check, and ``check-media``, through typer's CliRunner against loopback servers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from typer.testing import CliRunner

from dinaction.cli.app import app as dinaction_app
from tests import media_files as mf
from tests.xoxzo_fake import ActionServer

MP3 = mf.frames(40)


@pytest.fixture
def server() -> Iterator[ActionServer]:
    with ActionServer.running() as actions:
        yield actions


def invoke(*args: str) -> Any:
    result = CliRunner().invoke(dinaction_app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


def test_check_url_checks_the_media_it_plays(server: ActionServer) -> None:
    media = server.serve("/hello.mp3", MP3, content_type="audio/mpeg", ranges=True)
    url = server.serve("/a", f"playback {media}\n")
    result = invoke("check-url", url, "--allow-private")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert f"media: {media}: MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, stereo, 1.0 s" in lines
    assert lines[-1] == f"ok: The caller hears the mp3 at {media}."
    assert any(line.startswith("1:10: DA202 warning:") for line in lines)  # loopback: allowed, still said
    assert len(server.log) == 2


def test_check_url_fails_on_bad_media_and_skips_it_when_asked(server: ActionServer) -> None:
    media = server.serve("/hello.mp3", mf.wav(), content_type="audio/wav")
    url = server.serve("/a", f"playback {media}\n")
    result = invoke("check-url", url, "--allow-private")
    assert result.exit_code == 1
    assert "1:10: DA605 error: the file is not MPEG audio: it is a WAV file" in result.stdout.splitlines()
    assert result.stderr.strip() == (
        "dinaction: error: check failed: the media is not playable: the file is not MPEG audio: it is a WAV file"
    )
    result = invoke("check-url", url, "--allow-private", "--json")
    payload = json.loads(result.stdout)
    assert payload["media"][0]["diagnostics"][0]["code"] == "DA605"
    result = invoke("check-url", url, "--allow-private", "--skip-media")
    assert result.exit_code == 0
    assert sum(entry.startswith("/hello.mp3") for entry in server.log) == 2


def test_check_url_keeps_its_deadline_against_a_trickling_server(server: ActionServer) -> None:
    url = server.serve("/slow", 'say en "late"\n', trickle=0.05)
    result = invoke("check-url", url, "--allow-private", "--timeout", "1")
    assert result.exit_code == 1
    assert result.stderr.startswith("dinaction: error: check failed: timed out after 1 s fetching")


def test_a_generic_type_is_a_warning_line(server: ActionServer) -> None:
    url = server.serve("/a.din", 'say en "hi"\n', content_type="application/octet-stream")
    result = invoke("check-url", url, "--allow-private")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1].startswith("warning: served as application/octet-stream")


def test_check_media_command(server: ActionServer) -> None:
    url = server.serve("/hello.mp3", MP3, content_type="audio/mpeg", ranges=True)
    result = invoke("check-media", url, "--allow-private")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"GET {url} (the first bytes)",
        f"answer: 206, audio/mpeg, {len(MP3)} bytes",
        "audio: MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, stereo, 1.0 s",
        "ok: the file will play",
    ]
    wav = server.serve("/hello.wav", mf.wav(), content_type="audio/wav")
    result = invoke("check-media", wav, "--allow-private", "--format", "github")
    assert result.exit_code == 1
    assert result.stdout.startswith("::error file=http%3A//127.0.0.1%3A")  # GitHub's escaping of a path
    assert ",line=1,col=10," in result.stdout and "DA605" in result.stdout
    assert result.stderr.strip() == "dinaction: error: media check failed: the file is not MPEG audio: it is a WAV file"
    result = invoke("check-media", wav, "--allow-private", "--json")
    assert json.loads(result.stdout)["diagnostics"][0]["code"] == "DA605"
    result = invoke("check-media", "ftp://example.com/a.mp3")
    assert result.exit_code == 2 and "not an http:// or https:// URL" in result.stderr
    result = invoke("check-media", url)
    assert result.exit_code == 1 and "cannot reach 127.0.0.1" in result.stderr


def test_through_the_dinaction_command(server: ActionServer) -> None:
    from dinaction.cli import run

    url = server.serve("/hello.mp3", MP3, content_type="audio/mpeg")
    assert run(["check-media", url, "--allow-private", "--json"]) == 0


def test_set_action_refuses_a_url_whose_media_will_not_play(
    server: ActionServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.xoxzo_fake import SID, TOKEN, FakeXoxzo

    media = server.serve("/greeting.mp3", b"<html><body>404</body></html>", content_type="text/html")
    url = server.serve("/a", f"voicemail playback {media}\n")
    with FakeXoxzo.running() as fake:
        monkeypatch.setenv("XOXZO_API_URL", fake.url)
        monkeypatch.setenv("XOXZO_API_SID", SID)
        monkeypatch.setenv("XOXZO_API_AUTH_TOKEN", TOKEN)
        fake.subscribe_now("JPafr34rafic76tf")
        result = CliRunner().invoke(dinaction_app, ["din", "set-action", "JPafr34rafic76tf", url, "--allow-private"])
        assert result.exit_code == 1
        assert "DA603 error: served as text/html, not audio" in result.stdout
        assert result.stderr.startswith("dinaction: error: action URL not set: the media is not playable:")
        assert fake.requests("POST") == []
        result = CliRunner().invoke(
            dinaction_app, ["din", "set-action", "JPafr34rafic76tf", url, "--allow-private", "--skip-media"]
        )
        assert result.exit_code == 0, result.output
        assert len(fake.requests("POST")) == 1
