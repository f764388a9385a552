"""``dinaction rules`` and ``dinaction rule``: the rule list, and one rule's documentation."""

from __future__ import annotations

import sys
from dataclasses import dataclass

from dinaction.cli.options import argument
from dinaction.cli.output import echo, error, say

__all__ = ["RuleOptions", "RulesOptions", "list_rules", "show_rule"]


@dataclass(frozen=True, slots=True, repr=False)
class RulesOptions:
    """``dinaction rules`` takes no options."""


@dataclass(frozen=True, slots=True, repr=False)
class RuleOptions:
    """``dinaction rule``'s argument."""

    code_or_name: str = argument("A rule code (DA002) or name (unknown-action).", metavar="RULE")


def list_rules(options: RulesOptions) -> int:
    """List every rule, one a line.

    Code, name, default severity, fix and what it reports; a legend of the
    Fix column follows the list.
    """
    from dinaction.rules import ALL_RULES, ROUTE_RULES

    rows = [("Code", "Name", "Severity", "Fix", "What it reports")]
    for r in (*ALL_RULES, *ROUTE_RULES):
        severity = str(r.severity) + ("" if r.default_enabled else " (opt-in)")
        rows.append((r.code, r.name, severity, str(r.fix) if r.fix else "-", r.summary))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        say("  ".join([*(cell.ljust(width) for cell, width in zip(row, widths, strict=False)), row[4]]))
    say()
    say("Fix: safe = applied by `dinaction lint --fix`; unsafe = only with `--fix --unsafe-fixes`; - = none.")
    say("opt-in: off by default; turn it on with `extend-select` (or --extend-select).")
    say("`dinaction rule CODE` shows a rule's documentation.")
    return 0


def show_rule(options: RuleOptions) -> int:
    """Show one rule's documentation (by code or name)."""
    from dinaction.config.keys import rule_suggestion
    from dinaction.rules import find_rule

    found = find_rule(options.code_or_name)
    if found is None:
        meant = rule_suggestion(options.code_or_name)
        hint = f" (did you mean {meant!r}?)" if meant else ""
        return error(f"no rule {options.code_or_name!r}{hint}: `dinaction rules` lists them all")
    echo(found.doc(), sys.stdout)
    return 0
