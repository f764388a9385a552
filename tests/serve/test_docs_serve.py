"""The README's serve section and docs/serve.md say what the code does."""

from __future__ import annotations

import io
import re
import shlex
import tomllib
from pathlib import Path

import pytest

from dinaction import cli
from dinaction.rules import ROUTE_RULES
from dinaction.serve import commands, load_routes

from .conftest import EXAMPLE, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = (ROOT / "docs" / "serve.md").read_text(encoding="utf-8")


def _section() -> str:
    start, end = "<!-- section:serve -->", "<!-- /section:serve -->"
    assert README.count(start) == README.count(end) == 1
    return README.split(start, 1)[1].split(end, 1)[0]


def _blocks(text: str, language: str) -> list[str]:
    """The fenced code blocks of ``language`` ("" for blocks without one), in order."""
    return [body for lang, body in re.findall(r"^```(\w*)\n(.*?)^```", text, re.S | re.M) if lang == language]


def test_the_section_stands_just_before_the_din_section() -> None:
    assert re.search(r"<!-- /section:serve -->\s*<!-- section:din -->", README)


def test_the_readme_routes_are_the_examples_own() -> None:
    shown = tomllib.loads(_blocks(_section(), "toml")[0])
    example = tomllib.loads((EXAMPLE / "routes.toml").read_text(encoding="utf-8"))
    assert shown["timezone"] == example["timezone"]
    by_name = {route["name"]: route for route in example["route"]}
    assert [by_name[route["name"]] for route in shown["route"]] == shown["route"]
    order = [route["name"] for route in example["route"]]
    assert [order.index(route["name"]) for route in shown["route"]] == sorted(
        order.index(route["name"]) for route in shown["route"]
    )


def test_the_readme_commands_run(capsys: pytest.CaptureFixture[str]) -> None:
    check, explain, serve = _blocks(_section(), "sh")[0].strip().splitlines()
    assert check == "python3 -m pip install . && dinaction serve --check examples/routes"
    assert cli.run(shlex.split(check.split("&& ", 1)[1])[1:]) == 0
    assert cli.run(shlex.split(explain)[1:]) == 0
    assert "→ 6. after-hours" in capsys.readouterr().out
    assert serve.startswith("dinaction serve examples/routes ")


def test_the_docs_example_is_a_clean_routes_file(tmp_path: Path) -> None:
    text = _blocks(DOCS, "toml")[0]
    for name in set(re.findall(r'file = "([^"]+)"', text)):
        (tmp_path / name).write_text("transfer +81336042000\n", encoding="utf-8")
    (tmp_path / "routes.toml").write_text(text, encoding="utf-8")
    (tmp_path / "dinaction.toml").write_text("", encoding="utf-8")
    loaded = load_routes(tmp_path)
    assert loaded.ok, loaded.reports


def test_the_docs_explanation_is_the_commands_output() -> None:
    block = next(b for b in _blocks(DOCS, "") if b.startswith("$ dinaction route"))
    command, _, expected = block.partition("\n")
    args = shlex.split(command[2:])
    out = io.StringIO()
    assert args[:2] == ["dinaction", "route"] and args[2] == "examples/routes"
    code = commands.route(
        EXAMPLE,
        recipient=args[args.index("--recipient") + 1],
        caller=args[args.index("--caller") + 1],
        at=args[args.index("--at") + 1],
        stream=out,
    )
    assert code == 0 and out.getvalue() == expected


def test_the_docs_python_runs() -> None:
    (code,) = _blocks(DOCS, "python")
    exec(compile(code, "docs/serve.md", "exec"), {})


def test_the_docs_rule_table_is_the_declarations() -> None:
    rows = re.findall(r"^\| (DA5\d\d) \| `([a-z-]+)` \|", DOCS, re.M)
    assert rows == [(rule.code, rule.name) for rule in ROUTE_RULES]
