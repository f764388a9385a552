"""Loading one configuration: a TOML file's table, the command line's overrides on top.

``Config`` is the result: the settings of every file it covers, and the
gitignore-style globs (``pathspec``) that say which files a walk picks up and
which per-file ignores apply, relative to the configuration's directory.
``Overrides`` and ``Config`` are named tuples: immutable and hashable (they
key caches) without the methods a dataclass compiles at every start-up.
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from dinaction.config.keys import BY_NAME, DEFAULT_EXCLUDE, DEFAULT_INCLUDE, ConfigError, parse_table, resolve
from dinaction.rules import Selection, selected_codes
from dinaction.settings import FrozenMapping, Settings

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

__all__ = [
    "NO_OVERRIDES",
    "Config",
    "Globs",
    "Overrides",
    "build",
    "clear_loaded",
    "dinaction_table",
    "glob_matches",
    "globs",
    "load_config",
]


# --- files ---------------------------------------------------------------------------------------


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8: save it as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None


def _table_of(path: Path, document: Mapping[str, Any]) -> tuple[Mapping[str, Any] | None, str | None]:
    try:
        return dinaction_table(document, path.name)
    except ValueError as exc:
        raise ConfigError(f"{path}: {exc}") from None


def dinaction_table(document: Mapping[str, Any], file_name: str) -> tuple[Mapping[str, Any] | None, str | None]:
    """(table, its name) of a file: the whole of dinaction.toml, [tool.dinaction] of a pyproject.

    (None, None) for a pyproject without the table; ValueError when it is not a table, or
    when a file has the other kind's header (the hint says where the keys go).
    """
    if file_name != "pyproject.toml":
        tool = document.get("tool")
        if isinstance(tool, dict) and "dinaction" in tool:  # a pyproject's table pasted as it was
            raise ValueError(
                f"in {file_name}, write the keys at the top level, without the [tool.dinaction] header "
                "(that header is for pyproject.toml)"
            )
        return document, None
    tool = document.get("tool")
    table = tool.get("dinaction") if isinstance(tool, dict) else None
    if table is None:
        if isinstance(document.get("dinaction"), dict):  # the header of a dinaction.toml-minded user
            raise ValueError("pyproject.toml reads dinaction's keys from [tool.dinaction], not [dinaction]")
        return None, None
    if not isinstance(table, dict):
        raise ValueError("tool.dinaction must be a table ([tool.dinaction])")
    return table, "tool.dinaction"


# --- overrides -----------------------------------------------------------------------------------


class Overrides(NamedTuple):
    """What the command line puts on top of the configuration files.

    ``config`` holds ``--config`` TOML pairs (``max-actions = 2``); the rule
    flags form their own layer: ``select`` replaces, the others add.
    """

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    config: tuple[str, ...] = ()
    #: ``--config-file``: this file for every document, no discovery
    config_file: Path | None = None

    def table(self) -> dict[str, Any]:
        """The ``--config`` pairs parsed and validated (later pairs win)."""
        return _override_table(self.config)

    def check(self) -> None:
        """Validate every override now (the CLI calls this before any file is read)."""
        self.table()
        for flag, selectors in (
            ("--select", self.select or ()),
            ("--ignore", self.ignore),
            ("--extend-select", self.extend_select),
        ):
            for selector in selectors:
                try:
                    resolve(selector)
                except ValueError as exc:
                    raise ConfigError(f"{flag}: {exc}") from None


NO_OVERRIDES = Overrides()


@functools.lru_cache(maxsize=64)
def _override_table(pairs: tuple[str, ...]) -> dict[str, Any]:
    import tomllib

    merged: dict[str, Any] = {}
    for pair in pairs:
        raw: dict[str, Any] | None
        try:
            raw = tomllib.loads(pair)
        except tomllib.TOMLDecodeError as exc:
            raw = _bare_string(pair)
            if raw is None:
                raise ConfigError(
                    f"--config {pair!r}: not a TOML `key = value` pair ({exc}); for example --config 'max-actions = 2'"
                ) from None
        parsed = parse_table(raw, f"--config {pair!r}")
        _merge_into(merged, parsed)
    return merged


def _bare_string(pair: str) -> dict[str, Any] | None:
    """`fail-on=error`: a value that is not TOML is taken as a string, as a shell user means it."""
    import tomllib

    key, sep, value = pair.partition("=")
    if not sep:
        return None
    try:
        return tomllib.loads(f"{key.strip()} = {json.dumps(value.strip())}")
    except tomllib.TOMLDecodeError:
        return None


def _merge_into(base: dict[str, Any], top: Mapping[str, Any]) -> None:
    """Later values win; the two tables (severity, per-file-ignores) merge key by key."""
    for name, value in top.items():
        if name == "severity" and name in base:
            base[name] = FrozenMapping({**base[name], **value})
        elif name == "per-file-ignores" and name in base:
            base[name] = tuple({**dict(base[name]), **dict(value)}.items())
        else:
            base[name] = value


# --- globs ---------------------------------------------------------------------------------------


class Globs(NamedTuple):
    """Gitignore-style globs, compiled by pathspec (loaded only when a glob is matched).

    ``*`` stays inside one directory and ``**`` crosses them; a glob without a
    ``/`` matches a name at any depth; a glob that matches a directory matches
    everything below it. A leading ``./`` means the configuration's directory.
    """

    spec: GitIgnoreSpec
    #: pathspec's regexes joined into one, when no glob takes a file back (``!``): a walk
    #: asks about every file, and one search is several times faster than pathspec's loop
    #: over its patterns, with the same answer (without ``!``, any match excludes)
    union: re.Pattern[str] | None

    def matches(self, relpath: str, *, directory: bool = False) -> bool:
        """Whether a glob matches the file (or ``directory``) at ``relpath``; the root (``.``) never is."""
        if directory:
            relpath += "/"
        union = self.union
        if union is not None and relpath[:1] not in "./":  # a walk's paths: nothing to normalise
            return union.search(relpath) is not None
        if relpath in (".", "./"):
            return False
        if union is None:
            return bool(self.spec.match_file(relpath))
        # normalised as pathspec normalises what it matches: relative, without a leading / or ./
        relpath = relpath[1:] if relpath.startswith("/") else relpath.removeprefix("./")
        return union.search(relpath) is not None


@functools.lru_cache(maxsize=256)
def globs(patterns: tuple[str, ...]) -> Globs:
    """``patterns`` compiled (memoised: a walk asks for the same few lists again and again)."""
    from pathspec import GitIgnoreSpec, RegexPattern

    spec = GitIgnoreSpec.from_lines(_normalise(patterns))
    regexes: list[str] = []
    for pattern in spec.patterns:
        if pattern.include is None:  # a blank line or a comment
            continue
        if not (pattern.include and isinstance(pattern, RegexPattern) and pattern.regex is not None):
            return Globs(spec, None)  # a glob with `!`: the order matters, pathspec's loop decides
        # the groups pathspec names (a directory mark) are of no use here, and would clash
        regexes.append(_NAMED_GROUP.sub("(?:", pattern.regex.pattern))
    try:
        return Globs(spec, re.compile("|".join(regexes)) if regexes else None)
    except re.error:  # pragma: no cover - pathspec's regexes join; were they ever not to, its loop answers
        return Globs(spec, None)


_NAMED_GROUP = re.compile(r"\(\?P<\w+>")


def _normalise(patterns: Iterable[str]) -> list[str]:
    return [p.strip().removeprefix("./") for p in patterns]


def glob_matches(pattern: str, relpath: str) -> bool:
    """Whether one glob matches a POSIX path relative to the configuration's directory."""
    return globs((pattern,)).matches(relpath)


