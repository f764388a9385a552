"""An option's value read from its text, with dinaction's own message when it cannot be.

Typer hands every value over as typed (``app``); reading it here, from the
option's ``Spec``, makes a bad value fail with one line saying what is
allowed and what was probably meant. The fast path of a plain ``dinaction
lint`` has only on/off flags, so it never loads this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dinaction.cli.options import Spec
from dinaction.usage import UsageError

__all__ = ["did_you_mean", "value_of"]


def value_of(spec: Spec, raw: str) -> Any:
    """An option's value from its text on the command line; UsageError saying what is allowed."""
    if spec.parse is not None:
        try:
            return spec.parse(raw)
        except ValueError as exc:
            raise UsageError(f"{spec.name}: {exc}") from None
    if spec.choices:
        return _choice(spec, raw)
    if spec.type is int or spec.type is float:
        return _number(spec, raw)
    return spec.type(raw)


def _choice(spec: Spec, raw: str) -> str:
    wanted = raw.strip().lower()
    if wanted in spec.choices:
        return wanted
    listed = ", ".join(spec.choices)
    raise UsageError(f"{spec.name}: unknown value {raw!r}{did_you_mean(wanted, spec.choices)}: use one of {listed}")


def _number(spec: Spec, raw: str) -> int | float:
    kind = "a whole number" if spec.type is int else "a number"
    if spec.low is not None and spec.high is not None:
        kind += f" from {spec.low:g} to {spec.high:g}"
    elif spec.low is not None:
        kind += f" of at least {spec.low:g}"
    try:
        value: int | float = spec.type(raw.strip())
    except ValueError:
        raise UsageError(f"{spec.name}: expected {kind}, got {raw!r}") from None
    nan = value != value  # noqa: PLR0124 - NaN is the one value unequal to itself
    if nan or (spec.low is not None and value < spec.low) or (spec.high is not None and value > spec.high):
        raise UsageError(f"{spec.name}: expected {kind}, got {raw!r}")
    return value


def did_you_mean(word: str, candidates: Sequence[str], *, cutoff: float = 0.6) -> str:
    """` (did you mean 'X'?)` for the candidate closest to ``word``, or nothing when none is close."""
    import difflib  # only when something was mistyped

    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=cutoff)
    return f" (did you mean {close[0]!r}?)" if close else ""
