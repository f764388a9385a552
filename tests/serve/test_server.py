"""The served app on a real uvicorn over loopback: answers, health, the access log, reloads, the pre-flight."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
from pathlib import Path

import httpx
import pytest

from dinaction.preflight import check_action_url
from dinaction.serve import Route, Routes, app_from

from .conftest import EXAMPLE, TOKYO_DIN, MakeRoutes, running, wait_for

#: Thursday 2026-12-24 10:00 in Tokyo: office hours
OFFICE_HOURS = dt.datetime(2026, 12, 24, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=9)))


def _get(base: str, **query: str) -> httpx.Response:
    return httpx.get(base + "/", params=query, timeout=10)


@pytest.fixture
def example(tmp_path: Path) -> Path:
    directory = tmp_path / "routes"
    shutil.copytree(EXAMPLE, directory)
    (directory / "dinaction.toml").write_text("", encoding="utf-8")
    return directory


def test_answers_are_the_chosen_routes_canonical_text(example: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="dinaction.serve.access")
    app = app_from(example, reload=False, clock=lambda: OFFICE_HOURS)
    with running(app) as base:
        office = _get(base, caller="+819011112222", recipient=TOKYO_DIN)
        assert office.status_code == 200
        assert office.headers["content-type"] == "text/plain; charset=utf-8"
        assert office.text == "transfer +81336042000\n"
        assert _get(base, caller="+819012345678", recipient=TOKYO_DIN).text == "transfer +81312345678\n"
        assert _get(base, recipient=TOKYO_DIN).text.startswith('say ja "恐れ入りますが')
        # a + sent unencoded arrives as a space: still the known caller
        raw = httpx.get(f"{base}/?caller=+819012345678&recipient=+815012345678", timeout=10)
        assert raw.text == "transfer +81312345678\n"
        # unreadable numbers: the fallback, never a 500
        for query in ({"caller": "junk", "recipient": TOKYO_DIN}, {"caller": "+819011112222"}, {}):
            bad = _get(base, **query)
            assert (bad.status_code, bad.text) == (200, (example / "voicemail.din").read_text(encoding="utf-8"))
        # any path: an action URL may carry one of its own
        assert httpx.get(f"{base}/din/welcome", params={"recipient": TOKYO_DIN}, timeout=10).status_code == 200
        head = httpx.head(base + "/", params={"recipient": TOKYO_DIN}, timeout=10)
        withheld = (example / "withheld.din").read_bytes()
        assert (head.status_code, head.content, head.headers["content-length"]) == (200, b"", str(len(withheld)))
        post = httpx.post(base + "/", timeout=10)
        assert (post.status_code, post.headers["allow"]) == (405, "GET, HEAD")
        health = httpx.get(base + "/healthz", timeout=10)
        assert (health.status_code, health.text) == (200, "ok\n")
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "dinaction.serve.access"]
    assert len(lines) == 9  # the eight GETs and the HEAD; not /healthz nor the refused POST
    first = lines[0]
    assert set(first) == {"time", "caller", "recipient", "route", "status", "ms"}
    assert (first["caller"], first["recipient"], first["route"]) == ("+81…2222", TOKYO_DIN, "office-hours")
    assert 0 <= first["ms"] < 1000
    assert lines[2]["caller"] == "withheld"
    junk = lines[4]
    assert (junk["caller"], junk["route"]) == ("unreadable", "after-hours")
    assert junk["problem"] == "the caller 'junk' is not an E.164 number"
    assert lines[5]["recipient"] == "unreadable"
    assert all("+819011112222" not in r.getMessage() for r in caplog.records)  # masked


def test_full_numbers_when_asked() -> None:
    routes = Routes([Route("everyone", "transfer +81336042000")])
    app = app_from(routes, mask_numbers=False)
    records: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: records.append(record.getMessage())  # type: ignore[method-assign]
    logger = logging.getLogger("dinaction.serve.access")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        with running(app) as base:
            assert _get(base, caller="+819011112222", recipient=TOKYO_DIN).text == "transfer +81336042000\n"
    finally:
        logger.removeHandler(handler)
        logger.setLevel(logging.NOTSET)
    assert json.loads(records[0])["caller"] == "+819011112222"


def test_the_preflight_check_passes_against_the_served_app(example: Path) -> None:
    app = app_from(example, reload=False)
    with running(app) as base:
        result = check_action_url(base + "/", caller="+819011112222", recipient=TOKYO_DIN, allow_private=True)
        assert result.ok, result.problem
        assert result.status == 200 and result.content_type == "text/plain; charset=utf-8"
        assert result.diagnostics == ()
        anonymous = check_action_url(base + "/", caller="", recipient=TOKYO_DIN, allow_private=True)
        assert anonymous.ok and anonymous.text is not None and anonymous.text.startswith("say ja")


def test_reload_swaps_in_a_clean_edit_and_keeps_the_last_good_set_on_a_broken_one(
    make_routes: MakeRoutes, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="dinaction.serve")
    text = """\
