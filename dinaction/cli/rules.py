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

    code_or_name: str = argument("A rule code (DA002) or name (unknown-action).")


def list_rules(options: RulesOptions) -> int:
    """List every rule: code, name, default severity, fix, summary."""
    from dinaction.rules import ALL_RULES

    for r in ALL_RULES:
        fix = {None: "-", "safe": "fix", "unsafe": "fix*"}[r.fix.value if r.fix else None]
        state = "" if r.default_enabled else " (off by default)"
        say(f"{r.code}  {r.name:<30} {r.severity!s:<8} {fix:<5} {r.summary}{state}")
    return 0


def show_rule(options: RuleOptions) -> int:
    """Show a rule's documentation."""
    from dinaction.rules import find_rule

    found = find_rule(options.code_or_name)
    if found is None:
        return error(f"no rule {options.code_or_name!r}: `dinaction rules` lists them all")
    echo(found.doc(), sys.stdout)
    return 0
