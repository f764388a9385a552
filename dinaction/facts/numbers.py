"""Facts about phone numbers: E.164, the ways people write numbers, and libphonenumber's answers.

The AST normalises with them, the number rules judge with them, ``describe``
words them and the strategies draw from them. ``phonenumbers`` (Google's
libphonenumber metadata) is imported on first use only: a file without a
number never loads it. Its answers are memoised per number.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any, Literal, NamedTuple

__all__ = [
    "E164",
    "NumberFacts",
    "Shown",
    "calling_code",
    "digits",
    "example_numbers",
    "form",
    "is_e164",
    "is_e164_shape",
    "looks_like_number",
    "normalise",
    "number_facts",
    "possibility",
    "region_code",
    "shown",
    "to_e164",
]

#: a number as Xoxzo takes it: `+`, then digits only (whether the length fits is libphonenumber's to say)
E164 = re.compile(r"\+[0-9]+")

#: a number in an action file, with the separators people put between digits (no blanks: they end a token)
_SEPARATED = re.compile(r"\+?[0-9][0-9\-.()/]*[0-9]")
#: the same, in national format: the trunk prefix 0 instead of `+` and the country code
_NATIONAL = re.compile(r"0[0-9\-.()/]*[0-9]")

#: a number written in code (after NFKC): blanks and the dashes input methods type may separate digits too
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_WRITTEN_INTERNATIONAL = re.compile(rf"\+[0-9][0-9 \-.()/{_DASHES}]*[0-9]")
_WRITTEN_NATIONAL = re.compile(rf"\(?[0-9][0-9 \-.()/{_DASHES}]*[0-9]")

_NOT_DIGIT = re.compile(r"[^0-9]")
_E164_SHAPE = re.compile(r"\+[1-9][0-9]{1,14}")

#: a word someone meant as a phone number: digits, with a `+`, hyphens or brackets
_NUMBER_LIKE = re.compile(r"\+?[\d\- ()]+")

#: how a number of an action file is written: E.164, national, E.164 with separators (or without its `+`), or else
Form = Literal["e164", "national", "separated", "other"]


def is_e164(value: str) -> bool:
    """Whether ``value`` is `+` and digits only."""
    return E164.fullmatch(value) is not None


def is_e164_shape(value: str) -> bool:
    """Whether ``value`` has the shape E.164 allows: `+`, a country code that starts with 1–9, at most 15 digits.

    What a number from outside (a call's query string, a routes file) must be before it is looked up.
    """
    return _E164_SHAPE.fullmatch(value) is not None


@functools.lru_cache(maxsize=4096)
def calling_code(e164: str) -> str | None:
    """The country calling code of ``+digits`` (``+819012345678`` → ``81``), or None when none fits."""
    from phonenumbers import COUNTRY_CODE_TO_REGION_CODE

    for width in (1, 2, 3):
        head = e164[1 : 1 + width]
        if head.isdigit() and int(head) in COUNTRY_CODE_TO_REGION_CODE:
            return head
    return None


def looks_like_number(word: str) -> bool:
    """Whether ``word`` was likely meant as a phone number, well written or not."""
    return _NUMBER_LIKE.fullmatch(word) is not None


def digits(value: str) -> str:
    """The digits of ``value``, everything else dropped."""
    return _NOT_DIGIT.sub("", value)


def form(value: str) -> Form:
    """How a number token of an action file is written."""
    if is_e164(value):
        return "e164"
    if _NATIONAL.fullmatch(value):
        return "national"
    if _SEPARATED.fullmatch(value):
        return "separated"
    return "other"


def region_code(region: str) -> str | None:
    """``region`` as libphonenumber's region code (``jp`` → ``JP``), or None when it knows no such region."""
    import phonenumbers

    code = region.strip().upper()
    return code if code in phonenumbers.SUPPORTED_REGIONS else None


@functools.lru_cache(maxsize=1024)
def to_e164(text: str, region: str | None) -> str | None:
    """``text`` in E.164 as libphonenumber reads it (national forms need ``region``), or None."""
    import phonenumbers

    try:
        parsed = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))


def normalise(value: str, region: str | None) -> str:
    """``value`` in E.164 when it is a phone number written in a common form.

    International forms (``+81 3-3604-2000``, ``+81 (3) 3604 2000``, full-width
    digits) always; national ones (``03-3604-2000``) only with ``region``.
    Anything else comes back as written (separators dropped from numbers
    without `+`), for the number rules to say what is wrong with it.
    ``region`` is a code that :func:`region_code` has accepted.
    """
    text = unicodedata.normalize("NFKC", value).strip()
    international = _WRITTEN_INTERNATIONAL.fullmatch(text) is not None
    if not international and _WRITTEN_NATIONAL.fullmatch(text) is None:
        return value
    if not international and region is None:
        return digits(text)  # the rules then name it: national, or missing `+`
    e164 = to_e164(text, region)
    if e164 is None:
        return "+" + digits(text) if international else value
    return e164


