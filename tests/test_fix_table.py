"""The fix table: action text → the findings → the text after `--fix` and after `--fix --unsafe-fixes`.

Each ``tests/fixes/*.toml`` holds the cases of one class of mistake (a table of
``[[case]]`` entries):

    [[case]]
    name = "caller option written with a space"     # unique within the file
    input = "transfer +81336042000 --caller +819012345678\n"
    settings = { max_actions = 2 }                   # optional: Settings fields
    findings = ["DA011"]                             # the codes, in report order
    fix = "transfer +81336042000 --caller=+819012345678\n"   # after --fix; false: unchanged
    unsafe_fix = false                               # after --fix --unsafe-fixes; false: as `fix`
    remaining = []                                   # optional: codes left after the unsafe fix

``fix = false`` says that no safe fix applies; ``unsafe_fix = false`` that the
unsafe fixes add nothing to the safe ones (so ``false`` for both: no fix at all).
After the unsafe fixes, only ``remaining`` may still be reported (none by
default): a fix must leave text that lints clean, or say what it leaves.
"""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path
from typing import Any

import pytest

from dinaction.linter import fix_source, lint_source
from dinaction.settings import Settings

TABLES = sorted((Path(__file__).parent / "fixes").glob("*.toml"))
_KEYS = {"name", "input", "settings", "findings", "fix", "unsafe_fix", "remaining"}


def _cases() -> list[Any]:
    cases = []
    for table in TABLES:
        entries = tomllib.loads(table.read_text(encoding="utf-8"))["case"]
        names = [entry["name"] for entry in entries]
        assert len(names) == len(set(names)), f"{table.name}: case names repeat"
        for entry in entries:
            assert set(entry) <= _KEYS, f"{table.name}: {entry['name']}: unknown keys {set(entry) - _KEYS}"
            cases.append(pytest.param(entry, id=f"{table.stem}: {entry['name']}"))
    return cases


def _settings(entry: dict[str, Any]) -> Settings:
    values: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in entry.get("settings", {}).items()}
    return dataclasses.replace(Settings(), **values)


@pytest.mark.parametrize("entry", _cases())
def test_case(entry: dict[str, Any]) -> None:
    settings = _settings(entry)
    data: str = entry["input"]
    found = [d.code for d in lint_source(data, settings).diagnostics]
    assert found == entry["findings"]
    safe = fix_source(data, settings).text
    assert safe == (data if entry["fix"] is False else entry["fix"]), "after --fix"
    unsafe = fix_source(data, settings, unsafe=True)
    assert unsafe.text == (safe if entry["unsafe_fix"] is False else entry["unsafe_fix"]), "after --unsafe-fixes"
    assert [d.code for d in unsafe.remaining.diagnostics] == entry.get("remaining", [])


def test_every_class_has_cases() -> None:
    assert TABLES, "tests/fixes/ holds no table"
    for table in TABLES:
        assert tomllib.loads(table.read_text(encoding="utf-8"))["case"], table.name
