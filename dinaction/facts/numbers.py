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
from pathlib import Path
from typing import Any, Literal, NamedTuple

__all__ = [
    "E164",
    "PLANS_PATH",
    "NumberFacts",
    "Reading",
    "ShortNumber",
    "Shown",
    "TrunkPrefix",
    "calling_code",
    "digits",
    "example_numbers",
    "is_e164",
    "is_e164_shape",
    "looks_like_number",
    "normalise",
    "number_facts",
    "parse_plans",
    "plan_row",
    "plans_text",
    "possibility",
    "possible_as_written",
    "read",
    "region_code",
    "short_number",
    "shown",
    "without_trunk_prefix",
]

#: a number as Xoxzo takes it: `+`, then digits only (whether the length fits is libphonenumber's to say)
E164 = re.compile(r"\+[0-9]+")

#: what people put between the digits of a number: ASCII punctuation and the dashes input methods type
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_SEPARATORS = "-.()/" + _DASHES
#: a number written with separators (blanks too, in code); invisible format characters count as separators
_WRITTEN = re.compile(rf"\+?\(?[0-9](?:[0-9{re.escape(_SEPARATORS)}]*[0-9])?")
_WRITTEN_WITH_BLANKS = re.compile(rf"\+?\(?[0-9](?:[0-9 {re.escape(_SEPARATORS)}]*[0-9])?")
_FORMAT = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")

_NOT_DIGIT = re.compile(r"[^0-9]")
_E164_SHAPE = re.compile(r"\+[1-9][0-9]{1,14}")
#: the Halfwidth and Fullwidth Forms block's ASCII variants (`０`, `＋`, `－`…), which NFKC reads as ASCII
_FULL_WIDTH = re.compile("[\uff01-\uff5e]")

#: a word someone meant as a phone number: digits, with a `+`, hyphens or brackets
_NUMBER_LIKE = re.compile(r"\+?[\d\- ()]+")

#: the international prefixes read everywhere: `00` (ITU-T E.164's recommendation, most of the world)
#: and `011` (North America); a region's own (`010` in Japan, `0011` in Australia) come from its metadata
_COMMON_IDD = ("00", "011")

#: how a number token deviates from E.164, the one form Xoxzo documents:
#: ``e164`` (it does not), ``separated`` (`+` and digits with separators), ``missing-plus`` (an international
#: number without its `+`), ``national``, ``idd`` (an international prefix instead of `+`), ``short`` (a short
#: or emergency number, which has no E.164 form), ``other`` (not a number's characters)
Kind = Literal["e164", "separated", "missing-plus", "national", "idd", "short", "other"]


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


def region_code(region: str) -> str | None:
    """``region`` as libphonenumber's region code (``jp`` → ``JP``), or None when it knows no such region."""
    import phonenumbers

    code = region.strip().upper()
    return code if code in phonenumbers.SUPPORTED_REGIONS else None


class Reading(NamedTuple):
    """What a number token says, and the one E.164 number it most plausibly means.

    ``text`` is the token with its full-width characters read as ASCII (Unicode
    NFKC: `＋８１` is `+81`; ``full_width`` says whether there were any): a
    number's meaning is its digits, whatever their width. ``e164`` is the number
    meant, or None when there is none or more than one (then ``alternatives``
    holds the candidates). ``prefix`` is the international prefix an ``idd``
    reading drops. ``dialled`` says that ``e164`` is how libphonenumber reads
    the number dialled in the region given.
    """

    text: str
    full_width: bool
    kind: Kind
    e164: str | None
    digits: str
    separators: str = ""
    prefix: str = ""
    alternatives: tuple[str, ...] = ()
    dialled: bool = False


@functools.lru_cache(maxsize=4096)
def read(value: str, region: str | None, *, blanks: bool = False) -> Reading:
    """Read a number as written in an action file (``blanks``: in code, where spaces may separate digits too).

    ``region`` (a code :func:`region_code` accepted) lets national numbers in.
    An international form keeps every digit typed; a form without `+` is read
    every way people write one (national, after an international prefix,
    without its `+`), and ``e164`` is set only when exactly one of those ways
    gives a number libphonenumber holds valid. A trunk prefix kept after the
    country code (`+81 03…`) is dropped where :func:`without_trunk_prefix` says so.
    """
    text = _FULL_WIDTH.sub(lambda m: unicodedata.normalize("NFKC", m.group()), value)
    full_width = text != value
    if blanks:
        text = text.strip()
    if is_e164(text):
        return Reading(text, full_width, "e164", _final(text), text[1:])
    found = _FORMAT.sub("", text)
    if (_WRITTEN_WITH_BLANKS if blanks else _WRITTEN).fullmatch(found) is None:
        return Reading(text, full_width, "other", None, digits(text))
    typed = digits(found)
    separators = "".join(dict.fromkeys(c for c in text if not c.isdigit() and c != "+"))
    if text.startswith("+"):
        return Reading(text, full_width, "separated", _final("+" + typed), typed, separators)
    return _read_national(text, full_width, typed, separators, region)


