"""Recovery's names under the module name they had before :mod:`dinaction.syntax.recovery`."""

from __future__ import annotations

from dinaction.syntax.recovery import GREETINGS, KEYWORDS, WANTED, classify, expected_after

__all__ = ["GREETINGS", "KEYWORDS", "WANTED", "classify", "expected_after"]
