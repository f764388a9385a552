"""Rewriting a file without ever losing it: a temporary file beside it, then one rename."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

__all__ = ["write_atomic"]


def write_atomic(path: Path, content: str | bytes, *, durable: bool = True) -> None:
    """Replace ``path``'s content (text is written as UTF-8): temp file in the same directory, rename.

    The file keeps its permission bits (a new one gets 0o644); a crash leaves
    the old or the new file, never a truncated one. ``durable`` also syncs the
    data to disk before the rename: for the user's files, not for a cache.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = 0o644
    import tempfile  # only when writing: not on every start-up

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