def _read_national(text: str, full_width: bool, typed: str, separators: str, region: str | None) -> Reading:
    """A number without `+`: the one valid way of reading it, else why there is none."""
    readings: dict[str, tuple[Kind, str]] = {}  # e164 → (kind, prefix dropped)
    by_region = _parse_in_region(typed, region) if region else None
    if by_region is not None:
        readings[by_region[0]] = by_region[1:]
    for idd in _COMMON_IDD:
        if typed.startswith(idd) and len(typed) > len(idd):
            readings.setdefault(f"+{typed[len(idd) :]}", ("idd", idd))
    readings.setdefault(f"+{typed}", ("missing-plus", ""))
    valid = {e164: how for e164, how in readings.items() if _is_valid(e164)}
    if by_region is not None and by_region[0] in valid:
        valid = {by_region[0]: valid[by_region[0]]}  # libphonenumber knows how the region dials
    if len(valid) == 1:
        ((e164, (kind, prefix)),) = valid.items()
        dialled = by_region is not None and by_region[0] == e164
        return Reading(text, full_width, kind, _final(e164), typed, separators, prefix, dialled=dialled)
    if not valid and (short_number(typed, region).regions or (region and short_number(typed, None).regions)):
        return Reading(text, full_width, "short", None, typed, separators)
    kind, prefix = _kind_of_form(typed, by_region)
    return Reading(text, full_width, kind, None, typed, separators, prefix, tuple(sorted(valid)))


def _kind_of_form(typed: str, by_region: tuple[str, Kind, str] | None) -> tuple[Kind, str]:
    """What a number without `+` and without a valid reading looks like it was meant as."""
    if by_region is not None and by_region[1] == "idd":
        return "idd", by_region[2]
    if typed.startswith("00"):
        return "idd", "00"
    if typed.startswith("0") or (by_region is not None and by_region[1] == "national"):
        return "national", ""
    return "missing-plus", ""


def _parse_in_region(typed: str, region: str) -> tuple[str, Kind, str] | None:
    """(E.164, kind, prefix dropped) as libphonenumber reads ``typed`` dialled in ``region``."""
    import phonenumbers

    try:
        parsed = phonenumbers.parse(typed, region, keep_raw_input=True)
    except phonenumbers.NumberParseException:
        return None
    e164 = str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))
    source = phonenumbers.CountryCodeSource
    kinds: dict[int, Kind] = {source.FROM_NUMBER_WITH_IDD: "idd", source.FROM_NUMBER_WITHOUT_PLUS_SIGN: "missing-plus"}
    kind = kinds.get(parsed.country_code_source, "national")
    # the international prefix: what is typed before the country code and the national number
    prefix = typed[: len(typed) - (len(e164) - 1)] if kind == "idd" else ""
    return e164, kind, prefix


def _final(e164: str) -> str:
    """``e164`` without a trunk prefix kept after its country code."""
    kept = without_trunk_prefix(e164)
    return e164 if kept is None else kept.number


@functools.lru_cache(maxsize=4096)
def _is_valid(e164: str) -> bool:
    """Whether ``e164`` is a valid number digit for digit (libphonenumber alone drops a kept trunk prefix)."""
    split = _parsed_as_is(e164)
    if split is not None:
        return split is not _NO_COUNTRY and _valid_nsn(*split)
    import phonenumbers

    try:
        cc = int(phonenumbers.parse(e164, None).country_code or 0)
    except phonenumbers.NumberParseException:
        return False
    return _nsn_is_valid(cc, e164[1 + len(str(cc)) :])


class TrunkPrefix(NamedTuple):
    """A trunk prefix kept after the country code: the `+` and country code, the prefix, the number without it."""

    country: str
    prefix: str
    number: str


