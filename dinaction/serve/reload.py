"""Reloading: when a routes or action file (or the configuration) changes, check the new set, then swap it in.

The files are polled every ``interval`` seconds, their content included: a
routes directory holds a handful of small files, and reading them costs less
than keeping a watcher thread, works the same on every file system (network
mounts, container volumes) and sees editors' save-by-rename. Size and times
alone would miss an edit of the same size made within one tick of the file
system's clock after the last look (the "racy" case git's index knows). A new set that does not
pass every check is not served: the last good one stays, and the log says why.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
from collections.abc import Iterable
from pathlib import Path

from dinaction.serve.app import LOG, RoutesApp, Snapshot
from dinaction.serve.load import Loaded, RoutesFileError, load_routes
from dinaction.usage import UsageError

__all__ = ["Fingerprint", "Reloader", "fingerprint"]

Fingerprint = tuple[tuple[str, int, int, bytes] | tuple[str], ...]


def fingerprint(paths: Iterable[Path]) -> Fingerprint:
    """What changes when any of ``paths`` is written, replaced, created or removed."""
    out: list[tuple[str, int, int, bytes] | tuple[str]] = []
    for path in paths:
        try:
            with open(path, "rb") as handle:
                stat = os.fstat(handle.fileno())
                digest = hashlib.blake2b(handle.read(), digest_size=16).digest()
        except OSError:
            out.append((str(path),))
            continue
        out.append((str(path), stat.st_ino, stat.st_size, digest))
    return tuple(out)


class Reloader:
    """Polls the files of a loaded routes set; swaps a new set into the app when it loads clean."""

    def __init__(self, loaded: Loaded, *, display: str, interval: float = 1.0) -> None:
        self.path = loaded.path
        self.display = display
        self.interval = interval
        self.watched = loaded.watched
        self.seen = fingerprint(self.watched)
        self._log = logging.getLogger(LOG)

    async def __call__(self, app: RoutesApp) -> None:
        """Run until cancelled (the app's lifespan ends)."""
        while True:
            await asyncio.sleep(self.interval)
            await self.check(app)

    async def check(self, app: RoutesApp) -> bool:
        """Reload if anything changed; whether a new set was swapped in."""
        now = fingerprint(self.watched)
        if now == self.seen:
            return False
        self.seen = now  # taken before reading: an edit during the load shows up at the next poll
        try:
            loaded = await asyncio.to_thread(_load, self.path, self.display)
        except UsageError as exc:
            self._log.error("reload failed, still serving the last good routes: %s", exc)
            return False
        # the new set may name other files: watch those from now on
        self.watched = loaded.watched
        self.seen = fingerprint(self.watched) if set(loaded.watched) != {Path(p[0]) for p in now} else now
        if loaded.routes is None:
            self._log.error("reload refused, still serving the last good routes: %s", RoutesFileError(loaded))
            return False
        app.swap(Snapshot.of(loaded.routes, self.display))
        self._log.info("reloaded %s: %d routes", self.display, len(loaded.routes.routes))
        return True


def _load(path: Path, display: str) -> Loaded:
    """Load and, when it can be served, compute the year's holidays (off the event loop)."""
    loaded = load_routes(path, display=display)
    if loaded.routes is not None:
        loaded.routes.warm()
    return loaded
