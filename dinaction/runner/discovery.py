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
from dinaction.runner.files import NotRegularFileError, kind_of, read_regular
from dinaction.runner.ignore import GitFiles, Ignores, read_ignore_file
from dinaction.settings import DEFAULT_SETTINGS, Settings
from dinaction.usage import UsageError

if TYPE_CHECKING:
    from dinaction.config.load import Globs

__all__ = ["STDIN", "Scope", "Source", "Unreadable", "find_sources"]

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
    path: Path | None  # None for stdin
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
    walker = _Walker(scope, routes=routes)
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
            sources.append(Source(stdin_name, data, None, settings))
            continue
        for path, absolute, config, rel, is_routes in walker.named(raw):
            if absolute in seen:
                continue
            seen.add(absolute)
            settings = config.settings_for(path, rel)
            try:
                data, identity = read_regular(path, settings.max_file_size + 1)
            except NotRegularFileError as exc:
                if rel is None:  # named: say why it is not read; found by a walk: it changed since, skip it
                    walker.report(str(path), str(exc))
                continue
            except OSError as exc:
                walker.report(str(path), f"cannot read: {exc.strerror or exc}")
                continue
            sources.append(Source(str(path), data, path, settings, config.root, identity, is_routes))
    return sources, walker.unreadable


#: what a walk yields: the file, its absolute path, its configuration, its path relative to that
#: (None: named on the command line), and whether it is a routes file
_Found = tuple[Path, str, Config, "str | None", bool]


class _Walker:
    """The walks of one run: what could not be read, and the ignore files read so far."""

    def __init__(self, scope: Scope, *, routes: Callable[[Path], bool] | None = None) -> None:
        self.scope = scope
        self.routes = routes
        self.unreadable: list[Unreadable] = []
        self._git_files: GitFiles | None = None

    def report(self, display: str, reason: str) -> None:
        self.unreadable.append(Unreadable(display, reason))

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

    def named(self, raw: str) -> Iterator[_Found]:
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
            if only is not None and Path(os.path.abspath(root)) not in only:
                return
            if not stat.S_ISREG(mode):
                self.report(str(root), str(NotRegularFileError(kind_of(mode))))
                return
            yield root, os.path.abspath(root), config, None, self._is_routes_file(root)
            return
        config = self.scope.config(root)
        if self.scope.force_exclude and self.excluded(root, config, directory=True):
            return
        yield from self._walk(root)

    def _walk(self, root: Path) -> Iterator[_Found]:
        """The documents under the directory ``root``, in the order of a sorted top-down walk."""
        absolute = os.path.abspath(root)
        ignores = Ignores.above(absolute, self._read, self.git_files)
        if ignores.ignored(absolute, directory=True):
            # named on the command line, so wanted: its own ignore files apply, not those that ignore it
            ignores = Ignores(repository=ignores.repository)
        only = self.scope.only
        stack = [(root, absolute, ignores)]
        while stack:
            here, here_absolute, above = stack.pop()
            try:
                with os.scandir(here) as listing:
                    entries = sorted(listing, key=lambda entry: entry.name)
            except OSError as exc:
                self.report(str(here), f"cannot list the directory: {exc.strerror or exc}")
                continue
            config = self.scope.config(here)
            base = config.relative(here)
            prefix = "" if base == "." else base + "/"
            included, excluded = config.included, config.excluded
            names = {entry.name for entry in entries}
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
                    entry_absolute = os.path.join(here_absolute, name)
                    if respect and ignores.ignored(entry_absolute, directory=True):
                        continue
                    below.append((here / name, entry_absolute, ignores))
                    continue
                routes = name.endswith(".toml") and self._is_routes_file(here / name)
                if not (routes or included.matches(rel)) or excluded.matches(rel):
                    continue
                path = here / name
                entry_absolute = os.path.join(here_absolute, name)
                if respect and ignores.ignored(entry_absolute):
                    continue
                if only is not None and Path(entry_absolute) not in only:
                    continue
                if self._regular(entry, path):
                    yield path, entry_absolute, config, rel, routes
            stack.extend(reversed(below))

    def _is_routes_file(self, path: Path) -> bool:
        """Whether ``path`` is a routes file; only TOML files other than configurations are asked about."""
        return (
            self.routes is not None
            and path.name.endswith(".toml")
            and path.name not in CONFIG_FILES
            and self.routes(path)
        )

    def _regular(self, entry: os.DirEntry[str], path: Path) -> bool:
        """Whether a walk reads this entry: a regular file, or a link to one (a broken link is reported)."""
        try:
            if not entry.is_symlink():
                return entry.is_file(follow_symlinks=False)  # FIFOs, sockets, devices: skipped
            mode = os.stat(entry.path).st_mode
        except FileNotFoundError:
            self.report(str(path), "a symbolic link to a file that does not exist")
            return False
        except OSError as exc:
            self.report(str(path), f"cannot read: {exc.strerror or exc}")
            return False
        return stat.S_ISREG(mode)  # a link to a directory is not followed, one to a special file not read


def _is_directory(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _may_ignore(names: set[str], above: Ignores) -> bool:
    return ".git" in names or ".ignore" in names or (above.repository is not None and ".gitignore" in names)
