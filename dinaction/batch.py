"""Linting and formatting many files: what the CLI does, without printing.

Kept apart from ``cli`` so that the work is plain functions returning values
(tested directly), and ``cli`` only wires flags to them and prints.

A run: ``collect`` finds the files (honouring each directory's configuration:
include, exclude) and pairs each with its settings; ``lint_many`` answers
what it can from the cache and lints the rest, across processes when there
are enough of them to pay for starting the workers.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from dinaction.config import NO_OVERRIDES, Config, Overrides, config_for_path
from dinaction.diagnostics import Fix
from dinaction.errors import ActionError
from dinaction.files import UsageError, discover, read_bytes, write_atomic
from dinaction.formatter import format_text
from dinaction.linter import fix_source, lint_source
from dinaction.reporters import FileReport
from dinaction.settings import DEFAULT_SETTINGS, Settings
from dinaction.syntax import decode

if TYPE_CHECKING:
    from dinaction.cache import Cache

STDIN = "-"
#: below this many files to lint, worker processes cost more than they save (action files
#: are tiny: linting one takes well under a millisecond, forking and pickling are not free)
PARALLEL_THRESHOLD = 1000


@dataclass(frozen=True, slots=True)
class Source:
    """A document to work on: where it is shown as, its bytes and its settings."""

    display: str
    data: bytes
    path: Path | None  # None for stdin
    settings: Settings = DEFAULT_SETTINGS
    #: where its cache entries go (the directory of its configuration); None: not cached
    cache_root: Path | None = None


@dataclass(frozen=True, slots=True)
class Selection:
    """How files are found and configured: the command line's say over the config files."""

    isolated: bool = False
    overrides: Overrides = NO_OVERRIDES
    #: apply `exclude` to files named on the command line too (pre-commit names every file)
    force_exclude: bool = False
    #: lint only these files (absolute paths), e.g. those changed since a git revision
    only: frozenset[Path] | None = None

    def config(self, path: Path) -> Config:
        return config_for_path(path, isolated=self.isolated, overrides=self.overrides)


def gather(
    paths: Sequence[str],
    stdin: bytes | None = None,
    stdin_name: str = "<stdin>",
    selection: Selection | None = None,
) -> list[Source]:
    """Read every named document with its settings; ``-`` stands for ``stdin``.

    Without ``selection`` no configuration file is read (the defaults apply).
    A stdin document named by ``--stdin-filename`` gets that file's settings.
    """
    sources: list[Source] = []
    seen: set[str] = set()
    for raw in paths:
        if raw == STDIN:
            settings = DEFAULT_SETTINGS
            if selection is not None:
                named = Path(stdin_name)
                config = selection.config(named)
                if (
                    selection.force_exclude
                    and not stdin_name.startswith("<")
                    and config.excludes(config.relative(named))
                ):
                    continue
                settings = config.settings_for(named)
            sources.append(Source(stdin_name, stdin or b"", None, settings))
            continue
        if selection is None:
            sources.extend(Source(str(p), read_bytes(p), p) for p in discover([raw]))
            continue
        for path, config, rel in _find(raw, selection):
            if (key := os.path.abspath(path)) in seen:
                continue
            seen.add(key)
            sources.append(Source(str(path), read_bytes(path), path, config.settings_for(path, rel), config.root))
    return sources


def _find(raw: str, selection: Selection) -> Iterator[tuple[Path, Config, str | None]]:
    root = Path(raw)
    if not root.exists():
        raise UsageError(f"{raw}: no such file or directory")
    if not root.is_dir():
        config = selection.config(root)
        if selection.force_exclude and config.excludes(config.relative(root)):
            return
        if selection.only is None or Path(os.path.abspath(root)) in selection.only:
            yield root, config, None
        return
    if selection.force_exclude:
        config = selection.config(root)
        if config.excludes(config.relative(root), directory=True):
            return
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        config = selection.config(here)
        base = config.relative(here)
        prefix = "" if base == "." else base + "/"
        dirnames[:] = sorted(d for d in dirnames if not config.excludes(prefix + d, directory=True))
        for name in sorted(filenames):
            rel = prefix + name
            if not config.includes(rel) or config.excludes(rel):
                continue
            path = here / name
            if selection.only is not None and Path(os.path.abspath(path)) not in selection.only:
                continue
            yield path, config, rel


