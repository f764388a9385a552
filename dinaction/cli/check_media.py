"""``dinaction check-media``: fetch an mp3 the way Xoxzo will for ``playback``, and say whether it plays."""

from __future__ import annotations

import sys
from dataclasses import dataclass

from dinaction.cli.check_url import FetchOptions, die, handled
from dinaction.cli.options import argument, option
from dinaction.reporters import FORMATS, format_name

__all__ = ["CheckMediaOptions", "run"]


@dataclass(frozen=True, slots=True, repr=False, kw_only=True)
class CheckMediaOptions(FetchOptions):
    """``dinaction check-media``'s options."""

    url: str = argument("The mp3 URL, as written after `playback`.")
    output_format: str | None = option(
        "--format",
        "--output-format",
        choices=FORMATS,
        parse=format_name,
        help="Report the findings in a lint format instead of words.",
    )


def run(options: CheckMediaOptions) -> int:
    """Check that an mp3 will play.

    The file is fetched the way Xoxzo will for `playback`; the answer says
    whether it will play, and how.
    """
    from dinaction.preflight.media import check_media, write_media

    with handled():
        result = check_media(options.url, allow_private=options.allow_private, timeout=options.timeout)
        code = write_media(result, sys.stdout, output_format=options.output_format, as_json=options.as_json)
    if code:
        die(code, f"media check failed: {result.errors[0].message}")
    return 0
