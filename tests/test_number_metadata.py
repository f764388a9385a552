"""The number facts read from compiled metadata give libphonenumber's own answers.

``possibility``, ``number_facts``, ``without_trunk_prefix`` and the validity
of a number are computed from phonenumbers' metadata, compiled once per
country calling code, instead of parsing every number. These tests hold them
to what ``phonenumbers.parse`` and ``is_valid_number`` say (the computation
they replace, written out here) on every region's example numbers, on numbers
a digit short or long of them, with a trunk prefix kept, with another first
digit, and on random digits.
"""

from __future__ import annotations

import functools
from typing import Any

import phonenumbers
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from dinaction.facts import numbers

_ERRORS = {
    phonenumbers.NumberParseException.INVALID_COUNTRY_CODE: "country",
    phonenumbers.NumberParseException.TOO_SHORT_NSN: "too-short",
    phonenumbers.NumberParseException.TOO_SHORT_AFTER_IDD: "too-short",
    phonenumbers.NumberParseException.TOO_LONG: "too-long",
}
_RESULTS = {
    phonenumbers.ValidationResult.IS_POSSIBLE: "ok",
    phonenumbers.ValidationResult.IS_POSSIBLE_LOCAL_ONLY: "ok",
    phonenumbers.ValidationResult.TOO_SHORT: "too-short",
    phonenumbers.ValidationResult.TOO_LONG: "too-long",
    phonenumbers.ValidationResult.INVALID_COUNTRY_CODE: "country",
}


def _parse(e164: str) -> tuple[Any, str | None]:
    try:
        return phonenumbers.parse(e164, None), None
    except phonenumbers.NumberParseException as exc:
        return None, _ERRORS.get(exc.error_type, "unparsable")


def _possibility(e164: str) -> tuple[str | None, str]:
    parsed, error = _parse(e164)
    if parsed is None:
        return error, ""
    return None, _RESULTS.get(phonenumbers.is_possible_number_with_reason(parsed), "invalid-length")


def _facts(e164: str) -> numbers.NumberFacts:
    parsed, error = _parse(e164)
    if parsed is None:
        return numbers.NumberFacts(error, 0, "", False, "")
    return numbers.NumberFacts(
        None,
        int(parsed.country_code or 0),
        _possibility(e164)[1],
        bool(phonenumbers.is_valid_number(parsed)),
        phonenumbers.region_code_for_number(parsed) or "",
    )


def _nsn_is_valid(cc: int, national: str) -> bool:
    return bool(phonenumbers.is_valid_number(numbers._number(cc, national)))


def _is_valid(e164: str) -> bool:
    parsed, _ = _parse(e164)
    if parsed is None:
        return False
    cc = int(parsed.country_code or 0)
    return _nsn_is_valid(cc, e164[1 + len(str(cc)) :])


def _trunk(e164: str) -> numbers.TrunkPrefix | None:
    parsed, _ = _parse(e164)
    if parsed is None:
        return None
    cc = int(parsed.country_code or 0)
    region = phonenumbers.region_code_for_country_code(cc)
    metadata = phonenumbers.PhoneMetadata.metadata_for_region_or_calling_code(cc, region)
    prefix = metadata.national_prefix if metadata is not None else None
    national = e164[1 + len(str(cc)) :]
    if not prefix or not national.startswith(prefix) or _nsn_is_valid(cc, national):
        return None
    dropped = f"+{cc}{national[len(prefix) :]}"
    return numbers.TrunkPrefix(f"+{cc}", prefix, dropped) if _is_valid(dropped) else None


@functools.cache
def _examples() -> tuple[str, ...]:
    """Every example number libphonenumber has: each type of each region, each non-geographic code's."""
    found: dict[str, None] = {}
    kinds = [
        getattr(phonenumbers.PhoneNumberType, name) for name in dir(phonenumbers.PhoneNumberType) if name.isupper()
    ]
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for kind in kinds:
            number = phonenumbers.example_number_for_type(region, kind)
            if number is not None:
                found[phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)] = None
    for cc in sorted(phonenumbers.COUNTRY_CODES_FOR_NON_GEO_REGIONS):
        number = phonenumbers.example_number_for_non_geo_entity(cc)
        if number is not None:
            found[phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)] = None
    return tuple(found)


def _variants(e164: str) -> list[str]:
    """The number, a digit short and long of it, with its country's trunk prefix kept, with another first digit."""
    cc = numbers.calling_code(e164) or ""
    national = e164[1 + len(cc) :]
    region = phonenumbers.region_code_for_country_code(int(cc)) if cc else ""
    metadata = phonenumbers.PhoneMetadata.metadata_for_region_or_calling_code(int(cc or 0), region)
    trunk = (metadata.national_prefix if metadata is not None else None) or "0"
    out = [e164, e164[:-1], e164[:-2], e164 + "0", e164 + "7", f"+{cc}{trunk}{national}"]
    out += [f"+{cc}{d}{national[1:]}" for d in "0123456789"]
    return out


