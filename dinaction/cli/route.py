"""``dinaction route``: which route a call takes, why not the earlier ones, and what the caller hears."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from dinaction.cli.options import argument, flag, option
from dinaction.usage import UsageError

__all__ = ["RouteOptions", "run"]


@dataclass(frozen=True, slots=True, repr=False)
class RouteOptions:
    """``dinaction route``'s options."""

    directory: str = argument("A directory with a routes.toml (or the routes file itself).")
    recipient: str | None = option("--recipient", help="The DIN called (E.164). Required.")
    caller: str | None = option("--caller", help="The caller's number (E.164; leave out for a withheld number).")
    at: str | None = option(
        "--at", help="When (ISO 8601, 2026-12-24T20:00; no offset: the routes' time zone). Default: now."
    )
    as_json: bool = flag("--json", help="Print JSON for scripts.")


def run(options: RouteOptions) -> int:
    """Say which route a call takes.

    Why not the earlier routes, and what the caller hears.
    """
    from dinaction.serve import commands

    if options.recipient is None:
        raise UsageError("--recipient is required: the DIN called, e.g. --recipient +815012345678")
    return commands.route(
        Path(options.directory),
        caller=options.caller,
        recipient=options.recipient,
        at=options.at,
        as_json=options.as_json,
        stream=sys.stdout,
    )
