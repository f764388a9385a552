"""``--format json``: one array of findings, 1-based lines and code-point columns."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from dinaction.diagnostics import Diagnostic, LineIndex, Span
from dinaction.reporters import FileReport, safe_text
from dinaction.rules import BY_CODE


def _range(lines: LineIndex, span: Span) -> dict[str, int]:
    start, end = lines.position(span.start), lines.position(span.end)
    return {"line": start.line, "column": start.column, "end_line": end.line, "end_column": end.column}


def diagnostic_dict(report: FileReport, diagnostic: Diagnostic) -> dict[str, Any]:
    """The JSON object of one finding (shared by the json and jsonl formats)."""
    fix = diagnostic.fix
    return {
        "path": safe_text(report.path, controls=False),
        **_range(report.lines, diagnostic.span),
        "code": diagnostic.code,
        "name": diagnostic.name,
        "severity": str(diagnostic.severity),
        "message": diagnostic.message,
        "url": BY_CODE[diagnostic.code].url,
        "fix": None
        if fix is None
        else {
            "applicability": str(fix.applicability),
            "title": fix.title,
            "edits": [{**_range(report.lines, e.span), "content": e.content} for e in fix.edits],
        },
    }


def report(files: Sequence[FileReport]) -> str:
    items = [diagnostic_dict(f, d) for f in files for d in f.diagnostics]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
