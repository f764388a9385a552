"""The action server's benchmark arithmetic (nothing here times anything)."""

from __future__ import annotations

import pytest

from benchmarks import run


def test_percentile_is_the_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert run.percentile(values, 0.5) == 50.0
    assert run.percentile(values, 0.99) == 99.0
    assert run.percentile([3.0, 1.0, 2.0], 0.99) == 3.0
    assert run.percentile([7.0], 0.5) == 7.0
    with pytest.raises(ValueError, match="no values"):
        run.percentile([], 0.5)


def test_serve_rows_judge_the_targets() -> None:
    results = run.Results(serve=(700.0, 0.0004, 0.0049), bare=(1000.0, 0.0003, 0.004))
    throughput, latency = run.serve_rows(results)
    assert (throughput.result, throughput.reference, throughput.ratio, throughput.met) == (
        "700/s",
        "bare ASGI app 1,000/s",
        "70 %",
        True,
    )
    assert (latency.result, latency.met) == ("400 µs / 4.9 ms", True)
    slow = run.serve_rows(run.Results(serve=(690.0, 0.001, 0.0051), bare=(1000.0, 0.0003, 0.004)))
    assert [row.met for row in slow] == [False, False]
    assert run.serve_rows(run.Results()) == []
    assert run.rows(results)[-2:] == [throughput, latency]
