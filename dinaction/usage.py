"""The error of a request that cannot be done as asked: a path, a flag or a configuration.

Raised from deep inside (the configuration loader, file discovery, the
baseline reader) and reported by the command line as one line and exit
status 2, never a traceback; library callers catch it like any exception.
"""

from __future__ import annotations

__all__ = ["UsageError"]


class UsageError(Exception):
    """What the user asked for cannot be done; the message says what to do instead (one line)."""
