"""Files that are not UTF-8 text: one finding for the file, its text linted, and fixes that say what is written."""

from __future__ import annotations

import codecs
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dinaction import ActionError, format_text
from dinaction.linter import fix_source, lint_source
from dinaction.settings import Settings
from dinaction.syntax import decode
from tests import media_files
from tests.profile import examples
from tests.strategies_text import documents

MESSAGE = 'say ja "お電話ありがとうございます。営業時間外です。"\n'
PROPERTY = settings(
    max_examples=examples(dev=300, ci=300, mutation=25), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def codes(data: str | bytes, config: Settings | None = None) -> list[str]:
    return [d.code for d in lint_source(data, config or Settings()).diagnostics]


@pytest.mark.parametrize(
    ("codec", "name"),
    [("cp932", "Shift_JIS (CP932)"), ("euc_jp", "EUC-JP"), ("utf-16", "UTF-16"), ("utf-32", "UTF-32")],
)
def test_a_file_in_another_encoding_is_one_finding_and_its_text_is_linted(codec: str, name: str) -> None:
    data = MESSAGE.encode(codec)
    result = lint_source(data, Settings())
    assert [d.code for d in result.diagnostics] == ["DA023"]
    (finding,) = result.diagnostics
    assert finding.message == f"the file is {name}, not UTF-8: Xoxzo reads UTF-8"
    assert (finding.span.start, finding.span.end) == (0, len(MESSAGE))
    assert result.text == MESSAGE  # what is linted is the text, not its mojibake: no DA406 "Latin script"
    assert len(result.script.actions) == 1
    assert finding.fix is not None and not finding.fix.is_safe
    # --fix leaves the file as it is; --unsafe-fixes writes it in UTF-8, and then it is clean
    assert fix_source(data).changed is False
    fixed = fix_source(data, unsafe=True)
    assert (fixed.data, fixed.changed, fixed.fixed) == (MESSAGE.encode("utf-8"), True, 1)
    assert fixed.remaining.diagnostics == ()


def test_a_safe_fix_in_a_file_of_another_encoding_is_written_in_that_encoding() -> None:
    data = ("SAY" + MESSAGE[3:]).encode("cp932")
    assert codes(data) == ["DA102", "DA023"]
    safe = fix_source(data)
    assert safe.data == MESSAGE.encode("cp932") and safe.changed and safe.fixed == 1
    assert [d.code for d in safe.remaining.diagnostics] == ["DA023"]
    unsafe = fix_source(data, unsafe=True)
    assert unsafe.data == MESSAGE.encode("utf-8") and unsafe.fixed == 2


def test_utf16_keeps_its_byte_order_and_mark_when_written_back() -> None:
    data = codecs.BOM_UTF16_BE + "transfer +81336042000 \n".encode("utf-16-be")
    assert codes(data) == ["DA023", "DA104"]
    safe = fix_source(data)
    assert safe.data == codecs.BOM_UTF16_BE + "transfer +81336042000\n".encode("utf-16-be")
    assert fix_source(data, unsafe=True).data == b"transfer +81336042000\n"


def test_bytes_that_read_more_than_one_way_are_named_with_a_doubt_and_nothing_is_fixed() -> None:
    data = 'SAY ja "東京"\n'.encode("cp932")  # four bytes: CP932 `東京`, or CP1252 `“Œ‹ž`
    result = lint_source(data, Settings())
    assert [d.code for d in result.diagnostics] == ["DA102", "DA023"]
    finding = result.diagnostics[1]
    assert finding.message.startswith("the file is likely Shift_JIS (CP932), not UTF-8")
    assert "CP1252" in finding.message
    assert all(d.fix is None for d in result.diagnostics)  # what `--fix` would do: nothing
    for unsafe in (False, True):
        fixed = fix_source(data, unsafe=unsafe)
        assert (fixed.changed, fixed.fixed, fixed.data) == (False, 0, data)


def test_a_character_or_two_in_another_encoding_is_too_little_to_name_it() -> None:
    assert codes(b'say ja "\x82\xb1"\n') == ["DA020"]


def test_a_damaged_utf8_file_keeps_its_findings_per_run_and_its_bad_bytes_when_fixed() -> None:
    data = 'say  ja "こんにちは'.encode() + b"\xff" + '世界"\n'.encode()
    assert codes(data) == ["DA104", "DA020"]
    fixed = fix_source(data)
    assert fixed.data == 'say ja "こんにちは'.encode() + b"\xff" + '世界"\n'.encode()
    assert fixed.changed and fixed.fixed == 1
    assert [d.code for d in fixed.remaining.diagnostics] == ["DA020"]


def test_a_latin1_file_cannot_be_told_from_damaged_utf8() -> None:
    data = 'say en "Café, naïve"\n'.encode("latin-1")
    assert codes(data) == ["DA020", "DA020"]


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (media_files.id3v2() + media_files.frames(200), "an MP3 file"),
        (media_files.frames(200), "an MP3 file"),
        (media_files.wav(0.5), "a RIFF file: a WAV recording?"),
        (b"\x89PNG\r\n\x1a\n" + os.urandom(4000), "binary data"),
        (os.urandom(900_000), "binary data"),
    ],
    ids=["id3-mp3", "mp3", "wav", "png", "random"],
)
def test_a_binary_file_is_one_finding_and_nothing_else(data: bytes, what: str) -> None:
    result = lint_source(data, Settings(select=("ALL",)))
    assert [d.code for d in result.diagnostics] == ["DA024"]
    assert f"({what})" in result.diagnostics[0].message
    assert result.text == "" and result.script.actions == ()
    assert fix_source(data, unsafe=True).changed is False
    assert decode(data) == ("", list(result.diagnostics))


def test_format_refuses_what_it_would_have_to_reencode_or_cannot_read() -> None:
    with pytest.raises(ActionError, match="DA023"):
        format_text(MESSAGE.encode("cp932"))
    with pytest.raises(ActionError, match="DA024"):
        format_text(media_files.frames(10))


def test_decode_gives_the_runner_the_text_the_findings_are_positioned_in() -> None:
    data = MESSAGE.encode("euc_jp")
    text, problems = decode(data)
    assert text == MESSAGE == lint_source(data, Settings()).text
    assert [d.code for d in problems] == ["DA023"]


_encoded = st.one_of(
    st.binary(max_size=200),
    st.tuples(documents, st.sampled_from(["utf-8", "cp932", "euc_jp", "utf-16", "utf-32"])).map(
        lambda pair: pair[0].encode(pair[1], "replace")
    ),
)


@PROPERTY
@given(_encoded)
def test_what_is_shown_fixable_is_what_fix_writes(data: bytes) -> None:
    """A file changes under `--fix` exactly when a finding offers a safe fix (and so for `--unsafe-fixes`)."""
    found = lint_source(data, Settings()).diagnostics
    safe = fix_source(data)
    assert safe.changed == any(d.fix is not None and d.fix.is_safe for d in found), (data, found)
    assert safe.changed == (safe.data != data)
    unsafe = fix_source(data, unsafe=True)
    assert unsafe.changed == any(d.fix is not None for d in found), (data, found)
    assert unsafe.remaining.diagnostics == lint_source(unsafe.data, Settings()).diagnostics
