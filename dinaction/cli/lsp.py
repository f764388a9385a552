"""``dinaction lsp``: the language server, over stdio or TCP."""

from __future__ import annotations

from dataclasses import dataclass

from dinaction.cli.options import flag, option
from dinaction.cli.output import error

__all__ = ["LspOptions", "run"]


@dataclass(frozen=True, slots=True, repr=False)
class LspOptions:
    """``dinaction lsp``'s options."""

    stdio: bool = flag("--stdio", help="Talk over stdin/stdout: the default (editor clients often pass it).")
    tcp: str | None = option("--tcp", metavar="HOST:PORT", help="Listen on TCP instead of stdin/stdout.")
    log_level: str = option(
        "--log-level", default="warning", metavar="LEVEL", help="Log to stderr from: error, warning, info, debug."
    )


def run(options: LspOptions) -> int:
    """Run the language server for editors.

    LSP over stdin/stdout (--stdio, the default) or TCP (--tcp); language id `dinaction`.
    """
    from dinaction.lsp import LOG_LEVELS, parse_address, serve
    from dinaction.serve.editor import ROUTES_FILES

    if options.stdio and options.tcp is not None:
        return error("--stdio and --tcp contradict each other: use one")
    if options.log_level.lower() not in LOG_LEVELS:
        return error(f"--log-level {options.log_level!r}: use one of {', '.join(LOG_LEVELS)}")
    try:
        address = parse_address(options.tcp) if options.tcp is not None else None
    except ValueError as exc:
        return error(str(exc))
    # 1 after `exit` without `shutdown` (LSP); routes files are served as the routes package knows them
    return serve(address, options.log_level.lower(), routes=ROUTES_FILES)
