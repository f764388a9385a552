"""Every configuration key, declared once: name, description, JSON schema, parser, default.

The loader validates with this table, and the JSON schema and the option
reference of docs/configuration.md are generated from it (``config.schema``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from dinaction.diagnostics import Severity
from dinaction.settings import DEFAULT_SETTINGS, FrozenMapping
from dinaction.usage import UsageError

__all__ = [
    "BY_NAME",
    "DEFAULT_EXCLUDE",
    "DEFAULT_INCLUDE",
    "EXTENSIONS",
    "KEYS",
    "SELECTOR",
    "ConfigError",
    "Key",
    "parse_table",
    "resolve",
    "rule_suggestion",
    "unknown_key",
]

#: the file names a directory walk picks up by default, and editors recognise as action files
EXTENSIONS = (".din", ".dinaction")
DEFAULT_INCLUDE = tuple(f"*{extension}" for extension in EXTENSIONS)
#: the one list of what a walk skips unless the configuration says otherwise
DEFAULT_EXCLUDE = (".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".dinaction_cache")


class ConfigError(UsageError):
    """A configuration file or override that cannot be used; one line naming file, key and remedy."""


class Key(NamedTuple):
    """One configuration key: its schema (for validation messages and the JSON schema) and parser."""

    name: str
    description: str
    schema: Mapping[str, Any]
    #: the value as read from TOML → its typed form; raises ValueError saying what is allowed
    parse: Callable[[Any], Any]
    default: Any = None


def resolve(selector: str) -> frozenset[str]:
    """The rule codes a selector names; ValueError saying what is allowed, and what was probably meant."""
    from dinaction.rules import resolve as rules_named

    try:
        return frozenset(r.code for r in rules_named(selector))
    except ValueError:
        meant = rule_suggestion(selector)
        hint = f" (did you mean {meant!r}?)" if meant else ""
        raise ValueError(
            f"unknown rule {selector!r}{hint}: use a code (DA002), a code prefix (DA3) or a name (unknown-action); "
            "`dinaction rules` lists them"
        ) from None


def rule_suggestion(token: str) -> str | None:
    """The rule code or name ``token`` was probably meant to be (a typo, a plural, a look-alike digit), or None."""
    import difflib  # only when a rule was mistyped

    from dinaction.rules import ALL_RULES

    word = token.strip()
    if word.upper().startswith("DA") and len(word) > 2:
        codes = [r.code for r in ALL_RULES]
        # letters typed for the digits they look like: `DA1O5` is DA105
        fixed = "DA" + word[2:].upper().translate(str.maketrans("OQDIL", "00011"))
        if fixed in codes:
            return fixed
        close = difflib.get_close_matches(word.upper(), codes, n=1, cutoff=0.8)
    else:
        names = [r.name for r in ALL_RULES]
        close = difflib.get_close_matches(word.lower().replace("_", "-"), names, n=1, cutoff=0.6)
    return close[0] if close else None


def _rule_list(value: Any) -> tuple[str, ...]:
    items = _string_list(value, "rule codes, code prefixes or names")
    for item in items:
        resolve(item)
    return items


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
        for code in sorted(resolve(selector)):
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


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {_show(value)}")
    return value


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


#: the schema of one rule selector: where it stands, editors offer the rules
SELECTOR = {"type": "string", "minLength": 1, "description": "A rule code (DA002), code prefix (DA3, ALL) or name"}
_SEVERITY = {"enum": ["error", "warning", "info"]}
_GLOBS = {"type": "array", "items": {"type": "string", "minLength": 1}}

KEYS: tuple[Key, ...] = (
    Key(
        "select",
        "Rules to report, replacing the default set (codes, code prefixes or names).",
        {"type": "array", "items": SELECTOR},
        _rule_list,
    ),
    Key(
        "extend-select",
        "Rules to report on top of `select` (or the defaults), such as opt-in rules.",
        {"type": "array", "items": SELECTOR},
        _rule_list,
        (),
    ),
    Key(
        "ignore",
        "Rules never to report; wins over `select` and `extend-select` of the same file.",
        {"type": "array", "items": SELECTOR},
        _rule_list,
        (),
    ),
    Key(
        "per-file-ignores",
        "Rules to ignore in the files a glob matches (relative to this file's directory).",
        {"type": "object", "additionalProperties": {"type": "array", "items": SELECTOR}},
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
        "respect-gitignore",
        "Whether a walk also skips what `.gitignore`, `.ignore`, `.git/info/exclude` and the global git excludes file ignore.",
        {"type": "boolean"},
        _boolean,
        True,
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
BY_NAME = {k.name: k for k in KEYS}


def _where(source: str, table: str | None) -> str:
    return f"{source}: [{table}]" if table else source


def parse_table(raw: Mapping[str, Any], source: str, table: str | None = None) -> dict[str, Any]:
    """Validate one table of keys (a file's or the command line's) → typed values by key name.

    Raises ConfigError naming ``source``, the key and what is allowed.
    """
    parsed: dict[str, Any] = {}
    for name, value in raw.items():
        key = BY_NAME.get(name)
        if key is None:
            raise ConfigError(f"{_where(source, table)} {unknown_key(name)}")
        try:
            parsed[name] = key.parse(value)
        except ValueError as exc:
            raise ConfigError(f"{_where(source, table)} {name}: {exc}") from None
    return parsed


def unknown_key(name: str) -> str:
    """What is wrong with a key the table does not have: the closest key, and all of them."""
    return f"unknown key {name!r}{_did_you_mean(name)}: the keys are {', '.join(k.name for k in KEYS)}"


def _did_you_mean(name: str) -> str:
    import difflib

    close = difflib.get_close_matches(name.replace("_", "-"), list(BY_NAME), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
