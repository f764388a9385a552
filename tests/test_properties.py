"""Invariants over any input: never raise, spans in bounds, format is safe, fixes work."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dinaction.diagnostics import Severity
from dinaction.errors import ActionError
from dinaction.formatter import format_text
from dinaction.linter import apply_fixes, lint_source
from dinaction.rules import syntax
from dinaction.settings import Settings
from tests.strategies_text import documents

SYNTAX_CODES = frozenset(r.code for r in syntax.RULES)
PROPERTY = settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(documents)
@example('say en "a"b"\n')
@example("transfer +81 --caller=+82 --caller")
def test_lint_never_raises_and_spans_are_in_bounds(text: str) -> None:
    result = lint_source(text, Settings())
    n = len(result.text)
    assert [d.sort_key for d in result.diagnostics] == sorted(d.sort_key for d in result.diagnostics)
    for d in result.diagnostics:
        assert 0 <= d.span.start <= d.span.end <= n, d
        assert d.message
        assert "{" in text or "{" not in d.message, d  # no unfilled template field
        if d.fix is not None:
            for edit in d.fix.edits:
                assert 0 <= edit.span.start <= edit.span.end <= n, d


@PROPERTY
@given(st.binary(max_size=200))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    result = lint_source(data, Settings())
    assert len(result.text) <= len(data) + 1


@PROPERTY
@given(documents)
def test_format_is_idempotent_and_keeps_the_ast(text: str) -> None:
    try:
        once = format_text(text)
    except ActionError as exc:
        # refused only for syntax errors, and never silently
        assert exc.diagnostics
        assert all(d.code in SYNTAX_CODES for d in exc.diagnostics)
        return
    assert format_text(once) == once
    assert lint_source(once, Settings()).script == lint_source(text, Settings()).script
    assert once == "" or (once.endswith("\n") and not once.endswith("\n\n"))
    assert "\r" not in once


@PROPERTY
@given(documents)
@example(" \ufeffplayback")  # removing the space exposed the mark: a BOM inside the text is DA014, not DA021
@example("transfer +81 --caller \ufeff+82")
@example('say en"a" --caller=+81')
def test_every_safe_fix_removes_its_finding_and_still_parses(text: str) -> None:
    before = lint_source(text, Settings())
    syntax_before = sum(1 for d in before.diagnostics if d.code in SYNTAX_CODES)
    for diagnostic in before.diagnostics:
        if diagnostic.fix is None or not diagnostic.fix.is_safe:
            continue
        fixed, applied = apply_fixes(before.text, [diagnostic])
        assert applied == 1
        after = lint_source(fixed, Settings())
        count = sum(1 for d in after.diagnostics if d.code == diagnostic.code)
        assert count < sum(1 for d in before.diagnostics if d.code == diagnostic.code), (diagnostic, fixed)
        assert sum(1 for d in after.diagnostics if d.code in SYNTAX_CODES) <= syntax_before, fixed


@PROPERTY
@given(documents)
@example("transfer +81 --CALLER = +82\r\n\n")
@example('say\u3000en"a"\n\ufeff')
def test_a_safe_fix_never_changes_what_is_read(text: str) -> None:
    """Safe means the same actions: a safe fix changes how the text is written, never what it says."""
    before = lint_source(text, Settings(max_actions=4))
    for diagnostic in before.diagnostics:
        if diagnostic.fix is None or not diagnostic.fix.is_safe:
            continue
        fixed, _ = apply_fixes(before.text, [diagnostic])
        assert lint_source(fixed, Settings(max_actions=4)).script == before.script, (diagnostic, fixed)


@PROPERTY
@given(documents)
def test_unsafe_fixes_never_add_syntax_errors(text: str) -> None:
    before = lint_source(text, Settings())
    fixed, _ = apply_fixes(before.text, before.diagnostics, unsafe=True)
    after = lint_source(fixed, Settings())
    errors = [d for d in after.diagnostics if d.code in SYNTAX_CODES and d.severity is Severity.ERROR]
    assert len(errors) <= sum(1 for d in before.diagnostics if d.code in SYNTAX_CODES), (text, fixed)
