"""Lint results cached on disk, so that a re-run over a large tree reads only what changed.

An entry is found by the file's path and the settings it is linted with, and
is valid while the file's stat says it has not changed, as git's index does:
the size, the modification and status-change times (nanoseconds) and the
inode recorded when the file was read must all be the same. A rewrite changes
the status-change time even when it restores the modification time (``cp -p``,
``rsync -t``, ``touch -d``), and a file replaced by another (an editor's
atomic save) has another inode.

What the stat cannot show is a rewrite of the same size within the
filesystem's timestamp granularity (up to 2 s on FAT, 1 s on ext3 and HFS+)
of the time recorded. So an entry whose file was changed close to when it was
read ("racily clean", git's racy-git rule: its times are not older than the
run's start, less that granularity) is checked against its content whenever
it is used, until a later run sees the file old enough to trust its stat.

An entry keeps the text of a small UTF-8 file, so that a hit needs no read at
all; of other files it keeps a digest of the content. The cache as a whole is
tied to the dinaction version and a digest of dinaction's own code and
grammar: an upgrade or an edited rule is a miss. The cache is written
atomically; one that cannot be read (or an entry that does not parse) is a
miss, never an error, and a cache that cannot be written is silently skipped:
the cache only saves time.

The cache lives in ``.dinaction_cache/`` next to the configuration file that
applies (or in the working directory), with a ``.gitignore`` of its own.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from dinaction.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity, Span
from dinaction.runner.atomic import write_atomic
from dinaction.runner.discovery import StatKey, read_document
from dinaction.settings import Settings

CACHE_DIR = ".dinaction_cache"
#: the layout of an entry; bump when it changes
FORMAT = 2
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# This directory is a cache of dinaction lint results.\n"
#: how far before a run's start a file's times make it racily clean: the coarsest timestamp granularity
#: of common filesystems (FAT: 2 s), and the lag of the kernel's file clock behind the wall clock
RACY_NS = 3_000_000_000
#: the largest file whose text an entry keeps (an action file is a line or two)
KEEP_TEXT = 4096


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of dinaction's code, grammar and tables: editing a rule invalidates results, as a release does.

    Of each file's name, size and modification time rather than its bytes:
    a release or a checkout rewrites the files, an edit changes their time,
    and reading them all was a tenth of a warm run.
    """
    import hashlib

    package = Path(__file__).resolve().parents[1]
    found = [
        entry
        for folder, _, names in os.walk(package)
        for entry in (os.path.join(folder, name) for name in names)
        if entry.endswith((".py", ".lark", ".json"))
    ]
    checkout_grammar = package.parent / "grammar" / "action.lark"
    if checkout_grammar.is_file():
        found.append(str(checkout_grammar))
    digest = hashlib.sha256()
    for path in sorted(found):
        info = os.stat(path)
        digest.update(f"{os.path.relpath(path, package)}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def content_digest(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def racy_stamp() -> int:
    """The time (ns) from which a file's times make it racily clean, for a run starting now."""
    return time.time_ns() - RACY_NS


def settings_digest(settings: Settings) -> str:
    """A short digest of every setting: part of each entry's key.

    Memoised: a run has a handful of distinct settings (one per configuration
    file, and per-file ignores), and a JSON dump and a SHA-256 per file were a
    third of a warm run's time in the main process.
    """
    try:
        return _memoised_settings_digest(settings)
    except TypeError:  # a field holding a list (built by hand, not from a config): unhashable
        return _settings_digest(settings)


def _settings_digest(settings: Settings) -> str:
    import hashlib

    return hashlib.sha256(settings.cache_key().encode()).hexdigest()[:16]


_memoised_settings_digest = functools.lru_cache(maxsize=256)(_settings_digest)


def _dump(diagnostic: Diagnostic) -> list[Any]:
    fix = diagnostic.fix
    return [
        diagnostic.code,
        diagnostic.name,
        int(diagnostic.severity),
        diagnostic.message,
        diagnostic.span.start,
        diagnostic.span.end,
        None
        if fix is None
        else [fix.title, fix.applicability.value, [[e.span.start, e.span.end, e.content] for e in fix.edits]],
        diagnostic.field,
    ]


def _load(item: list[Any]) -> Diagnostic:
    code, name, severity, message, start, end, fix, field = item
    parsed_fix = None
    if fix is not None:
        title, applicability, edits = fix
        parsed_fix = Fix(
            str(title),
            tuple(Edit(Span(int(s), int(e)), str(c)) for s, e, c in edits),
            Applicability(applicability),
        )
    return Diagnostic(
        str(code),
        str(name),
        Severity(severity),
        str(message),
        Span(int(start), int(end)),
        parsed_fix,
        None if field is None else str(field),
    )


class Hit(NamedTuple):
    """What the cache knows of a file: its findings, and its bytes and text when the entry keeps them."""

    diagnostics: tuple[Diagnostic, ...]
    #: None when the entry keeps no copy of the content (a large file): read it
    data: bytes | None
    text: str | None


#: an entry: [size, mtime_ns, ctime_ns, inode] (or None: not known), racily clean (0/1), the text (or None),
#: the content's digest (or None, when the text is kept), the findings
_STAT, _RACY, _TEXT, _DIGEST, _ITEMS = range(5)


class Cache:
    """The results cache of one directory: ``root / .dinaction_cache / VERSION / results.json``.

    One file per directory and version, read once and written once per run:
    action files are small enough that opening a file per entry would cost
    more than linting them again. Entries are grouped by settings, then by
    directory. Use ``lookup`` (by stat) or ``get`` (by content) and ``put``
    during a run, ``save`` at its end.
    """

    def __init__(self, root: Path, *, version: str | None = None, stamp: int | None = None) -> None:
        if version is None:
            from dinaction import version as release

            version = release.__version__
        self.root = root
        self.version: str = version
        self.file = root / CACHE_DIR / version / "results.json"
        #: files whose times are at or after this (ns) are racily clean when read in this run
        self.stamp = racy_stamp() if stamp is None else stamp
        self._header = {"format": FORMAT, "version": version, "code": code_digest()}
        self._entries: dict[str, dict[str, dict[str, list[Any]]]] | None = None
        self._touched: set[tuple[str, str, str]] = set()
        self._dirty = False
        #: the digest of the settings asked about last: a run asks with the same few settings objects
        self._settings: tuple[Settings, str] | None = None
        #: the entries of the directory asked about last (a walk asks directory by directory)
        self._folder: tuple[str, str, dict[str, list[Any]] | None] = ("", "", None)

    def _load(self) -> dict[str, dict[str, dict[str, list[Any]]]]:
        if self._entries is None:
            self._entries = {}
            try:
                document = json.loads(self.file.read_bytes())
                if isinstance(document, dict) and all(document.get(k) == v for k, v in self._header.items()):
                    entries = document.get("entries")
                    if isinstance(entries, dict):
                        self._entries = entries
            except (OSError, ValueError):
                pass  # no cache yet, or a corrupt one: start afresh
        return self._entries

    def _digest(self, settings: Settings) -> str:
        last = self._settings
        if last is not None and last[0] is settings:
            return last[1]
        digest = settings_digest(settings)
        self._settings = (settings, digest)
        return digest

    def _entry(self, path: str | Path, settings: Settings) -> tuple[tuple[str, str, str], list[Any] | None]:
        folder, name = _split(os.fspath(path))
        digest = self._digest(settings)
        last = self._folder
        if last[0] is digest and last[1] == folder:
            names = last[2]
        else:
            try:
                names = self._load()[digest][folder]
            except (KeyError, TypeError):
                names = None
            if not isinstance(names, dict):
                names = None
            self._folder = (digest, folder, names)
        entry = None if names is None else names.get(name)
        return (digest, folder, name), entry if isinstance(entry, list) and len(entry) == 5 else None

    def lookup(self, path: str, settings: Settings, stat: StatKey) -> Hit | None:
        """The cached findings for the file at ``path`` whose stat is ``stat``, with these settings; or None.

        A racily clean entry, or one recorded without a stat, is checked
        against the file's content (which is read for that).
        """
        key, entry = self._entry(path, settings)
        if entry is None:
            return None
        try:
            recorded = entry[_STAT]
            if recorded is not None and (len(recorded) != 4 or tuple(recorded) != stat):
                return None
            if recorded is None or entry[_RACY]:
                return self._checked(key, entry, path, stat, settings.max_file_size + 1)
            text = entry[_TEXT]
            items = entry[_ITEMS]
            found = tuple(_load(item) for item in items) if items else ()
            data = None if text is None else text.encode("utf-8")
        except (ValueError, KeyError, TypeError, AttributeError):
            return None  # a corrupt entry is a miss
        self._touched.add(key)
        return Hit(found, data, text)

    def _checked(self, key: tuple[str, str, str], entry: list[Any], path: str, stat: StatKey, limit: int) -> Hit | None:
        """An entry's findings when the file's content is still the one recorded (read for it, up to ``limit``)."""
        try:
            data, now, _ = read_document(path, limit)
        except OSError:
            return None
        if now != stat or not _same_content(entry, data):
            return None
        found = tuple(_load(item) for item in entry[_ITEMS])
        if not self._racy(now):  # old enough now: the stat alone will do next time
            entry[_STAT], entry[_RACY] = list(now), 0
            self._dirty = True
        self._touched.add(key)
        text = entry[_TEXT]
        return Hit(found, data, None if text is None else str(text))

    def get(self, path: str | Path, data: bytes, settings: Settings) -> tuple[Diagnostic, ...] | None:
        """The cached findings for ``path`` with this content and these settings, or None (no stat involved)."""
        key, entry = self._entry(path, settings)
        if entry is None:
            return None
        try:
            if not _same_content(entry, data):
                return None
            found = tuple(_load(item) for item in entry[_ITEMS])
        except (ValueError, KeyError, TypeError):
            return None  # a corrupt entry is a miss
        self._touched.add(key)
        return found

    def put(
        self,
        path: str | Path,
        data: bytes,
        settings: Settings,
        diagnostics: Sequence[Diagnostic],
        stat: StatKey | None = None,
    ) -> None:
        """Record the findings of ``data``, the content of ``path`` when its stat was ``stat`` (None: unknown)."""
        key, _ = self._entry(path, settings)
        text: str | None = None
        if len(data) <= KEEP_TEXT:
            with contextlib.suppress(UnicodeDecodeError):
                text = data.decode("utf-8")
        entry = [
            None if stat is None else list(stat),
            int(stat is not None and self._racy(stat)),
            text,
            content_digest(data) if text is None else None,
            [_dump(d) for d in diagnostics],
        ]
        entries = self._load()
        if not isinstance(entries.get(key[0]), dict):
            entries[key[0]] = {}
        folders = entries[key[0]]
        if not isinstance(folders.get(key[1]), dict):
            folders[key[1]] = {}
        folders[key[1]][key[2]] = entry
        self._folder = (key[0], key[1], folders[key[1]])
        self._touched.add(key)
        self._dirty = True

    def _racy(self, stat: StatKey) -> bool:
        """Whether a file with this stat may still change without its stat showing it."""
        return stat[1] >= self.stamp or stat[2] >= self.stamp

    def save(self) -> None:
        """Write the cache (atomically) if this run changed it; never raises.

        Entries of files that no longer exist are dropped; those of files this
        run did not look at are kept, so a partial run does not evict them.
        """
        if not self._dirty or self._entries is None:
            return
        entries: dict[str, dict[str, dict[str, list[Any]]]] = {}
        for digest, folders in self._entries.items():
            if not isinstance(folders, dict):
                continue
            for folder, names in folders.items():
                if not isinstance(names, dict):
                    continue
                kept = {
                    name: entry
                    for name, entry in names.items()
                    if (digest, folder, name) in self._touched or os.path.exists(os.path.join(folder, name))
                }
                if kept:
                    entries.setdefault(digest, {})[folder] = kept
        document = {**self._header, "entries": entries}
        with contextlib.suppress(OSError):
            self._prepare()
            write_atomic(self.file, json.dumps(document, separators=(",", ":")), durable=False)
        self._dirty = False

    def _prepare(self) -> None:
        self.file.parent.mkdir(parents=True, exist_ok=True)
        top = self.root / CACHE_DIR
        if not (top / ".gitignore").exists():
            write_atomic(top / ".gitignore", "# Created by dinaction\n*\n", durable=False)
            write_atomic(top / "CACHEDIR.TAG", _TAG, durable=False)


def _split(path: str) -> tuple[str, str]:
    """``os.path.split(os.path.abspath(path))``, without the work for a walk's paths (absolute, normalised)."""
    if os.sep == "/" and path[:1] == "/" and "/." not in path and "//" not in path and path[-1:] != "/":
        folder, _, name = path.rpartition("/")
        return folder or "/", name
    return os.path.split(os.path.abspath(path))


def _same_content(entry: list[Any], data: bytes) -> bool:
    """Whether ``data`` is the content an entry was recorded for."""
    text = entry[_TEXT]
    if text is not None:
        return isinstance(text, str) and len(data) <= KEEP_TEXT and data == text.encode("utf-8")
    return bool(entry[_DIGEST] == content_digest(data))
