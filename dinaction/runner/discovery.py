"""Finding the documents of a run: the paths named, the action files under directories, stdin.

Each directory is walked with the configuration that applies to it: its
``include`` picks files up and its ``exclude`` (one list, gitignore-style)
prunes files and whole directories, and so do ``.gitignore`` and ``.ignore``
files (``ignore``) unless ``respect-gitignore`` is off. Given a way to
recognise routes files (``serve``'s, from the front door: the runner sits
below serve), a walk picks them up too, to be linted as such. A file named on the command
line is always taken, unless ``force_exclude`` asks its configuration and
ignore files first (pre-commit names every file). Each document is paired
with its settings.

Only regular files are read, and at most ``max-file-size`` + 1 bytes of each
(``files``). A walk skips FIFOs, sockets and devices, and does not follow a
link to a directory; a link to a regular file is read. What cannot be read —
a link to nothing, a directory that cannot be listed, a file that cannot be
opened, a FIFO or device named on the command line — is an ``Unreadable``
(one line), and the run goes on with everything else.

A run finds its documents first (``find_documents``) and reads them where it
lints them (``workers``): the cache answers for some without reading them,
and worker processes read their own share of the rest. The walk works with
strings from ``os.scandir`` (no ``Path`` per file), and a directory takes its
parent's configuration unless it holds a configuration file of its own.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, NamedTuple

from dinaction.config import NO_OVERRIDES, Config, Overrides, config_for_path
from dinaction.config.discovery import CONFIG_FILES
from dinaction.runner.atomic import is_temporary
from dinaction.runner.files import NotRegularFileError, StatKey, kind_of, read_status
from dinaction.runner.ignore import GitFiles, Ignores, read_ignore_file
from dinaction.settings import DEFAULT_SETTINGS, Settings
from dinaction.usage import UsageError

if TYPE_CHECKING:
    from dinaction.config.load import Globs

__all__ = [
    "STDIN",
    "Document",
    "Found",
    "Reader",
    "Scope",
    "Source",
    "StatKey",
    "Unreadable",
    "find_documents",
    "find_sources",
]

#: the path that stands for standard input
STDIN = "-"


class Scope(NamedTuple):
    """Which files a run covers and how each is configured: the command line's say over the config files."""

    isolated: bool = False
    overrides: Overrides = NO_OVERRIDES
    #: apply `exclude` and the ignore files to files named on the command line too (pre-commit names every file)
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
    #: (device, inode) of the file read: a rewrite replaces this file or nothing
    identity: tuple[int, int] | None = None
    #: a routes file (``dinaction serve``'s): linted as one, never fixed
    routes: bool = False

    @property
    def complete(self) -> bool:
        """Whether ``data`` is the whole document: reading stops past ``max-file-size``, and a part is never written."""
        return len(self.data) <= self.settings.max_file_size


class Unreadable(NamedTuple):
    """A file that was found but could not be read, and why (one line)."""

    display: str
    reason: str

    def __str__(self) -> str:
        from dinaction.reporters import safe_text

        return f"{safe_text(self.display)}: {self.reason}"


class Found(NamedTuple):
    """A document found by a walk (or named) but not read yet: how it is shown, where it is, its settings.

    A walk finds many; the cache may answer for a file without reading it, and
    worker processes read their share of the rest themselves.
    """

    display: str
    #: the file, as an absolute path
    path: str
    settings: Settings
    #: where its cache entries go (the directory of its configuration)
    cache_root: Path
    #: a routes file (``dinaction serve``'s): linted as one, never fixed
    routes: bool = False
    #: named on the command line: if it is no regular file when read, it is reported, not skipped
    named: bool = False


#: how a document is read: (path, limit) → (its bytes, its stat for the cache, its identity)
Reader = Callable[[str, int], tuple[bytes, StatKey, tuple[int, int]]]

#: what a run finds, in order: documents to read, documents read (stdin) and what could not be read
Document = Found | Source | Unreadable


def find_sources(
    paths: Sequence[str],
    scope: Scope,
    stdin: bytes | BinaryIO | None = None,
    stdin_name: str = "<stdin>",
    *,
    routes: Callable[[Path], bool] | None = None,
) -> tuple[list[Source], list[Unreadable]]:
    """Every named document, read, with its settings; and what could not be read.

    ``-`` stands for ``stdin`` (bytes, or a stream read up to the document's
    ``max-file-size`` + 1 bytes); a stdin document named by ``stdin_name`` gets
    that file's settings. ``routes`` recognises routes files, to take them
    too (a lint does; the formatter has nothing to do with them). A named path
    that does not exist is a UsageError.
    """
    sources: list[Source] = []
    unreadable: list[Unreadable] = []
    for item in find_documents(paths, scope, stdin, stdin_name, routes=routes):
        if isinstance(item, Found):
            read = read_found(item)
            if isinstance(read, Unreadable):
                unreadable.append(read)
            elif read is not None:
                sources.append(read[0])
        elif isinstance(item, Source):
            sources.append(item)
        else:
            unreadable.append(item)
    return sources, unreadable


