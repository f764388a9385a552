"""``--format gitlab``: a GitLab Code Quality report (``artifacts:reports:codequality``).

The documented subset of the Code Climate format: description, check_name,
fingerprint (stable across line moves, unique per finding), severity and
location.path / location.lines.begin. Paths are POSIX and relative to the
working directory, which in a GitLab job is the project directory.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dinaction.diagnostics import Severity
from dinaction.reporters import FileReport, fingerprints, safe_text

SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def project_path(path: str) -> str:
    """``path`` relative to the working directory when inside it, in POSIX form."""
    candidate = Path(path)
    if candidate.is_absolute():
        with contextlib.suppress(ValueError):
            candidate = candidate.relative_to(Path.cwd())
    return os.path.normpath(candidate).replace(os.sep, "/")


def issues(file: FileReport) -> list[dict[str, Any]]:
    path = safe_text(project_path(file.path), controls=False)
    out = []
    for diagnostic, fingerprint in zip(file.diagnostics, fingerprints(file, path), strict=True):
        begin = file.lines.position(diagnostic.span.start)
        end = file.lines.position(max(diagnostic.span.start, diagnostic.span.end - 1))
        out.append(
            {
                "type": "issue",
                "check_name": diagnostic.code,
                "description": safe_text(f"{diagnostic.message} [{diagnostic.code} {diagnostic.name}]"),
                "categories": ["Bug Risk" if diagnostic.severity is Severity.ERROR else "Style"],
                "fingerprint": fingerprint,
                "severity": SEVERITY[diagnostic.severity],
                "location": {"path": path, "lines": {"begin": begin.line, "end": end.line}},
            }
        )
    return out


def report(files: Sequence[FileReport]) -> str:
    return json.dumps([issue for f in files for issue in issues(f)], ensure_ascii=False, indent=2) + "\n"