@functools.lru_cache(maxsize=16384)
def without_trunk_prefix(e164: str) -> TrunkPrefix | None:
    """The trunk prefix ``e164`` keeps after its country code, and the number without it; or None.

    ``+81 0 3…`` keeps Japan's trunk prefix `0` after the country code; E.164
    leaves it out. libphonenumber drops it silently when parsing, so the number
    "validates": this says so only where the country's metadata names a trunk
    prefix (Italy has none: `+39 06…` is right), the digits as typed are no
    valid number, and without the prefix they are.
    """
    if _FAST_SHAPE.fullmatch(e164) is not None:
        split = _country_split(e164)
        if split is None:
            return None  # no country calling code: libphonenumber cannot parse it
        trunk = _plan(split[0]).national_prefix
        if not trunk or not split[1].startswith(trunk):
            return None  # whatever else the number is, it keeps no trunk prefix
    import phonenumbers

    try:
        cc = int(phonenumbers.parse(e164, None).country_code or 0)
    except phonenumbers.NumberParseException:
        return None
    region = phonenumbers.region_code_for_country_code(cc)
    metadata = phonenumbers.PhoneMetadata.metadata_for_region_or_calling_code(cc, region)
    prefix = metadata.national_prefix if metadata is not None else None
    national = e164[1 + len(str(cc)) :]
    if not prefix or not national.startswith(prefix) or _nsn_is_valid(cc, national):
        return None
    dropped = f"+{cc}{national[len(prefix) :]}"
    return TrunkPrefix(f"+{cc}", prefix, dropped) if _is_valid(dropped) else None


def _nsn_is_valid(cc: int, national: str) -> bool:
    """Whether ``national`` is, digit for digit, a valid national significant number of ``cc``."""
    if national.isascii() and national.isdigit() and _known_code(cc):
        return _valid_nsn(cc, national)
    import phonenumbers

    return bool(phonenumbers.is_valid_number(_number(cc, national)))


def _number(cc: int, national: str) -> Any:
    """A number of country code ``cc`` built digit for digit (parsing would read prefixes into it)."""
    import phonenumbers

    zeros = len(national) - len(national.lstrip("0"))
    number = phonenumbers.PhoneNumber(country_code=cc, national_number=int(national or "0"))
    if zeros:
        number.italian_leading_zero = True
        # an all-zero number (`000`) keeps all but the one zero its national_number holds
        number.number_of_leading_zeros = zeros - 1 if zeros == len(national) else zeros
    return number


class ShortNumber(NamedTuple):
    """Where ``digits`` is a short number: the regions, and those where it calls the emergency services."""

    regions: tuple[str, ...]
    emergency: tuple[str, ...]


@functools.lru_cache(maxsize=1024)
def short_number(typed: str, region: str | None) -> ShortNumber:
    """Where libphonenumber's short-number metadata knows ``typed`` (in ``region``, or in any region).

    Short numbers (`110`, `911`, `112`, directory and service codes) are dialled
    inside one country's network only: they have no E.164 form.
    """
    import phonenumbers
    from phonenumbers import shortnumberinfo

    if not typed or len(typed) > 8:
        return ShortNumber((), ())
    regions = (region,) if region else tuple(sorted(phonenumbers.SUPPORTED_SHORT_REGIONS))
    short: list[str] = []
    emergency: list[str] = []
    for code in regions:
        cc = phonenumbers.country_code_for_region(code)
        if not cc:
            continue
        number = _number(cc, typed)
        if shortnumberinfo.is_emergency_number(typed, code):
            emergency.append(code)
            short.append(code)
        elif shortnumberinfo.is_valid_short_number_for_region(number, code):
            short.append(code)
    return ShortNumber(tuple(short), tuple(emergency))


