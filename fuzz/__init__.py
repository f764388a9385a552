"""Coverage-guided fuzz targets (atheris): each module a ``Target`` (any bytes → checks) and a ``main``."""

from __future__ import annotations

from collections.abc import Callable


def fuzz(argv: list[str], target: Callable[[bytes], None]) -> None:
    """Run ``target`` under libFuzzer with ``argv``'s options (``-max_total_time=60``, corpus directories)."""
    import atheris

    atheris.instrument_all()
    atheris.Setup(argv, target)
    atheris.Fuzz()
