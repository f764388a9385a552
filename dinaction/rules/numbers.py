"""Rules on the E.164 numbers of `transfer` and `--caller=`.

The number facts come from ``phonenumbers`` (Google's libphonenumber metadata),
looked up once per distinct number.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any, NamedTuple

from dinaction.ast import Transfer
from dinaction.diagnostics import Applicability, Diagnostic, Edit, Severity, Span
from dinaction.rules.base import Context, Rule, span_of

_E164 = re.compile(r"\+[0-9]+")
_SEPARATED = re.compile(r"\+?[0-9][0-9\-.()/]*[0-9]")
_NATIONAL = re.compile(r"0[0-9\-.()/]*[0-9]")


class NumberFacts(NamedTuple):
    """What libphonenumber says of an E.164 number; ``error`` is None when it parsed."""

    error: str | None
    country_code: int
    possible: str  # "ok", "too-short", "too-long", "invalid-length"
    valid: bool
    region: str


@functools.lru_cache(maxsize=4096)
def number_facts(e164: str) -> NumberFacts:
    """Parse ``+digits`` once; ``phonenumbers`` is imported only when numbers are seen."""
    import phonenumbers

    parsed, error = _parse(e164)
    if parsed is None:
        return NumberFacts(error, 0, "", False, "")
    region = phonenumbers.region_code_for_number(parsed) or ""
    return NumberFacts(
        None, int(parsed.country_code or 0), _possible(parsed), bool(phonenumbers.is_valid_number(parsed)), region
    )


@functools.lru_cache(maxsize=16384)
def _possibility(e164: str) -> tuple[str | None, str]:
    """(error, possible) of ``number_facts``, without its costly parts.

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


def _numbers(ctx: Context) -> Iterator[tuple[Transfer, str, str]]:
    """(node, field, value) for every number: the target and the caller id."""
    for node in ctx.transfers():
        yield node, "number", node.number
        if node.caller is not None:
            yield node, "caller", node.caller


def _what(field: str) -> str:
    return "the caller id" if field == "caller" else "the number"


def _format(ctx: Context) -> Iterator[Diagnostic]:
    for node, field, value in _numbers(ctx):
        if _E164.fullmatch(value):
            continue
        span = span_of(node, field)
        what = _what(field)
        if _NATIONAL.fullmatch(value):
            yield _national(ctx, span, field, value)
        elif _SEPARATED.fullmatch(value):
            digits = re.sub(r"[^0-9]", "", value)
            detail = "remove the separators" if value.startswith("+") else "it must start with `+` and the country code"
            yield NOT_E164.diagnostic(
                span,
                field_name=field,
                edits=[Edit(span, "+" + digits)],
                what=what,
                detail=detail,
                fix_title=f"Write `+{digits}`",
            )
        else:
            yield NOT_E164.diagnostic(
                span, field_name=field, what=what, detail="only `+` and digits are allowed", fix_title=""
            )


NOT_E164 = Rule(
    code="DA300",
    name="number-not-e164",
    severity=Severity.ERROR,
    message="{what} is not in E.164 form: {detail}",
    summary="Reports numbers that are not `+` followed by digits only.",
    why=(
        "Xoxzo takes numbers in E.164: `+`, the country code and the national number, no spaces, "
        "hyphens or brackets. Anything else fails the transfer."
    ),
    bad="transfer +81-3-3604-2000\n",
    good="transfer +81336042000\n",
    fix_title="{fix_title}",
    fix=Applicability.UNSAFE,
    check=_format,
)


def _national(ctx: Context, span: Span, field: str, value: str) -> Diagnostic:
    region = ctx.settings.default_region
    digits = re.sub(r"[^0-9]", "", value)
    if region:
        import phonenumbers

        try:
            parsed = phonenumbers.parse(digits, region.upper())
            e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
        except phonenumbers.NumberParseException:
            e164 = ""
        if e164:
            return NATIONAL.diagnostic(
                span,
                field_name=field,
                edits=[Edit(span, e164)],
                what=_what(field),
                hint=f": in {region.upper()} that is `{e164}`",
                e164=e164,
            )
    return NATIONAL.diagnostic(
        span,
        field_name=field,
        what=_what(field),
        # built nodes (no source text) take the region as an argument, files from the settings
        hint=" (in Japan, `03-3604-2000` is `+81336042000`; "
        + ('pass `region=`, e.g. `region="JP"`)' if ctx.text is None else "set `default-region` for a fix)"),
        e164="",
    )


NATIONAL = Rule(
    code="DA301",
    name="national-number",
    severity=Severity.ERROR,
    message="{what} is in national format: add `+` and the country code, drop the leading 0{hint}",
    summary="Reports numbers written in national format, such as `0312345678`.",
    why=(
        "A national number means nothing without its country: Xoxzo cannot know that `03…` is Tokyo. "
        "Write `+81` and drop the trunk prefix `0`."
    ),
    bad="transfer 0336042000\n",
    good="transfer +81336042000\n",
    fix_title="Write `{e164}`",
    fix=Applicability.UNSAFE,
)


def _plausible(ctx: Context) -> Iterator[Diagnostic]:
    for node, field, value in _numbers(ctx):
        if not _E164.fullmatch(value):
            continue
        span = span_of(node, field)
        what = _what(field)
        digits = len(value) - 1
        if digits > 15:
            yield TOO_LONG.diagnostic(span, field_name=field, what=what, digits=digits)
            continue
        error, possible = _possibility(value)
        if error == "country" or possible == "country":
            yield UNKNOWN_COUNTRY.diagnostic(span, field_name=field, what=what, value=value[:4])
        elif error is not None or possible != "ok":
            kind = possible or error or "invalid-length"
            detail = {"too-short": "too short", "too-long": "too long"}.get(kind, "of a length not used")
            facts = number_facts(value)  # the region, for the message only
            region = f" for {facts.region}" if facts.region and facts.region != "001" else ""
            yield IMPOSSIBLE.diagnostic(span, field_name=field, what=what, detail=detail, region=region)


TOO_LONG = Rule(
    code="DA302",
    name="number-too-long",
    severity=Severity.ERROR,
    message="{what} has {digits} digits: E.164 allows at most 15",
    summary="Reports numbers with more than 15 digits.",
    why="E.164 numbers have at most 15 digits, country code included; a longer one is a typo or two numbers run together.",
    bad="transfer +8133604200012345678\n",
    good="transfer +81336042000\n",
    check=_plausible,
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
    check=_same,
)


def _valid(ctx: Context) -> Iterator[Diagnostic]:
    for node, field, value in _numbers(ctx):
        if not _E164.fullmatch(value) or len(value) > 16:
            continue
        facts = number_facts(value)
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
    check=_valid,
)

RULES: tuple[Rule, ...] = (NOT_E164, NATIONAL, TOO_LONG, UNKNOWN_COUNTRY, IMPOSSIBLE, CALLER_IS_TARGET, INVALID)

__all__ = ["RULES", "NumberFacts", "number_facts"]