def normalise(value: str, region: str | None) -> str:
    """``value`` in E.164 when it is written in a common form (:func:`read`, blanks allowed), else as written.

    International forms (``+81 3-3604-2000``, ``+81 (3) 3604 2000``, full-width
    digits, ``+44 (0)20…``) always; with ``region``, what libphonenumber reads
    as a valid number dialled there (``03-3604-2000``). The result is the number
    the number rules' fixes would write, so the builder and the linter never
    disagree. Other readings (no `+`, an international prefix, a short number,
    a national number without ``region``) keep their digits, and anything else
    comes back as written, for the number rules to say what is wrong with it.
    """
    reading = read(value, region, blanks=True)
    if reading.e164 is not None and (reading.kind in ("e164", "separated") or reading.dialled):
        return reading.e164
    return value if reading.kind == "other" else reading.digits


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
    split = _parsed_as_is(e164)
    if split is _NO_COUNTRY:
        return NumberFacts("country", 0, "", False, "")
    if split is not None:
        cc, national = split
        plan = _plan(cc)
        found = plan.region_of(national)
        valid = found is not None and found.valid(national)
        return NumberFacts(None, cc, plan.by_length[len(national)], valid, "" if found is None else found.code)
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
    split = _parsed_as_is(e164)
    if split is _NO_COUNTRY:
        return "country", ""
    if split is not None:
        cc, national = split
        return None, _plan(cc).by_length[len(national)]
    parsed, error = _parse(e164)
    return (error, "") if parsed is None else (None, _possible(parsed))


@functools.lru_cache(maxsize=16384)
def possible_as_written(e164: str) -> bool:
    """Whether ``e164`` is possible and keeps no trunk prefix: ``possibility`` is (None, "ok") and
    ``without_trunk_prefix`` None, asked at once (what a clean `transfer` needs of its numbers)."""
    split = _parsed_as_is(e164)
    if split is None or split is _NO_COUNTRY:
        return possibility(e164) == (None, "ok") and without_trunk_prefix(e164) is None
    cc, national = split
    plan = _plan(cc)
    if plan.by_length[len(national)] != "ok":
        return False
    return not plan.national_prefix or not national.startswith(plan.national_prefix) or not without_trunk_prefix(e164)


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


# --- libphonenumber's metadata, compiled per country calling code -----------------------------------
#
# ``phonenumbers.parse`` costs tens of microseconds a number: it looks for a number in free text,
# normalises every form of digit, strips extensions. A number written as Xoxzo takes it (`+` and
# digits) needs none of that: its country calling code is its first digits, and what libphonenumber
# says of it then is a function of the rest's length (possible) and of its metadata's patterns
# (valid). Those are read once per country calling code from phonenumbers' own metadata, which stays
# the source of truth; what these shortcuts do not cover exactly is asked of phonenumbers itself, and
# tests/test_number_metadata.py holds the two to the same answers on every region's example numbers.

#: `+` and digits as the shortcuts take them: no leading zero, long enough to be viable, not absurdly long
_FAST_SHAPE = re.compile(r"\+[1-9][0-9]{3,19}")
#: the lengths libphonenumber accepts for a national significant number (``_MIN/_MAX_LENGTH_FOR_NSN``)
_NSN_LENGTHS = range(2, 18)
#: ``ValidationResult`` (by name) → what :func:`possibility` says
_POSSIBLE_WORDS = {
    "IS_POSSIBLE": "ok",
    "IS_POSSIBLE_LOCAL_ONLY": "ok",
    "TOO_SHORT": "too-short",
    "TOO_LONG": "too-long",
}


class _Desc(NamedTuple):
    """A number description of a region's metadata: the lengths it allows (empty: any) and its pattern."""

    lengths: frozenset[int]
    pattern: re.Pattern[str]

    def matches(self, nsn: str) -> bool:
        return (not self.lengths or len(nsn) in self.lengths) and self.pattern.fullmatch(nsn) is not None


class _Region(NamedTuple):
    """A region's metadata as validation reads it: its leading digits, its general and per-type descriptions."""

    code: str
    leading: re.Pattern[str] | None
    general: _Desc | None
    types: tuple[_Desc, ...]

    def valid(self, nsn: str) -> bool:
        """``is_valid_number_for_region``: the general description, then any type's."""
        return self.general is not None and self.general.matches(nsn) and any(t.matches(nsn) for t in self.types)


class _Plan(NamedTuple):
    """What the metadata of one country calling code says, compiled: prefixes, lengths, regions."""

    national_prefix: str
    #: ``national_prefix_for_parsing``, and whether a transform rule goes with it (None: nothing to strip)
    strip: re.Pattern[str] | None
    transform: bool
    #: what :func:`possibility` says of a national number, by its length (the lengths parsing allows)
    by_length: dict[int, str]
    cc: int

    def keeps(self, national: str) -> bool:
        """Whether parsing leaves ``national`` as it is (strips no national prefix or carrier code)."""
        if self.strip is None:
            return True
        found = self.strip.match(national)
        # an empty match strips nothing, unless a transform rule rewrites from its last group
        return found is None or (found.end() == 0 and (not self.transform or found.groups()[-1:] in ((), (None,))))

    def region_of(self, nsn: str) -> _Region | None:
        """``region_code_for_number``: the only region, else the first whose leading digits or patterns fit."""
        regions = _regions(self.cc)
        if len(regions) == 1:
            return regions[0]
        for region in regions:
            if region.leading is not None:
                if region.leading.match(nsn) is not None:
                    return region
            elif region.valid(nsn):
                return region
        return None


