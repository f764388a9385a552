"""``--format jsonl``: one JSON object per finding and line, for streaming consumers."""

from __future__ import annotations

import json
from collections.abc import Sequence

from dinaction.reporters import FileReport
from dinaction.reporters.json_ import diagnostic_dict


def report(files: Sequence[FileReport]) -> str:
    return "".join(json.dumps(diagnostic_dict(f, d), ensure_ascii=False) + "\n" for f in files for d in f.diagnostics)
