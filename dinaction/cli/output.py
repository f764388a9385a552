"""What the command line writes: text to the standard streams, error lines, diffs, and whether in colour.

Every command prints through ``echo``, typer's or not, so output is the same
whichever way a command line is parsed; every error is one line from
``error``: ``dinaction: error: …``, and every warning one from ``warn``.

Colour follows the conventions of https://no-color.org and
https://force-color.org, as Python's own tracebacks do: ``--color always``
or ``never`` decide; otherwise a non-empty ``NO_COLOR`` turns it off, a
non-empty ``FORCE_COLOR`` on, ``TERM=dumb`` off, and the rest is whether the
stream is a terminal.
"""

from __future__ import annotations

import codecs
import io
import os
import re
import sys
from collections.abc import Mapping
from typing import TextIO

__all__ = ["COLOR_CHOICES", "colour_wanted", "echo", "error", "say", "unified_diff", "warn"]

#: the values of ``--color``
COLOR_CHOICES = ("auto", "always", "never")

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


def colour_wanted(choice: str, stream: TextIO | None, environ: Mapping[str, str] | None = None) -> bool:
    """Whether to colour what goes to ``stream`` (None: a file) for ``--color choice``."""
    if choice == "always":
        return True
    if choice == "never" or stream is None:
        return False
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    if env.get("TERM") == "dumb":
        return False
    return _isatty(stream)


def _label(label: str, colour_code: str) -> str:
    if not colour_wanted("auto", sys.stderr):
        return label
    return f"\033[1;{colour_code}m{label}\033[0m"


def error(message: str, code: int = 2) -> int:
    """Report an error as one line on stderr; returns the exit code (2: usage or I/O)."""
    echo(f"dinaction: {_label('error:', '31')} {message}\n", sys.stderr)
    return code


def warn(message: str) -> None:
    """Report a warning as one line on stderr (the run goes on)."""
    echo(f"dinaction: {_label('warning:', '33')} {message}\n", sys.stderr)


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
