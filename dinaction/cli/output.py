"""What the command line writes: text to the standard streams, error lines, diffs.

Every command prints through ``echo``, typer's or not, so output is the same
whichever way a command line is parsed; every error is one line from
``error``: ``dinaction: error: …``.
"""

from __future__ import annotations

import codecs
import io
import re
import sys
from typing import TextIO

__all__ = ["echo", "error", "say", "unified_diff"]

#: what typer's echo strips from output that is not a terminal
_ANSI = re.compile(r"\033\[[;?0-9]*[a-zA-Z]")


def echo(text: str, stream: TextIO | None, *, verbatim: bool = False) -> None:
    """Write ``text`` as typer's ``echo(text, nl=False)`` would.

    That is: nothing without a stream (pythonw), ANSI sequences stripped
    unless the stream is a terminal, UTF-8 to a stream that claims ASCII, a
    flush after each write. ``verbatim`` is for a document's own text (a file
    fixed or formatted to stdout): nothing of it is stripped, whatever it holds.
    """
    if stream is None:
        return
    if text:
        if not verbatim and "\033" in text and not _isatty(stream):
            text = _ANSI.sub("", text)
        buffer = getattr(stream, "buffer", None)
        if buffer is not None and _is_ascii(getattr(stream, "encoding", None) or "ascii"):
            stream.flush()
            wrapper = io.TextIOWrapper(buffer, "utf-8", "replace", line_buffering=True)
            wrapper.write(text)
            wrapper.flush()
            wrapper.detach()  # the stream stays open
            return
        stream.write(text)
    stream.flush()


def say(text: str = "", *, err: bool = False) -> None:
    """One line to stdout (or stderr), the process's streams as they are when called."""
    echo(text + "\n", sys.stderr if err else sys.stdout)


def error(message: str, code: int = 2) -> int:
    """Report an error as one line on stderr; returns the exit code (2: usage or I/O)."""
    echo(f"dinaction: error: {message}\n", sys.stderr)
    return code


def unified_diff(display: str, before: str, after: str | None) -> str:
    """The diff from ``before`` to ``after`` (empty when nothing changes), both named ``display``."""
    if after is None or after == before:
        return ""
    import difflib  # only for --diff: not on every start-up

    from dinaction.reporters import safe_text

    name = safe_text(display)  # a name with a line break would end the header
    return "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile=name,
            tofile=name,
        )
    )


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except Exception:
        return False


def _is_ascii(encoding: str) -> bool:
    try:
        return codecs.lookup(encoding).name == "ascii"
    except LookupError:
        return False
