"""Hypothesis profiles, chosen by ``DINACTION_HYPOTHESIS_PROFILE``.

- ``dev`` (the default): quick local runs.
- ``ci`` (``.ci/run`` sets it): the fix-safety contract runs thousands of examples per class of mistake.
- ``mutation`` (``scripts/mutation`` sets it): the same few examples on every run and no example database,
  so a mutant is killed or survives for a reason, not by the draw, and each of thousands of runs is short.

Tests that set ``max_examples`` themselves keep their number, or ask :func:`tests.profile.examples`
for the number of this run's profile.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest
from hypothesis import settings

from tests import profile

settings.register_profile("dev")
settings.register_profile("ci", print_blob=True)
settings.register_profile("mutation", max_examples=25, derandomize=True, database=None)
settings.load_profile(profile.current())


if profile.current() == "mutation":

    @pytest.fixture(autouse=True)
    def _forget_memoised_answers() -> Iterator[None]:
        """Each test computes its answers afresh under mutation testing.

        The facts, the parser and the rules memoise (``functools.lru_cache``): an
        answer memoised by an earlier test would hide the function that computed
        it from the tests after, and from mutmut's record of which tests reach it.
        """
        for name, module in list(sys.modules.items()):
            if name.startswith("dinaction"):
                for value in list(vars(module).values()):
                    if getattr(value, "__module__", None) == name and callable(getattr(value, "cache_clear", None)):
                        value.cache_clear()
        yield
