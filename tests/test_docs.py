"""Generated documentation must match the rule declarations it comes from."""

from __future__ import annotations

from pathlib import Path

from dinaction import docs

ROOT = Path(__file__).resolve().parents[1]

# that the README section and docs/rules.md are what the declarations generate: tests/test_generated.py


def test_readme_has_the_rule_table() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert docs.rules_table() in readme


def test_every_rule_url_points_at_a_heading() -> None:
    text = docs.rules_markdown()
    from dinaction.rules import ALL_RULES

    for rule in ALL_RULES:
        assert f"\n## {rule.code} {rule.name}\n" in text
        assert rule.url.endswith(f"#{rule.code.lower()}-{rule.name}")
