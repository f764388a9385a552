"""Near misses: a valid action file with one realistic mistake in it, and the actions that were meant.

The fix-safety contract (tests/test_fix_contract.py) runs over these. Each
strategy starts from actions that lint clean (:mod:`dinaction.strategies`),
lays them out in canonical form, and makes one mistake of its class in one
line, the way people make them: a letter dropped, doubled or swapped in a
keyword, a quote typed as another quote character, a number dialled with
`00`, a port added to a URL, a byte order mark, CRLF… A ``NearMiss`` keeps
the actions meant, so a test can say whether a fix gave them back.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from dataclasses import dataclass, field

from hypothesis import strategies as st

from dinaction.ast import Action, Playback, Say, Transfer, Voicemail
from dinaction.settings import Settings
from dinaction.strategies import actions, e164_numbers, playbacks, says, transfers

__all__ = ["CLASSES", "NearMiss", "near_misses"]


@dataclass(frozen=True)
class NearMiss:
    """A document with one mistake (``data``), what was done, and the actions meant."""

    cls: str
    mistake: str
    meant: tuple[Action, ...]
    data: str | bytes
    settings: Settings = field(default_factory=Settings)


# --- the pieces of a canonical line ---------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    """One part of a canonical line: its text and what it is (``keyword``, ``lang``, ``number``, ``space``…)."""

    text: str
    kind: str


def pieces(action: Action) -> list[Piece]:
    """The canonical line of ``action`` in its parts (the same text as ``str(action)``)."""
    if isinstance(action, Voicemail):
        return [Piece("voicemail", "keyword"), Piece(" ", "space"), *pieces(action.greeting)]
    if isinstance(action, Playback):
        return [Piece("playback", "keyword"), Piece(" ", "space"), Piece(action.url, "url")]
    if isinstance(action, Transfer):
        out = [Piece("transfer", "keyword"), Piece(" ", "space"), Piece(action.number, "number")]
        if action.caller is not None:
            out += [Piece(" ", "space"), Piece("--caller=", "option"), Piece(action.caller, "caller")]
        return out
    assert isinstance(action, Say)
    return [
        Piece("say", "keyword"),
        Piece(" ", "space"),
        Piece(action.lang, "lang"),
        Piece(" ", "space"),
        Piece('"', "open"),
        Piece(action.message, "message"),
        Piece('"', "close"),
    ]


def joined(parts: list[Piece]) -> str:
    return "".join(p.text for p in parts)


#: a mistake: given a way to draw and the pieces of one line, the line as mistyped and its name (None: not here)
Mistake = Callable[[st.DrawFn, list[Piece]], tuple[str, str] | None]


def _indices(parts: list[Piece], kinds: tuple[str, ...]) -> list[int]:
    return [i for i, p in enumerate(parts) if p.kind in kinds]


def _replace(parts: list[Piece], index: int, text: str) -> str:
    return joined([*parts[:index], Piece(text, parts[index].kind), *parts[index + 1 :]])


def _edit_word(kinds: tuple[str, ...], name: str, edit: Callable[[st.DrawFn, str], str | None]) -> Mistake:
    """A mistake inside one piece of ``kinds`` (a keyword, a language code, a number…)."""

    def mistake(draw: st.DrawFn, parts: list[Piece]) -> tuple[str, str] | None:
        where = _indices(parts, kinds)
        if not where:
            return None
        index = draw(st.sampled_from(where))
        changed = edit(draw, parts[index].text)
        if changed is None or changed == parts[index].text:
            return None
        return _replace(parts, index, changed), name

    return mistake


def _drop(draw: st.DrawFn, word: str) -> str | None:
    if len(word) < 2:
        return None
    i = draw(st.integers(0, len(word) - 1))
    return word[:i] + word[i + 1 :]


def _double(draw: st.DrawFn, word: str) -> str:
    i = draw(st.integers(0, len(word) - 1))
    return word[: i + 1] + word[i:]


def _swap(draw: st.DrawFn, word: str) -> str | None:
    if len(word) < 2:
        return None
    i = draw(st.integers(0, len(word) - 2))
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def _replace_letter(draw: st.DrawFn, word: str) -> str | None:
    letters = [i for i, c in enumerate(word) if c.isalpha()]
    if not letters:
        return None
    i = draw(st.sampled_from(letters))
    return word[:i] + draw(st.sampled_from(string.ascii_lowercase)) + word[i + 1 :]


def _case(draw: st.DrawFn, word: str) -> str:
    how = draw(st.sampled_from(("upper", "title", "mixed")))
    if how == "upper":
        return word.upper()
    if how == "title":
        return word.title()
    flips = draw(st.lists(st.booleans(), min_size=len(word), max_size=len(word)))
    return "".join(c.upper() if flip else c for c, flip in zip(word, flips, strict=True))


def _split(draw: st.DrawFn, word: str) -> str | None:
    if len(word) < 2:
        return None
    i = draw(st.integers(1, len(word) - 1))
    return word[:i] + " " + word[i:]


def _full_width(_: st.DrawFn, word: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in word)


def _space_moved(draw: st.DrawFn, parts: list[Piece]) -> tuple[str, str] | None:
    """The space after a keyword typed one letter early or late: `sa yen`, `saye n`, `transfe r+81…`."""
    spaces = [i for i in _indices(parts, ("space",)) if parts[i - 1].kind == "keyword" and len(parts[i + 1].text) > 1]
    if not spaces:
        return None
    i = draw(st.sampled_from(spaces))
    before, after = parts[i - 1].text, parts[i + 1].text
    if draw(st.booleans()):
        line = [*parts[: i - 1], Piece(before[:-1], "keyword"), Piece(" ", "space"), Piece(before[-1] + after, "x")]
    else:
        line = [*parts[: i - 1], Piece(before + after[0], "keyword"), Piece(" ", "space"), Piece(after[1:], "x")]
    return joined([*line, *parts[i + 2 :]]), "the space after a keyword moved by one letter"


def _glued(draw: st.DrawFn, parts: list[Piece]) -> tuple[str, str] | None:
    """The space after a keyword left out: `transfer+81…`, `sayen "…"`, `voicemailsay …`."""
    spaces = [i for i in _indices(parts, ("space",)) if parts[i - 1].kind == "keyword"]
    if not spaces:
        return None
    i = draw(st.sampled_from(spaces))
    return joined([*parts[:i], *parts[i + 1 :]]), "no space after a keyword"


KEYWORD_MISTAKES: tuple[Mistake, ...] = (
    _edit_word(("keyword",), "a letter of a keyword dropped", _drop),
    _edit_word(("keyword",), "a letter of a keyword doubled", _double),
    _edit_word(("keyword",), "two letters of a keyword swapped", _swap),
    _edit_word(("keyword",), "a keyword in another case", _case),
    _edit_word(("keyword",), "a space inside a keyword", _split),
    _edit_word(("keyword",), "a keyword in full-width letters", _full_width),
    _space_moved,
    _glued,
)

# --- options --------------------------------------------------------------------------------------

_OPTION_FORMS = (
    "--caller ",
    "--caller = ",
    "--caller =",
    "--caller= ",
    "--CALLER=",
    "--Caller=",
    "-caller=",
    "—caller=",
    "–caller=",
    "―caller=",
    "--caller==",
    "--callerid=",
    "--calle=",
    "--callr=",
    "--caler=",
    "--calller=",
    "---caller=",
    "caller=",
    "--caller:",
    "--caller",
)


def _option_form(draw: st.DrawFn, parts: list[Piece]) -> tuple[str, str] | None:
    where = _indices(parts, ("option",))
    if not where:
        return None
    form = draw(st.sampled_from(_OPTION_FORMS))
    return _replace(parts, where[0], form), f"`--caller=` written `{form}`"


def _option_first(draw: st.DrawFn, parts: list[Piece]) -> tuple[str, str] | None:
    where = _indices(parts, ("option",))
    if not where:
        return None
    number, caller = parts[where[0] - 2].text, parts[where[0] + 1].text
    return f"transfer --caller={caller} {number}", "the option before the number"


def _option_twice(draw: st.DrawFn, parts: list[Piece]) -> tuple[str, str] | None:
    where = _indices(parts, ("option",))
    if not where:
        return None
    line = joined(parts)
    return f"{line} --caller={parts[where[0] + 1].text}", "the option written twice"


def _option_glued(draw: st.DrawFn, parts: list[Piece]) -> tuple[str, str] | None:
    where = _indices(parts, ("option",))
    if not where:
        return None
    return joined([*parts[: where[0] - 1], *parts[where[0] :]]), "no space before the option"


OPTION_MISTAKES: tuple[Mistake, ...] = (_option_form, _option_first, _option_twice, _option_glued)

# --- messages and their quotes --------------------------------------------------------------------

#: what a closing `"` is mistyped as: the same key unshifted (US `'`, JIS `2`), its neighbours (`;`, `:`, `1`,
#: `3`), the US layout's `@` for a JIS `"`, quotes an editor or an input method types
_CLOSING_SLIPS = ("'", "2", "1", "3", "@", ";", ":", "`", "”", "“", "″", "＂", "’")
_QUOTE_PAIRS = (("'", "'"), ("‘", "’"), ("“", "”"), ("「", "」"), ("『", "』"), ("＂", "＂"), ("“", '"'), ('"', "”"))


def _quote(draw: st.DrawFn, parts: list[Piece], kind: str, text: str, name: str) -> tuple[str, str] | None:
    where = _indices(parts, (kind,))
    return None if not where else (_replace(parts, where[0], text), name)


def _closing_slip(draw: st.DrawFn, parts: list[Piece]) -> tuple[str, str] | None:
    slip = draw(st.sampled_from(_CLOSING_SLIPS))
    return _quote(draw, parts, "close", slip, f"the closing quote typed `{slip}`")


def _closing_dropped(draw: st.DrawFn, parts: list[Piece]) -> tuple[str, str] | None:
    return _quote(draw, parts, "close", "", "the closing quote left out")


def _opening_dropped(draw: st.DrawFn, parts: list[Piece]) -> tuple[str, str] | None:
    return _quote(draw, parts, "open", "", "the opening quote left out")


def _quotes_replaced(draw: st.DrawFn, parts: list[Piece]) -> tuple[str, str] | None:
    where = _indices(parts, ("open",))
    if not where:
        return None
    opening, closing = draw(st.sampled_from(_QUOTE_PAIRS))
    line = [*parts]
    line[where[0]] = Piece(opening, "open")
    line[where[0] + 2] = Piece(closing, "close")
    return joined(line), f"the message in `{opening}…{closing}`"


def _quotes_dropped(draw: st.DrawFn, parts: list[Piece]) -> tuple[str, str] | None:
    where = _indices(parts, ("open",))
    if not where:
        return None
    line = [p for i, p in enumerate(parts) if i not in (where[0], where[0] + 2)]
    return joined(line), "no quotes around the message"


def _message_twice(draw: st.DrawFn, parts: list[Piece]) -> tuple[str, str] | None:
    where = _indices(parts, ("message",))
    if not where:
        return None
    return joined(parts) + f' "{parts[where[0]].text}"', "the message written twice"


def _message_glued(draw: st.DrawFn, parts: list[Piece]) -> tuple[str, str] | None:
    where = _indices(parts, ("open",))
    if not where:
        return None
    return joined([*parts[: where[0] - 1], *parts[where[0] :]]), "no space before the message"


def _message_insert(what: str, chars: str, *, beside_space: bool = False) -> Mistake:
    """A character typed into the message; a blank only beside a space or at an end (a tab between two
    letters of a word is no slip of a hand: it is a space typed as a tab, :func:`_message_blank`)."""

    def mistake(draw: st.DrawFn, parts: list[Piece]) -> tuple[str, str] | None:
        where = _indices(parts, ("message",))
        if not where:
            return None
        text = parts[where[0]].text
        places = list(range(len(text) + 1))
        if beside_space:
            places = [i for i in range(len(text) + 1) if i in (0, len(text)) or " " in text[i - 1 : i + 1]]
        at = draw(st.sampled_from(places))
        char = draw(st.sampled_from(chars))
        return _replace(parts, where[0], text[:at] + char + text[at:]), f"{what} {char!r} inside the message"

    return mistake


def _message_blank(draw: st.DrawFn, parts: list[Piece]) -> tuple[str, str] | None:
    """A space of the message typed as another blank: a tab, a no-break space, a thin space."""
    where = _indices(parts, ("message",))
    text = parts[where[0]].text if where else ""
    spaces = [i for i, c in enumerate(text) if c == " "]
    if not spaces:
        return None
    at = draw(st.sampled_from(spaces))
    blank = draw(st.sampled_from(("\t", "\u00a0", "\u2009", "\x0b", "\u2028")))
    return _replace(parts, where[0], text[:at] + blank + text[at + 1 :]), f"a space of the message typed {blank!r}"


MESSAGE_MISTAKES: tuple[Mistake, ...] = (
    _closing_slip,
    _closing_dropped,
    _opening_dropped,
    _quotes_replaced,
    _quotes_dropped,
    _message_twice,
    _message_glued,
    _message_insert("a quote", '"'),
    _message_insert("a stray control character", "\x07\x00\x1b\x7f\x85"),
    _message_insert("a stray blank", "\t\u00a0\u2009", beside_space=True),
    _message_blank,
    _message_insert("an invisible character", "\u200b\u200e\u00ad\ufeff\u200d\u2060\u202e"),
)

# --- numbers --------------------------------------------------------------------------------------

_NUMBER = ("number", "caller")


def _formatted(draw: st.DrawFn, number: str) -> str | None:
    """The number as people write it: grouped by libphonenumber, with the separators they use."""
    import phonenumbers

    parsed = phonenumbers.parse(number, None)
    shown = str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL))
    separator = draw(st.sampled_from((" ", "-", ".", "\u2010", "\u2212", "\u30fc", "/")))
    return shown.replace(" ", separator).replace("-", separator)


def _national(draw: st.DrawFn, number: str) -> str | None:
    import phonenumbers

    parsed = phonenumbers.parse(number, None)
    return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL))


def _digit_edit(edit: Callable[[st.DrawFn, str], str | None]) -> Callable[[st.DrawFn, str], str | None]:
    """``edit`` applied to the digits after the `+`."""

    def on_digits(draw: st.DrawFn, number: str) -> str | None:
        changed = edit(draw, number[1:])
        return None if changed is None else "+" + changed

    return on_digits


def _digit_added(draw: st.DrawFn, digits: str) -> str:
    i = draw(st.integers(0, len(digits)))
    return digits[:i] + draw(st.sampled_from("0123456789")) + digits[i:]


def _space_inside(draw: st.DrawFn, number: str) -> str:
    i = draw(st.integers(2, len(number) - 1))
    return number[:i] + draw(st.sampled_from((" ", "  ", "-", "."))) + number[i:]


def _trunk_kept(draw: st.DrawFn, number: str) -> str | None:
    """The national trunk prefix kept after the country code: `+81 0 3…`."""
    import phonenumbers

    parsed = phonenumbers.parse(number, None)
    region = phonenumbers.region_code_for_number(parsed)
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region) if region else None
    prefix = metadata.national_prefix if metadata is not None else None
    if not prefix:
        return None
    cc = str(parsed.country_code)
    return f"+{cc}{prefix}{number[1 + len(cc) :]}"


NUMBER_MISTAKES: tuple[Mistake, ...] = (
    _edit_word(_NUMBER, "the number with separators", _formatted),
    _edit_word(_NUMBER, "the number in full-width digits", _full_width),
    _edit_word(_NUMBER, "the number with a full-width `＋`", lambda d, n: "＋" + n[1:]),
    _edit_word(_NUMBER, "the `+` left out", lambda d, n: n[1:]),
    _edit_word(_NUMBER, "`00` instead of `+`", lambda d, n: "00" + n[1:]),
    _edit_word(_NUMBER, "`011` instead of `+`", lambda d, n: "011" + n[1:]),
    _edit_word(_NUMBER, "`+00` instead of `+`", lambda d, n: "+00" + n[1:]),
    _edit_word(_NUMBER, "the trunk prefix kept after the country code", _trunk_kept),
    _edit_word(_NUMBER, "a digit dropped", _digit_edit(_drop)),
    _edit_word(_NUMBER, "a digit added", _digit_edit(_digit_added)),
    _edit_word(_NUMBER, "a digit doubled", _digit_edit(_double)),
    _edit_word(_NUMBER, "two digits swapped", _digit_edit(_swap)),
    _edit_word(_NUMBER, "a space or a separator inside the number", _space_inside),
)

# --- URLs -----------------------------------------------------------------------------------------

_URL_CHARS = "~%=&#;,+@!$*'()[]{}|\\^`<>é" + string.ascii_letters + string.digits + "-_./:"


def _url_char_replaced(draw: st.DrawFn, url: str) -> str:
    i = draw(st.integers(0, len(url) - 1))
    return url[:i] + draw(st.sampled_from(_URL_CHARS)) + url[i + 1 :]


def _port(draw: st.DrawFn, url: str) -> str:
    scheme, _, rest = url.partition("://")
    host, _, path = rest.partition("/")
    port = draw(st.sampled_from((":80", ":443", ":8080", ":", ":0", ":99999", ":８０", ":http")))
    return f"{scheme}://{host}{port}/{path}"


def _scheme_slip(draw: st.DrawFn, url: str) -> str:
    scheme, _, rest = url.partition("://")
    slip = draw(st.sampled_from(("{s}:/", "{s}//", "{s}:///", "{s}:", "{s}::/", "{s}；//", "{s}：//")))
    return slip.format(s=scheme) + rest


def _url_space(draw: st.DrawFn, url: str) -> str:
    i = draw(st.integers(1, len(url) - 1))
    return url[:i] + draw(st.sampled_from((" ", "%20", "\u3000"))) + url[i:]


URL_MISTAKES: tuple[Mistake, ...] = (
    _edit_word(("url",), "a URL character replaced", _url_char_replaced),
    _edit_word(("url",), "a URL character dropped", _drop),
    _edit_word(("url",), "a URL character doubled", _double),
    _edit_word(("url",), "a port added", _port),
    _edit_word(("url",), "the scheme mistyped", _scheme_slip),
    _edit_word(("url",), "a space inside the URL", _url_space),
    _edit_word(("url",), "the URL in quotes", lambda d, u: f'"{u}"'),
    _edit_word(("url",), "the URL in angle brackets", lambda d, u: f"<{u}>"),
    _edit_word(("url",), "`.MP3`", lambda d, u: u[:-4] + ".MP3"),
)

# --- language codes -------------------------------------------------------------------------------

_LANGUAGE_WORDS = {
    "en": ("en-US", "en-GB", "en_US", "EN-us", "eng", "english", "English", "ENGLISH", "En", "en-JP", "英語"),
    "ja": ("ja-JP", "ja_JP", "JA-jp", "jpn", "jp", "JP", "japanese", "Japanese", "日本語", "Ja", "ja-Jpan"),
}


def _language_word(draw: st.DrawFn, lang: str) -> str:
    return draw(st.sampled_from(_LANGUAGE_WORDS[lang]))


LANGUAGE_MISTAKES: tuple[Mistake, ...] = (
    _edit_word(("lang",), "the language code written another way", _language_word),
    _edit_word(("lang",), "a letter of the language code dropped", _drop),
    _edit_word(("lang",), "a letter of the language code doubled", _double),
    _edit_word(("lang",), "the language code's letters swapped", _swap),
    _edit_word(("lang",), "a letter of the language code replaced", _replace_letter),
    _edit_word(("lang",), "the language code in another case", _case),
    _edit_word(("lang",), "the language code in full-width letters", _full_width),
)

# --- layout: blanks and lines ---------------------------------------------------------------------


def _space_changed(draw: st.DrawFn, parts: list[Piece]) -> tuple[str, str] | None:
    where = _indices(parts, ("space",))
    if not where:
        return None
    i = draw(st.sampled_from(where))
    blank = draw(st.sampled_from(("", "  ", "   ", "\t", "\u3000", "\u00a0", " \t")))
    return _replace(parts, i, blank), f"the space between words written {blank!r}"


def _edges(draw: st.DrawFn, parts: list[Piece]) -> tuple[str, str] | None:
    before = draw(st.sampled_from(("", " ", "\t", "\u3000")))
    after = draw(st.sampled_from(("", " ", "\t", "  ")))
    if not (before or after):
        return None
    return before + joined(parts) + after, "blanks before or after the action"


LAYOUT_MISTAKES: tuple[Mistake, ...] = (_space_changed, _edges)

# --- encodings ------------------------------------------------------------------------------------

_INVISIBLE = ("\u200b", "\u200c", "\u200d", "\u2060", "\u200e", "\u200f", "\u00ad", "\ufeff", "\u202e")


def _invisible_inserted(draw: st.DrawFn, parts: list[Piece]) -> tuple[str, str] | None:
    line = joined(parts)
    i = draw(st.integers(0, len(line)))
    char = draw(st.sampled_from(_INVISIBLE))
    return line[:i] + char + line[i:], f"U+{ord(char):04X} inserted"


ENCODING_MISTAKES: tuple[Mistake, ...] = (_invisible_inserted,)

# --- the strategies -------------------------------------------------------------------------------


def _says() -> st.SearchStrategy[Action]:
    return st.one_of(says(), says().map(Voicemail))


def _playbacks() -> st.SearchStrategy[Action]:
    return st.one_of(playbacks(), playbacks().map(Voicemail))


def _callers() -> st.SearchStrategy[Action]:
    return (
        st.tuples(e164_numbers(), e164_numbers())
        .filter(lambda p: p[0] != p[1])
        .map(lambda p: Transfer(p[0], caller=p[1]))
    )


@st.composite
def _one_line(draw: st.DrawFn, cls: str, source: st.SearchStrategy[Action], mistakes: tuple[Mistake, ...]) -> NearMiss:
    """A file of one action (sometimes two, the mistake in either line) with one mistake of ``mistakes``."""
    meant = draw(st.lists(source, min_size=1, max_size=2))
    line = draw(st.integers(0, len(meant) - 1))
    mistake = draw(st.sampled_from(mistakes))
    made = mistake(draw, pieces(meant[line]))
    if made is None:
        from hypothesis import reject

        reject()
    text, name = made
    lines = [str(a) for a in meant]
    lines[line] = text
    return NearMiss(cls, name, tuple(meant), "".join(f"{x}\n" for x in lines), Settings(max_actions=len(meant)))


@st.composite
def _numbers_national(draw: st.DrawFn) -> NearMiss:
    """A number written in its national format, with `default-region` set to its country."""
    import phonenumbers

    meant = draw(transfers())
    parsed = phonenumbers.parse(meant.number, None)
    region = phonenumbers.region_code_for_number(parsed)
    national = str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL))
    national = draw(st.sampled_from((national, national.replace(" ", ""), national.replace(" ", "-"))))
    text = str(Transfer(meant.number, caller=meant.caller)).replace(meant.number, national, 1)
    return NearMiss(
        "numbers", f"the number in national format ({region})", (meant,), text + "\n", Settings(default_region=region)
    )


@st.composite
def _lines(draw: st.DrawFn) -> NearMiss:
    """Line breaks and blank lines: CRLF, CR, no final newline, blank lines, two actions on one line."""
    meant = tuple(draw(st.lists(actions(), min_size=1, max_size=2)))
    lines = [str(a) for a in meant]
    how = draw(st.sampled_from(("crlf", "cr", "no final newline", "blank line", "two on one line", "extra newlines")))
    if how == "two on one line" and len(lines) == 2:
        text = f"{lines[0]}{draw(st.sampled_from((' ', '  ', chr(9))))}{lines[1]}\n"
    elif how in ("crlf", "cr"):
        end = "\r\n" if how == "crlf" else "\r"
        text = "".join(f"{x}{end}" for x in lines)
    elif how == "no final newline":
        text = "\n".join(lines)
    elif how == "blank line":
        at = draw(st.integers(0, len(lines)))
        lines.insert(at, draw(st.sampled_from(("", " ", "\t"))))
        text = "".join(f"{x}\n" for x in lines)
    else:
        text = "".join(f"{x}\n" for x in lines) + "\n" * draw(st.integers(1, 3))
    limit = draw(st.sampled_from((len(meant), 2)))
    return NearMiss("layout", how, meant, text, Settings(max_actions=limit))


@st.composite
def _encoded(draw: st.DrawFn) -> NearMiss:
    """The file saved with a byte order mark, or in another encoding."""
    meant = tuple(draw(st.lists(actions(), min_size=1, max_size=2)))
    text = "".join(f"{a}\n" for a in meant)
    how = draw(st.sampled_from(("bom", "two boms", "utf-16", "utf-32", "cp932", "euc_jp", "utf-16-le with bom")))
    if how == "bom":
        data: str | bytes = "\ufeff" + text
    elif how == "two boms":
        data = "\ufeff\ufeff" + text
    elif how == "utf-16-le with bom":
        data = b"\xff\xfe" + text.encode("utf-16-le")
    else:
        try:
            data = text.encode(how)
        except UnicodeEncodeError:
            data = "\ufeff" + text
    return NearMiss("encodings", how, meant, data, Settings(max_actions=len(meant)))


CLASSES: dict[str, st.SearchStrategy[NearMiss]] = {
    "keywords": _one_line("keywords", actions(), KEYWORD_MISTAKES),
    "options": _one_line("options", _callers(), OPTION_MISTAKES),
    "messages": _one_line("messages", _says(), MESSAGE_MISTAKES),
    "numbers": st.one_of(_one_line("numbers", transfers(), NUMBER_MISTAKES), _numbers_national()),
    "urls": _one_line("urls", _playbacks(), URL_MISTAKES),
    "languages": _one_line("languages", _says(), LANGUAGE_MISTAKES),
    "layout": st.one_of(_one_line("layout", actions(), LAYOUT_MISTAKES), _lines()),
    "encodings": st.one_of(_one_line("encodings", actions(), ENCODING_MISTAKES), _encoded()),
}


def near_misses(cls: str) -> st.SearchStrategy[NearMiss]:
    """Documents with one mistake of class ``cls`` (a key of ``CLASSES``)."""
    return CLASSES[cls]
