"""Every rule and every check, in explicit tuples (no self-registration)."""

from __future__ import annotations

import functools
from typing import NamedTuple

from dinaction.rules import media, numbers, routes, speech, structure, syntax, urls
from dinaction.rules.base import Check, Context, Rule

ALL_RULES: tuple[Rule, ...] = (
    *syntax.RULES,
    *structure.RULES,
    *urls.RULES,
    *numbers.RULES,
    *speech.RULES,
)

#: every check, each declaring the rules it reports (the syntax rules are the parser's: no check has them)
CHECKS: tuple[Check, ...] = (*structure.CHECKS, *urls.CHECKS, *numbers.CHECKS, *speech.CHECKS)


@functools.lru_cache(maxsize=64)
def checks_for(codes: frozenset[str]) -> tuple[Check, ...]:
    """The checks that can report one of ``codes``: the others' findings would only be dropped."""
    return tuple(c for c in CHECKS if not c.codes.isdisjoint(codes))


#: the rules of the media check (it reads files over the network) and of routes files (``dinaction
#: serve``): declared like the others, reported outside the linter, never selected for action files
MEDIA_RULES: tuple[Rule, ...] = media.RULES
ROUTE_RULES: tuple[Rule, ...] = routes.RULES
REPORTED_ELSEWHERE: tuple[tuple[Rule, ...], ...] = (MEDIA_RULES, ROUTE_RULES)

#: every declared rule by code and by name, those reported elsewhere too (reporters, hovers, `dinaction rule`)
BY_CODE: dict[str, Rule] = {r.code: r for r in (*ALL_RULES, *MEDIA_RULES, *ROUTE_RULES)}
BY_NAME: dict[str, Rule] = {r.name: r for r in (*ALL_RULES, *MEDIA_RULES, *ROUTE_RULES)}
_LINTED = frozenset(r.code for r in ALL_RULES)


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
    if rule is not None and rule.code in _LINTED:
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
    "MEDIA_RULES",
    "REPORTED_ELSEWHERE",
    "ROUTE_RULES",
    "Check",
    "Context",
    "Rule",
    "Selection",
    "checks_for",
    "find_rule",
    "resolve",
    "selected_codes",
]