def read_found(item: Found, read: Reader | None = None) -> tuple[Source, StatKey] | Unreadable | None:
    """A found document read (at most ``max-file-size`` + 1 bytes), with its stat; or why it could not be.

    None: a walk's file that is no longer a regular file (it changed since the walk; skipped).
    ``read``: how it is read (``read_document``).
    """
    try:
        data, status, identity = (read_document if read is None else read)(item.path, item.settings.max_file_size + 1)
    except NotRegularFileError as exc:
        return Unreadable(item.display, str(exc)) if item.named else None
    except OSError as exc:
        return Unreadable(item.display, f"cannot read: {exc.strerror or exc}")
    return Source(item.display, data, item.path, item.settings, item.cache_root, identity, item.routes), status


def find_documents(
    paths: Sequence[str],
    scope: Scope,
    stdin: bytes | BinaryIO | None = None,
    stdin_name: str = "<stdin>",
    *,
    routes: Callable[[Path], bool] | None = None,
) -> list[Document]:
    """What ``find_sources`` finds, in order, without reading the files (stdin's document is read).

    What could not be read stands where the walk met it, among the documents.
    """
    found: list[Document] = []
    walker = _Walker(scope, found, routes=routes)
    seen: set[str] = set()
    for raw in paths:
        if raw == STDIN:
            named = Path(stdin_name)
            config = scope.config(named)
            if scope.force_exclude and not stdin_name.startswith("<") and walker.excluded(named, config):
                continue
            settings = config.settings_for(named)
            data = (
                stdin if isinstance(stdin, bytes) else b"" if stdin is None else stdin.read(settings.max_file_size + 1)
            )
            found.append(Source(stdin_name, data, None, settings))
            continue
        for item in walker.named(raw):
            if item.path in seen:
                continue
            seen.add(item.path)
            found.append(item)
    return found


