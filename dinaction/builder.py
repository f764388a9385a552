"""The judgement of nodes built from code: the linter's own checks, and a parse-back of the line.

No check lives here. :func:`judge` runs the rule checks of the linter over a
node (with no source text), and then makes sure the node survives being
written out: it lays the node out with its own emitter and parses the line
back with the one parser. Whatever the parser would say about that line (a `"`
inside a message, a space inside a URL) is reported through the parser's own
rule declarations, naming the constructor argument at fault. Errors raise
``ActionError``; the rest is what the node keeps as ``diagnostics``.

A node is judged once. A ``Voicemail`` takes its greeting's findings; a
``Script`` runs only the rules about the file as a whole (no action, too many)
and takes its actions' findings, judging only the actions that came from text
(which no constructor judged). ``dinaction`` installs :func:`judge` into the AST.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterator

from dinaction.ast import Action, Layout, Script, Voicemail
from dinaction.diagnostics import NO_SPAN, Diagnostic, Severity
from dinaction.errors import ActionError
from dinaction.linter import finish, run_checks, selected_codes
from dinaction.rules import Context, structure
from dinaction.rules import syntax as syntax_rules
from dinaction.settings import DEFAULT_SETTINGS, Settings
from dinaction.syntax import parse_source

__all__ = ["judge"]

_SCRIPT_CODES = frozenset(r.code for r in structure.SCRIPT_RULES)


def judge(node: Action | Script) -> tuple[Diagnostic, ...]:
    """Judge a node built from code: raise ActionError on errors, return the findings it keeps."""
    settings = _settings(node.max_actions if isinstance(node, Script) else 1)
    if isinstance(node, Script):
        found = _script_findings(node, settings)
    elif isinstance(node, Voicemail) and node.greeting.loc is None:
        found = list(node.greeting.diagnostics)  # judged when it was built; a voicemail has no rule of its own
    else:
        found = _action_findings((node,), settings)
    kept = finish(found, settings)
    errors = [d for d in kept if d.severity is Severity.ERROR]
    if errors:
        raise ActionError(errors)
    return kept


@functools.lru_cache(maxsize=16)
def _settings(max_actions: int) -> Settings:
    return dataclasses.replace(DEFAULT_SETTINGS, max_actions=max_actions)


def _script_findings(script: Script, settings: Settings) -> list[Diagnostic]:
    """The file-wide rules, and the findings of every action (judging those from text now)."""
    codes = selected_codes(settings)
    found = run_checks(Context(script.actions, None, settings), codes & _SCRIPT_CODES)
    from_text = tuple(a for a in script.actions if a.loc is not None)
    if from_text:
        found.extend(_action_findings(from_text, settings))
    found.extend(d for a in script.actions if a.loc is None for d in a.diagnostics)
    return found


def _action_findings(actions: tuple[Action, ...], settings: Settings) -> list[Diagnostic]:
    """What the checks of single actions say of ``actions``, and what the parser says of their lines."""
    found = run_checks(Context(actions, None, settings), selected_codes(settings) - _SCRIPT_CODES)
    blamed = {d.field for d in found if d.severity is Severity.ERROR}
    for action in actions:
        found.extend(_emission(action, blamed))
    return found


def _emission(action: Action, blamed: set[str | None]) -> Iterator[Diagnostic]:
    """What the parser says of ``action``'s line, if it would not read back as ``action``.

    Findings about a field the checks already rejected are left out: one
    reason per field is clearer than the same fault seen twice.
    """
    line, regions = _regions(action.layout())
    parsed = parse_source(line)
    if parsed.diagnostics:
        for diagnostic in parsed.diagnostics:
            name = _field_at(regions, diagnostic.span.start)
            if name not in blamed:
                yield dataclasses.replace(diagnostic, span=NO_SPAN, fix=None, field=name)
        return
    if parsed.script.actions == (action,):
        return
    back = _values(parsed.script.actions[0].layout()) if len(parsed.script.actions) == 1 else {}
    for name, value in _values(action.layout()).items():
        if back.get(name) == value or name in blamed:
            continue
        detail = f"`{name}` cannot be written as it is: {value!r} would be read back as {back.get(name)!r}"
        if value != value.strip():
            detail += " (remove the whitespace around it)"
        yield syntax_rules.SYNTAX_ERROR.diagnostic(NO_SPAN, field_name=name, detail=detail)


def _values(layout: Layout) -> dict[str, str]:
    """The constructor arguments a line shows (a voicemail's are its greeting's)."""
    return {name: text for text, name in layout if name is not None}


def _regions(layout: Layout) -> tuple[str, list[tuple[str, int, int]]]:
    """The line, and where each argument's value stands in it."""
    regions: list[tuple[str, int, int]] = []
    at = 0
    for text, name in layout:
        if name is not None:
            regions.append((name, at, at + len(text)))
        at += len(text)
    return "".join(text for text, _ in layout), regions


def _field_at(regions: list[tuple[str, int, int]], start: int) -> str | None:
    """The field whose value holds ``start``; else the first one after the span (a missing value)."""
    for name, first, last in regions:
        if first <= start < last:
            return name
    for name, first, _ in regions:
        if first >= start:
            return name
    return regions[-1][0] if regions else None
