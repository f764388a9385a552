"""Hypothesis strategies for valid actions, to property-test the code that builds them.

Every value these strategies make passes the default rules without a finding
(no error, no warning): mp3 URLs on public host names, E.164 numbers that
libphonenumber holds valid, messages in the script their voice reads. So a
handler under test can be fed any of them, and its output linted::

    from hypothesis import given
    from dinaction import lint
    from dinaction.strategies import transfers

    @given(transfers())
    def test_handler_output_is_clean(target):
        assert lint(my_handler(target).render()) == []

Importing this module imports hypothesis (``pip install 'dinaction[hypothesis]'``);
``import dinaction`` never does.
"""

from __future__ import annotations

import string
from collections.abc import Sequence

from hypothesis import strategies as st

from dinaction.ast import Action, Greeting, Playback, Say, Script, Transfer, Voicemail
from dinaction.facts import numbers

__all__ = [
    "REGIONS",
    "actions",
    "e164_numbers",
    "greetings",
    "messages",
    "mp3_urls",
    "playbacks",
    "says",
    "scripts",
    "transfers",
    "voicemails",
]

#: where example numbers come from: Japan first (Xoxzo's home), then a spread of numbering plans
REGIONS: tuple[str, ...] = ("JP", "US", "GB", "DE", "FR", "AU", "SG", "ID", "IN", "BR", "KR")

_LABEL_CHARS = string.ascii_lowercase + string.digits
_PATH_CHARS = string.ascii_letters + string.digits + "_-"
#: suffixes of public names; none of them is reserved (``.test``, ``.local``, ``.example``…)
_TLDS = ("com", "net", "org", "io", "info", "jp", "co.jp", "ne.jp", "co.uk", "de")
_ENGLISH = string.ascii_letters + string.digits + " ,.!?'-:;()&%/" + "éèàüöñç"
_KANA = "".join(map(chr, range(0x3041, 0x3097))) + "".join(map(chr, range(0x30A1, 0x30FB))) + "ー"
_KANJI = "電話営業時間外本日休業申訳御座居留守番号案内少待下受付担当者折返連絡致今後様"
_JAPANESE = _KANA + _KANJI + "、。！？・「」（）　 0123456789"
_MAX_MESSAGE = 120


def _label() -> st.SearchStrategy[str]:
    """A DNS label: letters and digits, inner hyphens."""
    ends = st.text(_LABEL_CHARS, min_size=1, max_size=1)
    middle = st.text(_LABEL_CHARS + "-", max_size=10)
    return st.one_of(ends, st.tuples(ends, middle, ends).map("".join))


def mp3_urls() -> st.SearchStrategy[str]:
    """``http(s)://`` URLs of mp3 files on public host names, in the characters Xoxzo documents."""
    hosts = st.tuples(st.lists(_label(), min_size=1, max_size=3), st.sampled_from(_TLDS)).map(
        lambda parts: ".".join([*parts[0], parts[1]])
    )
    segment = st.text(_PATH_CHARS, min_size=1, max_size=12)
    paths = st.tuples(st.lists(segment, max_size=3), segment).map(lambda p: "".join(f"/{s}" for s in p[0]) + f"/{p[1]}")
    return st.builds(
        lambda scheme, host, path: f"{scheme}://{host}{path}.mp3", st.sampled_from(("https", "http")), hosts, paths
    )


def e164_numbers(regions: Sequence[str] = REGIONS) -> st.SearchStrategy[str]:
    """Valid E.164 numbers: libphonenumber's example numbers with their last digits varied."""
    wanted = tuple(r.upper() for r in regions)
    examples = numbers.example_numbers(wanted)
    if not examples:
        raise ValueError(f"libphonenumber has no example number for {wanted!r}")
    tails = st.text("0123456789", max_size=4)
    varied = st.tuples(st.sampled_from(examples), tails).map(lambda p: p[0][: len(p[0]) - len(p[1])] + p[1])
    return varied.filter(lambda e164: numbers.number_facts(e164).valid)


def messages(lang: str) -> st.SearchStrategy[str]:
    """Messages the ``lang`` voice reads (``en``: Latin script; ``ja``: kana and kanji)."""
    alphabets = {"en": _ENGLISH, "ja": _JAPANESE}
    if lang not in alphabets:
        raise ValueError(f"no messages for {lang!r}: use 'en' or 'ja'")
    return st.text(alphabets[lang], min_size=1, max_size=_MAX_MESSAGE).filter(str.strip)


def playbacks() -> st.SearchStrategy[Playback]:
    return mp3_urls().map(Playback)


def transfers(regions: Sequence[str] = REGIONS) -> st.SearchStrategy[Transfer]:
    """Transfers to a valid number, with or without a (different) caller id."""
    numbers = e164_numbers(regions)
    pairs = st.tuples(numbers, st.none() | numbers).filter(lambda p: p[0] != p[1])
    return pairs.map(lambda p: Transfer(p[0], caller=p[1]))


def says() -> st.SearchStrategy[Say]:
    return st.sampled_from(("en", "ja")).flatmap(lambda lang: messages(lang).map(lambda text: Say(lang, text)))


def greetings() -> st.SearchStrategy[Greeting]:
    return st.one_of(playbacks(), says())


def voicemails() -> st.SearchStrategy[Voicemail]:
    return greetings().map(Voicemail)


def actions() -> st.SearchStrategy[Action]:
    return st.one_of(playbacks(), transfers(), says(), voicemails())


def scripts(max_actions: int = 1) -> st.SearchStrategy[Script]:
    """Scripts of 1 to ``max_actions`` actions (a script with none is an error)."""
    return st.lists(actions(), min_size=1, max_size=max_actions).map(lambda a: Script(a, max_actions=max_actions))
