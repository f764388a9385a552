"""``--format junit``: JUnit XML, for CI systems that show test reports.

One ``<testsuite>`` per file; each finding is a failed ``<testcase>``, and a
clean file is one passing test case, so counts read naturally ("3 files, 1
failed"). File names and messages have their control characters escaped
(``safe_text``); what else XML 1.0 cannot hold is shown as ``\\xNN``, or the
report would not parse.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from dinaction.reporters import FileReport, safe_text

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def report(files: Sequence[FileReport]) -> str:
    root = ET.Element("testsuites", name="dinaction")
    total = failed = 0
    for file in files:
        path = _clean(safe_text(file.path))
        cases = max(1, len(file.diagnostics))
        suite = ET.SubElement(
            root,
            "testsuite",
            name=path,
            tests=str(cases),
            failures=str(len(file.diagnostics)),
            errors="0",
            skipped="0",
        )
        total += cases
        failed += len(file.diagnostics)
        if not file.diagnostics:
            ET.SubElement(suite, "testcase", name="dinaction", classname=path, file=path)
            continue
        for diagnostic in file.diagnostics:
            pos = file.lines.position(diagnostic.span.start)
            case = ET.SubElement(
                suite,
                "testcase",
                name=f"{diagnostic.code} {diagnostic.name} at {pos.line}:{pos.column}",
                classname=path,
                file=path,
                line=str(pos.line),
            )
            failure = ET.SubElement(
                case,
                "failure",
                message=_clean(safe_text(diagnostic.message)),
                type=f"{diagnostic.code} {diagnostic.severity}",
            )
            failure.text = _clean(f"{path}:{pos.line}:{pos.column}: {diagnostic.code} {safe_text(diagnostic.message)}")
    root.set("tests", str(total))
    root.set("failures", str(failed))
    root.set("errors", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
