"""Rewriting a file without ever losing it: a temporary file beside it, then one rename.

- A symbolic link is written through: the file it leads to is replaced and the
  link stays a link. A file that is not regular (a device, a FIFO, what
  ``/dev/stdin`` leads to) is never replaced.
- The new file keeps the old one's permission bits, owner and group. Where
  that cannot be done (another user's file, as that user's group is not ours),
  or the directory is not writable, the file is not written (``ReplaceError``):
  a write in place is the only other way, and a crash in the middle of one
  leaves half a file, which is the one thing this module exists to prevent.
- The temporary file is ``.NAME.dinaction-tmp``: no glob of action files
  matches it and a walk skips it (``is_temporary``). SIGINT, SIGTERM and SIGHUP
  wait until the write is done, so only SIGKILL or a crash leaves one behind;
  the writer holds a lock on it, and the next write of the same file removes a
  leftover that nobody holds.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from dinaction.runner.files import kind_of

__all__ = ["TEMPORARY_SUFFIX", "ReplaceError", "is_temporary", "write_atomic"]

#: the end of a temporary file's name (never `.din`: no include glob of action files matches it)
TEMPORARY_SUFFIX = ".dinaction-tmp"
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
#: the signals a write holds back until it is done (a terminal's ^C, a CI runner's timeout, a closed terminal)
_HELD = ("SIGINT", "SIGTERM", "SIGHUP")


class ReplaceError(OSError):
    """A file that is not rewritten, and why (one line)."""


def is_temporary(name: str) -> bool:
    """Whether a file name is that of a rewrite's temporary file."""
    return name.endswith(TEMPORARY_SUFFIX)


def write_atomic(
    path: Path, content: str | bytes, *, durable: bool = True, expect: tuple[int, int] | None = None
) -> None:
    """Replace the content of ``path`` (text is written as UTF-8), or of the file a link at ``path`` leads to.

    A crash leaves the old or the new file, never a truncated one. ``durable``
    also syncs the data to disk before the rename: for the user's files, not
    for a cache. ``expect`` is the (device, inode) the file had when it was
    read: a file replaced since is not overwritten. Raises ReplaceError (or
    another OSError) when the file is not written; it is then untouched.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    target = Path(os.path.realpath(path))
    try:
        old: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        old = None
    if old is not None and not stat.S_ISREG(old.st_mode):
        raise ReplaceError(f"it is {kind_of(old.st_mode)}, which is never replaced")
    if expect is not None and (old is None or (old.st_dev, old.st_ino) != expect):
        raise ReplaceError("the file was replaced or moved since it was read: run again")
    with _signals_held():
        fd, temp = _create(target)
        try:
            with os.fdopen(fd, "wb") as handle:
                _keep_owner_and_mode(handle.fileno(), old)
                handle.write(data)
                handle.flush()
                if durable:
                    os.fsync(handle.fileno())
                os.replace(temp, target)  # still open, so still locked: no other write takes it for stale
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)
            raise


def _create(target: Path) -> tuple[int, Path]:
    """The temporary file beside ``target``, created and locked; a stale one of an earlier write removed."""
    temp = target.with_name(f".{target.name}{TEMPORARY_SUFFIX}")
    try:
        try:
            fd = os.open(temp, _CREATE, 0o600)
        except FileExistsError:
            if not _stale(temp):  # another process writes this file right now: both renames are whole
                temp = target.with_name(f".{target.name}.{os.urandom(4).hex()}{TEMPORARY_SUFFIX}")
            else:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(temp)
            fd = os.open(temp, _CREATE, 0o600)
    except PermissionError as exc:
        where = target.parent
        raise ReplaceError(
            f"cannot create a file in {where} ({exc.strerror}): a file is rewritten through a new file beside it"
        ) from None
    _lock(fd)
    return fd, temp


def _stale(temp: Path) -> bool:
    """Whether a leftover temporary file is one that no running write holds (the writer was killed)."""
    try:
        fd = os.open(temp, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return True
    except OSError:  # a link, or not ours to read: leave it, write beside it
        return False
    try:
        return _lock(fd, wait=False)
    finally:
        os.close(fd)


def _lock(fd: int, *, wait: bool = True) -> bool:
    """Lock ``fd`` for as long as it is open; False when another process holds it (``wait=False``)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX: no locks, leftovers stay (a walk skips them)
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except OSError:
        return False
    return True


def _keep_owner_and_mode(fd: int, old: os.stat_result | None) -> None:
    """The temporary file gets the owner, group and permission bits of the file it replaces."""
    if old is None:
        os.fchmod(fd, 0o644)
        return
    mine = os.fstat(fd)
    if (mine.st_uid, mine.st_gid) != (old.st_uid, old.st_gid):
        try:
            os.fchown(fd, old.st_uid, old.st_gid)
        except PermissionError:
            raise ReplaceError(
                f"it belongs to user {old.st_uid}, group {old.st_gid}: a rewrite by this user"
                f" (user {mine.st_uid}) would change that; run as its owner"
            ) from None
    os.fchmod(fd, stat.S_IMODE(old.st_mode))  # after chown, which clears set-id bits


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """SIGINT, SIGTERM and SIGHUP wait until the block ends (then arrive as they would have)."""
    import signal  # only when writing

    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - not on POSIX
        yield
        return
    held = {getattr(signal, name) for name in _HELD if hasattr(signal, name)}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
