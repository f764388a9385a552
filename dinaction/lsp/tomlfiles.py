"""Routes files and configuration files in the editor: findings, completion and hover.

A routes file is checked by the routes loader and a configuration file by
``config``'s, on the text of the buffer (not the file on disk). Completion and
hover say what those readers take: the routes file's JSON schema and the
values its checks accept (days, time zones, the ``holidays`` package's
countries), the configuration's key table and its schema. This module only
finds what stands at the cursor and places the answers at LSP positions.

What the server knows of routes files comes from the routes package
(``dinaction.serve``) as a :class:`RoutesFiles`, given to the server by whoever
starts it (``dinaction lsp``): the language server sits beside the action
server, not above it, and imports none of it.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from lsprotocol import types

from dinaction.config import KEYS, config_problems
from dinaction.config.keys import SELECTOR
from dinaction.config.locate import Located, locate
from dinaction.config.schema import json_schema
from dinaction.diagnostics import Diagnostic, Span
from dinaction.facts import numbers
from dinaction.lsp.documents import Checked, Kind
from dinaction.lsp.features import SOURCE, lsp_diagnostics, number_hover, rule_docs
from dinaction.lsp.text import TextIndex
from dinaction.lsp.tomltext import Cursor, cursor_at
from dinaction.rules import ALL_RULES, find_rule
from dinaction.settings import Settings

__all__ = ["ROUTES_LANGUAGE_ID", "RoutesFiles", "check", "completion", "diagnostics", "hover"]

#: the language id a client may give a routes file of another name (the format's name)
ROUTES_LANGUAGE_ID = "dinaction-routes"
_PYPROJECT = "pyproject.toml"
_TOOL: tuple[str, ...] = ("tool", "dinaction")
_NUMBER_KEYS = ("recipient", "caller")


class RoutesFiles(Protocol):
    """What the language server asks of routes files (``dinaction.serve.editor.ROUTES_FILES`` answers)."""

    #: the name a routes file has (``routes.toml``)
    file_name: str

    def is_routes_file(self, path: Path) -> bool:
        """Whether ``path`` names a routes file."""

    def lint_text(self, text: str, path: Path, settings_for: Callable[[Path], Settings]) -> list[Diagnostic]:
        """The findings of a routes file's ``text`` as if it stood at ``path``, positioned in ``text``."""

    def schema(self) -> Mapping[str, Any]:
        """The routes file's JSON schema."""

    def days(self) -> tuple[str, ...]:
        """The days a ``days`` condition names."""

    def holiday_countries(self) -> Mapping[str, tuple[str, ...]]:
        """The countries a ``holidays`` condition takes, each with its subdivisions."""


def check(
    kind: Kind, text: str, path: Path, settings_for: Callable[[Path], Settings], routes: RoutesFiles | None
) -> Checked:
    """The findings of a routes file (as if at ``path``) or a configuration file's problems."""
    if kind == "routes":
        assert routes is not None, "a document is a routes file only where routes files are known"
        return Checked(text, tuple(routes.lint_text(text, path, settings_for)))
    return Checked(text, problems=tuple(config_problems(text, path.name)))


def diagnostics(index: TextIndex, checked: Checked) -> list[types.Diagnostic]:
    """The findings at their UTF-16 ranges: rules' with their code and docs link, configuration problems as errors."""
    found = lsp_diagnostics(index, checked.diagnostics)
    found.extend(
        types.Diagnostic(
            range=index.range(problem.span),
            message=problem.message,
            severity=types.DiagnosticSeverity.Error,
            source=SOURCE,
        )
        for problem in checked.problems
    )
    return found


# --- what a file's keys and values are ---------------------------------------------------------


def _routes_keys(routes: RoutesFiles, table: tuple[str, ...]) -> Mapping[str, Any]:
    """The schema's properties of a routes table: the top level's, or a ``[[route]]``'s."""
    schema = routes.schema()
    if table == ():
        return {k: v for k, v in schema["properties"].items() if k not in ("$schema", "route")}
    if table == ("route",):
        properties: Mapping[str, Any] = schema["$defs"]["route"]["properties"]
        return properties
    return {}


def _routes_key_doc(routes: RoutesFiles, name: str, prop: Mapping[str, Any]) -> str:
    """A routes key's schema description, the form of its values, and its default."""
    schema = routes.schema()
    parts = [f"**{name}**", str(prop.get("description", ""))]
    refs = [prop, *prop.get("oneOf", ())]
    for ref in refs:
        target = str(ref.get("$ref", "")).rpartition("/")[2]
        if target in schema["$defs"]:
            parts.append(str(schema["$defs"][target]["description"]))
            break
    if "default" in prop:
        parts.append(f"Default: `{prop['default']}`")
    return "\n\n".join(p for p in parts if p)


