"""What the key table generates: the JSON schema shipped in the package and the docs' option table.

``python -m dinaction.dev regen`` writes both; ``check`` fails when they drift.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dinaction.config.keys import KEYS, Key
from dinaction.diagnostics import Severity
from dinaction.settings import FrozenMapping

__all__ = ["SCHEMA_PATH", "json_schema", "options_markdown", "render_docs", "schema_text"]

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "config.schema.json"
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


def schema_text() -> str:
    """config.schema.json as it is written."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


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
    """docs/configuration.md with its option table regenerated; ValueError when it has no table to fill."""
    if not _DOCS_SECTION.search(text):
        raise ValueError("no <!-- options:begin --> … <!-- options:end --> section to fill")
    return _DOCS_SECTION.sub(lambda m: m.group(1) + options_markdown() + m.group(3), text, count=1)
