"""The network rows of benchmarks/run.py: the bombs are what they claim, the rows say what was measured.

Nothing here times anything; the measuring is ``python3 benchmarks/run.py --only-network``.
"""

from __future__ import annotations

import zlib

from benchmarks import run


def test_bombs_expand_to_their_size() -> None:
    once = run._bomb(4 << 20, 1)
    assert len(once) < 10_000
    assert zlib.decompress(once, 16 + zlib.MAX_WBITS) == bytes(4 << 20)
    twice = run._bomb(4 << 20, 2)
    assert zlib.decompress(zlib.decompress(twice, 16 + zlib.MAX_WBITS), 16 + zlib.MAX_WBITS) == bytes(4 << 20)


def test_network_rows() -> None:
    rows = run.rows(run.Results(trickle=5.2, bombs=(40.0, 41.0, 42.0)))
    trickle, bombs = rows
    assert (trickle.result, trickle.target, trickle.met) == ("5.20 s", "≤ 6 s", True)
    assert run.rows(run.Results(trickle=6.5))[0].met is False
    assert bombs.result == "43 MB; 44 MB" and bombs.reference == "a plain check 42 MB"
