"""A configuration file's problems, each on its key or value: there are some exactly when loading fails."""

from __future__ import annotations

from pathlib import Path

import pytest

from dinaction import config
from dinaction.config import ConfigError, config_problems, load_config

#: (file name, text, [(the text the problem stands on, the start of its message)])
CASES = [
    ("dinaction.toml", "max-actions = 2\nselect = ['DA1']\n", []),
    ("dinaction.toml", 'max-actions = "two"\n', [('"two"', "max-actions: expected an integer from 1 to 2")]),
    ("dinaction.toml", "max-action = 2\n", [("max-action", "unknown key 'max-action' (did you mean 'max-actions'?)")]),
    (
        "dinaction.toml",
        "select = ['DA002', 'DA999', 'unknown-action', 'nope']\n",
        [("'DA999'", "select: unknown rule 'DA999'"), ("'nope'", "select: unknown rule 'nope'")],
    ),
    ("dinaction.toml", "select = 'DA002'\n", [("'DA002'", "select: expected a list of strings")]),
    ("dinaction.toml", "tts-languages = ['en', 'e n']\n", [("'e n'", "tts-languages: 'e n' is not a language code")]),
    (
        "dinaction.toml",
        '[severity]\nDA102 = "info"\nDA998 = "warning"\nDA103 = "loud"\n',
        [("DA998", "severity: unknown rule 'DA998'"), ('"loud"', "severity: DA103: unknown severity 'loud'")],
    ),
    (
        "dinaction.toml",
        '[per-file-ignores]\n"legacy/*.din" = ["DA101", "DA9x"]\n"x/*" = "DA101"\n',
        [
            ('"DA9x"', "per-file-ignores: 'legacy/*.din': unknown rule 'DA9x'"),
            ('"DA101"', "per-file-ignores: 'x/*': expected a list of strings"),
        ],
    ),
    ("dinaction.toml", "severity.DA999 = 'info'\n", [("severity.DA999", "severity: unknown rule 'DA999'")]),
    (
        "dinaction.toml",
        "[tool.dinaction]\nmax-actions = 2\n",
        [
            (
                "[tool.dinaction]",
                "in dinaction.toml, write the keys at the top level, without the [tool.dinaction] header",
            )
        ],
    ),
    (
        "dinaction.toml",
        "tool.dinaction.max-actions = 2\n",
        [
            (
                "tool.dinaction.max-actions",
                "in dinaction.toml, write the keys at the top level, without the [tool.dinaction] header",
            )
        ],
    ),
    (
        "pyproject.toml",
        "[dinaction]\nmax-actions = 2\n",
        [("[dinaction]", "pyproject.toml reads dinaction's keys from [tool.dinaction], not [dinaction]")],
    ),
    ("dinaction.toml", "max-actions = [1,\n", [("", "not valid TOML: Invalid value")]),
    ("dinaction.toml", "max-actions = 2\nmax-actions = 1\n", [("", "not valid TOML: Cannot overwrite a value")]),
    ("pyproject.toml", '[project]\nname = "x"\nfail-on = 1\n', []),
    ("pyproject.toml", "[tool.dinaction]\nfail-on = 'fatal'\n", [("'fatal'", "fail-on: unknown severity 'fatal'")]),
    ("pyproject.toml", "[tool]\ndinaction = 3\n", [("3", "tool.dinaction must be a table")]),
    (
        "pyproject.toml",
        "[tool.dinaction]\nselct = ['DA1']\n\n[tool.dinaction.severity]\nDA102 = 'loud'\n",
        [("selct", "unknown key 'selct' (did you mean 'select'?)"), ("'loud'", "severity: DA102: unknown severity")],
    ),
]


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    config.clear_cache()


@pytest.mark.parametrize(("name", "text", "expected"), CASES)
def test_each_problem_stands_on_what_it_is_about(name: str, text: str, expected: list[tuple[str, str]]) -> None:
    found = config_problems(text, name)
    assert [(p.span.slice(text), p.message[: len(m)]) for p, (_, m) in zip(found, expected, strict=False)] == expected
    assert len(found) == len(expected)


@pytest.mark.parametrize(("name", "text", "expected"), CASES)
def test_problems_exactly_when_loading_fails_and_the_first_says_the_same(
    tmp_path: Path, name: str, text: str, expected: list[tuple[str, str]]
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    found = config_problems(text, name)
    if not found:
        load_config(path)
        return
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    loaded = str(raised.value)
    first = found[0].message
    if first.startswith("not valid TOML"):  # the loader adds where; the problem stands there
        assert loaded.startswith(f"{path}: {first}")
    elif name == "pyproject.toml" and not first.startswith("tool.dinaction"):
        assert loaded == f"{path}: [tool.dinaction] {first}" or loaded.endswith(first)
    else:
        assert loaded.endswith(first)


def test_a_pyproject_without_the_table_has_no_problems() -> None:
    assert config_problems('[project]\nname = "x"\n', "pyproject.toml") == []
    assert config_problems("", "dinaction.toml") == []
