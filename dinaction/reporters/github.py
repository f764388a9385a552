"""``--format github``: GitHub Actions workflow commands, shown as annotations on the diff.

``::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`` (columns in
code points, the end inclusive; columns only when the finding is on one line). The
message escapes ``%``, CR and LF; property values also ``:`` and ``,``, which
would otherwise end the value. The file name has its control characters and
undecodable bytes escaped first (``safe_text``), then GitHub's escaping applies.
"""

from __future__ import annotations

from collections.abc import Sequence

from dinaction.diagnostics import Diagnostic, Severity
from dinaction.reporters import FileReport, safe_text

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(report: FileReport, diagnostic: Diagnostic) -> str:
    """One finding as a workflow command."""
    start = report.lines.position(diagnostic.span.start)
    end = report.lines.position(diagnostic.span.end)
    if end.line > start.line and end.column == 1:
        # a span that ends with its line break ends on that line, not the next
        end = report.lines.position(diagnostic.span.end - 1)
    props = [("file", safe_text(report.path)), ("line", str(start.line))]
    if end.line == start.line:
        # GitHub takes columns only within one line; its end column is inclusive
        props += [
            ("col", str(start.column)),
            ("endLine", str(end.line)),
            ("endColumn", str(max(start.column, end.column - 1))),
        ]
    else:
        props += [("endLine", str(end.line))]
    props.append(("title", f"{diagnostic.code} {diagnostic.name}"))
    rendered = ",".join(f"{k}={escape_property(v)}" for k, v in props)
    return f"::{_COMMAND[diagnostic.severity]} {rendered}::{escape_data(diagnostic.message)}"


def report(files: Sequence[FileReport]) -> str:
    return "".join(command(f, d) + "\n" for f in files for d in f.diagnostics)
