"""`dinaction serve --check --media`: every playback URL of the routes fetched once, findings placed where the URL stands."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from dinaction.cli import main
from tests import media_files as mf
from tests.serve.conftest import MakeRoutes
from tests.xoxzo_fake import ActionServer

#: the test servers listen on loopback, which the linter reports (DA202) as Xoxzo cannot reach it
LOOPBACK_IS_A_WARNING = '[severity]\nurl-private-host = "warning"\n'


@pytest.fixture
def media() -> Iterator[ActionServer]:
    with ActionServer.running() as files:
        yield files


def test_media_is_checked_only_when_asked_and_each_url_once(
    make_routes: MakeRoutes, media: ActionServer, capsys: pytest.CaptureFixture[str]
) -> None:
    good = media.serve("/hello.mp3", mf.frames(40), content_type="audio/mpeg")
    missing = media.serve("/gone.mp3", b"not here", status=404, content_type="text/html")
    directory = make_routes(
        f"""\
[[route]]
name = "withheld"
caller = "withheld"
action = "playback {missing}"

[[route]]
name = "weekend"
days = ["sat", "sun"]
file = "again.din"

[[route]]
name = "closed"
file = "greeting.din"
""",
        {"greeting.din": f"voicemail playback {good}\n", "again.din": f"playback {good}\n"},
        config=LOOPBACK_IS_A_WARNING,
    )
    # without --media nothing is fetched; the DA206 port warnings are the linter's
    assert main(["serve", "--check", str(directory)]) == 0
    assert media.log == []
    capsys.readouterr()

    assert main(["serve", "--check", "--media", "--allow-private", "--format", "json", str(directory)]) == 1
    found = json.loads(capsys.readouterr().out)
    placed = [(d["path"], d["line"], d["code"]) for d in found if d["code"].startswith("DA6")]
    assert placed == [(str(directory / "routes.toml"), 4, "DA602")]  # on the inline action's URL, in the TOML
    assert sorted(media.log) == ["/gone.mp3", "/hello.mp3"]  # once each, though two files play the good one


def test_media_on_a_private_host_is_refused_without_allow_private(
    make_routes: MakeRoutes, media: ActionServer, capsys: pytest.CaptureFixture[str]
) -> None:
    good = media.serve("/hello.mp3", mf.frames(40), content_type="audio/mpeg")
    directory = make_routes(f'[[route]]\nname = "all"\naction = "playback {good}"\n', config=LOOPBACK_IS_A_WARNING)
    assert main(["serve", "--check", str(directory)]) == 0
    assert main(["serve", "--check", "--media", str(directory)]) == 1
    out = capsys.readouterr().out
    assert "DA601" in out and "cannot be served: 1 error" in out
    assert media.log == []  # refused before any byte was sent
