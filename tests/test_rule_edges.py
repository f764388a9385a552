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

from dinaction import Playback, Say, Transfer
from dinaction.diagnostics import Diagnostic, Edit, Span
from dinaction.errors import ActionError
from dinaction.facts import characters
from dinaction.facts import numbers as number_facts
from dinaction.linter import fix_source, lint_source
from dinaction.rules import find_rule, resolve
from dinaction.rules.numbers import TOO_LONG
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
    assert (found.field, found.fix.title if found.fix else None) == ("number", "Write `+81336042000`")
    caller = _one("transfer +81336042000 --caller=090-1234-5678\n", "DA301", Settings(default_region="JP"))
    assert caller.message == (
        "the caller id is in national format: write `+`, the country code and the number without its trunk "
        "prefix: in JP that is `+819012345678`"
    )
    assert caller.field == "caller" and caller.fix is not None
    assert [(e.span, e.content) for e in caller.fix.edits] == [(Span(31, 44), "+819012345678")]
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


def test_a_built_national_number_says_how_to_pass_its_region() -> None:
    with pytest.raises(ActionError) as refused:
        Transfer("0336042000")
    assert [d.message for d in refused.value.diagnostics] == [
        "the number is in national format: write `+`, the country code and the number without its trunk prefix "
        '(in Japan, `03-3604-2000` is `+81336042000`; pass `region=`, e.g. `region="JP"`)'
    ]


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


#: a finding with what its fix is called and writes (None: no fix)
Worded = tuple[str, int, int, str, str | None, list[tuple[int, int, str]] | None]


def _worded(text: str, settings: Settings) -> list[Worded]:
    return [
        (
            d.code,
            d.span.start,
            d.span.end,
            d.message,
            None if d.fix is None else d.fix.title,
            None if d.fix is None else [(e.span.start, e.span.end, e.content) for e in d.fix.edits],
        )
        for d in lint_source(text, settings).diagnostics
    ]


