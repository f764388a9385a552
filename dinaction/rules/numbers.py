"""Rules on the E.164 numbers of `transfer` and `--caller=`.

How a number is read is a fact (:func:`dinaction.facts.numbers.read`, with
libphonenumber's metadata looked up once per distinct number); these rules say
what is wrong with the way it is written, and where. A fix is offered only when
its result is the one number the token plausibly means, and it keeps every
digit typed except those its rule is about (a trunk prefix, an international
prefix); full-width digits are the same digits, so their fix is safe.
"""

from __future__ import annotations

from collections.abc import Iterator

from dinaction.ast import Transfer
from dinaction.diagnostics import Applicability, Diagnostic, Edit, Severity, Span
from dinaction.facts import numbers
from dinaction.rules.base import Check, Context, Rule, span_of

#: where the numbers' facts come from (Markdown), shared by the rules that rest on them
_E164_SOURCE = (
    "Xoxzo's Voice API documentation, notes on the recipient and caller parameters "
    '(<https://docs.xoxzo.com/en/voice.html>): "Xoxzo uses the E.164 number format … phone numbers must start '
    'with the + prefix and country code then followed directly by the mobile number leaving the local 0 prefix". '
    "The DIN actions take the same numbers (`transfer +81807181881 --caller=+8190123456789`, "
    "<https://docs.xoxzo.com/en/din.html#available-actions>)."
)
_LIBPHONENUMBER = (
    "Google's libphonenumber metadata (<https://github.com/google/libphonenumber>), through `phonenumbers`"
)


def _numbers(ctx: Context) -> Iterator[tuple[Transfer, str, str]]:
    """(node, field, value) for every number: the target and the caller id."""
    for node in ctx.transfers():
        yield node, "number", node.number
        if node.caller is not None:
            yield node, "caller", node.caller


def _what(field: str) -> str:
    return "the caller id" if field == "caller" else "the number"


def _region(ctx: Context) -> str | None:
    """The settings' `default-region` as libphonenumber's code, or None."""
    region = ctx.settings.default_region
    return numbers.region_code(region) if region else None


def _shown(chars: str) -> str:
    """Separators as a person can read them (invisible ones by code point)."""
    return ", ".join(f"`{c}`" if c.isprintable() and not c.isspace() else f"U+{ord(c):04X}" for c in chars)


def _format(ctx: Context) -> Iterator[Diagnostic]:
    region = _region(ctx)
    for node, field, value in _numbers(ctx):
        reading = numbers.read(value, region)
        span = span_of(node, field)
        what = _what(field)
        if reading.full_width:
            yield FULL_WIDTH.diagnostic(span, field_name=field, edits=[Edit(span, reading.text)], what=what)
        kind = reading.kind
        if kind == "e164":
            continue
        if kind == "separated":
            fixed = "+" + reading.digits
            yield NOT_E164.diagnostic(
                span,
                field_name=field,
                edits=[Edit(span, fixed)],
                what=what,
                detail=f"remove the separators ({_shown(reading.separators)})",
                fix_title=f"Write `{fixed}`",
            )
        elif kind == "missing-plus":
            yield _missing_plus(span, field, reading)
        elif kind == "national":
            yield _national(ctx, span, field, reading)
        elif kind == "idd":
            yield _international_prefix(span, field, reading)
        elif kind == "short":
            yield _short(span, field, reading, region)
        else:
            yield NOT_E164.diagnostic(
                span, field_name=field, what=what, detail="only `+` and digits are allowed", fix_title=""
            )


def _missing_plus(span: Span, field: str, reading: numbers.Reading) -> Diagnostic:
    what = _what(field)
    detail = "it must start with `+` and the country code"
    if reading.e164 is None:
        return NOT_E164.diagnostic(
            span, field_name=field, what=what, detail=f"{detail} (`+{reading.digits}` is no valid number)", fix_title=""
        )
    return NOT_E164.diagnostic(
        span,
        field_name=field,
        edits=[Edit(span, reading.e164)],
        what=what,
        detail=detail,
        fix_title=f"Write `{reading.e164}`",
    )


NOT_E164 = Rule(
    code="DA300",
    name="number-not-e164",
    severity=Severity.ERROR,
    message="{what} is not in E.164 form: {detail}",
    summary="Reports numbers that are not `+` followed by digits only.",
    why=(
        "Xoxzo takes numbers in E.164: `+`, the country code and the national number, no spaces, "
        "hyphens or brackets. A number without its `+` is read as what it is not. The fix removes "
        "separators, or adds the `+` when the digits are a valid international number."
    ),
    bad="transfer +81-3-3604-2000\n",
    good="transfer +81336042000\n",
    fix_title="{fix_title}",
    fix=Applicability.UNSAFE,
    source=_E164_SOURCE,
)