class NumberFacts(NamedTuple):
    """What libphonenumber says of an E.164 number; ``error`` is None when it parsed."""

    error: str | None
    country_code: int
    possible: str  # "ok", "too-short", "too-long", "invalid-length"
    valid: bool
    region: str


@functools.lru_cache(maxsize=4096)
def number_facts(e164: str) -> NumberFacts:
    """Parse ``+digits`` once and say everything libphonenumber knows of it."""
    import phonenumbers

    parsed, error = _parse(e164)
    if parsed is None:
        return NumberFacts(error, 0, "", False, "")
    region = phonenumbers.region_code_for_number(parsed) or ""
    return NumberFacts(
        None, int(parsed.country_code or 0), _possible(parsed), bool(phonenumbers.is_valid_number(parsed)), region
    )


@functools.lru_cache(maxsize=16384)
def possibility(e164: str) -> tuple[str | None, str]:
    """(error, possible) of :func:`number_facts`, without its costly parts.

    Validity (a match against every number pattern of the country) and the
    region (for `+1`, a search through the North American countries) are
    wanted only by an opt-in rule and by messages; a run over many files asks
    this once per distinct number and needs nothing more.
    """
    parsed, error = _parse(e164)
    return (error, "") if parsed is None else (None, _possible(parsed))


def _parse(e164: str) -> tuple[Any, str | None]:
    """(the parsed number, None), or (None, the kind of parse error)."""
    import phonenumbers

    try:
        return phonenumbers.parse(e164, None), None
    except phonenumbers.NumberParseException as exc:
        kind = {
            phonenumbers.NumberParseException.INVALID_COUNTRY_CODE: "country",
            phonenumbers.NumberParseException.TOO_SHORT_NSN: "too-short",
            phonenumbers.NumberParseException.TOO_SHORT_AFTER_IDD: "too-short",
            phonenumbers.NumberParseException.TOO_LONG: "too-long",
        }.get(exc.error_type, "unparsable")
        return None, kind


def _possible(parsed: Any) -> str:
    import phonenumbers

    reason = phonenumbers.is_possible_number_with_reason(parsed)
    result = phonenumbers.ValidationResult
    return {
        result.IS_POSSIBLE: "ok",
        result.IS_POSSIBLE_LOCAL_ONLY: "ok",
        result.TOO_SHORT: "too-short",
        result.TOO_LONG: "too-long",
        result.INVALID_COUNTRY_CODE: "country",
    }.get(reason, "invalid-length")


class Shown(NamedTuple):
    """A number as people read it: ``+81 3-3604-2000``, whether it is valid, and its country's name."""

    formatted: str
    valid: bool
    country: str


@functools.lru_cache(maxsize=256)
def shown(number: str) -> Shown | None:
    """How ``number`` reads in international format, or None when it is no phone number at all."""
    import phonenumbers
    from phonenumbers import geocoder

    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        return None
    formatted = str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL))
    if not phonenumbers.is_valid_number(parsed):
        return Shown(formatted, False, "")
    country = geocoder.country_name_for_number(parsed, "en") or phonenumbers.region_code_for_number(parsed)
    return Shown(formatted, True, str(country or ""))


@functools.cache
def example_numbers(regions: tuple[str, ...]) -> tuple[str, ...]:
    """libphonenumber's example numbers (fixed line, mobile, toll free) of ``regions``, in E.164."""
    import phonenumbers

    kinds = (
        phonenumbers.PhoneNumberType.FIXED_LINE,
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.TOLL_FREE,
    )
    found: dict[str, None] = {}
    for region in regions:
        for kind in kinds:
            number = phonenumbers.example_number_for_type(region, kind)
            if number is not None:
                found[phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)] = None
    return tuple(found)


#: libphonenumber's number types, in words
_NUMBER_TYPES = {
    "FIXED_LINE": "fixed line",
    "MOBILE": "mobile",
    "FIXED_LINE_OR_MOBILE": "fixed line or mobile",
    "TOLL_FREE": "toll free",
    "PREMIUM_RATE": "premium rate",
    "SHARED_COST": "shared cost",
    "VOIP": "VoIP",
    "PERSONAL_NUMBER": "personal number",
    "PAGER": "pager",
    "UAN": "universal access number",
    "VOICEMAIL": "voicemail access",
}


class NumberType(NamedTuple):
    """Where a number belongs and what kind of line it is, as libphonenumber's metadata says."""

    #: the region code (``JP``), or ``unknown`` when no region has the number
    region: str
    #: the kind of line in words (``mobile``, ``fixed line``, ``toll free``…), or ``unknown kind``
    kind: str


@functools.lru_cache(maxsize=1024)
def number_type(number: str) -> NumberType | None:
    """The region and kind of line of an international number; None when it does not parse."""
    import phonenumbers

    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        return None
    words = {getattr(phonenumbers.PhoneNumberType, name): word for name, word in _NUMBER_TYPES.items()}
    region = phonenumbers.region_code_for_number(parsed) or "unknown"
    return NumberType(str(region), words.get(phonenumbers.number_type(parsed), "unknown kind"))


__all__ += ["NumberType", "number_type"]
