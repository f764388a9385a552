"""The language server (``dinaction lsp``): editor diagnostics, fixes, formatting.

This package is the only place that imports pygls, and the only place that
converts offsets to UTF-16 positions (``text``). ``import dinaction`` never
imports it; the CLI does, when ``dinaction lsp`` runs.
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dinaction.lsp.tomlfiles import RoutesFiles

__all__ = ["LOG_LEVELS", "parse_address", "serve"]

LOG_LEVELS = ("error", "warning", "info", "debug")


def parse_address(text: str) -> tuple[str, int]:
    """``HOST:PORT`` (``[::1]:PORT`` for IPv6) → (host, port); ValueError saying what is expected."""
    host, sep, port = text.rpartition(":")
    host = host.removeprefix("[").removesuffix("]")
    if not sep or not host or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise ValueError(f"--tcp {text!r}: expected HOST:PORT, such as 127.0.0.1:2087")
    return host, int(port)


def serve(tcp: tuple[str, int] | None = None, log_level: str = "warning", routes: RoutesFiles | None = None) -> int:
    """Run the server on stdio (or TCP) with logs on stderr (stdout is the protocol); the exit code.

    ``routes`` is what the server knows of routes files (``dinaction.serve.editor.ROUTES_FILES``); without
    it, routes files are not served.
    """
    level = getattr(logging, log_level.upper())
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # pygls logs every message it sends at INFO (whole documents): only with debug
    logging.getLogger("pygls").setLevel(level if level <= logging.DEBUG else max(level, logging.WARNING))

    from dinaction.lsp.server import serve as run

    return run(tcp, routes)