[[route]]
name = "reception"
caller = "withheld"
file = "reception.din"

[[route]]
name = "closed"
file = "closed.din"
"""
    directory = make_routes(text)
    app = app_from(directory, reload_interval=0.05)
    with running(app) as base:

        def answer() -> str:
            return _get(base, recipient=TOKYO_DIN).text

        assert answer() == "transfer +81336042000\n"
        # an action file edited: served once it lints clean
        (directory / "reception.din").write_text("transfer +81312345678\n", encoding="utf-8")
        assert wait_for(lambda: answer() == "transfer +81312345678\n")
        # a broken action file: refused, the last good set stays, and the log says why
        (directory / "reception.din").write_text("tranfer +81399999999\n", encoding="utf-8")
        assert wait_for(lambda: any("reload refused" in r.getMessage() for r in caplog.records))
        refusal = next(r.getMessage() for r in caplog.records if "reload refused" in r.getMessage())
        assert "DA510" in refusal and "reception.din:1:1: error DA002" in refusal
        assert answer() == "transfer +81312345678\n"
        # a broken routes file: refused too
        (directory / "reception.din").write_text("transfer +81312345678\n", encoding="utf-8")
        (directory / "routes.toml").write_text(text.replace('caller = "withheld"', 'caller = "nobody"'), "utf-8")
        assert wait_for(lambda: sum("reload refused" in r.getMessage() for r in caplog.records) >= 2)
        assert (
            "routes.toml:3:10: error DA503"
            in [r.getMessage() for r in caplog.records if "refused" in r.getMessage()][-1]
        )
        assert answer() == "transfer +81312345678\n"
        # fixed, and now naming a new file: swapped in, and the new file is watched from then on
        (directory / "new.din").write_text('say en "New."\n', encoding="utf-8")
        (directory / "routes.toml").write_text(text.replace("reception.din", "new.din"), encoding="utf-8")
        assert wait_for(lambda: answer() == 'say en "New."\n')
        (directory / "new.din").write_text('say en "Newer."\n', encoding="utf-8")
        assert wait_for(lambda: answer() == 'say en "Newer."\n')
    assert any(r.getMessage().startswith("reloaded ") for r in caplog.records)


def test_an_edit_of_the_same_size_with_the_same_times_is_seen(tmp_path: Path) -> None:
    """The racy case: an edit within one tick of the file system's clock keeps size and mtime."""
    from dinaction.serve.reload import fingerprint

    action = tmp_path / "reception.din"
    action.write_text("transfer +81336042000\n", encoding="utf-8")
    before = os.stat(action)
    seen = fingerprint([action])
    action.write_text("transfer +81312345678\n", encoding="utf-8")  # the same size
    os.utime(action, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the same times, as within one tick
    assert os.stat(action).st_size == before.st_size
    assert fingerprint([action]) != seen
    # the content is what is compared, not the clock: a touch alone is no change (the old check,
    # by size and times only, saw a touch and missed the same-tick edit above whenever ctime matched)
    edited = fingerprint([action])
    os.utime(action, ns=(before.st_atime_ns + 10**9, before.st_mtime_ns + 10**9))
    assert fingerprint([action]) == edited
