"""The fuzz target of the server's message handling, over its seed corpus (and what fuzzing added to it).

The target (``fuzz/lsp_messages.py``) runs each input through the server's
own loop and fails on anything logged at ERROR that input should not cause,
on output that is not JSON-RPC frames, and on state kept after the input.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from fuzz.lsp_messages import CORPUS, Target

INPUTS = sorted(CORPUS.iterdir())


@pytest.fixture(scope="module")
def target() -> Iterator[Target]:
    shared = Target()
    yield shared
    shared.close()


def test_the_seed_corpus_is_there() -> None:
    names = {p.name for p in INPUTS}
    assert {"session", "bodies", "drawn", "over-the-limit", "no-content-length"} <= names


@pytest.mark.parametrize("path", INPUTS, ids=[p.name for p in INPUTS])
def test_the_target_passes_on_every_input(path: Path, target: Target) -> None:
    target(path.read_bytes())