@pytest.mark.parametrize(
    ("text", "region", "every_rule", "found"),
    [
        (
            "transfer +81336042000 --caller=8133604\n",
            None,
            False,
            [
                (
                    "DA300",
                    31,
                    38,
                    "the caller id is not in E.164 form: it must start with `+` and the country code "
                    "(`+8133604` is no valid number)",
                    None,
                    None,
                )
            ],
        ),
        (
            "transfer +81336042000 --caller=0033604\n",
            None,
            False,
            [
                (
                    "DA307",
                    31,
                    38,
                    "the caller id starts with the international prefix `00`: write `+` instead "
                    "(`+33604` is no valid number)",
                    None,
                    None,
                )
            ],
        ),
        (
            "transfer +81336042000 --caller=0081336042000\n",
            None,
            False,
            [
                (
                    "DA307",
                    31,
                    44,
                    "the caller id starts with the international prefix `00`: write `+` instead (`+81336042000`)",
                    "Write `+81336042000`",
                    [(31, 44, "+81336042000")],
                )
            ],
        ),
        (
            "transfer +81\u00ad336042000\n",
            None,
            False,
            [
                (
                    "DA300",
                    9,
                    22,
                    "the number is not in E.164 form: remove the separators (U+00AD)",
                    "Write `+81336042000`",
                    [(9, 22, "+81336042000")],
                )
            ],
        ),
        # not short in the region set: where it is, instead
        (
            "transfer 911\n",
            "JP",
            False,
            [
                (
                    "DA308",
                    9,
                    12,
                    "the number `911` is an emergency number (in AC, AG, AI and 54 more regions): it has no E.164 "
                    "form, so Xoxzo cannot dial it",
                    None,
                    None,
                )
            ],
        ),
        (
            "transfer 104\n",
            "JP",
            False,
            [
                (
                    "DA308",
                    9,
                    12,
                    "the number `104` is a short number (in JP): it has no E.164 form, so Xoxzo cannot dial it",
                    None,
                    None,
                )
            ],
        ),
        # three regions are named, a fourth is counted
        (
            "transfer 144\n",
            None,
            False,
            [
                (
                    "DA308",
                    9,
                    12,
                    "the number `144` is an emergency number (in AT, CH, LI): it has no E.164 form, so Xoxzo "
                    "cannot dial it",
                    None,
                    None,
                )
            ],
        ),
        (
            "transfer 000\n",
            None,
            False,
            [
                (
                    "DA308",
                    9,
                    12,
                    "the number `000` is an emergency number (in AU, CC, CX and 1 more regions): it has no E.164 "
                    "form, so Xoxzo cannot dial it",
                    None,
                    None,
                )
            ],
        ),
        # DA306 (opt-in) judges each E.164 number, the caller id after a national number too, up to 15 digits
        (
            "transfer 0336042000 --caller=+81100000000\n",
            None,
            True,
            [
                (
                    "DA301",
                    9,
                    19,
                    "the number is in national format: write `+`, the country code and the number without its "
                    "trunk prefix (in Japan, `03-3604-2000` is `+81336042000`; set `default-region` for a fix)",
                    None,
                    None,
                ),
                ("DA306", 29, 41, "the caller id is not a valid number in its country's numbering plan", None, None),
            ],
        ),
        (
            "transfer +811111111111111\n",
            None,
            True,
            [("DA306", 9, 25, "the number is not a valid number in its country's numbering plan", None, None)],
        ),
        (
            "transfer +8111111111111111\n",
            None,
            True,
            [("DA302", 9, 26, "the number has 16 digits: E.164 allows at most 15", None, None)],
        ),
        (
            "transfer +81336042000 --caller=0336042000\n",
            None,
            False,
            [
                (
                    "DA301",
                    31,
                    41,
                    "the caller id is in national format: write `+`, the country code and the number without its "
                    "trunk prefix (in Japan, `03-3604-2000` is `+81336042000`; set `default-region` for a fix)",
                    None,
                    None,
                )
            ],
        ),
        (
            "transfer 0336042000\n",
            "JP",
            False,
            [
                (
                    "DA301",
                    9,
                    19,
                    "the number is in national format: write `+`, the country code and the number without its "
                    "trunk prefix: in JP that is `+81336042000`",
                    "Write `+81336042000`",
                    [(9, 19, "+81336042000")],
                )
            ],
        ),
    ],
)
def test_each_number_finding_word_for_word_with_its_fix(
    text: str, region: str | None, every_rule: bool, found: list[Worded]
) -> None:
    settings = Settings(select=("ALL",), default_region=region) if every_rule else Settings(default_region=region)
    assert _worded(text, settings) == found


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


def test_an_unreadable_url_character_anywhere_in_any_url() -> None:
    """DA203 at the URL's first character too, in the second playback of a file, on the `url` field, and on
    no character at all of a URL built in code."""
    assert _found("playback \x07https://example.com/a.mp3\n") == [
        ("DA203", 9, 10, "the mp3 URL contains the control character `\\x07`")
    ]
    two = "playback https://example.com/a.mp3\nplayback https://example.com/a\x07.mp3\n"
    (found,) = lint_source(two, Settings(max_actions=2)).diagnostics
    assert (found.code, found.span, found.field) == ("DA203", Span(65, 66), "url")
    with pytest.raises(ActionError) as refused:
        Playback("https://example.com/a\x07.mp3")
    assert [(d.code, d.span, d.field) for d in refused.value.diagnostics] == [("DA203", Span(0, 0), "url")]


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
    assert _one("playback http://example.com/a=b.mp3\n", "DA205").message.startswith("the URL contains `=`: ")


