"""Text → typed AST, with every problem as a positioned diagnostic.

The only package that imports lark. Nothing here raises to the caller: bytes
that are not UTF-8, a BOM, NULs, CRLF, an empty file or a 10 MB line all end as
diagnostics beside an AST of whatever could be read.
"""

from __future__ import annotations

from dinaction.syntax.parser import Parsed, decode, parse_source

__all__ = ["Parsed", "decode", "parse_source"]
