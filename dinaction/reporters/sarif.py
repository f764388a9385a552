"""``--format sarif``: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

The driver lists every rule with its metadata (from the rule declarations);
results point at 1-based lines and columns counted in Unicode code points,
which the run declares (``columnKind``) since SARIF's default is UTF-16 code
units. Fixes are included as replacements; relative paths are resolved
against ``%SRCROOT%``, the directory dinaction ran in.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from dinaction.diagnostics import Diagnostic, LineIndex, Severity, Span
from dinaction.reporters import FileReport, fingerprints
from dinaction.rules import ALL_RULES, REPORTED_ELSEWHERE, Rule

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/dinaction/dinaction"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_PROBLEM_SEVERITY = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "recommendation"}


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    """A reportingDescriptor, generated from the rule's declaration."""
    doc = rule.doc()
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.why},
        "help": {"text": doc, "markdown": doc},
        "helpUri": rule.url,
        "defaultConfiguration": {"level": LEVEL[rule.severity], "enabled": rule.default_enabled},
        "properties": {
            "tags": ["dinaction", "correctness" if rule.severity is Severity.ERROR else "style"],
            "precision": "very-high",
            "problem.severity": _PROBLEM_SEVERITY[rule.severity],
        },
    }


def artifact_location(path: str) -> dict[str, str]:
    """The location of a file: its bytes percent-encoded, so any name (not UTF-8, with controls) is a URI."""
    candidate = Path(path)
    if candidate.is_absolute():
        return {"uri": "file://" + quote(_name_bytes(candidate.as_posix()), safe="/")}
    return {"uri": quote(_name_bytes(candidate.as_posix()), safe="/"), "uriBaseId": "%SRCROOT%"}


def _name_bytes(name: str) -> bytes:
    """A name's bytes as the file system holds them (surrogate escapes back to their bytes)."""
    try:
        return os.fsencode(name)
    except UnicodeEncodeError:  # a lone surrogate that no byte stood for
        return name.encode("utf-8", "surrogatepass")


def region(lines: LineIndex, span: Span, text: str) -> dict[str, Any]:
    start, end = lines.position(span.start), lines.position(span.end)
    out: dict[str, Any] = {
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
    }
    if span.end > span.start:
        out["snippet"] = {"text": span.slice(text)}
    return out


def result(file: FileReport, diagnostic: Diagnostic, fingerprint: str, index: dict[str, int]) -> dict[str, Any]:
    location = artifact_location(file.path)
    out: dict[str, Any] = {
        "ruleId": diagnostic.code,
        "ruleIndex": index[diagnostic.code],
        "level": LEVEL[diagnostic.severity],
        "message": {"text": diagnostic.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": location,
                    "region": region(file.lines, diagnostic.span, file.text),
                }
            }
        ],
        "partialFingerprints": {"dinaction/v1": fingerprint},
    }
    if diagnostic.fix is not None:
        fix = diagnostic.fix
        out["fixes"] = [
            {
                "description": {"text": fix.title + ("" if fix.is_safe else " (unsafe)")},
                "artifactChanges": [
                    {
                        "artifactLocation": location,
                        "replacements": [
                            {
                                "deletedRegion": _deleted(file.lines, edit.span),
                                "insertedContent": {"text": edit.content},
                            }
                            for edit in fix.edits
                        ],
                    }
                ],
            }
        ]
    return out


def _deleted(lines: LineIndex, span: Span) -> dict[str, int]:
    start, end = lines.position(span.start), lines.position(span.end)
    return {"startLine": start.line, "startColumn": start.column, "endLine": end.line, "endColumn": end.column}


def log(files: Sequence[FileReport]) -> dict[str, Any]:
    """The SARIF log object (one run)."""
    from dinaction.version import __version__

    # every linter rule, then each family reported elsewhere (media check, routes files) that the results use
    used = {d.code for f in files for d in f.diagnostics}
    rules = [*ALL_RULES, *(r for family in REPORTED_ELSEWHERE if used & {r.code for r in family} for r in family)]
    index = {rule.code: i for i, rule in enumerate(rules)}
    results = [result(f, d, fp, index) for f in files for d, fp in zip(f.diagnostics, fingerprints(f), strict=True)]
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "dinaction",
                        "informationUri": INFORMATION_URI,
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": [rule_descriptor(r) for r in rules],
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().as_uri() + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def report(files: Sequence[FileReport]) -> str:
    return json.dumps(log(files), ensure_ascii=False, indent=2) + "\n"