def _national(ctx: Context, span: Span, field: str, reading: numbers.Reading) -> Diagnostic:
    region = _region(ctx)
    what = _what(field)
    if reading.e164 is not None and region is not None:
        return NATIONAL.diagnostic(
            span,
            field_name=field,
            edits=[Edit(span, reading.e164)],
            what=what,
            hint=f": in {region} that is `{reading.e164}`",
            e164=reading.e164,
        )
    if reading.alternatives:
        hint = ": it could be " + " or ".join(f"`{e}`" for e in reading.alternatives)
    elif region is not None:
        hint = f": in {region}, `{reading.digits}` is no valid number"
    else:
        # built nodes (no source text) take the region as an argument, files from the settings
        hint = " (in Japan, `03-3604-2000` is `+81336042000`; " + (
            'pass `region=`, e.g. `region="JP"`)' if ctx.text is None else "set `default-region` for a fix)"
        )
    return NATIONAL.diagnostic(span, field_name=field, what=what, hint=hint, e164="")


NATIONAL = Rule(
    code="DA301",
    name="national-number",
    severity=Severity.ERROR,
    message="{what} is in national format: write `+`, the country code and the number without its trunk prefix{hint}",
    summary="Reports numbers written in national format, such as `0312345678`.",
    why=(
        "A national number means nothing without its country: Xoxzo cannot know that `03…` is Tokyo. "
        "Write `+81` and drop the trunk prefix `0`. With `default-region` set, the fix writes the "
        "number as libphonenumber reads it dialled in that region, when that is a valid number."
    ),
    bad="transfer 0336042000\n",
    good="transfer +81336042000\n",
    fix_title="Write `{e164}`",
    fix=Applicability.UNSAFE,
    example_settings={"default_region": "JP"},
    source=_E164_SOURCE + " Which region a national number belongs to is this project's `default-region`.",
)


def _international_prefix(span: Span, field: str, reading: numbers.Reading) -> Diagnostic:
    what = _what(field)
    if reading.e164 is None:
        rest = reading.digits[len(reading.prefix) :]
        return INTERNATIONAL_PREFIX.diagnostic(
            span,
            field_name=field,
            what=what,
            prefix=reading.prefix,
            hint=f" (`+{rest}` is no valid number)",
            e164="",
        )
    return INTERNATIONAL_PREFIX.diagnostic(
        span,
        field_name=field,
        edits=[Edit(span, reading.e164)],
        what=what,
        prefix=reading.prefix,
        hint=f" (`{reading.e164}`)",
        e164=reading.e164,
    )


INTERNATIONAL_PREFIX = Rule(
    code="DA307",
    name="international-prefix",
    severity=Severity.ERROR,
    message="{what} starts with the international prefix `{prefix}`: write `+` instead{hint}",
    summary="Reports numbers dialled with an international prefix (`00`, `011`, `010`…) instead of `+`.",
    why=(
        "`0081…` is how a phone in many countries dials Japan; Xoxzo takes `+81…`. Read as a national "
        "number, `00…` becomes a different, longer number. The fix replaces the prefix with `+` when "
        "the rest is a valid number."
    ),
    bad="transfer 0081336042000\n",
    good="transfer +81336042000\n",
    fix_title="Write `{e164}`",
    fix=Applicability.UNSAFE,
    source=(
        _E164_SOURCE + " International prefixes: `00` and `011` everywhere, a region's own (`010` in Japan) "
        "from " + _LIBPHONENUMBER + "."
    ),
)


def _short(span: Span, field: str, reading: numbers.Reading, region: str | None) -> Diagnostic:
    known = numbers.short_number(reading.digits, region)
    where = region is not None and bool(known.regions)
    if not where:
        known = numbers.short_number(reading.digits, None)
    kind = "an emergency number" if known.emergency else "a short number"
    regions = sorted(known.emergency or known.regions, key=lambda r: (r != "JP", r))  # Xoxzo's home first
    named = ", ".join(regions[:3]) + (f" and {len(regions) - 3} more regions" if len(regions) > 3 else "")
    return SHORT_NUMBER.diagnostic(
        span, field_name=field, what=_what(field), digits=reading.digits, kind=kind, regions=named
    )


