"""``--statistics``: how often each rule fired, instead of the findings themselves."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from dinaction.reporters import FileReport
from dinaction.rules import BY_CODE


def counts(files: Sequence[FileReport]) -> list[dict[str, Any]]:
    """Per rule: code, name, count and how many of them have a fix; most frequent first."""
    seen: Counter[str] = Counter()
    fixable: Counter[str] = Counter()
    for file in files:
        for diagnostic in file.diagnostics:
            seen[diagnostic.code] += 1
            fixable[diagnostic.code] += diagnostic.fix is not None
    order = sorted(seen, key=lambda code: (-seen[code], code))
    return [{"code": c, "name": BY_CODE[c].name, "count": seen[c], "fixable": fixable[c]} for c in order]


def text(files: Sequence[FileReport]) -> str:
    rows = counts(files)
    if not rows:
        return ""
    width = max(len(str(r["count"])) for r in rows)
    return "".join(f"{r['count']:>{width}}  {r['code']}  {r['name']}{'  [*]' if r['fixable'] else ''}\n" for r in rows)


def json_report(files: Sequence[FileReport]) -> str:
    return json.dumps(counts(files), indent=2) + "\n"
