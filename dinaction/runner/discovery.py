"""Finding the documents of a run: the paths named, the action files under directories, stdin.

Each directory is walked with the configuration that applies to it: its
``include`` picks files up and its ``exclude`` (one list, gitignore-style)
prunes files and whole directories. A file named on the command line is
always taken, unless ``force_exclude`` asks its configuration first (pre-commit
names every file). Each document is paired with its settings.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

from dinaction.config import NO_OVERRIDES, Config, Overrides, config_for_path
from dinaction.settings import DEFAULT_SETTINGS, Settings
from dinaction.usage import UsageError

__all__ = ["STDIN", "Scope", "Source", "Unreadable", "find_sources"]

#: the path that stands for standard input
STDIN = "-"


class Scope(NamedTuple):
    """Which files a run covers and how each is configured: the command line's say over the config files."""

    isolated: bool = False
    overrides: Overrides = NO_OVERRIDES
    #: apply `exclude` to files named on the command line too (pre-commit names every file)
    force_exclude: bool = False
    #: only these files (absolute paths), e.g. those changed since a git revision
    only: frozenset[Path] | None = None

    def config(self, path: Path) -> Config:
        return config_for_path(path, isolated=self.isolated, overrides=self.overrides)


class Source(NamedTuple):
    """A document to work on: where it is shown as, its bytes and its settings."""

    display: str
    data: bytes
    path: Path | None  # None for stdin
    settings: Settings = DEFAULT_SETTINGS
    #: where its cache entries go (the directory of its configuration); None: not cached
    cache_root: Path | None = None


class Unreadable(NamedTuple):
    """A file that was found but could not be read, and why (one line)."""

    display: str
    reason: str

    def __str__(self) -> str:
        return f"{self.display}: cannot read: {self.reason}"


def find_sources(
    paths: Sequence[str],
    scope: Scope,
    stdin: bytes | None = None,
    stdin_name: str = "<stdin>",
) -> tuple[list[Source], list[Unreadable]]:
    """Every named document, read, with its settings; and the files that could not be read.

    ``-`` stands for ``stdin``; a stdin document named by ``stdin_name`` gets
    that file's settings. A named path that does not exist is a UsageError.
    """
    sources: list[Source] = []
    unreadable: list[Unreadable] = []
    seen: set[str] = set()
    for raw in paths:
        if raw == STDIN:
            named = Path(stdin_name)
            config = scope.config(named)
            if (
                scope.force_exclude
                and not stdin_name.startswith("<")
                and config.excluded.matches(config.relative(named))
            ):
                continue
            sources.append(Source(stdin_name, stdin or b"", None, config.settings_for(named)))
            continue
        for path, config, rel in _walk(raw, scope):
            if (key := os.path.abspath(path)) in seen:
                continue
            seen.add(key)
            try:
                data = read_bytes(path)
            except OSError as exc:
                unreadable.append(Unreadable(str(path), exc.strerror or str(exc)))
                continue
            sources.append(Source(str(path), data, path, config.settings_for(path, rel), config.root))
    return sources, unreadable


def _walk(raw: str, scope: Scope) -> Iterator[tuple[Path, Config, str | None]]:
    """The files ``raw`` names: itself, or the action files under it; each with its configuration."""
    root = Path(raw)
    if not root.exists():
        raise UsageError(f"{raw}: no such file or directory")
    if not root.is_dir():
        config = scope.config(root)
        if scope.force_exclude and config.excluded.matches(config.relative(root)):
            return
        if scope.only is None or Path(os.path.abspath(root)) in scope.only:
            yield root, config, None
        return
    if scope.force_exclude:
        config = scope.config(root)
        if config.excluded.matches(config.relative(root), directory=True):
            return
    only = scope.only
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        config = scope.config(here)
        base = config.relative(here)
        prefix = "" if base == "." else base + "/"
        included, excluded = config.included, config.excluded
        dirnames[:] = sorted(d for d in dirnames if not excluded.matches(prefix + d, directory=True))
        for name in sorted(filenames):
            rel = prefix + name
            if not included.matches(rel) or excluded.matches(rel):
                continue
            path = here / name
            if only is None or Path(os.path.abspath(path)) in only:
                yield path, config, rel


#: no newline translation on Windows (O_BINARY); nothing to add elsewhere
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0)


def read_bytes(path: Path) -> bytes:
    """The bytes of ``path``, read to its end.

    With ``os.read`` rather than ``Path.read_bytes``: action files are small,
    and the buffered file object around each costs more than reading it.
    """
    fd = os.open(path, _READ_FLAGS)
    try:
        chunks = []
        while chunk := os.read(fd, 65536):
            chunks.append(chunk)
    finally:
        os.close(fd)
    return b"".join(chunks)
