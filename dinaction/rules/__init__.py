"""Every rule, in one explicit tuple (no self-registration)."""

from __future__ import annotations

import functools
from typing import NamedTuple

from dinaction.rules import numbers, speech, structure, syntax, urls
from dinaction.rules.base import Check, Context, Rule

ALL_RULES: tuple[Rule, ...] = (
    *syntax.RULES,
    *structure.RULES,
    *urls.RULES,
    *numbers.RULES,
    *speech.RULES,
)

#: each check once, in rule order (a check may report for several rules)
CHECKS: tuple[Check, ...] = tuple(dict.fromkeys(r.check for r in ALL_RULES if r.check is not None))


def _families() -> dict[Check, frozenset[str]]:
    """The codes each check reports: its own rule's, and those of the check-less rules after it.

    A family is declared together, in one module: the rule that names the check
    first, the rules its check also reports right after it (a test holds every
    check to its family).
    """
    families: dict[Check, set[str]] = {}
    for module in (syntax, structure, urls, numbers, speech):
        current: Check | None = None
        for rule in module.RULES:
            if rule.check is not None:
                current = rule.check
            if current is not None:
                families.setdefault(current, set()).add(rule.code)
    return {check: frozenset(codes) for check, codes in families.items()}


#: check → the rule codes it may report
CHECK_CODES: dict[Check, frozenset[str]] = _families()


@functools.lru_cache(maxsize=64)
def checks_for(codes: frozenset[str]) -> tuple[Check, ...]:
    """The checks that can report one of ``codes``: the others' findings would only be dropped."""
    return tuple(c for c in CHECKS if not CHECK_CODES[c].isdisjoint(codes))


BY_CODE: dict[str, Rule] = {r.code: r for r in ALL_RULES}
BY_NAME: dict[str, Rule] = {r.name: r for r in ALL_RULES}


def find_rule(code_or_name: str) -> Rule | None:
    """A rule by code (any case) or name."""
    return BY_CODE.get(code_or_name.upper()) or BY_NAME.get(code_or_name.lower())


def resolve(selector: str) -> tuple[Rule, ...]:
    """The rules a selector names: a code, a code prefix (`DA3`, `ALL`) or a name.

    Raises ValueError naming what is allowed when nothing matches.
    """
    token = selector.strip()
    if token.upper() == "ALL":
        return ALL_RULES
    rule = find_rule(token)
    if rule is not None:
        return (rule,)
    matched = tuple(r for r in ALL_RULES if r.code.startswith(token.upper()) and token.upper().startswith("DA"))
    if matched:
        return matched
    raise ValueError(
        f"unknown rule {selector!r}: use a code (DA002), a code prefix (DA3) or a name (unknown-action); "
        "`dinaction rules` lists them"
    )


class Selection(NamedTuple):
    """One layer of rule selection: ``select`` (when given) starts afresh, ``extend_select`` adds, ``ignore`` removes."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()


@functools.lru_cache(maxsize=256)
def selected_codes(*layers: Selection) -> frozenset[str]:
    """The rule codes reported: the default set, then each layer in turn (a file's keys, then the flags).

    The one place selection is computed: the configuration resolves its
    layers here, and the linter the settings it is given. Memoised: a run
    asks with the same few layers for every file.
    """
    chosen = {r.code for r in ALL_RULES if r.default_enabled}
    for layer in layers:
        if layer.select is not None:
            chosen = {r.code for s in layer.select for r in resolve(s)}
        chosen |= {r.code for s in layer.extend_select for r in resolve(s)}
        chosen -= {r.code for s in layer.ignore for r in resolve(s)}
    return frozenset(chosen)


__all__ = [
    "ALL_RULES",
    "BY_CODE",
    "BY_NAME",
    "CHECKS",
    "CHECK_CODES",
    "Context",
    "Rule",
    "Selection",
    "checks_for",
    "find_rule",
    "resolve",
    "selected_codes",
]
