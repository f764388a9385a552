"""Offsets ↔ LSP positions, checked against Python's own codecs (no server needed)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lsprotocol import types

from dinaction.diagnostics import LineIndex, Span
from dinaction.lsp.documents import OpenDocument
from dinaction.lsp.text import TextIndex, line_diff, offset_of

TEXT = 'say ja "日本😀"\r\ntransfer +81336042000\rplayback x\u2028y\n'


def _units(text: str, encoding: str) -> int:
    if encoding == "utf-16":
        return len(text.encode("utf-16-le", "surrogatepass")) // 2
    if encoding == "utf-8":
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8", "utf-32"])
def test_positions_agree_with_the_codecs_and_with_line_index(encoding: str) -> None:
    index = TextIndex(TEXT, encoding)
    people = LineIndex(TEXT)
    for offset in range(len(TEXT) + 1):
        position = index.position(offset)
        expected = people.position(offset)
        if TEXT[offset - 1 : offset + 1] == "\r\n":
            continue  # between \r and \n: no position of its own
        assert position.line == expected.line - 1
        line_start = people.line_start(expected.line)
        assert position.character == _units(TEXT[line_start:offset], encoding)
        assert index.offset(position) == offset


def test_only_lsp_line_breaks_break_lines() -> None:
    index = TextIndex(TEXT)
    assert index.line_count == 4  # \r\n, \r, \n; U+2028 is inside a line
    assert index.position(TEXT.rindex("y")) == types.Position(line=2, character=len("playback x\u2028"))


def test_positions_past_a_line_or_inside_a_surrogate_pair_are_clamped() -> None:
    index = TextIndex(TEXT)
    assert index.offset(types.Position(line=0, character=999)) == TEXT.index("\r")
    assert index.offset(types.Position(line=99, character=0)) == len(TEXT)
    inside = types.Position(line=0, character=_units('say ja "日本', "utf-16") + 1)
    assert index.offset(inside) == TEXT.index("😀") + 1  # never between the halves


def test_document_applies_changes_in_order_at_utf16_positions() -> None:
    document = OpenDocument("file:///a.din", 'say ja "日本😀"\n', 1, "dinaction")
    after_emoji = types.Position(line=0, character=_units('say ja "日本😀', "utf-16"))
    document.apply(
        [
            types.TextDocumentContentChangePartial(range=types.Range(after_emoji, after_emoji), text="です"),
            types.TextDocumentContentChangePartial(
                range=types.Range(types.Position(0, 0), types.Position(0, 3)), text="voicemail say"
            ),
        ],
        2,
    )
    assert (document.text, document.version) == ('voicemail say ja "日本😀です"\n', 2)
    document.apply([types.TextDocumentContentChangeWholeDocument(text="x")], 3)
    assert (document.text, document.version, document.index.line_count) == ("x", 3, 1)


@given(st.text(alphabet="ab\r\n😀日", max_size=30), st.text(alphabet="ab\r\n😀日", max_size=30))
def test_line_diff_turns_old_into_new_by_whole_lines(old: str, new: str) -> None:
    edit = line_diff(old, new)
    if edit is None:
        assert old == new
        return
    index = TextIndex(old)
    start, end = index.line_start(edit.first), index.line_start(edit.last)
    assert old[:start] + edit.text + old[end:] == new
    assert old[start - 1 : start + 1] != "\r\n"  # never splits a CRLF


def test_ranges_of_spans() -> None:
    index = TextIndex(TEXT)
    span = Span(TEXT.index("😀"), TEXT.index("😀") + 1)
    rng = index.range(span)
    assert (rng.start.line, rng.end.character - rng.start.character) == (0, 2)
    assert index.span(rng) == span


_PIECES = st.sampled_from(["a", "b", " ", "\r", "\n", "\r\n", "😀", "日", "\u2028"])


@given(
    st.lists(_PIECES, max_size=40).map("".join),
    st.integers(min_value=0, max_value=12),
    st.integers(min_value=0, max_value=12),
    st.sampled_from(["utf-16", "utf-8", "utf-32"]),
)
def test_offset_without_an_index_is_the_index_offset(text: str, line: int, character: int, encoding: str) -> None:
    position = types.Position(line=line, character=character)
    assert offset_of(text, position, encoding) == TextIndex(text, encoding).offset(position)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_offset_without_an_index_across_blocks_of_a_long_text(newline: str) -> None:
    # lines of every length from 0 to 999 characters, ~500,000 characters: many blocks of counting
    text = newline.join("日x😀"[i % 3] * i for i in range(1000))
    index = TextIndex(text)
    for line in [*range(0, 1001, 7), 999, 1000, 1001]:
        for character in (0, 5, 400):
            position = types.Position(line=line, character=character)
            assert offset_of(text, position) == index.offset(position)
