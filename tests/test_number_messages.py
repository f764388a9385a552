"""What the number rules say of each way a number is mistyped, word for word, with where and the fix.

The fix tables (tests/fixes/rules-numbers.toml) hold what each fix writes;
this pins the message too: the international prefix read (`00`, `011`, a
region's own `010` or `0011`), the region named, why no fix is offered.
"""

from __future__ import annotations

import pytest

from dinaction.facts import numbers
from dinaction.linter import lint_source
from dinaction.settings import Settings

NATIONAL = "the number is in national format: write `+`, the country code and the number without its trunk prefix"
IDD = "the number starts with the international prefix"
E164 = "the number is not in E.164 form: "


@pytest.mark.parametrize(
    ("number", "region", "code", "message", "fixed"),
    [
        ("010442079460000", "JP", "DA307", f"{IDD} `010`: write `+` instead (`+442079460000`)", "+442079460000"),
        ("0081336042000", None, "DA307", f"{IDD} `00`: write `+` instead (`+81336042000`)", "+81336042000"),
        ("01181336042000", None, "DA307", f"{IDD} `011`: write `+` instead (`+81336042000`)", "+81336042000"),
        ("01181336042000", "US", "DA307", f"{IDD} `011`: write `+` instead (`+81336042000`)", "+81336042000"),
        ("001181336042000", "AU", "DA307", f"{IDD} `0011`: write `+` instead (`+81336042000`)", "+81336042000"),
        ("0033604", None, "DA307", f"{IDD} `00`: write `+` instead (`+33604` is no valid number)", None),
        ("0336042000", "JP", "DA301", f"{NATIONAL}: in JP that is `+81336042000`", "+81336042000"),
        ("090-1234-5678", "JP", "DA301", f"{NATIONAL}: in JP that is `+819012345678`", "+819012345678"),
        ("2015550123", "US", "DA301", f"{NATIONAL}: in US that is `+12015550123`", "+12015550123"),
        ("0312", "JP", "DA301", f"{NATIONAL}: in JP, `0312` is no valid number", None),
        (
            "0336042000",
            None,
            "DA301",
            f"{NATIONAL} (in Japan, `03-3604-2000` is `+81336042000`; set `default-region` for a fix)",
            None,
        ),
        ("81336042000", None, "DA300", E164 + "it must start with `+` and the country code", "+81336042000"),
        ("12015550123", "US", "DA300", E164 + "it must start with `+` and the country code", "+12015550123"),
        (
            "8133604",
            None,
            "DA300",
            E164 + "it must start with `+` and the country code (`+8133604` is no valid number)",
            None,
        ),
        ("+81-3-3604-2000", None, "DA300", E164 + "remove the separators (`-`)", "+81336042000"),
        ("+81.3/3604\u20102000", None, "DA300", E164 + "remove the separators (`.`, `/`, `\u2010`)", "+81336042000"),
        ("81a", None, "DA300", E164 + "only `+` and digits are allowed", None),
        (
            "110",
            None,
            "DA308",
            "the number `110` is an emergency number (in JP, AD, BO and 19 more regions): it has no E.164 form, "
            "so Xoxzo cannot dial it",
            None,
        ),
        (
            "110",
            "JP",
            "DA308",
            "the number `110` is an emergency number (in JP): it has no E.164 form, so Xoxzo cannot dial it",
            None,
        ),
        (
            "911",
            "US",
            "DA308",
            "the number `911` is an emergency number (in US): it has no E.164 form, so Xoxzo cannot dial it",
            None,
        ),
    ],
)
def test_a_mistyped_number_is_named_and_fixed_or_not(
    number: str, region: str | None, code: str, message: str, fixed: str | None
) -> None:
    text = f"transfer {number}\n"
    (finding,) = lint_source(text, Settings(default_region=region)).diagnostics
    assert (finding.code, finding.span.start, finding.span.end, finding.message) == (code, 9, 9 + len(number), message)
    assert (finding.fix.edits[0].content if finding.fix else None) == fixed
    assert finding.field == "number"


def test_a_region_reading_says_how_the_number_was_dialled() -> None:
    assert numbers.read("010442079460000", "JP")[2:] == ("idd", "+442079460000", "010442079460000", "", "010", (), True)
    assert numbers.read("12015550123", "US")[2:] == ("missing-plus", "+12015550123", "12015550123", "", "", (), True)
    assert numbers.read("0336042000", "JP")[2:] == ("national", "+81336042000", "0336042000", "", "", (), True)
    assert numbers.read("0081336042000", None).dialled is False


@pytest.mark.parametrize(
    ("value", "shape"),
    [
        ("+81336042000", True),
        ("+1", False),
        ("+12", True),
        ("+0123", False),
        ("81336042000", False),
        ("+123456789012345", True),
        ("+1234567890123456", False),
        ("+81 3", False),
    ],
)
def test_the_e164_shape_of_a_number_from_outside(value: str, shape: bool) -> None:
    assert numbers.is_e164_shape(value) is shape