def test_every_region_has_example_numbers() -> None:
    assert len(_examples()) > 1000
    assert {numbers.calling_code(e) for e in _examples()} >= {"1", "44", "81", "800"}


@pytest.mark.parametrize("chunk", range(8))
def test_every_example_number_and_its_neighbours_get_libphonenumbers_answers(chunk: int) -> None:
    examples = _examples()[chunk::8]
    for e164 in (v for e in examples for v in _variants(e)):
        assert numbers.possibility(e164) == _possibility(e164), e164
        assert numbers.number_facts(e164) == _facts(e164), e164
        assert numbers.without_trunk_prefix(e164) == _trunk(e164), e164
        assert numbers._is_valid(e164) == _is_valid(e164), e164
        assert numbers.possible_as_written(e164) == (_possibility(e164) == (None, "ok") and _trunk(e164) is None)
        cc = numbers.calling_code(e164)
        if cc is not None and len(e164) > len(cc) + 1:
            assert numbers._nsn_is_valid(int(cc), e164[1 + len(cc) :]) == _nsn_is_valid(int(cc), e164[1 + len(cc) :])


@given(st.from_regex(r"\+[0-9]{1,20}", fullmatch=True))
@example("+1")
@example("+12")
@example("+123")
@example("+0123456")
@example("+80336042000")
@example("+810336042000")
@example("+5491123456789")  # Argentina: a national prefix pattern that matches nothing here
@example("+54091123456789")
@example("+390612345678")  # Italy: the leading zero is part of the number
@example("+" + "1" * 20)
def test_any_digits_get_libphonenumbers_answers(e164: str) -> None:
    assert numbers.possibility(e164) == _possibility(e164)
    assert numbers.number_facts(e164) == _facts(e164)
    assert numbers.without_trunk_prefix(e164) == _trunk(e164)
    assert numbers._is_valid(e164) == _is_valid(e164)
    assert numbers.possible_as_written(e164) == (_possibility(e164) == (None, "ok") and _trunk(e164) is None)


def test_the_answers_come_from_the_compiled_metadata_not_from_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed")

    numbers.possibility.cache_clear()
    numbers.without_trunk_prefix.cache_clear()
    numbers.possible_as_written.cache_clear()
    monkeypatch.setattr(phonenumbers, "parse", refuse)
    for e164 in ("+81336042000", "+12125551234", "+442071234567", "+4930123456", "+6562345678", "+80336042000"):
        numbers.possibility(e164)
        numbers.without_trunk_prefix(e164)
        numbers.possible_as_written(e164)


# --- the plans kept beside the module (facts/plans.txt) ----------------------------------------------


def test_the_kept_plans_are_what_the_installed_phonenumbers_says() -> None:
    head, _, body = numbers.PLANS_PATH.read_text(encoding="utf-8").partition("\n")
    assert head == f"phonenumbers {phonenumbers.__version__}"  # else `python -m dinaction.dev regen`
    kept = numbers.parse_plans(body)
    assert sorted(kept) == sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE)
    for cc, row in kept.items():
        assert row == numbers.plan_row(cc), cc
    assert numbers._installed_phonenumbers() == phonenumbers.__version__


def _fresh() -> None:
    for cached in (numbers._plans_table, numbers._plan, numbers._calling_codes, numbers.possibility):
        cached.cache_clear()
    numbers.possible_as_written.cache_clear()
    numbers.without_trunk_prefix.cache_clear()


@pytest.mark.parametrize("installed", ["0.0.1", None])
def test_plans_kept_for_another_phonenumbers_are_not_used(
    monkeypatch: pytest.MonkeyPatch, installed: str | None
) -> None:
    kept = {cc: numbers._plan(cc) for cc in (1, 7, 44, 81, 971)}
    monkeypatch.setattr(numbers, "_installed_phonenumbers", lambda: installed)
    _fresh()
    try:
        assert numbers._plans_table() is None
        read = {cc: numbers._plan(cc) for cc in kept}  # from phonenumbers' metadata
        assert read == kept
        assert numbers._calling_codes() == frozenset(map(str, phonenumbers.COUNTRY_CODE_TO_REGION_CODE))
    finally:
        monkeypatch.undo()
        _fresh()


def test_a_clean_number_is_answered_without_loading_phonenumbers() -> None:
    probe = (
        "import sys\n"
        "from dinaction.facts import numbers\n"
        "assert numbers.possible_as_written('+81336042000') and numbers.possible_as_written('+12125551234')\n"
        "assert not numbers.possible_as_written('+813360')\n"
        "print('phonenumbers' in sys.modules)\n"
    )
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout == "False\n"
