"""Hostile and unusual inputs all end as positioned diagnostics, never as exceptions."""

from __future__ import annotations

import pytest

from dinaction import ActionError, format_text, lint
from dinaction.diagnostics import LineIndex
from dinaction.linter import lint_source
from dinaction.settings import Settings


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


def test_ten_megabyte_line_with_the_size_cap_lifted() -> None:
    lifted = Settings(max_file_size=100_000_000)

    def lifted_codes(data: str) -> list[str]:
        return [d.code for d in lint(data, lifted)]

    long_url = "playback https://example.com/" + "a" * 10_000_000 + ".mp3\n"
    assert lifted_codes(long_url) == []
    junk = "x" * 10_000_000
    found = lint(junk, lifted)
    assert [d.code for d in found] == ["DA002"]
    assert len(found[0].message) < 200  # the word is cut in the message
    message = 'say ja "' + "あ" * 10_000_000 + '"\n'
    assert lifted_codes(message) == ["DA405"]


def test_a_document_over_the_size_cap_is_one_finding_and_is_not_read() -> None:
    limit = Settings().max_file_size
    assert limit == 1 << 20
    for data in (b"x" * (limit + 1), "transfer +81336042000\n" * 50_000, "あ" * (limit // 3 + 1)):
        result = lint_source(data, Settings())
        assert [d.code for d in result.diagnostics] == ["DA022"], data[:20]
        assert result.script.actions == () and result.text == ""
    assert "1,048,576 bytes" in lint(b"x" * (limit + 1))[0].message
    # exactly at the cap is read; a code point counts by its UTF-8 bytes
    assert codes(b'say en "' + b"a" * (limit - 10) + b'"\n') == ["DA405"]
    assert [d.code for d in lint("あ" * 400, Settings(max_file_size=1000))] == ["DA022"]
    assert [d.code for d in lint("あ" * 300, Settings(max_file_size=1000))] == ["DA002"]
    with pytest.raises(ActionError, match="DA022"):
        format_text(b"x" * (limit + 1))


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