class _Walker:
    """The walks of one run: where what it finds goes, and the ignore files read so far."""

    def __init__(self, scope: Scope, found: list[Document], *, routes: Callable[[Path], bool] | None = None) -> None:
        self.scope = scope
        self.routes = routes
        self.found = found
        self._git_files: GitFiles | None = None

    def report(self, display: str, reason: str) -> None:
        self.found.append(Unreadable(display, reason))

    # --- ignore files ------------------------------------------------------------------------------

    def _read(self, path: str) -> Globs | None:
        return read_ignore_file(path, self.report)

    @property
    def git_files(self) -> GitFiles:
        if self._git_files is None:
            self._git_files = GitFiles(self._read)
        return self._git_files

    def excluded(self, path: Path, config: Config, *, directory: bool = False) -> bool:
        """Whether ``exclude`` or (``respect-gitignore``) an ignore file skips a path named on the command line."""
        if config.excluded.matches(config.relative(path), directory=directory):
            return True
        if not config.respect_gitignore:
            return False
        absolute = os.path.abspath(path)
        above = Ignores.above(absolute, self._read, self.git_files)
        return above.ignored(absolute, directory=directory)

    # --- walking -----------------------------------------------------------------------------------

    def named(self, raw: str) -> Iterator[Found]:
        """The files ``raw`` names: itself, or what a walk finds under it; each with its configuration."""
        root = Path(raw)
        try:
            mode = os.stat(root).st_mode
        except FileNotFoundError:
            if not os.path.lexists(root):
                raise UsageError(f"{raw}: no such file or directory") from None
            self.report(str(root), "a symbolic link to a file that does not exist")
            return
        except OSError as exc:
            self.report(str(root), f"cannot read: {exc.strerror or exc}")
            return
        only = self.scope.only
        if not stat.S_ISDIR(mode):
            config = self.scope.config(root)
            if self.scope.force_exclude and self.excluded(root, config):
                return
            absolute = os.path.abspath(root)
            if only is not None and Path(absolute) not in only:
                return
            if not stat.S_ISREG(mode):
                self.report(str(root), str(NotRegularFileError(kind_of(mode))))
                return
            settings = config.settings_for(root)
            yield Found(str(root), absolute, settings, config.root, self._is_routes_file(root.name, root), True)
            return
        config = self.scope.config(root)
        if self.scope.force_exclude and self.excluded(root, config, directory=True):
            return
        yield from self._walk(str(root), config)

    def _walk(self, shown: str, config: Config) -> Iterator[Found]:
        """The documents under the directory ``shown``, in the order of a sorted top-down walk.

        With ``os.scandir`` and strings, no ``Path`` per file. A directory's
        configuration is its parent's unless it holds a configuration file of
        its own, so discovery runs once per directory that may have one.
        """
        absolute = os.path.abspath(shown)
        ignores = Ignores.above(absolute, self._read, self.git_files)
        if ignores.ignored(absolute, directory=True):
            # named on the command line, so wanted: its own ignore files apply, not those that ignore it
            ignores = Ignores(repository=ignores.repository)
        only = self.scope.only
        # (how the directory is shown, its absolute path, the ignores above it, its configuration and its
        # path relative to that with a trailing "/"; None: the configuration is to be looked up)
        stack: list[tuple[str, str, Ignores, Config, str | None]] = [(shown, absolute, ignores, config, None)]
        while stack:
            here, here_absolute, above, config, prefix = stack.pop()
            entries = self._list(here, here_absolute)
            if entries is None:
                continue
            names = {entry.name for entry in entries}
            if prefix is None or not names.isdisjoint(CONFIG_FILES):
                config, prefix = self._configured(here)
            shown_prefix = "" if here == "." else here if here.endswith(os.sep) else here + os.sep
            included, excluded = config.included, config.excluded
            settings, root, per_file = config.settings, config.root, bool(config.per_file_ignores)
            ignores = (
                above.enter(here_absolute, names, self._read, self.git_files) if _may_ignore(names, above) else above
            )
            respect = config.respect_gitignore and bool(ignores.levels or ignores.git_files)
            below = []
            for entry in entries:
                name = entry.name
                if is_temporary(name):  # a rewrite's own temporary file, never a document
                    continue
                rel = prefix + name
                if _is_directory(entry):
                    if excluded.matches(rel, directory=True):
                        continue
                    entry_absolute = entry.path
                    if respect and ignores.ignored(entry_absolute, directory=True):
                        continue
                    below.append((shown_prefix + name, entry_absolute, ignores, config, rel + "/"))
                    continue
                display = shown_prefix + name
                routes = name.endswith(".toml") and self._is_routes_file(name, Path(display))
                if not (not excluded.matches(rel) if routes else _picked(rel, included, excluded)):
                    continue
                entry_absolute = entry.path
                if respect and ignores.ignored(entry_absolute):
                    continue
                if only is not None and Path(entry_absolute) not in only:
                    continue
                if self._regular(entry, display):
                    if per_file:
                        settings = config.settings_for(Path(display), rel)
                    yield Found(display, entry_absolute, settings, root, routes)
            stack.extend(reversed(below))

    def _list(self, here: str, here_absolute: str) -> list[os.DirEntry[str]] | None:
        """A directory's entries, sorted by name; None (reported) when it cannot be listed."""
        try:
            with os.scandir(here_absolute) as listing:
                return sorted(listing, key=_name)
        except OSError as exc:
            self.report(here, f"cannot list the directory: {exc.strerror or exc}")
            return None

    def _configured(self, here: str) -> tuple[Config, str]:
        """The configuration of a directory, and the directory's path relative to its root, with a trailing ``/``."""
        folder = Path(here)
        config = self.scope.config(folder)
        base = config.relative(folder)
        return config, "" if base == "." else base + "/"

    def _is_routes_file(self, name: str, path: Path) -> bool:
        """Whether ``path`` is a routes file; only TOML files other than configurations are asked about."""
        return self.routes is not None and name.endswith(".toml") and name not in CONFIG_FILES and self.routes(path)

    def _regular(self, entry: os.DirEntry[str], display: str) -> bool:
        """Whether a walk reads this entry: a regular file, or a link to one (a broken link is reported)."""
        try:
            if not entry.is_symlink():
                return entry.is_file(follow_symlinks=False)  # FIFOs, sockets, devices: skipped
            mode = os.stat(entry.path).st_mode
        except FileNotFoundError:
            self.report(display, "a symbolic link to a file that does not exist")
            return False
        except OSError as exc:
            self.report(display, f"cannot read: {exc.strerror or exc}")
            return False
        return stat.S_ISREG(mode)  # a link to a directory is not followed, one to a special file not read


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name


def _picked(rel: str, included: Globs, excluded: Globs) -> bool:
    """Whether a walk takes the file at ``rel``: ``include`` matches it and ``exclude`` does not."""
    include, exclude = included.union, excluded.union
    if include is not None and exclude is not None and rel[0] not in "./":
        # a walk's path: each list's one pattern, searched directly (``Globs.matches`` without its other cases)
        return include.search(rel) is not None and exclude.search(rel) is None
    return included.matches(rel) and not excluded.matches(rel)


def _is_directory(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _may_ignore(names: set[str], above: Ignores) -> bool:
    return ".git" in names or ".ignore" in names or (above.repository is not None and ".gitignore" in names)


def read_document(path: str, limit: int) -> tuple[bytes, StatKey, tuple[int, int]]:
    """At most ``limit`` bytes of the regular file at ``path``, its stat for the cache and its identity.

    The stat is taken before the bytes are read, so that an edit while the
    file is read makes it newer than what the cache records of it, never older.
    Raises NotRegularFileError for anything but a regular file, OSError when it cannot be read.
    """
    data, status = read_status(path, limit)
    return data, (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino), (status.st_dev, status.st_ino)
