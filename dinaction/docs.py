"""Documentation generated from the rule declarations, so that it cannot drift.

``README.md``'s rule table and ``docs/rules.md`` are written by
``python -m dinaction.dev regen``; ``python -m dinaction.dev check`` (and the
test suite) fails while they differ from what these functions give.
"""

from __future__ import annotations

import re

from dinaction.rules import ALL_RULES, ROUTE_RULES

_SECTION = re.compile(r"(<!-- section:rules -->\n)(.*?)(<!-- /section:rules -->)", re.S)


def rules_table() -> str:
    """The Markdown table of every rule (README)."""
    rows = [
        "| Code | Name | Severity | Fix | What it reports |",
        "| --- | --- | --- | --- | --- |",
    ]
    for rule in (*ALL_RULES, *ROUTE_RULES):
        fix = "—" if rule.fix is None else str(rule.fix)
        severity = str(rule.severity) + ("" if rule.default_enabled else " (opt-in)")
        summary = rule.summary.replace("|", "\\|")
        rows.append(
            f"| [{rule.code}]({_anchor(rule.code, rule.name)}) | `{rule.name}` | {severity} | {fix} | {summary} |"
        )
    return "\n".join(rows) + "\n"


def _anchor(code: str, name: str) -> str:
    return f"docs/rules.md#{code.lower()}-{name}"


def readme_section() -> str:
    """The README's rules section body."""
    return (
        "## Rules\n\n"
        "Every finding has a stable code (never reused) and a name; select either in the configuration. "
        "`fix` is applied by `--fix`, `unsafe` only with `--unsafe-fixes`. `dinaction rule CODE` shows the "
        "full documentation, also in [docs/rules.md](docs/rules.md). The `DA5xx` rules are about routes files "
        "(`dinaction serve`, [docs/serve.md](docs/serve.md)).\n\n" + rules_table()
    )


def rules_markdown() -> str:
    """``docs/rules.md``: every rule's documentation in full."""
    head = (
        "# dinaction rules\n\n"
        "Generated from the rule declarations by `python -m dinaction.dev regen`; do not edit by hand.\n\n"
        "Every deviation from the surface form Xoxzo documents is reported: an error where Xoxzo would "
        "misroute the call or fail, a warning where its tolerance is undocumented. The policy, and the "
        "decisions taken where Xoxzo is silent, are in the README's [language section](../README.md#the-language); "
        "what only a live call can settle is listed in [open-questions.md](open-questions.md). Each rule "
        "ends with the source of its fact.\n\n"
    )
    routes = (
        "\n# Routes files\n\n"
        "These rules are about routes files (`routes.toml`, read by `dinaction serve`; see docs/serve.md). "
        "Their examples are routes files. `dinaction serve` refuses to start on any of them.\n\n"
    )
    return head + "\n".join(rule.doc() for rule in ALL_RULES) + routes + "\n".join(r.doc() for r in ROUTE_RULES)


def render_readme(text: str) -> str:
    """``text`` (the README) with its rules section regenerated; ValueError when it has none."""
    if not _SECTION.search(text):
        raise ValueError("no <!-- section:rules --> … <!-- /section:rules --> section to fill")
    return _SECTION.sub(lambda m: m.group(1) + readme_section() + m.group(3), text, count=1)
