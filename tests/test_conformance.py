"""Xoxzo's own examples, read from the shared source documents, must lint without errors.

The documents live beside the repository (``../shared``) on developer machines and
in CI. The same examples are also kept as fixtures in ``tests/cases/official-*.din``,
so the suite checks them even where the documents are absent.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dinaction import lint
from dinaction.diagnostics import Severity

SHARED = Path(__file__).resolve().parents[2] / "shared"
ACTION = re.compile(r"^(?:playback|transfer|say|voicemail) [^<>]+$")


def _examples() -> list[str]:
    found: list[str] = []
    for seed in sorted((SHARED / "seed").glob("*.txt")):
        found += [line.strip() for line in seed.read_text(encoding="utf-8").splitlines()]
    facts = SHARED / "xoxzo-facts.md"
    if facts.exists():
        found += re.findall(r"`([^`]+)`", facts.read_text(encoding="utf-8"))
    return sorted({line for line in found if ACTION.match(line)})


EXAMPLES = _examples()


@pytest.mark.skipif(not EXAMPLES, reason=f"the shared source documents are not at {SHARED}")
def test_the_documents_hold_the_examples_we_expect() -> None:
    assert "transfer +81807181881 --caller=+8190123456789" in EXAMPLES
    assert 'say en "Hello, how are you?"' in EXAMPLES
    assert len(EXAMPLES) >= 7


@pytest.mark.parametrize("example", EXAMPLES or ["transfer +81336042000"])
def test_official_example_has_no_error(example: str) -> None:
    errors = [d for d in lint(example + "\n") if d.severity is Severity.ERROR]
    assert errors == [], example


def test_the_dashboard_display_form_is_not_an_api_action() -> None:
    assert [d.code for d in lint("say:営業時間外です。\n")] == ["DA007"]