def _known_code(cc: int) -> bool:
    return str(cc) in _calling_codes()


@functools.cache
def _calling_codes() -> frozenset[str]:
    """Every country calling code libphonenumber knows, as written after the `+`."""
    table = _plans_table()
    if table is not None:
        return frozenset(map(str, table))
    from phonenumbers import COUNTRY_CODE_TO_REGION_CODE

    return frozenset(map(str, COUNTRY_CODE_TO_REGION_CODE))


#: what a plan is made of: (national prefix, the pattern that strips it or "", a transform rule or not,
#: the possible lengths, the lengths possible only locally)
PlanRow = tuple[str, str, bool, tuple[int, ...], tuple[int, ...]]


@functools.cache
def _plan(cc: int) -> _Plan:
    """The compiled metadata of the country calling code ``cc`` (one libphonenumber knows)."""
    table = _plans_table()
    national_prefix, strip, transform, lengths, local = plan_row(cc) if table is None else table[cc]
    return _Plan(
        national_prefix=national_prefix,
        strip=re.compile(strip) if strip else None,
        transform=transform,
        by_length={n: _length_word(n, lengths, frozenset(local)) for n in _NSN_LENGTHS},
        cc=cc,
    )


def plan_row(cc: int) -> PlanRow:
    """What libphonenumber's metadata says of ``cc``, as a plan needs it (read from phonenumbers)."""
    import phonenumbers

    codes = phonenumbers.COUNTRY_CODE_TO_REGION_CODE[cc]
    metadata = phonenumbers.PhoneMetadata.metadata_for_region_or_calling_code(cc, codes[0])
    assert metadata is not None
    general = metadata.general_desc
    lengths = tuple(general.possible_length or ()) if general is not None else ()
    local = tuple(general.possible_length_local_only or ()) if general is not None else ()
    return (
        metadata.national_prefix or "",
        metadata.national_prefix_for_parsing or "",
        bool(metadata.national_prefix_transform_rule),
        lengths,
        local,
    )


# --- the plans, kept beside this module for the phonenumbers they were read from ---------------------
#
# Importing phonenumbers (all of libphonenumber) is most of a one-file lint's time with a number. The
# plans of every country calling code are small: ``plans.txt`` keeps them, written from phonenumbers
# (``python -m dinaction.dev regen``) and used only while the installed phonenumbers is the version
# they were read from; otherwise phonenumbers is asked, as it always stays the source of truth.

PLANS_PATH = Path(__file__).with_name("plans.txt")


@functools.cache
def _plans_table() -> dict[int, PlanRow] | None:
    """The plans of ``plans.txt``, when they were read from the installed phonenumbers; else None."""
    try:
        text = PLANS_PATH.read_text(encoding="utf-8")
    except OSError:
        return None
    head, _, body = text.partition("\n")
    if head != f"phonenumbers {_installed_phonenumbers()}":
        return None
    return parse_plans(body)


def _installed_phonenumbers() -> str | None:
    """The version of the installed phonenumbers, read from its package without importing it."""
    import importlib.util

    spec = importlib.util.find_spec("phonenumbers")
    if spec is None or spec.origin is None:
        return None
    try:
        with open(spec.origin, encoding="utf-8") as source:
            found = _VERSION.search(source.read())
    except (OSError, UnicodeDecodeError):
        return None
    return None if found is None else found.group(1)


_VERSION = re.compile(r'^__version__ = "([^"]+)"', re.MULTILINE)


def parse_plans(body: str) -> dict[int, PlanRow]:
    """The rows of ``plans.txt`` after its first line: ``cc, prefix, transform, lengths, local, strip``, tab-separated."""
    table: dict[int, PlanRow] = {}
    for line in body.splitlines():
        cc, prefix, transform, lengths, local, strip = line.split("\t", 5)
        table[int(cc)] = (prefix, strip, transform == "1", _ints(lengths), _ints(local))
    return table


def _ints(field: str) -> tuple[int, ...]:
    return tuple(int(n) for n in field.split(",")) if field else ()


