"""Write ``tables.json``: the parser tables lark computes from grammar/action.lark.

grammar/action.lark stays the only source: the stored tables carry the grammar
they were made from, ``grammar.line_parser`` uses them only while that grammar
is the current one, and a test fails until they are regenerated::

    python -m dinaction.syntax.generate
"""

from __future__ import annotations

import sys
from pathlib import Path

from dinaction.syntax.grammar import TABLES_PATH, grammar_text
from dinaction.syntax.tables import build_tables, dump

__all__ = ["main"]


def main() -> int:
    """Regenerate the stored tables from the current grammar."""
    path = Path(TABLES_PATH)
    path.write_text(dump(build_tables(grammar_text())), encoding="utf-8")
    sys.stderr.write(f"wrote {path}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