def test_a_port_is_judged_apart_and_the_character_after_it_is_not() -> None:
    """DA205 leaves the `:port` to DA206, and still sees the character right after it."""
    found = _found("playback https://example.com:8080#a.mp3\n")
    assert [(code, start, end) for code, start, end, _ in found] == [
        ("DA204", 9, 39),
        ("DA205", 9, 39),
        ("DA206", 28, 33),
    ]
    assert found[1][3].startswith("the URL contains `#`: ")


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


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ('say en "Բարեւ"\n', []),
        (
            'say ja "Բարեւ"\n',
            [
                (
                    "DA406",
                    7,
                    14,
                    "`ja` may not fit the message: it chooses the Japanese voice, but the text is in other script, and how a voice reads another script is undocumented",
                    None,
                    None,
                )
            ],
        ),
        (
            'say en "こんにちは"\n',
            [
                (
                    "DA406",
                    7,
                    14,
                    "`en` may not fit the message: it chooses the English voice, but the text is in Japanese kana script, and how a voice reads another script is undocumented",
                    "Use the `ja` voice",
                    [(4, 6, "ja")],
                )
            ],
        ),
        (
            'say ja "Hello"\n',
            [
                (
                    "DA406",
                    7,
                    14,
                    "`ja` may not fit the message: it chooses the Japanese voice, but the text is in Latin script, and how a voice reads another script is undocumented",
                    "Use the `en` voice",
                    [(4, 6, "en")],
                )
            ],
        ),
        (
            'say ja "Привет"\n',
            [
                (
                    "DA406",
                    7,
                    15,
                    "`ja` may not fit the message: it chooses the Japanese voice, but the text is in Cyrillic script, and how a voice reads another script is undocumented",
                    None,
                    None,
                )
            ],
        ),
        (
            'say en "Привет"\n',
            [
                (
                    "DA406",
                    7,
                    15,
                    "`en` may not fit the message: it chooses the English voice, but the text is in Cyrillic script, and how a voice reads another script is undocumented",
                    None,
                    None,
                )
            ],
        ),
        (
            'say en "Привет こんにちは"\n',
            [
                (
                    "DA406",
                    7,
                    21,
                    "`en` may not fit the message: it chooses the English voice, but the text is in Cyrillic and Japanese kana script, and how a voice reads another script is undocumented",
                    None,
                    None,
                )
            ],
        ),
        (
            'say en "a\u200b 😀"\n',
            [
                (
                    "DA407",
                    9,
                    10,
                    "the message contains the invisible character U+200B ZERO WIDTH SPACE: how Xoxzo's voice reads it is undocumented",
                    "Remove the invisible characters",
                    [(9, 10, "")],
                ),
                (
                    "DA408",
                    11,
                    12,
                    "the message contains the emoji 😀: how Xoxzo's voice reads emoji is undocumented",
                    None,
                    None,
                ),
            ],
        ),
        # a voice with no script to hold the text to (Amharic, Ethiopic): no DA406
        (
            'say am "Hello"\n',
            [
                (
                    "DA401",
                    4,
                    6,
                    "`am` is a valid language code, but not one Xoxzo's TTS is known to speak: Xoxzo speaks `en`, `ja`",
                    None,
                    None,
                )
            ],
        ),
    ],
)
def test_a_message_in_another_script_names_it_and_the_voice_that_fits(text: str, found: list[Worded]) -> None:
    """Latin letters are the English voice's, kana the Japanese one's; a script of neither (Cyrillic,
    Armenian) is named, with no voice to offer; an invisible character next to an emoji is still reported."""
    assert _worded(text, ALL) == found


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


def test_no_character_invisible_at_passes_over_is_invisible() -> None:
    """``invisible_at`` looks only at the characters that may be invisible: every other one is not."""
    skipped = [c for c in map(chr, range(0x110000)) if not characters._MAYBE_INVISIBLE.match(c)]
    assert len(skipped) > 20_000
    assert [c for c in skipped if characters.invisible_kind(c)] == []


@given(st.text(alphabet=st.characters(codec="utf-8")))
def test_invisible_at_finds_what_invisible_kind_names(text: str) -> None:
    assert characters.invisible_at(text) == [i for i, c in enumerate(text) if characters.invisible_kind(c)]


def test_a_built_message_has_no_place_to_point_at() -> None:
    """A message built in code has no source text: its findings stand on the empty span, not inside quotes."""
    assert [(d.code, d.span, d.field) for d in Say("en", "Thank\u200byou").diagnostics] == [
        ("DA407", Span(0, 0), "message")
    ]
    assert Say("en", "Thank\u200byou").diagnostics[0].fix is None  # nothing to edit


