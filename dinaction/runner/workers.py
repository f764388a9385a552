"""Linting many documents: the cache first, then the rest, across processes when it pays.

Nothing is written here but the cache: fixes come back as text, for the
caller to write (or show) once the whole run is known to be good.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from dinaction.diagnostics import Fix
from dinaction.linter import fix_source, lint_source
from dinaction.reporters import FileReport
from dinaction.runner.discovery import Source
from dinaction.settings import Settings
from dinaction.syntax import decode

if TYPE_CHECKING:
    from dinaction.runner.cache import Cache

__all__ = ["PARALLEL_THRESHOLD", "Linted", "lint_many", "lint_one"]

#: below this many files to lint, worker processes cost more than they save (action files
#: are tiny: linting one takes well under a millisecond, forking and pickling are not free)
PARALLEL_THRESHOLD = 1000


class Linted(NamedTuple):
    """A document's report, and its fixed text and bytes when fixes changed a file that may be rewritten."""

    source: Source
    report: FileReport
    #: the decoded text before any fix (for diffs)
    original: str
    #: the text after the fixes (for diffs and stdin), and the bytes to write: in the file's own
    #: encoding, or UTF-8 when the file was re-encoded (its text may then be unchanged)
    fixed: str | None = None
    fixed_data: bytes | None = None

    @property
    def failed(self) -> bool:
        """Whether a finding is at or above the file's `fail-on`."""
        fail_on = self.source.settings.fail_on
        return any(d.severity >= fail_on for d in self.report.diagnostics)


#: a document's report, and with fixes that changed it, its fixed text and the bytes to write
Outcome = tuple[FileReport, str | None, bytes | None]


def lint_one(source: Source, settings: Settings | None = None, *, fix: bool = False, unsafe: bool = False) -> Outcome:
    """Lint a document; with ``fix``, also its fixed text and bytes when the fixes changed it.

    The linter offers fixes only where the file can be written back as it was read (bytes
    that are not UTF-8 are kept as they are; a file in another encoding keeps it unless
    its re-encoding fix is taken), so the counts of fixable findings are what ``--fix`` does.
    """
    settings = source.settings if settings is None else settings
    if fix:
        fixed = fix_source(source.data, settings, unsafe=unsafe)
        report = FileReport(source.display, fixed.remaining.text, fixed.remaining.diagnostics, fixed.fixed)
        if fixed.changed:
            return report, fixed.text, fixed.data
        return report, None, None
    result = lint_source(source.data, settings)
    return FileReport(source.display, result.text, result.diagnostics), None, None


def _task(job: tuple[Source, bool, bool]) -> Outcome:
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
            from dinaction.runner.cache import Cache  # not for --no-cache (nor stdin)

            caches[source.cache_root] = Cache(source.cache_root)
        return caches[source.cache_root]

    results: list[Outcome | None] = []
    texts: list[str | None] = []  # the decoded texts of cache hits, for their Linted
    misses: list[int] = []
    for i, source in enumerate(sources):
        cache = cache_of(source)
        cached = None if cache is None or source.path is None else cache.get(source.path, source.data, source.settings)
        if cached is not None and not (fix and any(_applies(d.fix, unsafe) for d in cached)):
            text, _ = decode(source.data)
            results.append((FileReport(source.display, text, cached), None, None))
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
            report, fixed, fixed_data = outcome
            data = source.data if fixed_data is None else fixed_data
            if fixed_data is not None or report.fixed == 0:
                cache.put(source.path, data, source.settings, report.diagnostics)
    for cache in caches.values():
        cache.save()

    linted = []
    for source, result, known_text in zip(sources, results, texts, strict=True):
        assert result is not None
        report, fixed, fixed_data = result
        original = decode(source.data)[0] if known_text is None else known_text
        linted.append(Linted(source, report, original, fixed, fixed_data))
    return linted


def _applies(fix: Fix | None, unsafe: bool) -> bool:
    return fix is not None and (unsafe or fix.is_safe)


def _run(jobs_list: list[tuple[Source, bool, bool]], jobs: int | None) -> list[Outcome]:
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


def _parallel(jobs_list: list[tuple[Source, bool, bool]], workers: int) -> list[Outcome]:
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
