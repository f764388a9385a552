"""Reading what a run was given: regular files only, and never more than it can use.

A FIFO named ``*.din`` would block a plain ``open`` forever and ``/dev/zero``
never ends, so a document is opened without blocking, checked to be a regular
file on the descriptor it was opened as (no race with a rename in between),
and read up to a limit: ``max-file-size`` + 1 bytes tell a document that is
too large from one that is not, without reading the rest.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

__all__ = ["NotRegularFileError", "StatKey", "kind_of", "read_regular", "read_status"]

#: what a file's stat says of its content, for the cache: (size, mtime_ns, ctime_ns, inode)
StatKey = tuple[int, int, int, int]

#: no blocking open of a FIFO, no controlling terminal from a tty, no newline translation on
#: Windows (O_BINARY), no descriptor left to a child process
_READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_CLOEXEC", 0)
)
_CHUNK = 1 << 16


class NotRegularFileError(OSError):
    """A FIFO, socket, device or directory where a document was expected."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"{kind}, not a regular file: only regular files are read")
        self.kind = kind


def kind_of(mode: int) -> str:
    """What a file of this ``st_mode`` is, in words."""
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISDIR(mode):
        return "a directory"
    return "a regular file" if stat.S_ISREG(mode) else "a special file"


def read_regular(path: Path | str, limit: int) -> tuple[bytes, tuple[int, int]]:
    """At most ``limit`` bytes of the regular file ``path``, and its identity (device, inode).

    Raises NotRegularFileError for anything else, OSError when it cannot be read.
    The identity lets a later rewrite check that it replaces this very file.
    """
    data, status = read_status(path, limit)
    return data, (status.st_dev, status.st_ino)


def read_status(path: Path | str, limit: int) -> tuple[bytes, os.stat_result]:
    """At most ``limit`` bytes of the regular file ``path``, and its stat, taken before they were read.

    Raises NotRegularFileError for anything else, OSError when it cannot be read.
    A small file is read in one call: a regular file read short is at its end.
    """
    fd = os.open(path, _READ_FLAGS)
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise NotRegularFileError(kind_of(status.st_mode))
        wanted = min(limit, status.st_size + 1)
        data = os.read(fd, wanted)
        if len(data) == wanted and wanted < limit:  # grown since its stat: read on, up to the limit
            chunks = [data]
            left = limit - wanted
            while left > 0 and (chunk := os.read(fd, min(left, _CHUNK))):
                chunks.append(chunk)
                left -= len(chunk)
            data = b"".join(chunks)
    finally:
        os.close(fd)
    return data, status
