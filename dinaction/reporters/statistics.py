"""``--statistics``: how often each rule fired, instead of the findings themselves.

    3  DA104  [*] stray-whitespace
    1  DA002  [ ] unknown-action
    [*] fixable with `dinaction lint --fix`

Columns are aligned; ``[*]`` marks the rules whose findings ``--fix`` fixes (a
safe fix), as it does in the findings' lines. A rule whose fixes are all
unsafe is not marked: ``--fix`` alone leaves it.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from dinaction.reporters import FileReport
from dinaction.reporters.style import BOLD, CYAN, PLAIN, Style
from dinaction.reporters.text import FIXABLE
from dinaction.rules import BY_CODE

__all__ = ["counts", "json_report", "text"]


def counts(files: Sequence[FileReport]) -> list[dict[str, Any]]:
    """Per rule: code, name, count, how many `--fix` fixes and how many only `--unsafe-fixes` does.

    Most frequent first.
    """
    seen: Counter[str] = Counter()
    safe: Counter[str] = Counter()
    unsafe: Counter[str] = Counter()
    for file in files:
        for diagnostic in file.diagnostics:
            seen[diagnostic.code] += 1
            if diagnostic.fix is not None:
                (safe if diagnostic.fix.is_safe else unsafe)[diagnostic.code] += 1
    order = sorted(seen, key=lambda code: (-seen[code], code))
    return [
        {"code": c, "name": BY_CODE[c].name, "count": seen[c], "fixable": safe[c], "unsafe_fixable": unsafe[c]}
        for c in order
    ]


def text(files: Sequence[FileReport], style: Style = PLAIN) -> str:
    """The aligned table, and the legend of ``[*]`` when a row has it."""
    rows = counts(files)
    if not rows:
        return ""
    width = max(len(str(r["count"])) for r in rows)
    code_width = max(len(r["code"]) for r in rows)
    marked = any(r["fixable"] for r in rows)
    out = []
    for r in rows:
        mark = (style.paint(FIXABLE, CYAN) if r["fixable"] else "[ ]") + " " if marked else ""
        code = style.paint(f"{r['code']:<{code_width}}", BOLD)
        out.append(f"{r['count']:>{width}}  {code}  {mark}{r['name']}\n")
    if marked:
        out.append(f"{style.paint(FIXABLE, CYAN)} fixable with `dinaction lint --fix`\n")
    return "".join(out)


def json_report(files: Sequence[FileReport]) -> str:
    """The counts as a JSON array."""
    return json.dumps(counts(files), indent=2) + "\n"