# --- a loaded configuration ----------------------------------------------------------------------


class Config(NamedTuple):
    """One configuration (a file, or the defaults) with the command line's overrides applied."""

    #: the file, or None for the defaults (no file found, or --isolated)
    path: Path | None
    #: where its globs are relative to, and where `.dinaction_cache/` goes
    root: Path
    #: the settings for any file it covers, before per-file ignores
    settings: Settings
    per_file_ignores: tuple[tuple[str, frozenset[str]], ...] = ()
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    #: whether a walk also skips what .gitignore and .ignore files ignore
    respect_gitignore: bool = True

    def relative(self, path: Path) -> str:
        """``path`` relative to the root in POSIX form (absolute when outside it)."""
        absolute = os.path.abspath(path)
        root = str(self.root)
        if absolute == root:
            return "."
        if absolute.startswith(root.rstrip(os.sep) + os.sep):
            absolute = absolute[len(root.rstrip(os.sep)) + 1 :]
        return absolute.replace(os.sep, "/")

    def settings_for(self, path: Path, rel: str | None = None) -> Settings:
        """The settings for one file: the config's, less the per-file ignores that match it.

        ``rel`` saves the work of computing ``relative(path)`` when the caller has it.
        """
        if not self.per_file_ignores:
            return self.settings
        rel = self.relative(path) if rel is None else rel
        ignored: set[str] = set()
        for pattern, codes in self.per_file_ignores:
            if glob_matches(pattern, rel):
                ignored |= codes
        if not ignored:
            return self.settings
        return replace(self.settings, ignore=tuple(sorted({*self.settings.ignore, *ignored})))

    @property
    def included(self) -> Globs:
        """``include``, compiled: what a walk picks up (match paths from ``relative``)."""
        return globs(self.include)

    @property
    def excluded(self) -> Globs:
        """``exclude`` and ``extend-exclude``, compiled: what a walk skips."""
        return globs(self.exclude)


