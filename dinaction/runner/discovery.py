"""Finding the documents of a run: the paths named, the action files under directories, stdin.

Each directory is walked with the configuration that applies to it: its
``include`` picks files up and its ``exclude`` (one list, gitignore-style)
prunes files and whole directories. A file named on the command line is
always taken, unless ``force_exclude`` asks its configuration first (pre-commit
names every file). Each document is paired with its settings.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from dinaction.config import CONFIG_FILES, NO_OVERRIDES, Config, Overrides, config_for_path
from dinaction.settings import DEFAULT_SETTINGS, Settings
from dinaction.usage import UsageError

__all__ = [
    "STDIN",
    "Found",
    "Scope",
    "Source",
    "StatKey",
    "Unreadable",
    "find_documents",
    "find_sources",
    "read_document",
]

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
    #: the file, as an absolute path (None for stdin)
    path: str | None
    settings: Settings = DEFAULT_SETTINGS
    #: where its cache entries go (the directory of its configuration); None: not cached
    cache_root: Path | None = None


class Found(NamedTuple):
    """A document found but not read yet: how it is shown, its absolute path, its settings.

    A walk finds many; the cache may answer for a file without reading it, and
    worker processes read their share of the rest themselves.
    """

    display: str
    path: str
    settings: Settings
    cache_root: Path


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
    found, unreadable = find_documents(paths, scope, stdin, stdin_name)
    sources: list[Source] = []
    for item in found:
        if isinstance(item, Source):
            sources.append(item)
            continue
        try:
            data, _ = read_document(item.path)
        except OSError as exc:
            unreadable.append(Unreadable(item.display, exc.strerror or str(exc)))
            continue
        sources.append(Source(item.display, data, item.path, item.settings, item.cache_root))
    return sources, unreadable


def find_documents(
    paths: Sequence[str],
    scope: Scope,
    stdin: bytes | None = None,
    stdin_name: str = "<stdin>",
) -> tuple[list[Found | Source], list[Unreadable]]:
    """Every named document, in order, not read yet (stdin's is: a ``Source``); and what could not be found.

    Like ``find_sources``, without reading the files: a run may answer for
    some from the cache, and reads the others where it lints them.
    """
    found: list[Found | Source] = []
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
            found.append(Source(stdin_name, stdin or b"", None, config.settings_for(named)))
            continue
        for item in _walk(raw, scope):
            if item.path not in seen:
                seen.add(item.path)
                found.append(item)
    return found, []


def _walk(raw: str, scope: Scope) -> list[Found]:
    """The files ``raw`` names: itself, or the action files under it; each with its configuration."""
    root = Path(raw)
    if not root.exists():
        raise UsageError(f"{raw}: no such file or directory")
    if not root.is_dir():
        config = scope.config(root)
        if scope.force_exclude and config.excluded.matches(config.relative(root)):
            return []
        absolute = os.path.abspath(root)
        if scope.only is None or Path(absolute) in scope.only:
            return [Found(str(root), absolute, config.settings_for(root), config.root)]
        return []
    config = scope.config(root)
    if scope.force_exclude and config.excluded.matches(config.relative(root), directory=True):
        return []
    return _walk_tree(str(root), os.path.abspath(root), config, scope)


def _walk_tree(shown: str, absolute: str, config: Config, scope: Scope) -> list[Found]:
    """The action files under a directory, in the order of a sorted top-down walk.

    With ``os.scandir``, and no ``Path`` per file: a tree of many small files
    costs its walk more than its linting otherwise. A directory's configuration
    is its parent's unless it holds a configuration file of its own, so
    discovery runs once per directory that may have one, not once per file.
    """
    found: list[Found] = []
    only = scope.only
    # (how the directory is shown, its absolute path, its configuration, its path relative to that + "/")
    stack: list[tuple[str, str, Config, str | None]] = [(shown, absolute, config, None)]
    while stack:
        shown, absolute, config, prefix = stack.pop()
        try:
            with os.scandir(absolute) as listing:
                entries = sorted(listing, key=_name)
        except OSError:
            continue  # a directory that cannot be listed holds nothing to lint (as os.walk had it)
        if prefix is None or any(entry.name in CONFIG_FILES for entry in entries):
            here = Path(absolute)
            config = scope.config(here) if prefix is not None else config
            base = config.relative(here)
            prefix = "" if base == "." else base + "/"
        shown_prefix = "" if shown == "." else shown + os.sep
        included, excluded = config.included, config.excluded
        # the globs' one pattern, searched directly (``Globs.matches`` without its cases for other paths)
        include, exclude = included.union, excluded.union
        settings, root = config.settings, config.root
        below = []
        for entry in entries:
            name = entry.name
            rel = prefix + name
            if _is_directory(entry):
                if not entry.is_symlink() and not excluded.matches(rel, directory=True):
                    below.append((shown_prefix + name, entry.path, config, rel + "/"))
                continue
            if include is not None and exclude is not None and rel[0] not in "./":
                if include.search(rel) is None or exclude.search(rel) is not None:
                    continue
            elif not included.matches(rel) or excluded.matches(rel):
                continue
            path = entry.path
            if only is not None and Path(path) not in only:
                continue
            if config.per_file_ignores:
                found.append(Found(shown_prefix + name, path, config.settings_for(Path(path), rel), root))
            else:
                found.append(Found(shown_prefix + name, path, settings, root))
        stack.extend(reversed(below))
    return found


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name


def _is_directory(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


#: no newline translation on Windows (O_BINARY); nothing to add elsewhere
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0)


#: what a document's stat says of its content, for the cache: (size, mtime_ns, ctime_ns, inode)
StatKey = tuple[int, int, int, int]


def read_document(path: str) -> tuple[bytes, StatKey]:
    """The bytes of the file at ``path``, read to its end, and its stat, taken before reading them.

    With ``os.open``/``os.read`` rather than a file object: action files are
    small, and the buffered file object around each costs more than reading
    it. The stat comes first, so that an edit while the file is read makes it
    newer than what the cache records of it, never older.
    """
    fd = os.open(path, _READ_FLAGS)
    try:
        info = os.fstat(fd)
        wanted = info.st_size + 1
        data = os.read(fd, wanted)
        # a regular file read short is read to its end; anything else (or a file grown since) is read on
        if len(data) == wanted or not stat.S_ISREG(info.st_mode):
            chunks = [data]
            while chunk := os.read(fd, 65536):
                chunks.append(chunk)
            data = b"".join(chunks)
    finally:
        os.close(fd)
    return data, (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