@functools.cache
def _config_properties() -> Mapping[str, Any]:
    properties: Mapping[str, Any] = json_schema()["properties"]
    return properties


def _config_key_doc(name: str) -> str | None:
    prop = _config_properties().get(name)
    if prop is None:
        return None
    parts = [f"**{name}**", str(prop["description"])]
    if "default" in prop:
        parts.append(f"Default: `{json.dumps(prop['default'], ensure_ascii=False)}`")
    return "\n\n".join(parts)


def _takes_rules(schema: Mapping[str, Any]) -> bool:
    """Whether a key's values (or its table's entries) are rule selectors."""
    inner = schema.get("additionalProperties")
    items = (inner if isinstance(inner, Mapping) else schema).get("items")
    return items is SELECTOR


def _config_table(file_name: str, table: tuple[str, ...]) -> tuple[str, ...] | None:
    """``table`` relative to the dinaction table of the file; None outside it (the rest of a pyproject)."""
    if file_name != _PYPROJECT:
        return table
    return table[len(_TOOL) :] if table[: len(_TOOL)] == _TOOL else None


# --- completion --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Offer:
    label: str
    detail: str
    kind: types.CompletionItemKind
    #: what the typed word is matched against, when more than the label (a rule's name)
    filter: str | None = None


def completion(
    kind: Kind,
    file_name: str,
    text: str,
    index: TextIndex,
    position: types.Position,
    routes: RoutesFiles | None,
) -> types.CompletionList:
    """Keys, values and table headers of a routes or configuration file where the cursor stands."""
    cursor = cursor_at(text, index.offset(position))
    if cursor is None:
        return types.CompletionList(is_incomplete=False, items=[])
    if kind == "routes" and routes is not None:
        offers = _routes_offers(routes, cursor)
    else:
        offers = _config_offers(cursor, file_name)
    replace = types.Range(start=index.position(cursor.start), end=index.position(cursor.end))
    return types.CompletionList(is_incomplete=False, items=[_item(offer, cursor, replace) for offer in offers])


def _item(offer: _Offer, cursor: Cursor, replace: types.Range) -> types.CompletionItem:
    new_text = offer.label
    if cursor.spot == "key" and cursor.line_ends and not offer.label.startswith("["):
        new_text = f"{offer.label} = "
    elif cursor.spot == "value" and not cursor.quoted:
        new_text = json.dumps(offer.label, ensure_ascii=False)
    return types.CompletionItem(
        label=offer.label,
        kind=offer.kind,
        detail=offer.detail,
        filter_text=offer.filter,
        text_edit=types.TextEdit(range=replace, new_text=new_text),
    )


def _keys(known: Mapping[str, str], present: Iterable[str]) -> list[_Offer]:
    seen = set(present)
    return [_Offer(name, doc, types.CompletionItemKind.Property) for name, doc in known.items() if name not in seen]


def _values(values: Iterable[str], detail: str = "") -> list[_Offer]:
    return [_Offer(value, detail, types.CompletionItemKind.EnumMember) for value in values]


def _headers(*names: str) -> list[_Offer]:
    return [_Offer(name, "a table", types.CompletionItemKind.Struct) for name in names]


def _routes_offers(routes: RoutesFiles, cursor: Cursor) -> list[_Offer]:
    if cursor.spot == "header":
        return _headers("[[route]]")
    keys = _routes_keys(routes, cursor.table)
    if cursor.spot == "key":
        described = {name: str(prop.get("description", "")) for name, prop in keys.items()}
        offers = _keys(described, cursor.present)
        return [*offers, *_headers("[[route]]")] if cursor.table in ((), ("route",)) else offers
    if cursor.key not in keys:
        return []
    return _routes_values(routes, cursor.key, cursor.partial)


def _routes_values(routes: RoutesFiles, key: str | None, partial: str) -> list[_Offer]:
    """The values a routes key's check accepts, where they can be listed."""
    if key == "timezone":
        import zoneinfo

        return _values(sorted(zoneinfo.available_timezones()), "an IANA time zone")
    if key == "days":
        return _values(routes.days(), "a day of the week")
    if key in ("holidays", "not-holidays"):
        countries = routes.holiday_countries()
        country, dash, _ = partial.upper().partition("-")
        if dash and country in countries:
            return _values((f"{country}-{sub}" for sub in countries[country]), f"a subdivision of {country}")
        return _values(countries, "a country the holidays package knows")
    if key == "caller":
        return _values(("withheld",), "a caller who does not show a number")
    return []


