"""Reading a routes file: TOML → checked routes, or positioned diagnostics saying why not.

Everything a server would trip over is found here, before it serves: the file
is read with ``tomllib`` and every finding is placed on the offending value by
the locator; inline actions are linted where they stand in the TOML, action
files as ``dinaction lint`` would lint them (the nearest configuration applies
to each); the order of the routes is checked last. Nothing here prints.
"""

from __future__ import annotations

import contextlib
import difflib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any

from dinaction.ast import Script
from dinaction.config import ConfigError, find_config_file, settings_for_path
from dinaction.config.locate import Located, decode_error, locate, string_offsets
from dinaction.config.locate import Path as KeyPath
from dinaction.diagnostics import Diagnostic, LineIndex, Severity, Span
from dinaction.linter import lint_source
from dinaction.reporters import FileReport
from dinaction.rules.routes import (
    ACTION_AND_FILE,
    INVALID_ACTION_FILE,
    INVALID_TOML,
    INVALID_VALUE,
    MISSING_FILE,
    MISSING_KEY,
    UNKNOWN_KEY,
)
from dinaction.serve.conditions import CONDITION_KEYS, Problem, parse_conditions
from dinaction.serve.routes import DEFAULT_TIMEZONE, Entry, Route, Routes, RoutesError, check_order, timezone_problem
from dinaction.settings import Settings

__all__ = [
    "ACTION_SUFFIXES",
    "ROUTES_FILE",
    "ActionCheck",
    "Loaded",
    "RoutesFileError",
    "find_routes_file",
    "is_routes_file",
    "lint_routes_file",
    "lint_routes_text",
    "load_routes",
]

#: the name ``dinaction serve DIR`` looks for, and ``dinaction lint`` recognises
ROUTES_FILE = "routes.toml"
ACTION_SUFFIXES = (".din", ".dinaction")
TOP_KEYS = ("timezone", "route", "$schema")
ROUTE_KEYS = ("name", "action", "file", *CONDITION_KEYS)
#: a route's action as read: (script, the file it came from or None, its findings)
_Action = tuple[Script, str | None, tuple[Diagnostic, ...]]
_BOM = "\ufeff"


@dataclass(frozen=True, slots=True)
class Loaded:
    """A routes file read: the routes when they can be served, and every finding.

    ``reports`` holds the routes file's report first, then one for each action
    file with findings. ``watched`` are the files whose change means reading
    again: the routes file, its action files and the configuration files.
    """

    path: Path
    routes: Routes | None
    reports: tuple[FileReport, ...]
    watched: tuple[Path, ...]

    @property
    def ok(self) -> bool:
        return self.routes is not None

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for r in self.reports for d in r.diagnostics if d.severity >= Severity.ERROR)


class RoutesFileError(RoutesError):
    """A routes file that cannot be served; the message lists each error as `path:line:column: CODE message`."""

    def __init__(self, loaded: Loaded) -> None:
        super().__init__(loaded.errors)
        self.loaded = loaded

    def __str__(self) -> str:
        from dinaction.reporters.text import format_diagnostic

        lines = [
            format_diagnostic(report, d, snippet=False)
            for report in self.loaded.reports
            for d in report.diagnostics
            if d.severity >= Severity.ERROR
        ]
        return f"{self.loaded.path}: cannot be served:\n" + "\n".join(lines)


def is_routes_file(path: Path) -> bool:
    """Whether a directory walk should read ``path`` as a routes file."""
    return path.name == ROUTES_FILE


def find_routes_file(path: Path) -> Path:
    """The routes file of ``path``: ``path/routes.toml`` for a directory, else ``path`` itself."""
    return path / ROUTES_FILE if path.is_dir() else path


def lint_routes_file(path: Path, *, display: str | None = None) -> list[Diagnostic]:
    """The findings of one routes file, positioned in it (for `dinaction lint` and the language server).

    Inline actions' findings carry their own rule codes; an action file with
    errors is one DA510 at its `file` value (the file's own findings belong to
    that file's report). Raises ``UsageError`` when the file cannot be read.
    """
    return list(load_routes(path, display=display).reports[0].diagnostics)


