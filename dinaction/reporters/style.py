"""Terminal colour for the text reports: a few ANSI SGR codes, written by hand.

A library of styles would cost more at start-up than a one-file lint takes to
run, and the reports need only bold, dim and five colours. Whether to colour
is the front door's decision (a terminal, ``--color``, ``NO_COLOR``); a
reporter only receives a ``Style`` that paints or one that does not.
"""

from __future__ import annotations

from dinaction.diagnostics import Severity

__all__ = ["PLAIN", "Style"]

BOLD = "1"
DIM = "2"
RED = "31"
GREEN = "32"
YELLOW = "33"
BLUE = "34"
CYAN = "36"

#: how each severity is painted, as ruff and compilers do: errors red, warnings yellow
SEVERITY_COLOURS = {Severity.ERROR: RED, Severity.WARNING: YELLOW, Severity.INFO: CYAN}


class Style:
    """Paints text with ANSI codes when ``colour`` is on; returns it unchanged when off.

    (A plain class: a named tuple costs more to declare than a lint of one file takes.)
    """

    __slots__ = ("colour",)

    def __init__(self, colour: bool = False) -> None:
        self.colour = colour

    def paint(self, text: str, *codes: str) -> str:
        """``text`` in the SGR ``codes`` (``BOLD``, ``RED``…), reset after it."""
        if not self.colour or not text or not codes:
            return text
        return f"\033[{';'.join(codes)}m{text}\033[0m"

    def severity(self, severity: Severity, text: str | None = None) -> str:
        """``text`` (default: the severity's name) in the severity's colour, bold."""
        return self.paint(str(severity) if text is None else text, BOLD, SEVERITY_COLOURS[severity])


#: the style of a report that is not coloured (a pipe, a file, ``NO_COLOR``)
PLAIN = Style(False)
