"""The edges of the number, URL and message rules: exact boundaries, spans, the characters shown, the wording.

Each case pins what a person sees (code, span, message), so that a rule
changed at its boundary (15 digits, 1000 characters, port 65535) or in its
words is noticed. The fix tables (tests/fixes/rules-*.toml) hold the fixes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dinaction import Transfer
from dinaction.diagnostics import Diagnostic, Span
from dinaction.errors import ActionError
from dinaction.facts import characters
from dinaction.facts import numbers as number_facts
from dinaction.linter import fix_source, lint_source
from dinaction.settings import Settings
from dinaction.strategies import e164_numbers
from tests.profile import examples

ALL = Settings(select=("ALL",))


def _found(text: str, settings: Settings = ALL) -> list[tuple[str, int, int, str]]:
    return [(d.code, d.span.start, d.span.end, d.message) for d in lint_source(text, settings).diagnostics]


def _one(text: str, code: str, settings: Settings = ALL) -> Diagnostic:
    (found,) = [d for d in lint_source(text, settings).diagnostics if d.code == code]
    return found


# --- numbers -------------------------------------------------------------------------------------------------


def test_fifteen_digits_is_the_e164_limit() -> None:
    assert "DA302" not in {d.code for d in lint_source("transfer +813360420001234\n", ALL).diagnostics}
    sixteen = _one("transfer +8133604200012345\n", "DA302")
    assert (sixteen.span, sixteen.message) == (Span(9, 26), "the number has 16 digits: E.164 allows at most 15")
    assert _one("transfer +81336042000123456\n", "DA302").message.startswith("the number has 17 digits")


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("+8133604", "the number is too short for JP"),
        ("+6012345", "the number is too short for MY"),
        ("+1212555012", "the number is too short"),  # +1 is shared: no one region to name
        ("+12125550123456", "the number is too long"),
        ("+8001234567890", "the number is too long"),  # international freephone (region 001): none named
        ("+65222222222", "the number is of a length not used for SG"),
    ],
)
def test_impossible_lengths_say_which_and_where(number: str, message: str) -> None:
    assert _one(f"transfer {number}\n", "DA304").message == message


def test_national_number_with_separators_under_default_region_is_fixed_to_its_e164() -> None:
    found = _one("transfer 03-3604-2000\n", "DA301", Settings(default_region="JP"))
    assert found.message.endswith(": in JP that is `+81336042000`")
    assert found.fix is not None and [(e.span, e.content) for e in found.fix.edits] == [(Span(9, 21), "+81336042000")]
    assert fix_source("transfer 03-3604-2000\n", Settings(default_region="jp"), unsafe=True).text == (
        "transfer +81336042000\n"
    )


def test_a_national_number_without_a_region_says_how_to_get_a_fix() -> None:
    found = _one("transfer 0336042000\n", "DA301")
    assert found.fix is None and "set `default-region` for a fix" in found.message


def test_international_prefix_is_not_called_national() -> None:
    found = _one("transfer 0081336042000\n", "DA307", Settings(default_region="JP"))
    assert found.message == "the number starts with the international prefix `00`: write `+` instead (`+81336042000`)"
    assert "DA301" not in {
        d.code for d in lint_source("transfer 0081336042000\n", Settings(default_region="JP")).diagnostics
    }


def test_trunk_prefix_names_prefix_and_country_code() -> None:
    found = _one("transfer +810336042000\n", "DA310")
    assert found.message == "the number keeps the trunk prefix `0` after the country code `+81`: write `+81336042000`"
    assert _one("transfer +112015550123\n", "DA310").message.startswith(
        "the number keeps the trunk prefix `1` after the country code `+1`"
    )


def test_short_numbers_name_where_they_are_emergency_numbers() -> None:
    assert _one("transfer 110\n", "DA308", Settings(default_region="JP")).message == (
        "the number `110` is an emergency number (in JP): it has no E.164 form, so Xoxzo cannot dial it"
    )
    anywhere = _one("transfer 110\n", "DA308").message
    assert anywhere.startswith("the number `110` is an emergency number (in JP, ") and "more regions" in anywhere
    assert _one("transfer +81336042000 --caller=911\n", "DA308").message.startswith("the caller id `911`")


def test_full_width_is_one_safe_fix_and_the_number_is_judged_as_read() -> None:
    found = _one("transfer ＋８１３３６０４２０００\n", "DA309")
    assert found.fix is not None and found.fix.is_safe
    assert [d.code for d in lint_source("transfer ＋８１３３６０４２０００\n", ALL).diagnostics] == ["DA309"]
    assert [d.code for d in lint_source("transfer ＋８１３３６０４\n", ALL).diagnostics] == ["DA304", "DA309"]


#: ways a valid number is mistyped that have one plausible reading: the number itself
_NEAR_MISSES: dict[str, Callable[[str], str]] = {
    "separators": lambda e: f"+{e[1:3]}-{e[3:6]}-{e[6:]}",
    "full width": lambda e: e.translate(str.maketrans("+0123456789", "＋０１２３４５６７８９")),
    "00 prefix": lambda e: "00" + e[1:],
    "no plus": lambda e: e[1:],
}


@settings(max_examples=examples(dev=200, ci=200, mutation=25), deadline=None)
@given(e164_numbers(), st.sampled_from(sorted(_NEAR_MISSES)))
def test_a_fix_of_a_near_miss_is_the_number_or_nothing(e164: str, how: str) -> None:
    written = _NEAR_MISSES[how](e164)
    fixed = fix_source(f"transfer {written}\n", Settings(), unsafe=True).text
    assert fixed in (f"transfer {e164}\n", f"transfer {written}\n"), (written, fixed)
    # the builder reads the same number, or refuses with the rule's word
    try:
        assert Transfer(written).number == e164
    except ActionError as exc:
        assert how in ("00 prefix", "no plus"), exc
        assert {d.code for d in exc.diagnostics} <= {"DA300", "DA307"}


@pytest.mark.parametrize(
    ("written", "region"),
    [
        ("+81 03-3604-2000", None),
        ("+44 (0)20 7946 0000", None),
        ("＋８１ ３‐３６０４‐２０００", None),
        ("03-3604-2000", "JP"),
        ("011-211-1111", "JP"),
        ("(201) 555-0123", "US"),
    ],
)
def test_the_builder_normalises_to_what_the_fixes_write(written: str, region: str | None) -> None:
    token = written.replace(" ", "")
    fixed = fix_source(f"transfer {token}\n", Settings(default_region=region), unsafe=True).text
    assert fixed == f"transfer {Transfer(written, region=region).number}\n"


def test_readings_are_memoised_facts() -> None:
    assert number_facts.read("0081336042000", None) is number_facts.read("0081336042000", None)
    assert number_facts.without_trunk_prefix("+390612345678") is None  # Italy has no trunk prefix


# --- URLs ----------------------------------------------------------------------------------------------------


def test_url_character_span_and_shown_character() -> None:
    assert _found("playback http://example.com/a\x07.mp3\n") == [
        ("DA203", 29, 30, "the mp3 URL contains the control character `\\x07`")
    ]
    assert _found("playback http://example.com/ab\u200b.mp3\n") == [
        ("DA203", 30, 31, "the mp3 URL contains the invisible character U+200B ZERO WIDTH SPACE")
    ]
    assert (
        _found("playback http://example.com/a\ufffd.mp3\n")[0][3] == "the mp3 URL contains an undecodable byte (U+FFFD)"
    )


@pytest.mark.parametrize("url", ["ftp://example.com/a=b&c.mp3", "file:///a$b=c.mp3", "/a=b.mp3", "mailto:a@b"])
def test_undocumented_characters_are_not_reported_on_top_of_the_scheme(url: str) -> None:
    assert {d.code for d in lint_source(f"playback {url}\n", ALL).diagnostics} == {"DA200"}


def test_the_mp3_extension_in_any_case() -> None:
    assert lint_source("playback https://example.com/welcome.MP3\n", ALL).diagnostics == ()
    assert lint_source("playback https://example.com/welcome.Mp3\n", ALL).diagnostics == ()
    assert [d.code for d in lint_source("playback https://example.com/welcome.mp4\n", ALL).diagnostics] == ["DA204"]


def test_undocumented_characters_are_named_and_documented_ones_are_not() -> None:
    message = _one("playback https://example.com/a$*'()!b=c&d.mp3\n", "DA205").message
    assert message == "the URL contains `&` `=`: Xoxzo documents only letters, digits and `- _ . / $ * ' ( ) ! ?`"


@pytest.mark.parametrize(
    ("port", "code", "message"),
    [
        (
            "1",
            "DA206",
            "the mp3 URL names port 1: Xoxzo documents no port, and whether it fetches from one is undocumented",
        ),
        (
            "65535",
            "DA206",
            "the mp3 URL names port 65535: Xoxzo documents no port, and whether it fetches from one is undocumented",
        ),
        ("0", "DA207", "the mp3 URL's port is impossible: port 0 is not a TCP port (1-65535)"),
        ("65536", "DA207", "the mp3 URL's port is impossible: port 65536 is not a TCP port (1-65535)"),
        ("x1", "DA207", "the mp3 URL's port is impossible: `x1` is not a port number"),
    ],
)
def test_ports_at_their_edges(port: str, code: str, message: str) -> None:
    text = f"playback http://example.com:{port}/a.mp3\n"
    found = _found(text)
    assert found == [(code, 27, 28 + len(port), message)]


def test_a_default_port_is_removed_safely_and_only_for_its_scheme() -> None:
    assert fix_source("playback http://example.com:80/a.mp3\n").text == "playback http://example.com/a.mp3\n"
    assert _one("playback http://example.com:443/a.mp3\n", "DA206").fix is None
    assert _one("playback http://example.com:80/a.mp3\n", "DA206").message.startswith(
        "the mp3 URL names the default port of `http:`"
    )


# --- messages ------------------------------------------------------------------------------------------------


def test_message_length_boundary() -> None:
    assert "DA405" not in {d.code for d in lint_source('say en "' + "a" * 1000 + '"\n', ALL).diagnostics}
    found = _one('say en "' + "a" * 1001 + '"\n', "DA405")
    assert found.message == "the message has 1001 characters; keep it under 1000 (`max-message-length`)"
    short = dataclasses.replace(ALL, max_message_length=5)
    assert "DA405" not in {d.code for d in lint_source('say en "abcde"\n', short).diagnostics}
    assert "DA405" in {d.code for d in lint_source('say en "abcdef"\n', short).diagnostics}


def test_script_mismatch_says_what_is_known() -> None:
    found = _one('say en "お電話"\n', "DA406")
    assert found.message == (
        "`en` may not fit the message: it chooses the English voice, but the text is in Han (kanji) and "
        "Japanese kana script, and how a voice reads another script is undocumented"
    )
    assert "does not read" not in found.message


def test_invisible_characters_span_and_wording() -> None:
    assert _found('say en "Thank\u200byou"\n') == [
        (
            "DA407",
            13,
            14,
            "the message contains the invisible character U+200B ZERO WIDTH SPACE: how Xoxzo's voice reads it is "
            "undocumented",
        )
    ]
    (code, start, end, message) = _found('say en "a\u00a0b\u202ec"\n')[0]
    assert (code, start, end) == ("DA407", 9, 12)
    assert message.startswith("the message contains the unusual space U+00A0 NO-BREAK SPACE and 1 more")
    assert _one('say en "a\u202eb"\n', "DA407").message.startswith(
        "the message contains the direction-changing character U+202E RIGHT-TO-LEFT OVERRIDE"
    )


def test_emoji_span_and_wording() -> None:
    assert _found('say en "hi 😀 👍🏽"\n') == [
        ("DA408", 11, 15, "the message contains the emoji 😀 and 1 more: how Xoxzo's voice reads emoji is undocumented")
    ]


def test_the_emoji_shortcut_misses_no_emoji() -> None:
    import emoji

    shown = {v for k, v in emoji.STATUS.items() if k != "unqualified"}
    for sequence, data in emoji.EMOJI_DATA.items():
        if data.get("status") in shown:
            assert characters.MAYBE_EMOJI.search(sequence), ascii(sequence)


@pytest.mark.parametrize("char", ["\u200b", "\u202e", "\u00a0", "\u2009", "\ufeff", "\u00ad", "\u2066"])
def test_removable_invisible_characters_are_invisible(char: str) -> None:
    assert characters.invisible_kind(char) is not None
    assert characters.removable(char) is not None


@pytest.mark.parametrize("char", [" ", "\u3000", "a", "あ", "\t"])
def test_ordinary_characters_are_not_invisible(char: str) -> None:
    assert characters.invisible_kind(char) is None