#: a check run on every action's text besides the linter (the media check of ``serve --check --media``):
#: its findings are placed and counted like the linter's
ActionCheck = Callable[[str], Sequence[Diagnostic]]


def lint_routes_text(
    text: str,
    path: Path,
    *,
    display: str | None = None,
    settings_for: Callable[[Path], Settings] = settings_for_path,
) -> list[Diagnostic]:
    """The findings of a routes file's ``text`` as if it stood at ``path`` (an editor's unsaved buffer).

    As :func:`lint_routes_file`, positioned in ``text``: the action files it
    names are read from beside ``path``. ``settings_for`` gives the settings
    of a file (the routes file's, for its inline actions, and each action
    file's): the nearest configuration's by default, which raises
    ``ConfigError`` when that cannot be used; an editor may fall back instead.
    """
    loader = _Loader(path, display if display is not None else str(path), settings_for)
    return list(loader.load_text(text).reports[0].diagnostics)


def load_routes(path: Path, *, display: str | None = None, action_check: ActionCheck | None = None) -> Loaded:
    """Read and check a routes file (or the ``routes.toml`` of a directory).

    ``action_check`` runs on every action text as well as the linter (which the
    loader calls itself); this package does not fetch anything on its own.
    Raises ``UsageError`` (one line) when the file cannot be read at all or a
    configuration file is unusable; everything about its content is a finding.
    """
    from dinaction.usage import UsageError

    routes_path = find_routes_file(path)
    shown = display if display is not None else str(routes_path if path.is_dir() else path)
    try:
        data = routes_path.read_bytes()
    except OSError as exc:
        hint = f" (is there a {ROUTES_FILE} in it?)" if path.is_dir() else ""
        raise UsageError(f"{routes_path}: cannot read the routes file: {exc.strerror or exc}{hint}") from None
    return _Loader(routes_path, shown, action_check=action_check).load(data)


