"""What every check of the call path shares: Xoxzo's example numbers and the limits of a fetch."""

from __future__ import annotations

from typing import Final

__all__ = ["DEFAULT_CALLER", "DEFAULT_RECIPIENT", "GENERIC_TYPES", "MAX_BODY", "MAX_REDIRECTS"]

#: the example numbers of Xoxzo's own DIN documentation
DEFAULT_CALLER: Final = "+8180123456789"
DEFAULT_RECIPIENT: Final = "+8150123456789"
#: the largest body read, after decoding (an action file; the first bytes of an mp3)
MAX_BODY: Final = 1 << 20
MAX_REDIRECTS: Final = 3
#: what static hosts (S3, Python's http.server, many others) call a file type they do not know
GENERIC_TYPES: Final = frozenset({"application/octet-stream", "binary/octet-stream"})
