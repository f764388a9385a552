"""The fuzz target of the parser, linter, fixer and formatter, over its seed corpus (and what fuzzing added to it).

The target (``fuzz/lint_text.py``) lints, fixes (safe and unsafe) and formats
each input, and fails on an exception other than the formatter's refusal, a
span outside its text, a report that does not render, a second format that
changes the text, and fixed bytes that do not lint to what ``remaining`` says.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fuzz.lint_text import CORPUS, SETTINGS, Target

INPUTS = sorted(CORPUS.iterdir())


def test_the_seed_corpus_is_there_and_reaches_every_setting_and_both_modes() -> None:
    firsts = {path.read_bytes()[:1] for path in INPUTS}
    assert {bytes([i]) for i in range(len(SETTINGS))} <= firsts
    assert any(first[0] & 0x80 for first in firsts if first)
    assert len(INPUTS) >= 40


@pytest.mark.parametrize("path", INPUTS, ids=[p.name for p in INPUTS])
def test_the_target_passes_on_every_input(path: Path) -> None:
    Target()(path.read_bytes())


def test_the_target_fails_on_a_broken_property(monkeypatch: pytest.MonkeyPatch) -> None:
    """The checks can fail: a formatter that is not idempotent is caught."""
    import fuzz.lint_text as target

    monkeypatch.setattr(target, "format_text", lambda data, settings: (data if isinstance(data, str) else "x") + " ")
    with pytest.raises(AssertionError, match="a second format changed the text"):
        Target()(b"\x00transfer +81336042000\n")
