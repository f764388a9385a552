"""Hypothesis profiles, chosen by ``DINACTION_HYPOTHESIS_PROFILE``.

- ``dev`` (the default): quick local runs.
- ``ci`` (``.ci/run`` sets it): the fix-safety contract runs thousands of examples per class of mistake.
- ``mutation`` (``scripts/mutation`` sets it): the same few examples on every run and no example database,
  so a mutant is killed or survives for a reason, not by the draw, and each of thousands of runs is short.

Tests that set ``max_examples`` themselves keep their number, or ask :func:`tests.profile.examples`
for the number of this run's profile.
"""

from __future__ import annotations

from hypothesis import settings

from tests import profile

settings.register_profile("dev")
settings.register_profile("ci", print_blob=True)
settings.register_profile("mutation", max_examples=25, derandomize=True, database=None)
settings.load_profile(profile.current())