def _config_offers(cursor: Cursor, file_name: str) -> list[_Offer]:
    if cursor.spot == "header":
        base = "tool.dinaction." if file_name == _PYPROJECT else ""
        tables = [f"[{base}{key.name}]" for key in KEYS if key.schema.get("type") == "object"]
        return _headers(*(["[tool.dinaction]"] if file_name == _PYPROJECT else []), *tables)
    table = _config_table(file_name, cursor.table)
    if table is None:
        return []
    if cursor.spot == "key":
        if table == ():
            return _keys({key.name: key.description for key in KEYS}, cursor.present)
        if table == ("severity",):  # its keys are rule selectors
            return _rule_offers()
        return []
    name = table[0] if table else cursor.key
    key = next((k for k in KEYS if k.name == name), None)
    if key is None:
        return []
    entry = bool(table)  # the value of an entry of a table-valued key
    if _takes_rules(key.schema) and (entry or key.schema.get("type") == "array"):
        return _rule_offers()
    enum = key.schema.get("additionalProperties", {}).get("enum") if entry else key.schema.get("enum")
    return _values(enum or ())


def _rule_offers() -> list[_Offer]:
    rules = [
        _Offer(
            rule.code, f"{rule.name}: {rule.summary}", types.CompletionItemKind.EnumMember, f"{rule.code} {rule.name}"
        )
        for rule in ALL_RULES
    ]
    return [*rules, _Offer("ALL", "every rule", types.CompletionItemKind.EnumMember)]


# --- hover --------------------------------------------------------------------------------------------


def hover(
    kind: Kind,
    file_name: str,
    text: str,
    index: TextIndex,
    checked: Checked | None,
    position: types.Position,
    routes: RoutesFiles | None,
) -> types.Hover | None:
    """What the key (or header, or number) under the cursor is, and the docs of the findings there."""
    offset = index.offset(position)
    located = locate(text)
    sections: list[str] = []
    where = None
    found = _under(located, offset)
    if found is not None:
        path, span, what = found
        written = span.slice(text)
        if kind == "routes" and routes is not None:
            words = _routes_words(routes, path, what, written)
        else:
            words = _config_words(path, what, written, file_name)
        if words:
            sections.append(words)
            where = span
    for diagnostic in checked.diagnostics if checked is not None else ():
        span = diagnostic.span
        if span.start <= offset < span.end or span.start == span.end == offset:
            docs = rule_docs(diagnostic.code)
            if docs is not None and docs not in sections:
                sections.append(docs)
                where = where or span
    if not sections:
        return None
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(sections)),
        range=index.range(where) if where is not None else None,
    )


def _under(located: Located, offset: int) -> tuple[tuple[str | int, ...], Span, str] | None:
    """(path, span, "key" / "table" / "value") of the innermost thing at ``offset``."""
    best: tuple[tuple[str | int, ...], Span, str] | None = None
    for what, spans in (("key", located.keys), ("table", located.tables), ("value", located.values)):
        for path, span in spans.items():
            if span.start <= offset < span.end and (best is None or len(span) < len(best[1])):
                best = (path, span, what)
    return best


def _routes_words(routes: RoutesFiles, path: tuple[str | int, ...], what: str, written: str) -> str | None:
    names = [part for part in path if isinstance(part, str)]
    if not names:
        return None
    table = ("route",) if names[0] == "route" and len(names) > 1 else ()
    if what == "value":
        number = written.strip("\"'")
        return number_hover(number) if names[-1] in _NUMBER_KEYS and numbers.is_e164(number) else None
    if what == "table" or names == ["route"]:
        return _routes_key_doc(routes, "[[route]]", routes.schema()["properties"]["route"])
    prop = _routes_keys(routes, table).get(names[-1])
    return None if prop is None else _routes_key_doc(routes, names[-1], prop)


def _config_words(path: tuple[str | int, ...], what: str, written: str, file_name: str) -> str | None:
    names = tuple(part for part in path if isinstance(part, str))
    if file_name == _PYPROJECT and names == _TOOL:
        return "**[tool.dinaction]**\n\ndinaction's configuration: the keys of a `dinaction.toml`."
    table = _config_table(file_name, names)
    if not table:
        return None
    if what == "value" or (len(table) == 2 and table[0] == "severity"):  # a rule named in a value or as a key
        rule = find_rule(written.strip("\"'") if what == "value" else table[1])
        return None if rule is None else f"**{rule.code}** `{rule.name}`: {rule.summary}"
    return _config_key_doc(table[0]) if len(table) == 1 else None