def build(path: Path | None, root: Path, table: Mapping[str, Any], overrides: Overrides) -> Config:
    """A configuration from a validated table (``parse_table``) with the overrides on top."""
    values = dict(table)
    _merge_into(values, overrides.table())

    def get(name: str) -> Any:
        return values.get(name, BY_NAME[name].default)

    # the rule layers: the defaults, the file's keys, then the command line's flags
    selected = selected_codes(
        Selection(values.get("select"), values.get("extend-select", ()), values.get("ignore", ())),
        Selection(overrides.select, overrides.extend_select, overrides.ignore),
    )
    settings = Settings(
        max_actions=get("max-actions"),
        tts_languages=get("tts-languages"),
        max_message_length=get("max-message-length"),
        max_file_size=get("max-file-size"),
        default_region=get("default-region"),
        select=tuple(sorted(selected)),
        severity_overrides=get("severity"),
        fail_on=get("fail-on"),
    )
    ignores = tuple(
        (pattern, frozenset().union(*(resolve(s) for s in selectors))) for pattern, selectors in get("per-file-ignores")
    )
    return Config(
        path=path,
        root=root,
        settings=settings,
        per_file_ignores=ignores,
        include=get("include"),
        exclude=(*get("exclude"), *get("extend-exclude")),
        respect_gitignore=get("respect-gitignore"),
    )


@functools.lru_cache(maxsize=256)
def _load(path: Path, mtime_ns: int, size: int, overrides: Overrides) -> Config | None:
    """A file's configuration (None for a pyproject without [tool.dinaction]).

    Keyed on the file's mtime and size, so an edited file is read again.
    """
    table, name = _table_of(path, _read_toml(path))
    if table is None:
        return None
    return build(path, path.parent, parse_table(table, str(path), name), overrides)


def load_config(path: Path, overrides: Overrides = NO_OVERRIDES) -> Config | None:
    """Load one configuration file; None when it is a pyproject without [tool.dinaction]."""
    path = Path(os.path.abspath(path))
    try:
        stat = path.stat()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the configuration file: {exc.strerror or exc}") from None
    return _load(path, stat.st_mtime_ns, stat.st_size, overrides)


def clear_loaded() -> None:
    """Forget every file read and every override parsed (``discovery.clear_cache`` calls this)."""
    _load.cache_clear()
    _override_table.cache_clear()