SHORT_NUMBER = Rule(
    code="DA308",
    name="short-number",
    severity=Severity.ERROR,
    message="{what} `{digits}` is {kind} (in {regions}): it has no E.164 form, so Xoxzo cannot dial it",
    summary="Reports short and emergency numbers (`110`, `911`, `112`…), which have no E.164 form.",
    why=(
        "Short numbers are dialled inside one country's network only; `+110` or `+911` is no number at "
        "all (or someone else's). Emergency services must be called from a phone, not through a "
        "transfer. There is no fix: write the full number of the service you mean."
    ),
    bad="transfer 110\n",
    good="transfer +81336042000\n",
    source=_E164_SOURCE + " Short and emergency numbers per region: " + _LIBPHONENUMBER + " (`ShortNumberInfo`).",
)


_FULL_WIDTH_SOURCE = (
    _E164_SOURCE + " E.164 digits are the ASCII digits. That a full-width `８` is the digit 8 is Unicode's "
    "compatibility normalisation (NFKC, <https://unicode.org/reports/tr15/>); this project takes a "
    "number's NFKC form as its meaning, so the fix is safe."
)


FULL_WIDTH = Rule(
    code="DA309",
    name="full-width-number",
    severity=Severity.ERROR,
    message="{what} is written in full-width characters: write it in ASCII",
    summary="Reports numbers typed with full-width digits or `＋` (as a Japanese input method types them).",
    why=(
        "E.164 numbers are ASCII digits after an ASCII `+`; whether Xoxzo reads `＋８１…` is undocumented. "
        "A full-width digit is the same digit in another width (Unicode NFKC), so the fix changes "
        "nothing but the characters' width."
    ),
    bad="transfer ＋８１３３６０４２０００\n",
    good="transfer +81336042000\n",
    fix_title="Write the number in ASCII",
    fix=Applicability.SAFE,
    source=_FULL_WIDTH_SOURCE,
)


def _plausible(ctx: Context) -> Iterator[Diagnostic]:
    region = _region(ctx)
    for node, field, value in _numbers(ctx):
        reading = numbers.read(value, region)
        if reading.kind != "e164":
            continue
        number = reading.text
        span = span_of(node, field)
        what = _what(field)
        digits = len(number) - 1
        if digits > 15:
            yield TOO_LONG.diagnostic(span, field_name=field, what=what, digits=digits)
            continue
        error, possible = numbers.possibility(number)
        if error == "country" or possible == "country":
            yield UNKNOWN_COUNTRY.diagnostic(span, field_name=field, what=what, value=number[:4])
        elif error is not None or possible != "ok":
            kind = possible or error or "invalid-length"
            detail = {"too-short": "too short", "too-long": "too long"}.get(kind, "of a length not used")
            facts = numbers.number_facts(number)  # the region, for the message only
            where = f" for {facts.region}" if facts.region and facts.region != "001" else ""
            yield IMPOSSIBLE.diagnostic(span, field_name=field, what=what, detail=detail, region=where)
        else:
            kept = numbers.without_trunk_prefix(number)
            if kept is not None:
                country, prefix, e164 = kept
                yield TRUNK_PREFIX.diagnostic(
                    span,
                    field_name=field,
                    edits=[Edit(span, e164)],
                    what=what,
                    prefix=prefix,
                    country=country,
                    e164=e164,
                )


TOO_LONG = Rule(
    code="DA302",
    name="number-too-long",
    severity=Severity.ERROR,
    message="{what} has {digits} digits: E.164 allows at most 15",
    summary="Reports numbers with more than 15 digits.",
    why="E.164 numbers have at most 15 digits, country code included; a longer one is a typo or two numbers run together.",
    bad="transfer +8133604200012345678\n",
    good="transfer +81336042000\n",
    source=(
        "ITU-T Recommendation E.164, *The international public telecommunication numbering plan*, "
        "clause 6 (<https://www.itu.int/rec/T-REC-E.164>): at most 15 digits. " + _E164_SOURCE
    ),
)

UNKNOWN_COUNTRY = Rule(
    code="DA303",
    name="unknown-country-code",
    severity=Severity.ERROR,
    message="{what} starts with no known country calling code (`{value}`…)",
    summary="Reports numbers whose leading digits are no country calling code.",
    why="The digits after `+` must start with a country calling code (`81` Japan, `1` North America, `44` UK…).",
    bad="transfer +80336042000\n",
    good="transfer +81336042000\n",
    source=_E164_SOURCE + " The assigned country calling codes: " + _LIBPHONENUMBER + ".",
)

