"""Settings that shape a lint run, and where they come from.

``Settings`` is the resolved, validated form one document is linted with.
``Config`` is one configuration file (``dinaction.toml`` or the
``[tool.dinaction]`` table of ``pyproject.toml``) after validation; the nearest
one above a file applies to it. ``settings_for_path`` puts the two together,
with the command line's overrides on top; the CLI, the batch runner and the
language server all go through it, so a file is linted the same everywhere.

Every key is declared once in ``KEYS``: the loader validates with it, and the
JSON schema and the option reference in ``docs/configuration.md`` are generated
from it (``write_generated()`` rewrites both; a test fails when they drift).
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from dinaction.diagnostics import Severity
from dinaction.files import UsageError
from dinaction.settings import DEFAULT_SETTINGS, FrozenMapping, Settings

__all__ = [
    "CONFIG_FILES",
    "KEYS",
    "Config",
    "ConfigError",
    "GlobSet",
    "Overrides",
    "clear_cache",
    "config_for_path",
    "find_config_file",
    "glob_matches",
    "globset",
    "json_schema",
    "load_config",
    "settings_for_path",
]

#: configuration files, in the order they win when several sit in one directory
CONFIG_FILES = ("dinaction.toml", "pyproject.toml")
DEFAULT_INCLUDE = ("*.din", "*.dinaction")
DEFAULT_EXCLUDE = (".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".dinaction_cache")


class ConfigError(UsageError):
    """A configuration file or override that cannot be used; one line naming file, key and remedy."""


# --- the keys ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Key:
    """One configuration key: its schema (for validation messages and the JSON schema) and parser."""

    name: str
    description: str
    schema: Mapping[str, Any]
    #: the value as read from TOML → its typed form; raises ValueError saying what is allowed
    parse: Callable[[Any], Any]
    default: Any = None


def _rule_list(value: Any) -> tuple[str, ...]:
    items = _string_list(value, "rule codes, code prefixes or names")
    for item in items:
        _resolve(item)
    return items


def _resolve(selector: str) -> frozenset[str]:
    from dinaction.rules import resolve

    return frozenset(r.code for r in resolve(selector))


def _string_list(value: Any, what: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"expected a list of strings ({what}), got {_show(value)}")
    return tuple(v.strip() for v in value)


def _glob_list(value: Any) -> tuple[str, ...]:
    return _string_list(value, "glob patterns such as `legacy/*.din`")


def _severity(value: Any) -> Severity:
    if not isinstance(value, str):
        raise ValueError(f'expected "error", "warning" or "info", got {_show(value)}')
    return Severity.parse(value)


def _severity_table(value: Any) -> FrozenMapping:
    if not isinstance(value, dict):
        raise ValueError(f'expected a table of rule → "error"/"warning"/"info", got {_show(value)}')
    out: dict[str, Severity] = {}
    for selector, level in value.items():
        try:
            parsed = _severity(level)
        except ValueError as exc:
            raise ValueError(f"{selector}: {exc}") from None
        for code in sorted(_resolve(selector)):
            out[code] = parsed
    return FrozenMapping(out)


def _per_file_ignores(value: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, dict):
        raise ValueError(f"expected a table of glob → list of rules, got {_show(value)}")
    out = []
    for pattern, rules in value.items():
        try:
            out.append((pattern, _rule_list(rules)))
        except ValueError as exc:
            raise ValueError(f"{pattern!r}: {exc}") from None
    return tuple(out)


def _int_between(low: int, high: int | None) -> Callable[[Any], int]:
    def parse(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < low or (high is not None and value > high):
            bound = f"from {low} to {high}" if high is not None else f"of at least {low}"
            raise ValueError(f"expected an integer {bound}, got {_show(value)}")
        return value

    return parse


_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")


def _languages(value: Any) -> tuple[str, ...]:
    items = _string_list(value, "language codes such as `en`")
    for item in items:
        if not _LANGUAGE.match(item):
            raise ValueError(f"{item!r} is not a language code: use codes such as `en`, `ja`")
    return tuple(item.lower() for item in items)


def _region(value: Any) -> str:
    import phonenumbers

    if not isinstance(value, str) or value.upper() not in phonenumbers.SUPPORTED_REGIONS:
        raise ValueError(f'expected an ISO 3166 region code such as "JP", got {_show(value)}')
    return value.upper()


def _show(value: Any) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    return repr(value)


_SELECTOR = {"type": "string", "minLength": 1, "description": "A rule code (DA002), code prefix (DA3, ALL) or name"}
_SEVERITY = {"enum": ["error", "warning", "info"]}
_GLOBS = {"type": "array", "items": {"type": "string", "minLength": 1}}

KEYS: tuple[Key, ...] = (
    Key(
        "select",
        "Rules to report, replacing the default set (codes, code prefixes or names).",
        {"type": "array", "items": _SELECTOR},
        _rule_list,
    ),
    Key(
        "extend-select",
        "Rules to report on top of `select` (or the defaults), such as opt-in rules.",
        {"type": "array", "items": _SELECTOR},
        _rule_list,
        (),
    ),
    Key(
        "ignore",
        "Rules never to report; wins over `select` and `extend-select` of the same file.",
        {"type": "array", "items": _SELECTOR},
        _rule_list,
        (),
    ),
    Key(
        "per-file-ignores",
        "Rules to ignore in the files a glob matches (relative to this file's directory).",
        {"type": "object", "additionalProperties": {"type": "array", "items": _SELECTOR}},
        _per_file_ignores,
        (),
    ),
    Key(
        "severity",
        'Severity per rule (code, prefix or name) → "error", "warning" or "info".',
        {"type": "object", "additionalProperties": _SEVERITY},
        _severity_table,
        FrozenMapping(),
    ),
    Key(
        "fail-on",
        "Exit with status 1 when a finding is at or above this severity.",
        _SEVERITY,
        _severity,
        Severity.WARNING,
    ),
    Key(
        "include",
        "Which files a directory walk picks up (globs; files named on the command line are always linted).",
        _GLOBS,
        _glob_list,
        DEFAULT_INCLUDE,
    ),
    Key(
        "exclude",
        "Files and directories a walk skips (globs), replacing the default list of VCS and virtualenv directories.",
        _GLOBS,
        _glob_list,
        DEFAULT_EXCLUDE,
    ),
    Key(
        "extend-exclude",
        "More files and directories to skip, on top of `exclude`.",
        _GLOBS,
        _glob_list,
        (),
    ),
    Key(
        "max-actions",
        "Actions allowed per file: 1 for the API, 2 for dashboard-style action URLs.",
        {"type": "integer", "minimum": 1, "maximum": 2},
        _int_between(1, 2),
        DEFAULT_SETTINGS.max_actions,
    ),
    Key(
        "tts-languages",
        "Language codes Xoxzo's text-to-speech speaks (DA401).",
        {"type": "array", "items": {"type": "string", "pattern": _LANGUAGE.pattern}},
        _languages,
        DEFAULT_SETTINGS.tts_languages,
    ),
    Key(
        "max-message-length",
        "Longest `say` message before DA405 reports it.",
        {"type": "integer", "minimum": 1},
        _int_between(1, None),
        DEFAULT_SETTINGS.max_message_length,
    ),
    Key(
        "max-file-size",
        "Bytes a file may have; a larger one gets one finding (DA022) and is not read.",
        {"type": "integer", "minimum": 1},
        _int_between(1, None),
        DEFAULT_SETTINGS.max_file_size,
    ),
    Key(
        "default-region",
        "ISO 3166 region used to suggest E.164 forms of national numbers (DA301), such as `JP`.",
        {"type": "string", "pattern": "^[A-Za-z]{2}$"},
        _region,
    ),
)
_BY_NAME = {k.name: k for k in KEYS}


# --- validating a table --------------------------------------------------------------------------


def _where(source: str, table: str | None) -> str:
    return f"{source}: [{table}]" if table else source


def parse_table(raw: Mapping[str, Any], source: str, table: str | None = None) -> dict[str, Any]:
    """Validate one table of keys (a file's or the command line's) → typed values by key name.

    Raises ConfigError naming ``source``, the key and what is allowed.
    """
    parsed: dict[str, Any] = {}
    for name, value in raw.items():
        key = _BY_NAME.get(name)
        if key is None:
            hint = _did_you_mean(name)
            raise ConfigError(
                f"{_where(source, table)} unknown key {name!r}{hint}: the keys are {', '.join(k.name for k in KEYS)}"
            )
        try:
            parsed[name] = key.parse(value)
        except ValueError as exc:
            raise ConfigError(f"{_where(source, table)} {name}: {exc}") from None
    return parsed


def _did_you_mean(name: str) -> str:
    import difflib

    close = difflib.get_close_matches(name.replace("_", "-"), list(_BY_NAME), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


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
    """The dinaction table of a file: the whole of dinaction.toml, [tool.dinaction] of a pyproject."""
    if path.name != "pyproject.toml":
        return document, None
    tool = document.get("tool")
    table = tool.get("dinaction") if isinstance(tool, dict) else None
    if table is None:
        return None, None
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: tool.dinaction must be a table ([tool.dinaction])")
    return table, "tool.dinaction"


# --- overrides -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Overrides:
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
                    _resolve(selector)
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


# --- a loaded configuration ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Config:
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
            if globset((pattern,)).matches(rel):
                ignored |= codes
        if not ignored:
            return self.settings
        return replace(self.settings, ignore=tuple(sorted({*self.settings.ignore, *ignored})))

    def is_excluded(self, path: Path, rel: str | None = None) -> bool:
        return globset(self.exclude).matches(self.relative(path) if rel is None else rel)

    def is_included(self, path: Path, rel: str | None = None) -> bool:
        return globset(self.include).matches(self.relative(path) if rel is None else rel)


def _build(path: Path | None, root: Path, table: Mapping[str, Any], overrides: Overrides) -> Config:
    values = dict(table)
    _merge_into(values, overrides.table())

    def get(name: str) -> Any:
        return values.get(name, _BY_NAME[name].default)

    selected = _selection(values, overrides)
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
        (pattern, frozenset().union(*(_resolve(s) for s in selectors)))
        for pattern, selectors in get("per-file-ignores")
    )
    return Config(
        path=path,
        root=root,
        settings=settings,
        per_file_ignores=ignores,
        include=get("include"),
        exclude=(*get("exclude"), *get("extend-exclude")),
    )


def _selection(values: Mapping[str, Any], overrides: Overrides) -> frozenset[str]:
    """The rule codes reported, layer by layer: defaults, the file, the flags.

    In each layer ``select`` (when given) starts afresh, ``extend-select`` adds
    and ``ignore`` removes, so ``--select DA204`` on the command line enables
    a rule that the file ignores.
    """
    from dinaction.rules import ALL_RULES

    chosen = {r.code for r in ALL_RULES if r.default_enabled}
    layers = [
        (values.get("select"), values.get("extend-select", ()), values.get("ignore", ())),
        (overrides.select, overrides.extend_select, overrides.ignore),
    ]
    for select, extend, ignore in layers:
        if select is not None:
            chosen = {code for s in select for code in _resolve(s)}
        chosen |= {code for s in extend for code in _resolve(s)}
        chosen -= {code for s in ignore for code in _resolve(s)}
    return frozenset(chosen)


@functools.lru_cache(maxsize=256)
def _load(path: Path, mtime_ns: int, size: int, overrides: Overrides) -> Config | None:
    """A file's configuration (None for a pyproject without [tool.dinaction]).

    Keyed on the file's mtime and size, so an edited file is read again.
    """
    table, name = _table_of(path, _read_toml(path))
    if table is None:
        return None
    return _build(path, path.parent, parse_table(table, str(path), name), overrides)


@functools.lru_cache(maxsize=64)
def _defaults(root: Path, overrides: Overrides) -> Config:
    return _build(None, root, {}, overrides)


def load_config(path: Path, overrides: Overrides = NO_OVERRIDES) -> Config | None:
    """Load one configuration file; None when it is a pyproject without [tool.dinaction]."""
    path = Path(os.path.abspath(path))
    try:
        stat = path.stat()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the configuration file: {exc.strerror or exc}") from None
    return _load(path, stat.st_mtime_ns, stat.st_size, overrides)


def find_config_file(directory: Path) -> Path | None:
    """The nearest configuration file at or above ``directory``.

    A pyproject.toml counts only when it has a [tool.dinaction] table.
    """
    here = Path(os.path.abspath(directory))
    for folder in (here, *here.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name == "pyproject.toml" and load_config(candidate) is None:
                continue
            return candidate
    return None


def config_for_path(path: Path, *, isolated: bool = False, overrides: Overrides = NO_OVERRIDES) -> Config:
    """The configuration that applies to ``path`` (a file, or a directory for the files in it)."""
    if overrides.config_file is not None:
        config = load_config(overrides.config_file, overrides)
        if config is None:
            raise ConfigError(f"{overrides.config_file}: has no [tool.dinaction] table")
        return config
    if isolated:
        return _defaults(Path.cwd(), overrides)
    absolute = Path(os.path.abspath(path))
    found = find_config_file(absolute if absolute.is_dir() else absolute.parent)
    if found is None:
        return _defaults(Path.cwd(), overrides)
    config = load_config(found, overrides)
    assert config is not None
    return config


def settings_for_path(path: Path, *, isolated: bool = False, overrides: Overrides = NO_OVERRIDES) -> Settings:
    """The settings to lint ``path`` with: nearest config, overrides, per-file ignores.

    Cheap to call per document: files are parsed once and read again only
    when their mtime or size changes (``clear_cache`` forgets everything).
    Raises ConfigError (one line) for a configuration that cannot be used.
    """
    return config_for_path(path, isolated=isolated, overrides=overrides).settings_for(path)


def clear_cache() -> None:
    """Forget every loaded configuration (for a long-running process such as the language server)."""
    _load.cache_clear()
    _defaults.cache_clear()
    _override_table.cache_clear()


# --- globs ---------------------------------------------------------------------------------------


def _glob_regex(pattern: str) -> str:
    out: list[str] = []
    i = 0
    n = len(pattern)
    while i < n:
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[" and (end := pattern.find("]", i + 2)) > 0:
            body = pattern[i + 1 : end]
            if body.startswith("!"):
                body = "^" + body[1:]
            out.append("[" + body.replace("\\", "\\\\") + "]")
            i = end
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


@dataclass(frozen=True, slots=True)
class GlobSet:
    """Gitignore-style globs, compiled into two regexes.

    ``*`` stays inside one directory and ``**`` crosses them; a pattern without
    a ``/`` matches a file or directory name at any depth; a pattern that
    matches a directory matches everything below it. Paths are POSIX and
    relative to the configuration file's directory.
    """

    #: patterns with a `/`: matched against the path and each of its parents
    anchored: re.Pattern[str] | None
    #: patterns without: matched against each name in the path
    names: re.Pattern[str] | None

    def matches(self, relpath: str) -> bool:
        parts = relpath.split("/")
        if self.names is not None and any(self.names.fullmatch(part) for part in parts):
            return True
        if self.anchored is not None:
            return any(self.anchored.fullmatch("/".join(parts[:i])) for i in range(1, len(parts) + 1))
        return False

    def matches_entry(self, relpath: str) -> bool:
        """Like ``matches``, for a walk that has already checked the parent directories."""
        if self.names is not None and self.names.fullmatch(relpath.rpartition("/")[2]):
            return True
        return self.anchored is not None and self.anchored.fullmatch(relpath) is not None


@functools.lru_cache(maxsize=256)
def globset(patterns: tuple[str, ...]) -> GlobSet:
    anchored: list[str] = []
    names: list[str] = []
    for raw in patterns:
        pattern = raw.strip().removeprefix("./")
        is_anchored = pattern.startswith("/") or "/" in pattern.rstrip("/")
        (anchored if is_anchored else names).append(_glob_regex(pattern.strip("/")))

    def union(regexes: list[str]) -> re.Pattern[str] | None:
        return re.compile("|".join(f"(?:{r})" for r in regexes)) if regexes else None

    return GlobSet(union(anchored), union(names))


def glob_matches(pattern: str, relpath: str) -> bool:
    """Whether one gitignore-style glob matches a relative POSIX path (see ``GlobSet``)."""
    return globset((pattern,)).matches(relpath)


# --- generated documentation ---------------------------------------------------------------------

SCHEMA_PATH = Path(__file__).with_name("config.schema.json")
_DOCS_SECTION = re.compile(r"(<!-- options:begin -->\n)(.*?)(<!-- options:end -->)", re.S)


def json_schema() -> dict[str, Any]:
    """The JSON schema of a dinaction.toml table (also [tool.dinaction]), generated from ``KEYS``."""
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://github.com/dinaction/dinaction/blob/main/dinaction/config.schema.json",
        "title": "dinaction configuration",
        "description": "dinaction.toml, or the [tool.dinaction] table of pyproject.toml.",
        "type": "object",
        "additionalProperties": False,
        "properties": {k.name: {"description": k.description, **k.schema, **_schema_default(k)} for k in KEYS},
    }


def _schema_default(key: Key) -> dict[str, Any]:
    default = key.default
    if default is None:
        return {}
    if isinstance(default, Severity):
        return {"default": str(default)}
    if isinstance(default, FrozenMapping):
        return {"default": {}}
    if isinstance(default, tuple):
        return {"default": list(default) if key.name != "per-file-ignores" else {}}
    return {"default": default}


def options_markdown() -> str:
    """The option table of docs/configuration.md."""
    rows = ["| Key | Type | Default | Meaning |", "| --- | --- | --- | --- |"]
    for key in KEYS:
        default = _schema_default(key).get("default")
        shown = "—" if default is None else f"`{json.dumps(default, ensure_ascii=False)}`"
        rows.append(f"| `{key.name}` | {_type_name(key.schema)} | {shown} | {key.description} |")
    return "\n".join(rows) + "\n"


def _type_name(schema: Mapping[str, Any]) -> str:
    if "enum" in schema:
        return " / ".join(f'`"{v}"`' for v in schema["enum"])
    kind = schema.get("type")
    if kind == "array":
        return "list of strings"
    if kind == "object":
        inner = schema.get("additionalProperties", {})
        return "table of " + ("lists" if inner.get("type") == "array" else "severities")
    return str(kind)


def render_docs(text: str) -> str:
    """docs/configuration.md with its option table regenerated."""
    return _DOCS_SECTION.sub(lambda m: m.group(1) + options_markdown() + m.group(3), text, count=1)


def write_generated() -> None:
    """Rewrite config.schema.json and the option table of docs/configuration.md.

    ``python -c "from dinaction.config import write_generated; write_generated()"``
    """
    SCHEMA_PATH.write_text(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    docs = Path(__file__).resolve().parents[1] / "docs" / "configuration.md"
    docs.write_text(render_docs(docs.read_text(encoding="utf-8")), encoding="utf-8")
