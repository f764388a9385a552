"""``dinaction serve``: a routes file → the right action for each call, checked before it is served.

A routes file (``routes.toml``, the format ``dinaction-routes``; its JSON schema
is :data:`SCHEMA_PATH`) lists routes, first match wins, the last one without
conditions. Loading it lints every action and checks every route; only a set
without errors is served. The same routes can be built in Python
(:class:`Route`, :class:`Routes`) and asked which route answers a call
(:meth:`Routes.choose`), in any web framework.

Importing this package does not import uvicorn; ``holidays`` is imported when
a route has a holiday condition.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from dinaction.serve.app import RoutesApp, Snapshot
from dinaction.serve.conditions import Call, Conditions
from dinaction.serve.load import (
    ROUTES_FILE,
    Loaded,
    RoutesFileError,
    is_routes_file,
    lint_routes_file,
    lint_routes_text,
    load_routes,
)
from dinaction.serve.routes import Decision, Route, Routes, RoutesError

if TYPE_CHECKING:
    from dinaction.serve.app import Clock

__all__ = [
    "ROUTES_FILE",
    "SCHEMA_PATH",
    "Call",
    "Conditions",
    "Decision",
    "Loaded",
    "Route",
    "Routes",
    "RoutesApp",
    "RoutesError",
    "RoutesFileError",
    "app_from",
    "is_routes_file",
    "lint_routes_file",
    "lint_routes_text",
    "load_routes",
]

#: the JSON schema of routes files (``dinaction-routes``), for editors and the language server
SCHEMA_PATH = Path(__file__).with_name("routes.schema.json")


def app_from(
    source: str | Path | Routes,
    *,
    reload: bool = True,
    reload_interval: float = 1.0,
    mask_numbers: bool = True,
    clock: Clock | None = None,
) -> RoutesApp:
    """The ASGI app for a routes directory (or routes file, or routes built in Python).

    Raises :class:`RoutesFileError` (its message lists every error with its
    position) when the routes cannot be served, and ``UsageError`` when the
    file cannot be read. From a file, changes are checked and swapped in while
    the ASGI server runs (``reload``), every ``reload_interval`` seconds.
    """
    if isinstance(source, Routes):
        source.warm()
        return RoutesApp(Snapshot.of(source), clock=clock, mask_numbers=mask_numbers)
    from dinaction.serve.reload import Reloader

    path = Path(source)
    loaded = load_routes(path)
    if loaded.routes is None:
        raise RoutesFileError(loaded)
    loaded.routes.warm()
    display = loaded.reports[0].path
    reloader = Reloader(loaded, display=display, interval=reload_interval) if reload else None
    return RoutesApp(Snapshot.of(loaded.routes, display), clock=clock, mask_numbers=mask_numbers, reloader=reloader)
