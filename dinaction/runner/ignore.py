"""``.gitignore`` and ``.ignore`` files, as a directory walk honours them (``respect-gitignore``).

They are read as git and ripgrep read them (ruff honours the same files, through
ripgrep's walker):

- ``.ignore`` files apply anywhere; ``.gitignore`` files, the repository's
  ``.git/info/exclude`` and the user's global excludes file (git's
  ``core.excludesFile``, by default ``~/.config/git/ignore``) only inside a git
  repository, and a nested repository starts afresh;
- a file applies to its directory and below; the files of the directories
  above a walk's root count too (up to the repository's root for git's);
- the deepest file with a line that matches decides, and in a file the last
  matching line (``!`` takes a path back); ``.ignore`` files come before
  ``.gitignore`` files, which come before the exclude file, then the global one.

Lines are matched by pathspec (``GitIgnoreSpec``) through the globs ``include``
and ``exclude`` use (``config.load.globs``). A directory the walk skips is not
entered, so nothing below it is taken back, as in git.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import NamedTuple

from dinaction.config.load import Globs, globs
from dinaction.runner.files import read_regular

__all__ = ["IGNORE_FILES", "Ignores", "Reader", "global_excludes_file"]

#: the ignore files of a directory, in the order they decide
IGNORE_FILES = (".ignore", ".gitignore")
#: larger ignore files are not read (and reported): they are a few lines
MAX_IGNORE_FILE = 1 << 22

#: reads an ignore file: its globs, or None when it has no lines (or cannot be read: the reader reports it)
Reader = Callable[[str], "Globs | None"]


class Level(NamedTuple):
    """The ignore files of one directory."""

    #: the directory, absolute, without a trailing separator (but ``/``)
    directory: str
    ignore: Globs | None
    #: None outside a git repository, and above a nested one
    gitignore: Globs | None

    def relative(self, absolute: str) -> str:
        """``absolute`` (a path below the directory) relative to it, in POSIX form."""
        return _relative(absolute, self.directory)


def _relative(absolute: str, directory: str) -> str:
    relative = absolute[len(directory) + (0 if directory.endswith(os.sep) else 1) :]
    return relative if os.sep == "/" else relative.replace(os.sep, "/")


class Ignores(NamedTuple):
    """What ignores a path in one directory of a walk: the levels above it (deepest first), the git files."""

    levels: tuple[Level, ...] = ()
    #: the git repository's root (absolute), None outside one
    repository: str | None = None
    #: the repository's ``.git/info/exclude``, then the global excludes file, relative to the repository
    git_files: tuple[Globs, ...] = ()

    def ignored(self, absolute: str, *, directory: bool = False) -> bool:
        """Whether the ignore files say the file (or ``directory``) at ``absolute`` is ignored."""
        for level in self.levels:
            if (
                level.ignore is not None
                and (verdict := _verdict(level.ignore, level.relative(absolute), directory)) is not None
            ):
                return verdict
        for level in self.levels:
            if (
                level.gitignore is not None
                and (verdict := _verdict(level.gitignore, level.relative(absolute), directory)) is not None
            ):
                return verdict
        if self.repository is not None and self.git_files:
            relative = _relative(absolute, self.repository)
            for spec in self.git_files:
                if (verdict := _verdict(spec, relative, directory)) is not None:
                    return verdict
        return False

    def enter(self, directory: str, names: Sequence[str] | set[str], read: Reader, git_files: GitFiles) -> Ignores:
        """The ignores inside ``directory`` (absolute), given the names in it."""
        here = self
        if ".git" in names:  # a repository's root: the git files above it stop here
            levels = tuple(level._replace(gitignore=None) for level in self.levels)
            here = Ignores(levels, directory, git_files.of(directory))
        ignore = read(os.path.join(directory, ".ignore")) if ".ignore" in names else None
        gitignore = None
        if here.repository is not None and ".gitignore" in names:
            gitignore = read(os.path.join(directory, ".gitignore"))
        if ignore is None and gitignore is None:
            return here
        return here._replace(levels=(Level(directory, ignore, gitignore), *here.levels))

    @classmethod
    def above(cls, directory: str, read: Reader, git_files: GitFiles) -> Ignores:
        """The ignores that the directories above ``directory`` (absolute) put on it."""
        parents: list[str] = []
        folder = directory
        while (parent := os.path.dirname(folder)) != folder:
            parents.append(parent)
            folder = parent
        repository = next((p for p in parents if os.path.lexists(os.path.join(p, ".git"))), None)
        ignores = cls()
        for parent in reversed(parents):  # from the top, as a walk would have come down
            names = [n for n in (".git", *IGNORE_FILES) if os.path.lexists(os.path.join(parent, n))]
            if parent != repository:
                names = [n for n in names if n != ".git"]
            if names:
                ignores = ignores.enter(parent, names, read, git_files)
        return ignores


def _verdict(spec: Globs, relative: str, directory: bool) -> bool | None:
    """True (ignored), False (taken back by `!`) or None (no line matches)."""
    if spec.union is not None:  # no `!` line: a match ignores
        return True if spec.matches(relative, directory=directory) else None
    include: bool | None = spec.spec.check_file(relative + "/" if directory else relative).include
    return include


class GitFiles:
    """The git excludes files of one run: each repository's, and the user's global one (read once)."""

    def __init__(self, read: Reader) -> None:
        self._read = read
        self._global: tuple[Globs, ...] | None = None

    def of(self, repository: str) -> tuple[Globs, ...]:
        """``info/exclude`` of the repository at ``repository``, then the global excludes file."""
        if self._global is None:
            path = global_excludes_file()
            found = self._read(path) if path is not None and os.path.isfile(path) else None
            self._global = () if found is None else (found,)
        exclude = os.path.join(_git_common_dir(repository), "info", "exclude")
        local = self._read(exclude) if os.path.isfile(exclude) else None
        return self._global if local is None else (local, *self._global)


def read_ignore_file(path: str, report: Callable[[str, str], None]) -> Globs | None:
    """An ignore file's globs (None: no lines); what cannot be read is reported and ignores nothing."""
    try:
        data, _ = read_regular(path, MAX_IGNORE_FILE + 1)
    except OSError as exc:
        report(path, f"cannot read the ignore file: {exc.strerror or exc}")
        return None
    if len(data) > MAX_IGNORE_FILE:
        report(path, f"an ignore file of more than {MAX_IGNORE_FILE:,} bytes: not read")
        return None
    lines = tuple(data.decode("utf-8", "surrogateescape").splitlines())
    if not any(line.strip() and not line.startswith("#") for line in lines):
        return None
    return globs(lines)


