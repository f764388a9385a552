"""Xoxzo's own examples must lint without errors.

``tests/official-examples.txt`` holds every action line of Xoxzo's documents
(the Voice API document, help articles and tutorials) as written. Five of them
are also fixtures with their expected findings, ``tests/cases/official-*.din``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dinaction import lint
from dinaction.diagnostics import Severity

EXAMPLES_FILE = Path(__file__).resolve().parent / "official-examples.txt"
ACTION = re.compile(r"^(?:playback|transfer|say|voicemail) [^<>]+$")


def _examples() -> list[str]:
    lines = EXAMPLES_FILE.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


EXAMPLES = _examples()


def test_the_documents_hold_the_examples_we_expect() -> None:
    assert "transfer +81807181881 --caller=+8190123456789" in EXAMPLES
    assert 'say en "Hello, how are you?"' in EXAMPLES
    assert len(EXAMPLES) >= 7
    assert all(ACTION.match(line) for line in EXAMPLES)
    fixtures = Path(__file__).resolve().parent / "cases"
    for fixture in fixtures.glob("official-*.din"):
        assert fixture.read_text(encoding="utf-8").strip() in EXAMPLES, fixture.name


@pytest.mark.parametrize("example", EXAMPLES)
def test_official_example_has_no_error(example: str) -> None:
    errors = [d for d in lint(example + "\n") if d.severity is Severity.ERROR]
    assert errors == [], example


def test_the_dashboard_display_form_is_not_an_api_action() -> None:
    assert [d.code for d in lint("say:営業時間外です。\n")] == ["DA007"]
