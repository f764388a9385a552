"""Rendering findings as reviewable golden text (shared by the fixture tests)."""

from __future__ import annotations

from collections.abc import Sequence

from dinaction.diagnostics import Diagnostic, LineIndex


def render(text: str, diagnostics: Sequence[Diagnostic]) -> str:
    """One finding a line: `line:col-line:col CODE severity message`, then its fix."""
    lines = LineIndex(text)
    out: list[str] = []
    for d in diagnostics:
        start, end = lines.position(d.span.start), lines.position(d.span.end)
        out.append(f"{start.line}:{start.column}-{end.line}:{end.column} {d.code} {d.severity} {d.message}")
        if d.fix is not None:
            edits = ", ".join(
                f"{lines.position(e.span.start).line}:{lines.position(e.span.start).column}"
                f"-{lines.position(e.span.end).line}:{lines.position(e.span.end).column} → {e.content!r}"
                for e in d.fix.edits
            )
            out.append(f"    fix ({d.fix.applicability}): {d.fix.title}: {edits}")
    return "\n".join(out) + ("\n" if out else "")