def _git_common_dir(repository: str) -> str:
    """The directory holding ``info/exclude``: ``.git``, or where a ``.git`` file (a worktree) points."""
    dot_git = os.path.join(repository, ".git")
    if not os.path.isfile(dot_git):
        return dot_git
    try:
        with open(dot_git, encoding="utf-8", errors="surrogateescape") as handle:
            first = handle.readline(4096).strip()
    except OSError:
        return dot_git
    if not first.startswith("gitdir:"):
        return dot_git
    git_dir = os.path.join(repository, first.removeprefix("gitdir:").strip())
    try:
        with open(os.path.join(git_dir, "commondir"), encoding="utf-8", errors="surrogateescape") as handle:
            return os.path.join(git_dir, handle.readline(4096).strip())
    except OSError:
        return git_dir


def global_excludes_file() -> str | None:
    """git's ``core.excludesFile``: from the system, XDG and home git configs, else ``~/.config/git/ignore``.

    Only ``excludesfile`` in the ``[core]`` section is read (no ``include``).
    """
    home = os.path.expanduser("~")
    xdg = os.environ.get("XDG_CONFIG_HOME") or os.path.join(home, ".config")
    value = None
    for config in ("/etc/gitconfig", os.path.join(xdg, "git", "config"), os.path.join(home, ".gitconfig")):
        found = _excludes_file_setting(config)
        if found is not None:
            value = found  # later files win, as in git
    if value:
        return os.path.expanduser(value)
    return os.path.join(xdg, "git", "ignore")


def _excludes_file_setting(config: str) -> str | None:
    try:
        data, _ = read_regular(config, MAX_IGNORE_FILE)
    except OSError:
        return None
    section = None
    value = None
    for raw in data.decode("utf-8", "surrogateescape").splitlines():
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("["):
            section = line[1:].partition("]")[0].strip().lower()
            continue
        key, sep, rest = line.partition("=")
        if section == "core" and sep and key.strip().lower() == "excludesfile":
            value = _config_value(rest)
    return value


def _config_value(raw: str) -> str:
    """A git config value: quotes removed, a comment (`#`, `;`) outside quotes cut off."""
    out: list[str] = []
    quoted = False
    for char in raw.strip():
        if char == '"':
            quoted = not quoted
        elif char in "#;" and not quoted:
            break
        else:
            out.append(char)
    return "".join(out).strip()