class _Loader:
    """One load: the findings gathered while reading one routes file."""

    def __init__(
        self,
        path: Path,
        display: str,
        settings_for: Callable[[Path], Settings] = settings_for_path,
        action_check: ActionCheck | None = None,
    ) -> None:
        self.path = path
        self.action_check = action_check
        self.display = display
        self.base = path.parent
        self.settings_for = settings_for
        self.settings = settings_for(path)
        self.text = ""
        self.located = Located()
        self.found: list[Diagnostic] = []
        self.others: list[FileReport] = []
        self.watched: dict[Path, None] = {path: None}
        self._note_config(path.parent)

    def _note_config(self, directory: Path) -> None:
        # a configuration that cannot be read is told by `settings_for` (or left to it, in an editor)
        with contextlib.suppress(ConfigError):
            config = find_config_file(directory)
            if config is not None:
                self.watched[config] = None

    # --- positions -----------------------------------------------------------------------------

    def value_span(self, path: KeyPath) -> Span:
        return self.located.value(path) or Span(0, 0)

    def key_span(self, path: KeyPath) -> Span:
        return self.located.key(path) or Span(0, 0)

    def add(self, problem: Problem, prefix: KeyPath, *, at_key: bool = False) -> None:
        path = (*prefix, *problem.where)
        span = self.key_span(path) if at_key else self.value_span(path)
        self.found.append(problem.diagnostic(span))

    # --- the file ------------------------------------------------------------------------------

    def load(self, data: bytes) -> Loaded:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            self.text = data.decode("utf-8", "replace")
            at = len(data[: exc.start].decode("utf-8", "replace"))
            reason = "it is not UTF-8: save it as UTF-8"
            return self.finish([INVALID_TOML.diagnostic(Span(at, at + 1), reason=reason)], None)
        return self.load_text(text)

    def load_text(self, text: str) -> Loaded:
        import tomllib

        self.text = text
        skip = 1 if text.startswith(_BOM) else 0
        try:
            document = tomllib.loads(text[skip:])
        except tomllib.TOMLDecodeError as exc:
            return self.finish([self._toml_error(str(exc), skip)], None)
        self.located = _shifted(locate(text[skip:]), skip)
        return self.finish(self.found, self.document(document))

    def _toml_error(self, message: str, skip: int) -> Diagnostic:
        span, reason = decode_error(self.text[skip:], message)
        return INVALID_TOML.diagnostic(span.shift(skip), reason=reason)

    def finish(self, found: Sequence[Diagnostic], routes: Routes | None) -> Loaded:
        diagnostics = tuple(sorted(found, key=lambda d: d.sort_key))
        report = FileReport(self.display, self.text, diagnostics)
        failed = any(d.severity >= Severity.ERROR for d in diagnostics) or any(
            d.severity >= Severity.ERROR for r in self.others for d in r.diagnostics
        )
        return Loaded(self.path, None if failed else routes, (report, *self.others), tuple(self.watched))

    def document(self, document: Mapping[str, Any]) -> Routes | None:
        for key in document:
            if key not in TOP_KEYS:
                self.unknown((key,), key, TOP_KEYS)
        zone, reason = timezone_problem(document.get("timezone", DEFAULT_TIMEZONE))
        if reason is not None:
            self.found.append(INVALID_VALUE.diagnostic(self.value_span(("timezone",)), key="timezone", reason=reason))
        tables = document.get("route")
        if tables is None:
            what = "no routes: add `[[route]]` tables, the last one without conditions"
            self.found.append(MISSING_KEY.diagnostic(Span(0, 0), what=what))
            return None
        if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
            reason = "routes are `[[route]]` tables, one after another"
            self.found.append(INVALID_VALUE.diagnostic(self.value_span(("route",)), key="route", reason=reason))
            return None
        routes = [self.route(index, table) for index, table in enumerate(tables)]
        entries = [entry for entry, _ in routes]
        lines = LineIndex(self.text)
        earlier = {i: f"line {lines.position(self.value_span(('route', i)).start).line}" for i in range(len(tables))}
        for index, problem in check_order(entries, earlier):
            self.add(problem, ("route", index) if index >= 0 else ())
        built = [route for _, route in routes]
        if zone is None or any(route is None for route in built):
            return None
        return Routes.assemble([r for r in built if r is not None], zone)

    def unknown(self, path: KeyPath, key: str, known: Sequence[str]) -> None:
        close = difflib.get_close_matches(key, [k for k in known if not k.startswith("$")], n=1)
        hint = f": did you mean `{close[0]}`?" if close else f" (known: {', '.join(k for k in known if k[0] != '$')})"
        self.found.append(UNKNOWN_KEY.diagnostic(self.key_span(path), key=key, hint=hint))

    # --- one route -----------------------------------------------------------------------------

    def route(self, index: int, table: Mapping[str, Any]) -> tuple[Entry, Route | None]:
        prefix: KeyPath = ("route", index)
        before = len(self.found)
        unknown = [key for key in table if key not in ROUTE_KEYS]
        for key in unknown:
            self.unknown((*prefix, key), key, ROUTE_KEYS)
        name = table.get("name")
        if name is None:
            what = f'route {index + 1} has no `name`: add `name = "…"` (the logs and `dinaction route` show it)'
            self.found.append(MISSING_KEY.diagnostic(self.value_span(prefix), what=what))
        elif not isinstance(name, str) or not name.strip():
            reason = "a route's name is a non-empty string"
            self.found.append(INVALID_VALUE.diagnostic(self.value_span((*prefix, "name")), key="name", reason=reason))
            name = None
        raw = {key: table[key] for key in CONDITION_KEYS if key in table}
        conditions, problems = parse_conditions(raw)
        for problem in problems:
            self.add(problem, prefix)
        script = self.action(index, table, name)
        readable = not problems and not unknown  # a misspelt condition: what the route matches is unknown
        entry = Entry(name, conditions if readable else None, bool(raw))
        if any(d.severity >= Severity.ERROR for d in self.found[before:]) or script is None or name is None:
            return entry, None
        return entry, Route.assemble(name, conditions, *script)

    def action(self, index: int, table: Mapping[str, Any], name: str | None) -> _Action | None:
        """(script, file or None, findings) of a route's action, after reporting what is wrong with it."""
        prefix: KeyPath = ("route", index)
        has_action, has_file = "action" in table, "file" in table
        if has_action and has_file:
            self.found.append(ACTION_AND_FILE.diagnostic(self.key_span((*prefix, "file"))))
            return None
        if not has_action and not has_file:
            label = f"`{name}`" if name else str(index + 1)
            what = f"route {label} has no action: give `action = '…'` (action text) or `file = \"….din\"`"
            self.found.append(MISSING_KEY.diagnostic(self.value_span(prefix), what=what))
            return None
        key = "action" if has_action else "file"
        value = table[key]
        if not isinstance(value, str):
            reason = "action text, as a string" if has_action else "the name of a .din file beside the routes file"
            self.found.append(INVALID_VALUE.diagnostic(self.value_span((*prefix, key)), key=key, reason=reason))
            return None
        return self.inline(prefix, value) if has_action else self.file(prefix, value)

    def inline(self, prefix: KeyPath, text: str) -> _Action | None:
        span = self.value_span((*prefix, "action"))
        offsets = string_offsets(self.text, span)
        result = lint_source(text, self.settings)
        found = (*result.diagnostics, *self._checked(text, result.diagnostics))
        placed = tuple(_placed(d, span, offsets) for d in found)
        self.found.extend(placed)
        if any(d.severity >= Severity.ERROR for d in placed):
            return None
        return result.script, None, placed

    def file(self, prefix: KeyPath, name: str) -> _Action | None:
        span = self.value_span((*prefix, "file"))
        relative = PurePosixPath(name)
        reason = None
        if relative.is_absolute() or ".." in relative.parts or "\\" in name or not name:
            reason = f"`{name}`: name a file beside the routes file (or below it), with a relative path"
        elif relative.suffix not in ACTION_SUFFIXES:
            reason = f"`{name}`: action files end in {' or '.join(ACTION_SUFFIXES)}"
        if reason is not None:
            self.found.append(INVALID_VALUE.diagnostic(span, key="file", reason=reason))
            return None
        path = self.base / relative
        self.watched[path] = None
        try:
            data = path.read_bytes()
        except OSError as exc:
            why = "no such file" if isinstance(exc, FileNotFoundError) else (exc.strerror or str(exc))
            self.found.append(MISSING_FILE.diagnostic(span, file=name, reason=why))
            return None
        self._note_config(path.parent)
        result = lint_source(data, self.settings_for(path))
        checked = self._checked(result.text, result.diagnostics)
        found = tuple(sorted((*result.diagnostics, *checked), key=lambda d: d.sort_key))
        if found:
            shown = str(PurePosixPath(self.display).parent / relative)
            self.others.append(FileReport(_display(shown), result.text, found))
        errors = [d for d in found if d.severity >= Severity.ERROR]
        if errors:
            codes = ", ".join(dict.fromkeys(d.code for d in errors))
            s = "" if len(errors) == 1 else "s"
            self.found.append(INVALID_ACTION_FILE.diagnostic(span, file=name, count=len(errors), s=s, codes=codes))
            return None
        return result.script, name, found

    def _checked(self, text: str, linted: Sequence[Diagnostic]) -> Sequence[Diagnostic]:
        """The action check's findings for an action text that lints without errors (else none)."""
        if self.action_check is None or any(d.severity >= Severity.ERROR for d in linted):
            return ()
        return self.action_check(text)


def _display(path: str) -> str:
    return path[2:] if path.startswith("./") else path


def _placed(diagnostic: Diagnostic, value: Span, offsets: list[int] | None) -> Diagnostic:
    """A finding in an inline action, moved onto the characters of the TOML string (fixes dropped)."""
    if offsets is None:
        span = value
    else:
        last = len(offsets) - 1
        start = offsets[min(diagnostic.span.start, last)]
        end = offsets[min(diagnostic.span.end, last)]
        span = Span(start, max(start, end))
    return replace(diagnostic, span=span, fix=None)


def _shifted(located: Located, by: int) -> Located:
    if not by:
        return located
    return Located(
        {k: v.shift(by) for k, v in located.values.items()},
        {k: v.shift(by) for k, v in located.keys.items()},
        {k: v.shift(by) for k, v in located.tables.items()},
    )
