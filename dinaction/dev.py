"""Every file generated from the code, rewritten or checked in one go (from a source checkout).

    python -m dinaction.dev regen    # rewrite what is stale
    python -m dinaction.dev check    # exit 1 naming each stale file (the test suite runs this)

The generated files: the README's rules section and docs/rules.md (from the
rule declarations, ``dinaction.docs``), the parser tables (from
grammar/action.lark, ``dinaction.syntax.tables``), config.schema.json and the
option table of docs/configuration.md (from the configuration keys,
``dinaction.config.schema``) and the VS Code extension's parser verdicts
(``editors/vscode/scripts/parser-verdicts.py``). Each is computed from what the
file holds now, so hand-written parts around a generated section survive.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["GENERATED", "ROOT", "Generated", "main", "regen", "stale"]

#: the checkout this module belongs to
ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True, slots=True)
class Generated:
    """A generated file: where it is in the checkout, and what it should hold given what it holds."""

    path: str
    #: the current text (None when the file is missing) → the text it should have
    update: Callable[[str | None], str]


def _readme(text: str | None) -> str:
    from dinaction.docs import render_readme

    return render_readme(text or "")


def _rules_markdown(_: str | None) -> str:
    from dinaction.docs import rules_markdown

    return rules_markdown()


def _parser_tables(_: str | None) -> str:
    from dinaction.syntax.grammar import grammar_text
    from dinaction.syntax.tables import build_tables, dump

    return dump(build_tables(grammar_text()))


def _number_plans(_: str | None) -> str:
    from dinaction.facts.numbers import plans_text

    return plans_text()


def _config_schema(_: str | None) -> str:
    from dinaction.config.schema import schema_text

    return schema_text()


def _configuration_docs(text: str | None) -> str:
    from dinaction.config.schema import render_docs

    return render_docs(text or "")


def _parser_verdicts(_: str | None) -> str:
    import importlib.util

    script = ROOT / "editors" / "vscode" / "scripts" / "parser-verdicts.py"
    spec = importlib.util.spec_from_file_location("parser_verdicts", script)
    if spec is None or spec.loader is None:  # pragma: no cover - the file is part of the checkout
        raise FileNotFoundError(script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text: str = module.render()
    return text


GENERATED: tuple[Generated, ...] = (
    Generated("README.md", _readme),
    Generated("docs/rules.md", _rules_markdown),
    Generated("dinaction/syntax/tables.json", _parser_tables),
    Generated("dinaction/facts/plans.txt", _number_plans),
    Generated("dinaction/config.schema.json", _config_schema),
    Generated("docs/configuration.md", _configuration_docs),
    Generated("editors/vscode/test/samples/parser-verdicts.json", _parser_verdicts),
)


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def _wanted(item: Generated, current: str | None) -> str:
    try:
        return item.update(current)
    except ValueError as exc:  # a hand-written file lost the markers of its generated section
        raise ValueError(f"{item.path}: {exc}") from None


def stale(root: Path = ROOT) -> list[str]:
    """The generated files under ``root`` that differ from what the code generates (missing ones too).

    ValueError naming the file when one has lost the markers of its generated section.
    """
    return [item.path for item in GENERATED if _wanted(item, current := _read(root / item.path)) != current]


def regen(root: Path = ROOT) -> list[str]:
    """Rewrite every stale generated file under ``root``; the ones rewritten."""
    written = []
    for item in GENERATED:
        path = root / item.path
        current = _read(path)
        wanted = _wanted(item, current)
        if wanted != current:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(wanted, encoding="utf-8")
            written.append(item.path)
    return written


def main(argv: list[str] | None = None, root: Path = ROOT) -> int:
    """``regen`` or ``check``; exit 1 when ``check`` finds a stale file, 2 for any other command."""
    args = sys.argv[1:] if argv is None else argv
    if args not in (["regen"], ["check"]):
        sys.stderr.write("usage: python -m dinaction.dev regen|check\n")
        return 2
    try:
        if args == ["regen"]:
            for path in regen(root):
                sys.stdout.write(f"rewrote {path}\n")
            return 0
        found = stale(root)
    except ValueError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 1
    for path in found:
        sys.stdout.write(f"stale: {path}\n")
    if found:
        sys.stdout.write("run `python -m dinaction.dev regen` and commit the result\n")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