def changed_since(revision: str, cwd: Path | None = None) -> frozenset[Path]:
    """Files changed since ``revision`` (committed, staged, unstaged or untracked), absolute.

    UsageError (one line) when git is missing, this is no repository, or the
    revision is unknown.
    """

    import subprocess

    def git(*args: str) -> str:
        try:
            done = subprocess.run(
                ["git", *args],
                check=False,
                cwd=cwd,
                capture_output=True,
                text=True,
                encoding="utf-8",
                errors="surrogateescape",
            )
        except FileNotFoundError:
            raise UsageError("--changed-since needs git, which is not installed (or not on PATH)") from None
        if done.returncode != 0:
            message = done.stderr.strip().splitlines()
            first = message[0] if message else f"git {args[0]} failed"
            if "not a git repository" in first:
                raise UsageError(f"--changed-since: {Path(cwd or '.').resolve()} is not in a git repository")
            raise UsageError(f"--changed-since {revision}: {first.removeprefix('fatal: ')}")
        return done.stdout

    top = Path(git("rev-parse", "--show-toplevel").strip())
    git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
    changed = git("diff", "--name-only", "--no-renames", "--diff-filter=d", "-z", revision, "--")
    untracked = git("ls-files", "--others", "--exclude-standard", "-z", "--full-name", ":/")
    names = [n for n in (changed + untracked).split("\0") if n]
    return frozenset(Path(os.path.abspath(top / n)) for n in names)


# --- linting -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Linted:
    """A document's report, and its fixed text when fixes changed a file that may be rewritten."""

    source: Source
    report: FileReport
    #: the decoded text before any fix (for diffs)
    original: str
    fixed: str | None = None

    @property
    def failed(self) -> bool:
        """Whether a finding is at or above the file's `fail-on`."""
        fail_on = self.source.settings.fail_on
        return any(d.severity >= fail_on for d in self.report.diagnostics)

    def diff(self) -> str:
        return unified_diff(self.source.display, self.original, self.fixed)


def lint_one(
    source: Source, settings: Settings | None = None, *, fix: bool = False, unsafe: bool = False
) -> tuple[FileReport, str | None]:
    """Lint a document; with ``fix``, also the fixed text when it changed."""
    settings = source.settings if settings is None else settings
    if not fix:
        result = lint_source(source.data, settings)
        return FileReport(source.display, result.text, result.diagnostics), None
    text, problems = decode(source.data)
    if problems:
        # never fix a file that is not UTF-8: writing it would lose the bad bytes, and a
        # report of fixes that were never written would be a lie
        return lint_one(source, settings)
    fixed = fix_source(source.data, settings, unsafe=unsafe)
    report = FileReport(source.display, fixed.remaining.text, fixed.remaining.diagnostics, fixed.fixed)
    return report, (fixed.text if fixed.text != text else None)


def _task(job: tuple[Source, bool, bool]) -> tuple[FileReport, str | None]:
    source, fix, unsafe = job
    return lint_one(source, fix=fix, unsafe=unsafe)