IMPOSSIBLE = Rule(
    code="DA304",
    name="impossible-number-length",
    severity=Severity.ERROR,
    message="{what} is {detail}{region}",
    summary="Reports numbers whose length is not possible for their country.",
    why="A digit too many or too few reaches nobody, or the wrong person. libphonenumber knows the lengths each country uses.",
    bad="transfer +8133604\n",
    good="transfer +81336042000\n",
    source="The lengths each country's numbers may have: " + _LIBPHONENUMBER + ". " + _E164_SOURCE,
)

TRUNK_PREFIX = Rule(
    code="DA310",
    name="trunk-prefix-after-country-code",
    severity=Severity.ERROR,
    message="{what} keeps the trunk prefix `{prefix}` after the country code `{country}`: write `{e164}`",
    summary="Reports E.164 numbers that keep the national trunk prefix after the country code (`+81 03…`).",
    why=(
        "E.164 leaves out the trunk prefix: `03-3604-2000` in Japan is `+81 3-3604-2000`, not "
        "`+81 03-3604-2000`. libphonenumber drops such a prefix silently, so the number looks valid; "
        "whether Xoxzo does is undocumented. Only where the country has that trunk prefix: Italy's "
        "leading `0` is part of the number (`+39 06…`)."
    ),
    bad="transfer +810336042000\n",
    good="transfer +81336042000\n",
    fix_title="Write `{e164}`",
    fix=Applicability.UNSAFE,
    source=_E164_SOURCE + " Each country's trunk prefix: " + _LIBPHONENUMBER + " (`national_prefix`).",
)


def _same(ctx: Context) -> Iterator[Diagnostic]:
    for node in ctx.transfers():
        if node.caller is not None and node.caller == node.number:
            yield CALLER_IS_TARGET.diagnostic(span_of(node, "caller"), field_name="caller")


CALLER_IS_TARGET = Rule(
    code="DA305",
    name="caller-is-target",
    severity=Severity.WARNING,
    message="the caller id is the number the call is transferred to",
    summary="Reports a `--caller` equal to the transfer target.",
    why=(
        "Showing the callee its own number is almost always a copy-and-paste slip; many carriers "
        "also replace or block such a caller id. You likely meant the DIN or the original caller."
    ),
    bad="transfer +81336042000 --caller=+81336042000\n",
    good="transfer +81336042000 --caller=+815012345678\n",
    source=(
        "This project's policy: Xoxzo documents `--caller` as best effort, \"not guaranteed to be shown on "
        "the recipient's mobile\" (<https://docs.xoxzo.com/en/din.html#available-actions>), and says nothing "
        "of a caller id equal to the target."
    ),
)


def _valid(ctx: Context) -> Iterator[Diagnostic]:
    region = _region(ctx)
    for node, field, value in _numbers(ctx):
        reading = numbers.read(value, region)
        number = reading.text
        if reading.kind != "e164" or len(number) > 16:
            continue
        facts = numbers.number_facts(number)
        if facts.error is None and facts.possible == "ok" and not facts.valid:
            yield INVALID.diagnostic(span_of(node, field), field_name=field, what=_what(field))


INVALID = Rule(
    code="DA306",
    name="unassigned-number",
    severity=Severity.WARNING,
    message="{what} is not a valid number in its country's numbering plan",
    summary="Reports numbers in ranges that libphonenumber does not know as assigned (off by default).",
    why=(
        "A number in an unassigned range reaches nobody. Numbering plans change, and so does "
        "libphonenumber's metadata, so this rule's answers can change between versions: it is opt-in."
    ),
    bad="transfer +81100000000\n",
    good="transfer +81336042000\n",
    default_enabled=False,
    source="The ranges each country assigns: " + _LIBPHONENUMBER + ". Opt-in: this project's policy.",
)

RULES: tuple[Rule, ...] = (
    NOT_E164,
    NATIONAL,
    TOO_LONG,
    UNKNOWN_COUNTRY,
    IMPOSSIBLE,
    CALLER_IS_TARGET,
    INVALID,
    INTERNATIONAL_PREFIX,
    SHORT_NUMBER,
    FULL_WIDTH,
    TRUNK_PREFIX,
)

#: each check, and the rules it reports
CHECKS: tuple[Check, ...] = (
    Check(_format, reports=(NOT_E164, NATIONAL, INTERNATIONAL_PREFIX, SHORT_NUMBER, FULL_WIDTH)),
    Check(_plausible, reports=(TOO_LONG, UNKNOWN_COUNTRY, IMPOSSIBLE, TRUNK_PREFIX)),
    Check(_same, reports=(CALLER_IS_TARGET,)),
    Check(_valid, reports=(INVALID,)),
)