@pytest.mark.parametrize(
    ("written", "shown"),
    [("--caller\t=", "--caller\\t="), ("--caller\u3000=", "--caller\\u3000="), ("--CALLER= ", "--CALLER= ")],
)
def test_the_caller_option_as_written_is_shown_with_its_blanks_visible(written: str, shown: str) -> None:
    text = f"transfer +81336042000 {written}+819012345678\n"
    assert _worded(text, Settings()) == [
        (
            "DA106",
            22,
            22 + len(written),
            f"write the option as Xoxzo documents it: `--caller=+819012345678`, not `{shown}+819012345678`",
            "Write `--caller=`",
            [(22, 22 + len(written), "--caller=")],
        )
    ]


@pytest.mark.parametrize(
    ("text", "blank", "end"),
    [
        ('say \ten "a"\n', "a tab", 5),
        ('say\u00a0en "a"\n', "a no-break space (U+00A0)", 4),
        ('say\u3000en "a"\n', "an ideographic space (U+3000)", 4),
        ('say \u2009en "a"\n', "U+2009", 5),
    ],
)
def test_a_blank_between_arguments_is_named(text: str, blank: str, end: int) -> None:
    assert _worded(text, Settings()) == [
        (
            "DA104",
            3,
            end,
            f"{blank} between arguments: separate arguments with one space",
            "Use one space",
            [(3, end, " ")],
        )
    ]