def lint_many(
    sources: Sequence[Source],
    *,
    fix: bool = False,
    unsafe: bool = False,
    use_cache: bool = True,
    jobs: int | None = None,
) -> list[Linted]:
    """Lint (and fix) every source, in order; nothing is written but the cache.

    ``jobs``: worker processes (None: one per CPU; 1: none). Cached findings
    are used when the file, its settings and dinaction are unchanged and,
    with ``fix``, when none of them has a fix to apply.
    """
    caches: dict[Path, Cache] = {}

    def cache_of(source: Source) -> Cache | None:
        if not use_cache or source.path is None or source.cache_root is None:
            return None
        if source.cache_root not in caches:
            from dinaction.cache import Cache  # not for --no-cache (nor stdin)

            caches[source.cache_root] = Cache(source.cache_root)
        return caches[source.cache_root]

    results: list[tuple[FileReport, str | None] | None] = []
    texts: list[str | None] = []  # the decoded texts of cache hits, for their Linted
    misses: list[int] = []
    for i, source in enumerate(sources):
        cache = cache_of(source)
        cached = None if cache is None or source.path is None else cache.get(source.path, source.data, source.settings)
        if cached is not None and not (fix and any(_applies(d.fix, unsafe) for d in cached)):
            text, _ = decode(source.data)
            results.append((FileReport(source.display, text, cached), None))
            texts.append(text)
        else:
            results.append(None)
            texts.append(None)
            misses.append(i)

    done = _run([(sources[i], fix, unsafe) for i in misses], jobs)
    for i, outcome in zip(misses, done, strict=True):
        results[i] = outcome
        source = sources[i]
        cache = cache_of(source)
        if cache is not None and source.path is not None:
            report, fixed = outcome
            data = source.data if fixed is None else fixed.encode("utf-8")
            if fixed is not None or report.fixed == 0:
                cache.put(source.path, data, source.settings, report.diagnostics)
    for cache in caches.values():
        cache.save()

    linted = []
    for source, result, known_text in zip(sources, results, texts, strict=True):
        assert result is not None
        report, fixed = result
        original = decode(source.data)[0] if known_text is None else known_text
        linted.append(Linted(source, report, original, fixed))
    return linted


def _applies(fix: Fix | None, unsafe: bool) -> bool:
    return fix is not None and (unsafe or fix.is_safe)


def _run(jobs_list: list[tuple[Source, bool, bool]], jobs: int | None) -> list[tuple[FileReport, str | None]]:
    workers = _cpu_count() if jobs is None else max(1, jobs)
    if workers < 2 or len(jobs_list) < PARALLEL_THRESHOLD:
        return [_task(job) for job in jobs_list]
    # the first file is linted here: forked workers then inherit the imports and tables it loaded
    first = _task(jobs_list[0])
    try:
        rest = _parallel(jobs_list[1:], workers)
    except (OSError, ImportError, RuntimeError):
        rest = [_task(job) for job in jobs_list[1:]]  # no process support here (sandbox, no /dev/shm)
    return [first, *rest]


def _parallel(jobs_list: list[tuple[Source, bool, bool]], workers: int) -> list[tuple[FileReport, str | None]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    workers = min(workers, max(1, len(jobs_list) // (PARALLEL_THRESHOLD // 2)))
    chunk = max(1, min(256, len(jobs_list) // (workers * 4)))
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            return list(pool.map(_task, jobs_list, chunksize=chunk))
    except BrokenProcessPool as exc:
        raise RuntimeError(str(exc)) from exc


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def write_fixed(source: Source, text: str) -> None:
    if source.path is not None:
        write_atomic(source.path, text)


def unified_diff(display: str, before: str, after: str | None) -> str:
    if after is None or after == before:
        return ""
    import difflib

    return "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile=display,
            tofile=display,
        )
    )


# --- formatting ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FormatOutcome:
    """What formatting a document gave: new text, or why not."""

    source: Source
    original: str
    formatted: str | None
    error: ActionError | None

    @property
    def changed(self) -> bool:
        return self.formatted is not None and self.formatted != self.original

    def diff(self) -> str:
        return unified_diff(self.source.display, self.original, self.formatted)


def format_one(source: Source, settings: Settings | None = None) -> FormatOutcome:
    text, _ = decode(source.data)
    try:
        formatted = format_text(source.data, source.settings if settings is None else settings)
        return FormatOutcome(source, text, formatted, None)
    except ActionError as exc:
        return FormatOutcome(source, text, None, exc)


def reports_of(linted: Iterable[Linted]) -> list[FileReport]:
    return [item.report for item in linted]


def with_reports(linted: Sequence[Linted], reports: Sequence[FileReport]) -> list[Linted]:
    """``linted`` with its reports replaced (after a baseline dropped known findings)."""
    return [replace(item, report=report) for item, report in zip(linted, reports, strict=True)]
