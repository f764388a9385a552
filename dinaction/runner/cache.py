"""Lint results cached on disk, so that a re-run over a large tree reads only what changed.

An entry is found by the file's path and the settings it is linted with; it
holds the digest of the content it was computed for. The cache as a whole is
tied to the dinaction version and a digest of dinaction's own code and
grammar. So an edited file, a changed setting, an upgrade or an edited rule
each make a miss, and there is one entry per file and settings rather than one
per edit. The cache is written atomically; one that cannot be read (or an
entry that does not parse) is a miss, never an error, and a cache that cannot
be written is silently skipped: the cache only saves time.

The cache lives in ``.dinaction_cache/`` next to the configuration file that
applies (or in the working directory), with a ``.gitignore`` of its own.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dinaction.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity, Span
from dinaction.runner.atomic import write_atomic
from dinaction.settings import Settings

CACHE_DIR = ".dinaction_cache"
#: the layout of an entry; bump when it changes
FORMAT = 1
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# This directory is a cache of dinaction lint results.\n"


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of dinaction's code, grammar and tables: editing a rule invalidates results, as a release does."""
    package = Path(__file__).resolve().parents[1]
    files = [p for p in package.rglob("*") if p.suffix in {".py", ".lark", ".json"} and p.is_file()]
    checkout_grammar = package.parent / "grammar" / "action.lark"
    if checkout_grammar.is_file():
        files.append(checkout_grammar)
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def content_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


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


class Cache:
    """The results cache of one directory: ``root / .dinaction_cache / VERSION / results.json``.

    One file per directory and version, read once and written once per run:
    action files are small enough that opening a file per entry would cost
    more than linting them again. Use ``get``/``put`` during a run, ``save``
    at its end.
    """

    def __init__(self, root: Path, *, version: str | None = None) -> None:
        if version is None:
            from dinaction import version as release

            version = release.__version__
        self.root = root
        self.version: str = version
        self.file = root / CACHE_DIR / version / "results.json"
        self._header = {"format": FORMAT, "version": version, "code": code_digest()}
        self._entries: dict[str, list[Any]] | None = None
        self._touched: set[str] = set()
        self._dirty = False

    def _key(self, path: Path, settings: Settings) -> str:
        return os.path.abspath(path) + "\0" + settings_digest(settings)

    def _load(self) -> dict[str, list[Any]]:
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

    def get(self, path: Path, data: bytes, settings: Settings) -> tuple[Diagnostic, ...] | None:
        """The cached findings for ``path`` with this content and these settings, or None."""
        key = self._key(path, settings)
        entry = self._load().get(key)
        if entry is None:
            return None
        try:
            digest, items = entry
            if digest != content_digest(data):
                return None
            found = tuple(_load(item) for item in items)
        except (ValueError, KeyError, TypeError):
            return None  # a corrupt entry is a miss
        self._touched.add(key)
        return found

    def put(self, path: Path, data: bytes, settings: Settings, diagnostics: Sequence[Diagnostic]) -> None:
        key = self._key(path, settings)
        self._load()[key] = [content_digest(data), [_dump(d) for d in diagnostics]]
        self._touched.add(key)
        self._dirty = True

    def save(self) -> None:
        """Write the cache (atomically) if this run added to it; never raises.

        Entries of files that no longer exist are dropped; those of files this
        run did not look at are kept, so a partial run does not evict them.
        """
        if not self._dirty or self._entries is None:
            return
        entries = {
            key: value
            for key, value in self._entries.items()
            if key in self._touched or os.path.exists(key.partition("\0")[0])
        }
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