@pytest.mark.parametrize(
    ("text", "max_actions", "found"),
    [
        (
            'say en "a" \r\n',
            1,
            [
                ("DA104", 10, 11, "trailing whitespace", "Remove it", [(10, 11, "")]),
                ("DA105", 11, 13, "CRLF line ending: use LF", "Use LF", [(11, 13, "\n")]),
            ],
        ),
        (
            'say en "a"\n say en "b"\n',
            2,
            [("DA104", 11, 12, "leading whitespace before the action", "Remove it", [(11, 12, "")])],
        ),
        (
            'say en "a"\r say en "b"\r',
            2,
            [
                ("DA105", 10, 11, "CR line ending: use LF", "Use LF", [(10, 11, "\n")]),
                ("DA104", 11, 12, "leading whitespace before the action", "Remove it", [(11, 12, "")]),
                ("DA105", 22, 23, "CR line ending: use LF", "Use LF", [(22, 23, "\n")]),
            ],
        ),
        ('say en "a" ', 1, [("DA104", 10, 11, "trailing whitespace", "Remove it", [(10, 11, "")])]),
        (
            'say en "a"\n\ufeff\nsay en "b"\n',
            2,
            [
                (
                    "DA014",
                    11,
                    12,
                    "invisible character U+FEFF (byte order mark) before the action: it is part of the first word Xoxzo reads (a byte order mark belongs only at the very start of a file)",
                    "Remove it",
                    [(11, 12, "")],
                ),
                ("DA001", 12, 12, "empty line", None, None),
            ],
        ),
        (
            'say en "a"\n \ufeff \nsay en "b"\n',
            2,
            [
                ("DA001", 11, 11, "empty line", None, None),
                ("DA104", 11, 12, "leading whitespace before the action", "Remove it", [(11, 12, "")]),
                (
                    "DA014",
                    12,
                    13,
                    "invisible character U+FEFF (byte order mark) before the action: it is part of the first word Xoxzo reads (a byte order mark belongs only at the very start of a file)",
                    "Remove it",
                    [(12, 13, "")],
                ),
                ("DA104", 13, 14, "trailing whitespace", "Remove it", [(13, 14, "")]),
            ],
        ),
        (
            'voicemail SAY en "a"\n',
            1,
            [("DA102", 10, 13, "write `SAY` in lowercase: `say`", "Lowercase the keyword", [(10, 13, "say")])],
        ),
        (
            "\ufeff\n",
            1,
            [
                ("DA021", 0, 1, "the file starts with a byte order mark", "Remove the byte order mark", [(0, 1, "")]),
                ("DA100", 0, 2, "the file holds no action: Xoxzo would have nothing to do with the call", None, None),
            ],
        ),
        (
            'say en "a"\nsay en "b"\n',
            1,
            [
                (
                    "DA101",
                    11,
                    21,
                    "2 actions, but at most 1 action may run: this one and any after it would not (`max-actions`)",
                    None,
                    None,
                )
            ],
        ),
        (
            'say en "a"\nsay en "b"\nsay en "c"\n',
            2,
            [
                (
                    "DA101",
                    22,
                    32,
                    "3 actions, but at most 2 actions may run: this one and any after it would not (`max-actions`)",
                    None,
                    None,
                )
            ],
        ),
        # a blank line of blanks; a blank line after a line of only a byte order mark; a caller id in
        # full-width digits, alone and after `--caller= `; a language code Xoxzo speaks another form of
        ('say en "a"\n  \nsay en "b"\n', 2, [("DA103", 11, 14, "blank line", "Remove the blank line", [(11, 14, "")])]),
        (
            'say en "a"\n\ufeff\n\nsay en "b"\n',
            2,
            [
                (
                    "DA014",
                    11,
                    12,
                    "invisible character U+FEFF (byte order mark) before the action: it is part of the first word Xoxzo reads (a byte order mark belongs only at the very start of a file)",
                    "Remove it",
                    [(11, 12, "")],
                ),
                ("DA001", 12, 12, "empty line", None, None),
                ("DA103", 13, 14, "blank line", "Remove the blank line", [(13, 14, "")]),
            ],
        ),
        (
            "transfer +81336042000 --caller=＋８１９０１２３４５６７８\n",
            1,
            [
                (
                    "DA309",
                    31,
                    44,
                    "the caller id is written in full-width characters: write it in ASCII",
                    "Write the number in ASCII",
                    [(31, 44, "+819012345678")],
                )
            ],
        ),
        (
            "transfer +81336042000 --caller= ＋８１９０１２３４５６７８\n",
            1,
            [
                (
                    "DA106",
                    22,
                    32,
                    "write the option as Xoxzo documents it: `--caller=＋８１９０１２３４５６７８`, not `--caller= ＋８１９０１２３４５６７８`",
                    "Write `--caller=`",
                    [(22, 32, "--caller=")],
                ),
                (
                    "DA309",
                    32,
                    45,
                    "the caller id is written in full-width characters: write it in ASCII",
                    "Write the number in ASCII",
                    [(32, 45, "+819012345678")],
                ),
            ],
        ),
        (
            'say en-US "Hello"\n',
            1,
            [
                (
                    "DA401",
                    4,
                    9,
                    "`en-US` is a valid language code, but not one Xoxzo's TTS is known to speak: use `en`",
                    "Replace with `en`",
                    [(4, 9, "en")],
                )
            ],
        ),
    ],
)
def test_the_layout_of_a_file_word_for_word(text: str, max_actions: int, found: list[Worded]) -> None:
    """Blanks at the edges of lines (before a CR, after an LF or a CR, at the end of a file), a line holding
    only a byte order mark, a keyword of a voicemail's greeting in capitals, a file of nothing but a byte order
    mark, more actions than may run."""
    assert _worded(text, Settings(max_actions=max_actions)) == found


# --- selecting rules -----------------------------------------------------------------------------------------


def test_a_rule_is_found_by_its_code_in_any_case_or_its_name() -> None:
    assert [find_rule(w).code for w in ("da302", "DA302", "Number-Too-Long")] == ["DA302"] * 3  # type: ignore[union-attr]
    with pytest.raises(ValueError) as refused:
        resolve("nope")
    assert str(refused.value) == (
        "unknown rule 'nope': use a code (DA002), a code prefix (DA3) or a name (unknown-action); "
        "`dinaction rules` lists them"
    )


def test_a_rule_without_a_fix_refuses_edits() -> None:
    """A rule's fix is declared with the rule: a check cannot hand one to a rule that promises none."""
    with pytest.raises(ValueError, match=r"^DA302 declares no fix$"):
        TOO_LONG.diagnostic(Span(0, 1), edits=[Edit(Span(0, 1), "")], what="the number", digits=16)