def plans_text() -> str:
    """``plans.txt`` as it is written from the installed phonenumbers."""
    import phonenumbers

    lines = [f"phonenumbers {phonenumbers.__version__}"]
    for cc in sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE):
        prefix, strip, transform, lengths, local = plan_row(cc)
        if "\t" in prefix + strip or "\n" in prefix + strip:  # pragma: no cover - not in libphonenumber's patterns
            raise ValueError(f"+{cc}: a tab or a newline in its metadata")
        lines.append(
            f"{cc}\t{prefix}\t{int(transform)}\t{','.join(map(str, lengths))}\t{','.join(map(str, local))}\t{strip}"
        )
    return "\n".join(lines) + "\n"


@functools.cache
def _regions(cc: int) -> tuple[_Region, ...]:
    """The regions of ``cc`` with their patterns compiled: for validity only (+1 alone has 25 regions)."""
    import phonenumbers

    codes = phonenumbers.COUNTRY_CODE_TO_REGION_CODE[cc]
    regions = []
    for code in codes:
        # several regions: each its own metadata (``region_code_for_number`` skips those without);
        # one: the region's, or the non-geographic entity's
        data = (
            phonenumbers.PhoneMetadata.metadata_for_region(code.upper(), None)
            if len(codes) > 1
            else phonenumbers.PhoneMetadata.metadata_for_region_or_calling_code(cc, code.upper())
        )
        if data is not None:
            regions.append(_compiled_region(code, data))
    return tuple(regions)


def _length_word(length: int, lengths: tuple[int, ...], local: frozenset[int]) -> str:
    """libphonenumber's test of a national number's length (``_test_number_length``, any type), in our words."""
    if not lengths:
        return "invalid-length"
    if length in local:
        result = "IS_POSSIBLE_LOCAL_ONLY"
    elif lengths[0] == length:
        result = "IS_POSSIBLE"
    elif lengths[0] > length:
        result = "TOO_SHORT"
    elif lengths[-1] < length:
        result = "TOO_LONG"
    else:
        result = "IS_POSSIBLE" if length in lengths[1:] else "INVALID_LENGTH"
    return _POSSIBLE_WORDS.get(result, "invalid-length")


def _compiled_region(code: str, metadata: Any) -> _Region:
    def desc(number_desc: Any) -> _Desc | None:
        if number_desc is None or not number_desc.national_number_pattern:
            return None
        return _Desc(frozenset(number_desc.possible_length or ()), re.compile(number_desc.national_number_pattern))

    kinds = (
        metadata.premium_rate,
        metadata.toll_free,
        metadata.shared_cost,
        metadata.voip,
        metadata.personal_number,
        metadata.pager,
        metadata.uan,
        metadata.voicemail,
        metadata.fixed_line,
        metadata.mobile,
    )
    leading = re.compile(metadata.leading_digits) if metadata.leading_digits else None
    types = tuple(d for d in map(desc, kinds) if d is not None)
    return _Region(code, leading, desc(metadata.general_desc), types)


def _country_split(e164: str) -> tuple[int, str] | None:
    """(country calling code, the digits after it) as libphonenumber splits `+digits`; None when no code fits."""
    codes = _calling_codes()
    for width in (2, 3, 4):
        if e164[1:width] in codes:
            return int(e164[1:width]), e164[width:]
    return None


#: what :func:`_parsed_as_is` says of a number whose first digits are no country calling code
_NO_COUNTRY = (0, "")


def _parsed_as_is(e164: str) -> tuple[int, str] | None:
    """What ``phonenumbers.parse(e164)`` gives, when it is known without parsing: (cc, national number as typed).

    ``_NO_COUNTRY`` when parsing fails for want of a country calling code; None
    when only parsing can tell (another shape, a national prefix it would strip,
    a leading zero, a length it refuses).
    """
    if _FAST_SHAPE.fullmatch(e164) is None:
        return None
    split = _country_split(e164)
    if split is None:
        return _NO_COUNTRY
    cc, national = split
    if len(national) not in _NSN_LENGTHS or national[0] == "0" or not _plan(cc).keeps(national):
        return None
    return split


def _valid_nsn(cc: int, nsn: str) -> bool:
    """``is_valid_number`` of the number of code ``cc`` and national significant number ``nsn``, from the patterns."""
    region = _plan(cc).region_of(nsn)
    return region is not None and region.valid(nsn)


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
