"""Routes files as an editor sees them: what the language server asks of them (``lsp.tomlfiles.RoutesFiles``).

The language server knows nothing of routes itself (it sits beside this
package, not above it); ``dinaction lsp`` hands it :data:`ROUTES_FILES`.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from dinaction.diagnostics import Diagnostic
from dinaction.serve.conditions import DAYS, holiday_countries
from dinaction.serve.load import ROUTES_FILE, is_routes_file, lint_routes_text
from dinaction.settings import Settings

__all__ = ["ROUTES_FILES", "RoutesFilesOfServe"]


class RoutesFilesOfServe:
    """The routes files of ``dinaction serve``: their name, their check, their schema and their values."""

    __slots__ = ()

    file_name = ROUTES_FILE

    def is_routes_file(self, path: Path) -> bool:
        return is_routes_file(path)

    def lint_text(self, text: str, path: Path, settings_for: Callable[[Path], Settings]) -> list[Diagnostic]:
        return lint_routes_text(text, path, settings_for=settings_for)

    def schema(self) -> Mapping[str, Any]:
        return _schema()

    def days(self) -> tuple[str, ...]:
        return tuple(DAYS)

    def holiday_countries(self) -> Mapping[str, tuple[str, ...]]:
        return holiday_countries()


@functools.cache
def _schema() -> Mapping[str, Any]:
    from dinaction.serve import SCHEMA_PATH

    loaded: Mapping[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return loaded


#: what ``dinaction lsp`` gives the language server
ROUTES_FILES = RoutesFilesOfServe()
