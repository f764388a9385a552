"""What the node constructors do: check types, normalise, and judge with the linter's own checks.

No check lives here. ``settle`` runs every rule check of the linter over the
node (``check_script`` with no source text), and then makes sure the node
survives being written out: it renders the node with the one emitter and
parses the line back with the one parser. Whatever the parser would say about
that line (a `"` inside a message, a space inside a URL) is reported through
the parser's own rule declarations, naming the constructor argument at fault.
Errors raise ``ActionError``; the rest stays on the node's ``diagnostics``.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable, Iterator

from dinaction.ast import Action, Playback, Say, Script, Transfer, Voicemail, _unchecked
from dinaction.diagnostics import NO_SPAN, Diagnostic, Severity
from dinaction.emit import emit_action
from dinaction.errors import ActionError
from dinaction.facts import numbers
from dinaction.linter import check_script, finish
from dinaction.rules import syntax as syntax_rules
from dinaction.settings import DEFAULT_SETTINGS, Settings
from dinaction.syntax import parse_source

__all__ = ["action_tuple", "limit", "normalise_number", "region_code", "require_str", "settle", "type_name"]

#: the text fields of each node, in the order the constructor takes them
_FIELDS: dict[type[Action], tuple[str, ...]] = {
    Playback: ("url",),
    Transfer: ("number", "caller"),
    Say: ("lang", "message"),
}
_ACTION_TYPES = (Playback, Transfer, Say, Voicemail)

#: private-use characters stand in for field values while the emitter lays out a line
_MARK = 0xE000


def type_name(value: object) -> str:
    return type(value).__name__


def require_str(node: object, name: str, value: object, *, optional: bool = False) -> None:
    """TypeError unless ``value`` is a str (or None, when ``optional``)."""
    if isinstance(value, str) or (optional and value is None):
        return
    wanted = "a str or None" if optional else "a str"
    raise TypeError(f"{type_name(node)} {name} must be {wanted}, not {type_name(value)} ({value!r:.40})")


def action_tuple(actions: Iterable[Action]) -> tuple[Action, ...]:
    """The actions of a Script as a tuple; TypeError for anything that is not an action."""
    if isinstance(actions, (*_ACTION_TYPES, str, bytes)) or not isinstance(actions, Iterable):
        raise TypeError(f"Script actions must be a list of actions, not {type_name(actions)}")
    result = tuple(actions)
    for index, action in enumerate(result):
        if not isinstance(action, _ACTION_TYPES):
            raise TypeError(
                f"Script actions[{index}] must be a Playback, Transfer, Say or Voicemail, not {type_name(action)}"
            )
    return result


def limit(max_actions: object) -> int:
    """A valid ``max_actions``: an int of at least 1."""
    if not isinstance(max_actions, int) or isinstance(max_actions, bool):
        raise TypeError(f"Script max_actions must be an int, not {type_name(max_actions)}")
    if max_actions < 1:
        raise ValueError(f"Script max_actions must be at least 1, not {max_actions}")
    return max_actions


def normalise_number(value: str, region: str | None) -> str:
    """``value`` in E.164 when it is a phone number written in a common form (see ``facts.numbers.normalise``)."""
    return numbers.normalise(value, region)


def region_code(region: str) -> str:
    """``region`` as libphonenumber's region code (``jp`` → ``JP``); ValueError when unknown."""
    code = numbers.region_code(region)
    if code is None:
        raise ValueError(f"Transfer region {region!r} is not a region libphonenumber knows: use a code such as 'JP'")
    return code


@functools.lru_cache(maxsize=16)
def _settings(max_actions: int) -> Settings:
    return dataclasses.replace(DEFAULT_SETTINGS, max_actions=max_actions)


def settle(node: Action | Script) -> None:
    """Judge ``node`` with every check: raise ActionError on errors, keep the rest on the node."""
    if isinstance(node, Script):
        script, settings = node, _settings(node.max_actions)
    else:
        script, settings = _unchecked(Script, actions=(node,)), _settings(1)
    found = check_script(script, None, settings)
    blamed = {d.field for d in found if d.severity is Severity.ERROR}
    for action in script.actions:
        found.extend(_emission(action, blamed))
    kept = finish(found, settings)
    errors = [d for d in kept if d.severity is Severity.ERROR]
    if errors:
        raise ActionError(errors)
    object.__setattr__(node, "diagnostics", kept)


def _emission(action: Action, blamed: set[str | None]) -> Iterator[Diagnostic]:
    """What the parser says of ``action``'s line, if it would not read back as ``action``.

    Findings about a field the checks already rejected are left out: one
    reason per field is clearer than the same fault seen twice.
    """
    line, regions = _layout(action)
    parsed = parse_source(line)
    if parsed.diagnostics:
        for diagnostic in parsed.diagnostics:
            name = _field_at(regions, diagnostic.span.start)
            if name not in blamed:
                yield dataclasses.replace(diagnostic, span=NO_SPAN, fix=None, field=name)
        return
    if parsed.script.actions == (action,):
        return
    back = _values(parsed.script.actions[0]) if len(parsed.script.actions) == 1 else {}
    for name, value in _values(action).items():
        if value is None or back.get(name) == value or name in blamed:
            continue
        detail = f"`{name}` cannot be written as it is: {value!r} would be read back as {back.get(name)!r}"
        if value != value.strip():
            detail += " (remove the whitespace around it)"
        yield syntax_rules.SYNTAX_ERROR.diagnostic(NO_SPAN, field_name=name, detail=detail)


def _values(action: Action) -> dict[str, str | None]:
    """The text fields of an action (a voicemail's are its greeting's)."""
    node = action.greeting if isinstance(action, Voicemail) else action
    return {name: getattr(node, name) for name in _FIELDS[type(node)]}


def _layout(action: Action) -> tuple[str, list[tuple[str, int, int]]]:
    """The action's line and where each field's value stands in it.

    The emitter lays out a copy whose values are single marker characters, so
    the positions come from the one emitter, not from a second copy of its format.
    """
    names: list[str] = []
    values: list[str] = []

    def template(node: Action) -> Action:
        if isinstance(node, Voicemail):
            greeting = template(node.greeting)
            assert isinstance(greeting, Playback | Say)
            return _unchecked(Voicemail, greeting=greeting)
        marks: dict[str, str | None] = {}
        for name in _FIELDS[type(node)]:
            value = getattr(node, name)
            if value is not None:
                marks[name] = chr(_MARK + len(names))
                names.append(name)
                values.append(value)
            else:
                marks[name] = None
        return _unchecked(type(node), **marks)

    line = emit_action(action)
    pieces: list[str] = []
    regions: list[tuple[str, int, int]] = []
    at = 0
    for char in emit_action(template(action)):
        index = ord(char) - _MARK
        if 0 <= index < len(names):
            regions.append((names[index], at, at + len(values[index])))
            pieces.append(values[index])
            at += len(values[index])
        else:
            pieces.append(char)
            at += 1
    if "".join(pieces) != line:  # pragma: no cover - an emitter that rewrites values
        return line, []
    return line, regions


def _field_at(regions: list[tuple[str, int, int]], start: int) -> str | None:
    """The field whose value holds ``start``; else the first one after the span (a missing value)."""
    for name, first, last in regions:
        if first <= start < last:
            return name
    for name, first, _ in regions:
        if first >= start:
            return name
    return regions[-1][0] if regions else None
