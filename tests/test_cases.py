"""Fixture files in tests/cases/: action text with the expected findings beside it.

Each ``NAME.din`` has ``NAME.expected``, the findings rendered by
``tests/golden.py``. After a deliberate change, regenerate with
``DINACTION_UPDATE_GOLDEN=1 python -m pytest tests/test_cases.py`` and review
the diff before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dinaction.linter import lint_source
from dinaction.settings import Settings
from tests.golden import render

CASES = sorted((Path(__file__).parent / "cases").glob("*.din"))


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_case(case: Path) -> None:
    result = lint_source(case.read_bytes(), Settings())
    actual = render(result.text, result.diagnostics)
    expected_path = case.with_suffix(".expected")
    if os.environ.get("DINACTION_UPDATE_GOLDEN"):
        expected_path.write_text(actual, encoding="utf-8")
    assert expected_path.exists(), f"no {expected_path.name}: run with DINACTION_UPDATE_GOLDEN=1 and review it"
    assert actual == expected_path.read_text(encoding="utf-8")


def test_official_examples_are_clean() -> None:
    """What Xoxzo's own documentation presents as correct must lint clean."""
    for case in CASES:
        if case.stem.startswith("official-"):
            assert lint_source(case.read_bytes(), Settings()).diagnostics == ()


def test_there_are_cases() -> None:
    assert len(CASES) >= 15
