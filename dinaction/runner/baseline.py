"""Baselines: adopt dinaction on a tree with old findings, and fail only on new ones.

``--write-baseline`` records today's findings (``write``); later runs with
``--baseline`` drop the findings the baseline accounts for (``load``,
``Baseline.filter``). A finding is recognised by its
file (relative to the baseline file, so the run may start anywhere), its rule
and the source text it is about (``reporters.evidence``), never by its line:
lines added above it do not make it new. Identical findings in one file are
counted, so a second copy of an old mistake is reported.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from dinaction.diagnostics import Diagnostic
from dinaction.reporters import FileReport, evidence
from dinaction.runner.atomic import write_atomic
from dinaction.usage import UsageError

FORMAT = 1

Key = tuple[str, str, str]


def _relative(display: str, base: Path) -> str:
    if display.startswith("<"):  # stdin without --stdin-filename
        return display
    return Path(os.path.relpath(os.path.abspath(display), os.path.abspath(base))).as_posix()


def key(report: FileReport, diagnostic: Diagnostic, base: Path) -> Key:
    """What a finding is matched by: path relative to ``base``, code, evidence."""
    return (_relative(report.path, base), diagnostic.code, evidence(report, diagnostic))


@dataclass(frozen=True, slots=True)
class Filtered:
    """Reports without the baseline's findings, and how the baseline fared."""

    reports: list[FileReport]
    #: findings the baseline accounted for (not reported)
    matched: int
    #: baseline entries that no longer occur (fixed since; rewrite the baseline to drop them)
    stale: int


@dataclass(frozen=True, slots=True)
class Baseline:
    path: Path
    counts: Counter[Key]

    @property
    def base(self) -> Path:
        return self.path.parent

    def filter(self, reports: Sequence[FileReport]) -> Filtered:
        remaining = Counter(self.counts)
        kept: list[FileReport] = []
        matched = 0
        for report in reports:
            fresh = []
            for diagnostic in report.diagnostics:
                k = key(report, diagnostic, self.base)
                if remaining[k] > 0:
                    remaining[k] -= 1
                    matched += 1
                else:
                    fresh.append(diagnostic)
            kept.append(replace(report, diagnostics=tuple(fresh)))
        return Filtered(kept, matched, sum(remaining.values()))


def load(path: Path) -> Baseline:
    """Read a baseline; UsageError (one line) when it is missing or not one."""
    try:
        document = json.loads(path.read_bytes())
    except FileNotFoundError:
        raise UsageError(f"{path}: no such baseline: create it with --baseline {path} --write-baseline") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the baseline: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise UsageError(f"{path}: not a dinaction baseline (invalid JSON: {exc})") from None
    try:
        if document["dinaction-baseline"] != FORMAT:
            raise UsageError(f"{path}: baseline format {document['dinaction-baseline']!r} is not {FORMAT}: rewrite it")
        counts: Counter[Key] = Counter()
        for item in document["findings"]:
            counts[(str(item["path"]), str(item["code"]), str(item["source"]))] += int(item["count"])
    except (KeyError, TypeError, ValueError):
        raise UsageError(f"{path}: not a dinaction baseline: rewrite it with --write-baseline") from None
    return Baseline(path, counts)


def render(reports: Sequence[FileReport], base: Path) -> str:
    """The baseline of ``reports`` as JSON, sorted so that it diffs well in review."""
    counts: Counter[Key] = Counter(key(r, d, base) for r in reports for d in r.diagnostics)
    findings = [{"path": p, "code": c, "source": s, "count": n} for (p, c, s), n in sorted(counts.items())]
    return json.dumps({"dinaction-baseline": FORMAT, "findings": findings}, ensure_ascii=False, indent=2) + "\n"


def write(path: Path, reports: Sequence[FileReport]) -> int:
    """Record the findings of ``reports`` in ``path`` (atomically); returns how many."""
    try:
        write_atomic(path, render(reports, path.parent))
    except OSError as exc:
        raise UsageError(f"{path}: cannot write the baseline: {exc.strerror or exc}") from None
    return sum(len(r.diagnostics) for r in reports)
