"""Rules on the E.164 numbers of `transfer` and `--caller=`.

What a number is and how it is written are facts (:mod:`dinaction.facts.numbers`,
libphonenumber's metadata looked up once per distinct number); these rules say
what is wrong with one, and where.
"""

from __future__ import annotations

from collections.abc import Iterator

from dinaction.ast import Transfer
from dinaction.diagnostics import Applicability, Diagnostic, Edit, Severity, Span
from dinaction.facts import numbers
from dinaction.rules.base import Check, Context, Rule, span_of


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
        written = numbers.form(value)
        if written == "e164":
            continue
        span = span_of(node, field)
        what = _what(field)
        if written == "national":
            yield _national(ctx, span, field, value)
        elif written == "separated":
            digits = numbers.digits(value)
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
)


def _national(ctx: Context, span: Span, field: str, value: str) -> Diagnostic:
    region = ctx.settings.default_region
    if region:
        e164 = numbers.to_e164(numbers.digits(value), region.upper())
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
        if not numbers.is_e164(value):
            continue
        span = span_of(node, field)
        what = _what(field)
        digits = len(value) - 1
        if digits > 15:
            yield TOO_LONG.diagnostic(span, field_name=field, what=what, digits=digits)
            continue
        error, possible = numbers.possibility(value)
        if error == "country" or possible == "country":
            yield UNKNOWN_COUNTRY.diagnostic(span, field_name=field, what=what, value=value[:4])
        elif error is not None or possible != "ok":
            kind = possible or error or "invalid-length"
            detail = {"too-short": "too short", "too-long": "too long"}.get(kind, "of a length not used")
            facts = numbers.number_facts(value)  # the region, for the message only
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
)


def _valid(ctx: Context) -> Iterator[Diagnostic]:
    for node, field, value in _numbers(ctx):
        if not numbers.is_e164(value) or len(value) > 16:
            continue
        facts = numbers.number_facts(value)
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
)

RULES: tuple[Rule, ...] = (NOT_E164, NATIONAL, TOO_LONG, UNKNOWN_COUNTRY, IMPOSSIBLE, CALLER_IS_TARGET, INVALID)

#: each check, and the rules it reports
CHECKS: tuple[Check, ...] = (
    Check(_format, reports=(NOT_E164, NATIONAL)),
    Check(_plausible, reports=(TOO_LONG, UNKNOWN_COUNTRY, IMPOSSIBLE)),
    Check(_same, reports=(CALLER_IS_TARGET,)),
    Check(_valid, reports=(INVALID,)),
)
