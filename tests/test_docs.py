"""Generated documentation must match the rule declarations it comes from."""

from __future__ import annotations

from pathlib import Path

from dinaction import docs

ROOT = Path(__file__).resolve().parents[1]
FIX = "run `python -m dinaction.docs` and commit the result"


def test_readme_rule_table_is_current() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert docs.render_readme(readme) == readme, FIX
    assert docs.rules_table() in readme


def test_docs_rules_md_is_current() -> None:
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == docs.rules_markdown(), FIX


def test_every_rule_url_points_at_a_heading() -> None:
    text = docs.rules_markdown()
    from dinaction.rules import ALL_RULES

    for rule in ALL_RULES:
        assert f"\n## {rule.code} {rule.name}\n" in text
        assert rule.url.endswith(f"#{rule.code.lower()}-{rule.name}")
