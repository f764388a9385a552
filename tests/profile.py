"""Which hypothesis profile a run uses (``DINACTION_HYPOTHESIS_PROFILE``: ``dev``, ``ci`` or ``mutation``).

tests/conftest.py registers and loads the profiles; a property whose number of
examples depends on the run asks :func:`examples`.
"""

from __future__ import annotations

import os

VARIABLE = "DINACTION_HYPOTHESIS_PROFILE"


def current() -> str:
    """The profile of this run: ``dev`` unless the variable names another."""
    return os.environ.get(VARIABLE, "dev")


def examples(dev: int, ci: int, mutation: int) -> int:
    """How many examples a property runs under the profile of this run."""
    return {"ci": ci, "mutation": mutation}.get(current(), dev)
