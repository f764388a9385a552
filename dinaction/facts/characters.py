"""Facts about single characters of a message or a URL: invisible, direction-changing, emoji.

Unicode's categories say which characters are invisible (``Cf``: format
characters, among them the bidirectional controls; ``Zs``: spaces). Which
sequences are emoji is the ``emoji`` package's (the Unicode emoji data),
imported only for text that holds a character it could be about.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

__all__ = ["Emoji", "describe", "emoji_in", "invisible_at", "invisible_kind", "removable"]

#: the bidirectional controls (Unicode's Bidi_Control property): they reorder what is shown, not what is read
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: invisible characters that never carry meaning in a message: removing them changes nothing a voice could read
_REMOVABLE = frozenset("\u00ad\u200b\u2060\ufeff") | _BIDI
#: the spaces a message may hold as they are: the ASCII space, and the ideographic space of Japanese typography
_PLAIN_SPACES = frozenset(" \u3000")


def invisible_kind(char: str) -> str | None:
    """``direction-changing``, ``space`` or ``invisible`` for a character one cannot see as what it is; else None.

    Format characters (``Cf``: zero-width space, joiners, soft hyphen, byte
    order mark, the bidirectional controls), spaces other than the ASCII and
    the ideographic one (``Zs``: no-break, thin, em spaces…) and variation
    selectors.
    """
    if char in _BIDI:
        return "direction-changing"
    category = unicodedata.category(char)
    if category == "Cf":
        return "invisible"
    if category == "Zs" and char not in _PLAIN_SPACES:
        return "space"
    if category == "Mn" and unicodedata.name(char, "").startswith("VARIATION SELECTOR"):
        return "invisible"
    return None


#: a character that may be invisible: none of ASCII (its one space is plain), of the CJK punctuation, kana
#: and ideographs, or of the full- and half-width forms is (tests hold this to ``invisible_kind``)
_MAYBE_INVISIBLE = re.compile(r"[^\x00-\x7f\u3000-\u30ff\u4e00-\u9fff\uff01-\uff9f]")


def invisible_at(text: str) -> list[int]:
    """Where in ``text`` the characters ``invisible_kind`` names stand, in order.

    Most characters cannot be such (ASCII, Japanese text): ASCII text is
    answered by one check, other text by looking only at the characters left.
    """
    if text.isascii():
        return []
    return [m.start() for m in _MAYBE_INVISIBLE.finditer(text) if invisible_kind(m.group())]


def removable(char: str) -> str | None:
    """What a fix may certainly put instead of ``char`` (``""``: nothing, ``" "`` for a space), or None.

    Zero-width and direction-changing characters carry nothing a voice reads;
    an unusual space is a space. Joiners, variation selectors and the rest
    may matter to the text's script: only a person can say.
    """
    if char in _REMOVABLE:
        return ""
    if invisible_kind(char) == "space":
        return " "
    return None


def describe(char: str) -> str:
    """``U+200B ZERO WIDTH SPACE``: a character one cannot see, by code point and name."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" {name}" if name else "")


class Emoji(NamedTuple):
    """An emoji (a sequence, maybe) and where it stands in the text."""

    start: int
    end: int
    text: str


#: the code points an emoji shown as a picture starts with or holds (the Emoji_Presentation characters of
#: the BMP lie in U+231A–U+2B55, the rest above U+1F000; U+FE0F asks for emoji presentation); a test holds
#: every emoji of the ``emoji`` package to it, so text without one never needs the package
MAYBE_EMOJI = re.compile("[\u231a-\u2b55\ufe0f\U0001f000-\U0001faff]")
#: the emoji package's statuses of sequences shown as emoji (unqualified ones are text symbols: `©`, `™`)
_SHOWN_AS_EMOJI = frozenset({"component", "fully_qualified", "minimally_qualified"})


def emoji_in(text: str) -> tuple[Emoji, ...]:
    """The emoji of ``text`` that are shown as pictures, in order."""
    if MAYBE_EMOJI.search(text) is None:
        return ()
    import emoji

    shown = {value for name, value in emoji.STATUS.items() if name in _SHOWN_AS_EMOJI}
    found = []
    for match in emoji.emoji_list(text):
        if emoji.EMOJI_DATA.get(match["emoji"], {}).get("status") in shown:
            found.append(Emoji(match["match_start"], match["match_end"], match["emoji"]))
    return tuple(found)
