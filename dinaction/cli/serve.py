"""``dinaction serve``: answer Xoxzo's calls from a routes file, checked before it is served."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dinaction.cli.options import argument, flag, option
from dinaction.reporters import FORMATS, format_name

if TYPE_CHECKING:
    from dinaction.diagnostics import Diagnostic

__all__ = ["ServeOptions", "run"]


@dataclass(frozen=True, slots=True, repr=False)
class ServeOptions:
    """``dinaction serve``'s options."""

    directory: str = argument("A directory with a routes.toml (or the routes file itself).")
    check: bool = flag("--check", help="Check the routes and exit: 0 servable, 1 not.")
    output_format: str = option(
        "--format",
        "--output-format",
        default="full",
        choices=FORMATS,
        parse=format_name,
        help="With --check: the report's format.",
    )
    host: str = option("--host", default="127.0.0.1", help="Address to listen on (0.0.0.0 in a container).")
    port: int = option("--port", type=int, default=8000, low=0, high=65535, help="Port to listen on (0: a free one).")
    reload_interval: float = option(
        "--reload-interval",
        type=float,
        default=1.0,
        low=0,
        help="Seconds between checks for changed files (0: never).",
    )
    log_full_numbers: bool = flag("--log-full-numbers", help="Log callers' numbers in full (masked by default).")
    media: bool = flag("--media", help="With --check: fetch every playback URL's mp3 and check it plays.")
    allow_private: bool = flag("--allow-private", help="With --media: allow mp3 URLs on private or loopback hosts.")
    timeout: float = option(
        "--timeout", type=float, default=10.0, low=0.1, help="With --media: seconds for each fetch, all included."
    )


def run(options: ServeOptions) -> int:
    """Serve the actions of a routes file.

    Xoxzo's calls are answered from a routes file, every route and action
    checked before it is served.
    """
    from dinaction.serve import commands

    directory = Path(options.directory)
    if options.check:
        media = _media_check(options) if options.media else None
        return commands.check(directory, options.output_format, stream=sys.stdout, action_check=media)
    return commands.serve(
        directory,
        host=options.host,
        port=options.port,
        reload_interval=options.reload_interval,
        mask_numbers=not options.log_full_numbers,
        stream=sys.stderr,
    )


def _media_check(options: ServeOptions) -> Callable[[str], Sequence[Diagnostic]]:
    """The media check of every playback URL, one fetch per distinct URL across the whole routes set."""
    from dinaction.preflight.fetch import Fetcher
    from dinaction.preflight.media import MediaResult, check_media_with, playback_urls

    fetcher = Fetcher(allow_private=options.allow_private, timeout=options.timeout)
    seen: dict[str, MediaResult] = {}

    def check(text: str) -> list[Diagnostic]:
        found: list[Diagnostic] = []
        for url, span in playback_urls(text):
            if url not in seen:
                seen[url] = check_media_with(fetcher, url)
            found.extend(seen[url].at(span))
        return found

    return check
