"""Every problem of a configuration file's text, each where it stands (for editors).

Loading a configuration stops at its first problem, with one line naming the
file and the key (``ConfigError``). An editor wants all of them, on the
offending key or value: ``config_problems`` reads the text as the loader does
(``tomllib``, the dinaction table of a pyproject, the one key table's parsers)
and places each problem with the TOML locator: an unknown key on the key, a bad
value on the value, a bad entry of a list or table on that entry. A text has
problems exactly when loading it fails, and the first one says what the
loader's error says.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from dinaction.config.keys import BY_NAME, Key, unknown_key
from dinaction.config.load import dinaction_table
from dinaction.config.locate import Located, Path, decode_error, locate
from dinaction.diagnostics import NO_SPAN, Span

__all__ = ["ConfigProblem", "config_problems"]


class ConfigProblem(NamedTuple):
    """One reason a configuration cannot be used, at the key or value it is about."""

    span: Span
    message: str
    #: the key it is about (``select``); None for the file as a whole
    key: str | None = None


def config_problems(text: str, file_name: str = "dinaction.toml") -> list[ConfigProblem]:
    """The problems of a configuration file's ``text``, in text order; none when it loads.

    ``file_name`` says which table counts: all of ``dinaction.toml``, only
    ``[tool.dinaction]`` of a ``pyproject.toml`` (none at all without one).
    """
    import tomllib

    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        span, reason = decode_error(text, str(exc))
        return [ConfigProblem(span, f"not valid TOML: {reason}")]
    located = locate(text)
    try:
        table, name = dinaction_table(document, file_name)
    except ValueError as exc:  # not a table, or the other kind of file's header: on that header
        where = located.value(("tool", "dinaction")) or located.first(("tool", "dinaction"))
        where = where or located.key(("dinaction",)) or located.first(("dinaction",))
        return [ConfigProblem(where or NO_SPAN, str(exc), "tool.dinaction")]
    if table is None:
        return []
    prefix: Path = ("tool", "dinaction") if name else ()
    found: list[ConfigProblem] = []
    for key_name, value in table.items():
        path = (*prefix, key_name)
        key = BY_NAME.get(key_name)
        if key is None:
            where = located.keys.get(path) or located.first(path) or NO_SPAN
            found.append(ConfigProblem(where, unknown_key(key_name), key_name))
        else:
            found.extend(_value_problems(key, value, path, located))
    return sorted(found, key=lambda p: (p.span.start, p.span.end))


def _value_problems(key: Key, value: Any, path: Path, located: Located) -> list[ConfigProblem]:
    """Nothing for a good value; else the entries that are wrong on their own, or the whole value."""
    reason = _reason(key, value)
    if reason is None:
        return []
    narrowed: list[ConfigProblem] = []
    if isinstance(value, list):
        narrowed = _items(key, value, path, located, lambda item: [item])
    elif isinstance(value, dict):
        for entry, item in value.items():
            narrowed.extend(_entry(key, entry, item, (*path, entry), located))
    return narrowed or [ConfigProblem(located.value(path) or NO_SPAN, f"{key.name}: {reason}", key.name)]


def _entry(key: Key, entry: str, item: Any, path: Path, located: Located) -> list[ConfigProblem]:
    """The problems of one entry of a table-valued key (``severity``, ``per-file-ignores``)."""
    reason = _reason(key, {entry: item})
    if reason is None:
        return []
    if isinstance(item, list):
        found = _items(key, item, path, located, lambda one: {entry: [one]})
        if found:
            return found
    # the same value under a key every table takes (`ALL`, a selector and a glob): is the entry's key the problem?
    on_key = _reason(key, {"ALL": item}) is None
    span = located.key(path) if on_key else located.value(path)
    return [ConfigProblem(span or NO_SPAN, f"{key.name}: {reason}", key.name)]


def _items(
    key: Key, items: list[Any], path: Path, located: Located, alone: Callable[[Any], Any]
) -> list[ConfigProblem]:
    """The items of a list that are wrong on their own (``alone`` puts one back where the list was)."""
    found = []
    for index, item in enumerate(items):
        reason = _reason(key, alone(item))
        if reason is not None:
            span = located.value((*path, index)) or NO_SPAN
            found.append(ConfigProblem(span, f"{key.name}: {reason}", key.name))
    return found


def _reason(key: Key, value: Any) -> str | None:
    """Why ``key`` does not take ``value``; None when it does."""
    try:
        key.parse(value)
    except ValueError as exc:
        return str(exc)
    return None
