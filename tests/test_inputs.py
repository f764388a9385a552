"""Hostile and unusual inputs all end as positioned diagnostics, never as exceptions."""

from __future__ import annotations

from dinaction import format_text, lint
from dinaction.config import Settings
from dinaction.diagnostics import LineIndex
from dinaction.linter import lint_source


def codes(data: str | bytes) -> list[str]:
    return [d.code for d in lint(data)]


def test_empty_file() -> None:
    assert codes(b"") == ["DA100"]
    assert codes("") == ["DA100"]


def test_bom_is_reported_and_fixable_and_the_action_still_parses() -> None:
    result = lint_source(b"\xef\xbb\xbfplayback https://example.com/a.mp3\n", Settings())
    assert [d.code for d in result.diagnostics] == ["DA021"]
    assert len(result.script.actions) == 1
    assert format_text(b"\xef\xbb\xbfplayback https://example.com/a.mp3\n") == "playback https://example.com/a.mp3\n"


def test_crlf_and_cr_line_endings() -> None:
    assert codes("transfer +81336042000\r\n") == ["DA105"]
    result = lint_source('say en "a"\rtransfer +81336042000\r', Settings(max_actions=2))
    assert [d.code for d in result.diagnostics] == ["DA105", "DA105"]
    assert len(result.script.actions) == 2


def test_invalid_utf8_is_positioned_per_run_of_bad_bytes() -> None:
    result = lint_source(b'say ja "\x82\xb1\x82\xf1"\ntranfer \xff\n', Settings())
    bad = [d for d in result.diagnostics if d.code == "DA020"]
    lines = LineIndex(result.text)
    assert [(lines.position(d.span.start).line, lines.position(d.span.start).column) for d in bad] == [(1, 9), (2, 9)]
    assert "82 b1 82 f1" in bad[0].message


def test_nul_bytes() -> None:
    assert codes(b"\x00") == ["DA002"]
    assert "DA404" in codes(b'say en "a\x00b"\n')
    assert "DA203" in codes(b"playback https://example.com/a\x00.mp3\n")


def test_ten_megabyte_line() -> None:
    long_url = "playback https://example.com/" + "a" * 10_000_000 + ".mp3\n"
    assert codes(long_url) == []
    junk = "x" * 10_000_000
    found = lint(junk)
    assert [d.code for d in found] == ["DA002"]
    assert len(found[0].message) < 200  # the word is cut in the message
    message = 'say ja "' + "あ" * 10_000_000 + '"\n'
    assert codes(message) == ["DA405"]


def test_many_lines() -> None:
    text = "transfer +81336042000\n" * 20_000
    result = lint_source(text, Settings())
    assert len(result.script.actions) == 20_000
    assert [d.code for d in result.diagnostics] == ["DA101"]


def test_every_broken_line_is_reported() -> None:
    text = "tranfer +81336042000\nplayback\nsay en Hello\n" * 3
    assert codes(text).count("DA002") == 3
    assert codes(text).count("DA003") == 3
    assert codes(text).count("DA008") == 3


def test_lone_surrogates_in_str_input() -> None:
    assert codes('say ja "\udc82"\n') == ["DA020"]
