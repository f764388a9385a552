"""``dinaction simulate``: replay calls against an action URL and report what callers would get."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from dinaction.cli.check_url import FetchOptions, die, handled, skip_media_flag
from dinaction.cli.options import argument, option
from dinaction.preflight import DEFAULT_RECIPIENT

__all__ = ["SimulateOptions", "run"]


@dataclass(frozen=True, slots=True, repr=False, kw_only=True)
class SimulateOptions(FetchOptions):
    """``dinaction simulate``'s options."""

    url: str = argument("The action URL, as you would give it to Xoxzo.")
    calls_file: Path | None = option(  # noqa: RUF009 - a field declaration, not a shared default
        "--calls", type=Path, help="A CSV file of calls: columns caller,recipient."
    )
    generate: int | None = option(
        "--generate", type=int, low=1, help="Generate this many calls from a spread of callers."
    )
    expect: Path | None = option(  # noqa: RUF009 - a field declaration, not a shared default
        "--expect", type=Path, help="A TOML file of [[case]]s: what must happen for which call."
    )
    recipient: str = option(
        "--recipient", default=DEFAULT_RECIPIENT, help="The DIN called, for calls that do not say (E.164)."
    )
    rate: float = option("--rate", type=float, default=5.0, help="Calls per second at most.")
    concurrency: int = option("--concurrency", type=int, default=4, low=1, help="Calls in flight at most.")
    seed: int = option("--seed", type=int, default=0, help="Varies the generated numbers.")
    skip_media: bool = skip_media_flag()


def run(options: SimulateOptions) -> int:
    """Replay calls against an action URL.

    Every answer is linted and its media checked; the distinct answers are counted.
    """
    from dinaction.preflight.simulate import run_simulation

    with handled():
        code = run_simulation(
            options.url,
            sys.stdout,
            calls_file=options.calls_file,
            generate=options.generate,
            expect=options.expect,
            recipient=options.recipient,
            rate=options.rate,
            concurrency=options.concurrency,
            seed=options.seed,
            allow_private=options.allow_private,
            timeout=options.timeout,
            media=not options.skip_media,
            as_json=options.as_json,
            progress_stream=sys.stderr,
        )
    if code:
        die(code, "simulation found failures (listed above)")
    return 0
