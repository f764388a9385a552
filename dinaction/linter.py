"""parse → run the selected rules → sort and dedupe; and applying fixes.

Syntax diagnostics (values returned by the parser) and rule diagnostics meet
here, so every reporter sees one sorted list.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from dinaction import fastpath, rules
from dinaction.ast import Script
from dinaction.diagnostics import Diagnostic, Edit
from dinaction.rules import Context, checks_for
from dinaction.rules.syntax import NOT_UTF8
from dinaction.settings import DEFAULT_SETTINGS, Settings
from dinaction.syntax import parse_source
from dinaction.syntax.encoding import Decoded

#: how often fixes are re-applied before giving up on reaching a fixed point
MAX_FIX_PASSES = 10


@dataclass(frozen=True, slots=True)
class LintResult:
    """The decoded text, its AST and every selected finding, sorted."""

    text: str
    script: Script
    diagnostics: tuple[Diagnostic, ...]
    #: how the bytes were read (their encoding, whether fixes can be written back)
    decoded: Decoded = field(default_factory=lambda: Decoded("", ()), compare=False, repr=False)


def selected_codes(settings: Settings) -> frozenset[str]:
    """The rule codes a run reports: select (or the defaults) + extend-select − ignore."""
    return rules.selected_codes(rules.Selection(settings.select, settings.extend_select, settings.ignore))


def check_script(script: Script, text: str | None, settings: Settings) -> list[Diagnostic]:
    """Run the checks of the selected rules over ``script``; ``finish`` filters their findings."""
    return run_checks(Context.of(script, text, settings), selected_codes(settings))


def run_checks(ctx: Context, codes: frozenset[str]) -> list[Diagnostic]:
    """The findings of the checks that can report one of ``codes`` (others they report too: ``finish`` drops them)."""
    found: list[Diagnostic] = []
    for check in checks_for(codes):
        found.extend(check(ctx))
    return found


def finish(diagnostics: Iterable[Diagnostic], settings: Settings) -> tuple[Diagnostic, ...]:
    """Keep the selected findings, apply severity overrides, sort, drop duplicates."""
    codes = selected_codes(settings)
    overrides = settings.severity_overrides
    seen: set[tuple[str, int, int, str]] = set()
    kept: list[Diagnostic] = []
    for diagnostic in sorted(diagnostics, key=lambda d: d.sort_key):
        if diagnostic.code not in codes:
            continue
        key = (diagnostic.code, diagnostic.span.start, diagnostic.span.end, diagnostic.message)
        if key in seen:
            continue
        seen.add(key)
        if diagnostic.code in overrides:
            diagnostic = dataclasses.replace(diagnostic, severity=overrides[diagnostic.code])
        kept.append(diagnostic)
    return tuple(kept)


def lint_source(data: str | bytes, settings: Settings = DEFAULT_SETTINGS) -> LintResult:
    """Lint one document. Never raises on any input.

    A document that is not read (too large, not text) has its one finding and
    nothing else. Where the fixes could not be written back (a file whose
    encoding is a guess), no finding offers one: a fix shown is a fix ``fix_source`` applies.
    """
    parsed = parse_source(data, max_actions=settings.max_actions, max_file_size=settings.max_file_size)
    decoded = parsed.decoded
    if decoded.encoding is None:  # not read: nothing more to say
        return LintResult(parsed.text, parsed.script, finish(parsed.diagnostics, settings), decoded)
    found = [*parsed.diagnostics, *check_script(parsed.script, parsed.text, settings)]
    if not decoded.editable:
        found = [d if d.code == NOT_UTF8.code else dataclasses.replace(d, fix=None) for d in found]
    return LintResult(parsed.text, parsed.script, finish(found, settings), decoded)


def lint_text(data: str | bytes, settings: Settings = DEFAULT_SETTINGS) -> tuple[str, tuple[Diagnostic, ...]]:
    """The decoded text of one document and its findings: what a report needs, without the AST. Never raises.

    A clean canonical document is recognised without parsing (:mod:`dinaction.fastpath`);
    any other goes through ``lint_source``, with the same findings.
    """
    text = fastpath.clean_text(data, settings)
    if text is not None:
        return text, ()
    result = lint_source(data, settings)
    return result.text, result.diagnostics


def apply_fixes(text: str, diagnostics: Sequence[Diagnostic], *, unsafe: bool = False) -> tuple[str, int]:
    """Apply the fixes that do not overlap an earlier one; returns (text, fixes applied)."""
    chosen: list[tuple[Edit, ...]] = []
    taken: list[tuple[int, int]] = []
    candidates = [d.fix for d in diagnostics if d.fix is not None and (unsafe or d.fix.is_safe)]
    for fix in sorted(candidates, key=lambda f: min(e.span.start for e in f.edits)):
        ranges = [(e.span.start, e.span.end) for e in fix.edits]
        if any(_overlaps(r, t) for r in ranges for t in taken):
            continue
        taken.extend(ranges)
        chosen.append(fix.edits)
    edits = sorted((e for group in chosen for e in group), key=lambda e: (e.span.start, e.span.end))
    out: list[str] = []
    at = 0
    for edit in edits:
        out.append(text[at : edit.span.start])
        out.append(edit.content)
        at = edit.span.end
    out.append(text[at:])
    return "".join(out), len(chosen)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    if a[0] == a[1] or b[0] == b[1]:  # insertions collide only at the same point or inside
        return a[0] == b[0] or b[0] < a[0] < b[1] or a[0] < b[0] < a[1]
    return a[0] < b[1] and b[0] < a[1]


@dataclass(frozen=True, slots=True)
class FixResult:
    """The fixed text, how many fixes went in, what the linter still says, and the bytes to write."""

    text: str
    fixed: int
    remaining: LintResult
    #: exactly what to write to the file: in the file's own encoding, or in UTF-8 when it was re-encoded
    data: bytes = b""
    #: whether ``data`` differs from the bytes read (a re-encoded file changes even when its text does not)
    changed: bool = False


def fix_source(data: str | bytes, settings: Settings = DEFAULT_SETTINGS, *, unsafe: bool = False) -> FixResult:
    """Apply fixes until nothing more changes (bounded), then lint what is left.

    The edits are made to the text that encodes back to the very bytes read,
    so bytes that are not UTF-8 stay as they were, and a file in another
    encoding keeps it, unless the fix of DA023 (unsafe) re-encodes it as UTF-8.
    ``remaining`` is the lint of ``data``: what the linter will say of the file written.
    """
    original = data if isinstance(data, bytes) else Decoded(data, ()).encode(data)
    result = lint_source(data, settings)
    decoded = result.decoded
    reencode = unsafe and any(d.code == NOT_UTF8.code and d.fix is not None for d in result.diagnostics)
    if not decoded.editable and not reencode:
        return FixResult(result.text, 0, result, original, False)
    raw = decoded.raw
    total = int(reencode)
    last = result
    if decoded.editable:
        diagnostics: Sequence[Diagnostic] = [d for d in result.diagnostics if d.code != NOT_UTF8.code]
        for _ in range(MAX_FIX_PASSES):
            new_raw, applied = apply_fixes(raw, diagnostics, unsafe=unsafe)
            if applied == 0 or new_raw == raw:
                break
            total += applied
            raw = new_raw
            last = lint_source(raw, settings)
            diagnostics = last.diagnostics
    try:
        written = decoded.encode(raw, as_utf8=reencode)
    except UnicodeEncodeError:  # a fix brought a character the file's encoding has not: nothing is written
        return FixResult(result.text, 0, result, original, False)
    if written == original:
        return FixResult(result.text, 0, result, original, False)
    # the last pass read what is written, unless the bytes are more than its text (an encoding, broken bytes)
    plain = decoded.is_utf8 and decoded.escaped is None and not reencode
    remaining = last if plain else lint_source(written, settings)
    return FixResult(remaining.text, total, remaining, written, True)
