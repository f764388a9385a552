"""Linting many documents: the cache first, then the rest, read and linted across processes when it pays.

Nothing is written here but the cache: fixes come back as text, for the
caller to write (or show) once the whole run is known to be good. Routes
files are linted here, in this process, by the function the caller passes
(``serve``'s), never fixed nor cached (their findings depend on the action
files they name).

A document is read where it is linted: in a large run, each worker process,
forked from this one once its imports are done, reads and lints its share of
the files, so the reading is split over the cores too. A clean canonical
document is answered by the fast path (:mod:`dinaction.fastpath`) and sent
back as its bytes alone. Worker processes end with the process that started
them, however it ends.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from dinaction import fastpath
from dinaction.diagnostics import Diagnostic, Fix
from dinaction.linter import fix_source, lint_source
from dinaction.reporters import FileReport
from dinaction.runner.discovery import Document, Found, Source, StatKey, Unreadable, read_document, read_found
from dinaction.settings import Settings
from dinaction.syntax import decode

if TYPE_CHECKING:
    from dinaction.runner.cache import Cache

__all__ = ["FAST_PATH_MIN", "PARALLEL_THRESHOLD", "Linted", "lint_documents", "lint_one"]

#: below this many documents to read and lint, worker processes cost more than they save: a clean
#: action file takes a few tens of microseconds to read and lint, a fork and the trip back of the
#: results a few milliseconds (measured on two cores by benchmarks/run.py --threshold)
PARALLEL_THRESHOLD = 800


#: below this many documents, the fast path's pattern costs more to compile than the parses it saves
FAST_PATH_MIN = 4


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
    A document over ``max-file-size`` (read only that far) is never fixed: writing it
    would lose what was not read.
    """
    settings = source.settings if settings is None else settings
    if fix and len(source.data) <= settings.max_file_size:
        fixed = fix_source(source.data, settings, unsafe=unsafe)
        report = FileReport(source.display, fixed.remaining.text, fixed.remaining.diagnostics, fixed.fixed)
        if fixed.changed:
            return report, fixed.text, fixed.data
        return report, None, None
    result = lint_source(source.data, settings)
    return FileReport(source.display, result.text, result.diagnostics), None, None


def _lint_routes(source: Source, lint_routes: Callable[[Path, str], Sequence[Diagnostic]]) -> FileReport:
    """A routes file's report: its findings (``lint_routes``) in its text; too large, the one finding that says so."""
    if source.path is None or not source.complete:
        result = lint_source(source.data, source.settings)
        return FileReport(source.display, result.text, result.diagnostics)
    text, _ = decode(source.data)
    return FileReport(source.display, text, tuple(lint_routes(Path(source.path), source.display)))


#: what reading and linting one document gave: why it could not be read, nothing (a walk's file that is
#: no regular file any more: skipped), or its bytes, their stat and identity (None for stdin) and its
#: outcome (None: clean, answered by the fast path)
Done = Unreadable | None | tuple[bytes, StatKey | None, tuple[int, int] | None, Outcome | None]


def lint_document(source: Source, known: fastpath.Served | None, *, fix: bool, unsafe: bool) -> Outcome | None:
    """A read document's outcome; None when the fast path knows it clean (nothing to fix, nothing to say)."""
    if known is not None and fastpath.clean_text(source.data, source.settings, known) is not None:
        return None
    return lint_one(source, fix=fix, unsafe=unsafe)


def _read_and_lint(items: Sequence[Found | Source], fix: bool, unsafe: bool, *, parent: int = 0) -> list[Done]:
    """Read and lint ``items`` in this process, in order: what a worker does with its share.

    ``parent``: in a worker, the process of the run, which it does not outlive.
    """
    out: list[Done] = []
    settings: Settings | None = None
    known: fastpath.Served | None = None
    fast = len(items) >= FAST_PATH_MIN
    for count, item in enumerate(items, 1):
        if parent and count % 256 == 0 and os.getppid() != parent:
            os._exit(1)  # the run is gone: nobody will read what this worker would send
        if isinstance(item, Source):
            source, stat = item, None
        else:
            read = read_found(item, read_document)
            if read is None or isinstance(read, Unreadable):
                out.append(read)
                continue
            source, stat = read
        if source.settings is not settings:
            settings = source.settings
            known = fastpath.served(settings) if fast else None
        out.append((source.data, stat, source.identity, lint_document(source, known, fix=fix, unsafe=unsafe)))
    return out


def lint_documents(
    items: Sequence[Document],
    *,
    fix: bool = False,
    unsafe: bool = False,
    use_cache: bool = True,
    jobs: int | None = None,
    lint_routes: Callable[[Path, str], Sequence[Diagnostic]] | None = None,
) -> tuple[list[Linted], list[Unreadable]]:
    """Lint (and fix) every document, in order; and, in their order too, what could not be read.

    A ``Found`` document is read here (or by a worker), a ``Source`` has its
    bytes already. ``jobs``: worker processes (None: one process per CPU, this one
    included; 1: none).
    Cached findings are used when the file's stat, its settings and dinaction
    are unchanged and, with ``fix``, when none of them has a fix to apply.
    Routes files (``Found.routes``) are linted by ``lint_routes``. Nothing is
    written but the cache.
    """
    caches: dict[Path, Cache] = {}
    stamp: list[int] = []

    def cache_of(item: Found | Source) -> Cache | None:
        if not use_cache or item.path is None or item.cache_root is None:
            return None
        if item.cache_root not in caches:
            from dinaction.runner.cache import Cache, racy_stamp  # not for --no-cache (nor stdin)

            if not stamp:  # one time for the whole run, taken before any file is read
                stamp.append(racy_stamp())
            caches[item.cache_root] = Cache(item.cache_root, stamp=stamp[0])
        return caches[item.cache_root]

    results: list[Linted | Unreadable | None] = [None] * len(items)
    todo: list[int] = []
    for i, item in enumerate(items):
        if isinstance(item, Unreadable):
            results[i] = item
        elif isinstance(item, Found) and item.routes and lint_routes is not None:
            results[i] = _routes_file(item, lint_routes)
        elif isinstance(item, Found) and use_cache and (hit := _from_cache(cache_of(item), item, fix, unsafe)):
            results[i] = hit
        else:
            todo.append(i)

    for share, done in _run([items[i] for i in todo], fix, unsafe, jobs):  # type: ignore[misc]
        for i, outcome in zip(todo[share], done, strict=True):
            item = items[i]
            assert not isinstance(item, Unreadable)
            if use_cache or outcome is None or isinstance(outcome, Unreadable) or outcome[3] is not None:
                results[i] = _linted(item, outcome, cache_of)
                continue
            # a clean document read by the fast path (most of a large run): built with no call but the
            # constructors' (a named tuple is a tuple: ``tuple.__new__`` is what its own ``__new__`` runs)
            data = outcome[0]
            text = data.decode("utf-8")
            if isinstance(item, Found):
                source = _new(
                    Source, (item.display, data, item.path, item.settings, item.cache_root, outcome[2], item.routes)
                )
            else:
                source = item
            results[i] = _new(Linted, (source, FileReport(item.display, text, ()), text, None, None))
    for cache in caches.values():
        cache.save()

    files = [r for r in results if isinstance(r, Linted)]
    unreadable = [r for r in results if isinstance(r, Unreadable)]
    return files, unreadable


_new = tuple.__new__


def _routes_file(item: Found, lint_routes: Callable[[Path, str], Sequence[Diagnostic]]) -> Linted | Unreadable | None:
    """A routes file read and linted here (never cached, never fixed)."""
    read = read_found(item, read_document)
    if read is None or isinstance(read, Unreadable):
        return read
    source = read[0]
    return Linted(source, _lint_routes(source, lint_routes), decode(source.data)[0])


def _linted(
    item: Found | Source, outcome: Done, cache_of: Callable[[Found | Source], Cache | None]
) -> Linted | Unreadable | None:
    """A document's ``Linted`` from what reading and linting it gave, recorded in its cache."""
    if outcome is None or isinstance(outcome, Unreadable):
        return outcome
    data, stat, identity, result = outcome
    if isinstance(item, Source):
        source = item
    else:
        source = Source(item.display, data, item.path, item.settings, item.cache_root, identity, item.routes)
    if result is None:
        text = data.decode("utf-8")  # the fast path read it as UTF-8
        linted = Linted(source, FileReport(source.display, text, ()), text)
    else:
        report, fixed, fixed_data = result
        linted = Linted(source, report, decode(data)[0], fixed, fixed_data)
    report, fixed_data = linted.report, linted.fixed_data
    cache = cache_of(source)
    if cache is not None and source.path is not None and source.complete:
        if fixed_data is not None:  # the fixed content is what the file will hold; its stat is not known yet
            cache.put(source.path, fixed_data, source.settings, report.diagnostics)
        elif report.fixed == 0:
            cache.put(source.path, data, source.settings, report.diagnostics, stat)
    return linted


def _from_cache(cache: Cache | None, item: Found, fix: bool, unsafe: bool) -> Linted | None:
    """The document's lint from the cache, when its stat (or, for a racy entry, its content) says it holds."""
    if cache is None:
        return None
    try:
        info = os.stat(item.path)
    except OSError:
        return None  # reading it will say why
    if info.st_size > item.settings.max_file_size:
        return None  # read only so far, and linted as such: never cached
    stat = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
    hit = cache.lookup(item.path, item.settings, stat)
    if hit is None or (fix and any(_applies(d.fix, unsafe) for d in hit.diagnostics)):
        return None
    data = hit.data
    if data is None:  # the entry keeps no copy: the file is read, and must not have changed meanwhile
        try:
            data, now, _ = read_document(item.path, item.settings.max_file_size + 1)
        except OSError:
            return None
        if now != stat:
            return None
    text = hit.text if hit.text is not None else decode(data)[0]
    identity = (info.st_dev, info.st_ino)
    source = _new(Source, (item.display, data, item.path, item.settings, item.cache_root, identity, item.routes))
    return _new(Linted, (source, FileReport(item.display, text, hit.diagnostics), text, None, None))


def _applies(fix: Fix | None, unsafe: bool) -> bool:
    return fix is not None and (unsafe or fix.is_safe)


# --- processes ---------------------------------------------------------------------------------------

T = TypeVar("T")


def _run(items: list[Found | Source], fix: bool, unsafe: bool, jobs: int | None) -> Iterator[tuple[slice, list[Done]]]:
    """Read and lint ``items``: here, or in shares across processes when there are enough of them.

    Yields each share (a slice of ``items``) with what was found, in order,
    as soon as it is known.
    """
    # ``--jobs N``: N workers, this process waiting for them; by default, one process a core, this one included
    # (it lints a share instead of waiting, and has no share to take back from a pipe)
    processes = _cpu_count() if jobs is None else max(1, jobs)
    processes = min(processes, len(items) // max(1, PARALLEL_THRESHOLD // 2))
    if processes < 2 or len(items) < PARALLEL_THRESHOLD:
        yield slice(None), _read_and_lint(items, fix, unsafe)
        return
    # interleaved shares: a cluster of slow files (a directory of broken ones) is spread over them
    slices = [slice(i, None, processes) for i in range(processes)]
    shares = [items[s] for s in slices]
    if _can_fork():
        tasks = [_share(share, fix, unsafe) for share in shares]
        yield from zip(slices, _forked(tasks, here=jobs is None), strict=True)
    else:
        yield from zip(slices, _parallel(shares, fix, unsafe, processes), strict=True)


def _share(share: list[Found | Source], fix: bool, unsafe: bool) -> Callable[[int], list[Done]]:
    return lambda parent: _read_and_lint(share, fix, unsafe, parent=parent)


def _forked(tasks: Sequence[Callable[[int], list[T]]], *, here: bool) -> Iterator[list[T]]:
    """Each task's result, in order, each run by a process forked from this one (``here``: the first one here).

    Forked after the imports, a worker starts with everything loaded and
    reads its share itself. A worker that fails (killed, out of memory, no
    fork) has its task run here instead: the run is never lost for a worker.
    """
    children: list[_Child | None] = []
    for task in tasks[1:] if here else tasks:
        children.append(_fork(task, [child.pipe for child in children if child is not None]))
    if here:
        yield tasks[0](0)
        tasks = tasks[1:]
    for child, task in zip(children, tasks, strict=True):
        answer = None if child is None else child.result()
        yield task(0) if answer is None else answer


class _Child(NamedTuple):
    pid: int
    pipe: int

    def result(self) -> list[Any] | None:
        """What the worker sent, once it has ended; None when it failed."""
        chunks = []
        try:
            while chunk := os.read(self.pipe, 1 << 20):
                chunks.append(chunk)
        finally:
            os.close(self.pipe)
        _, status = os.waitpid(self.pid, 0)
        if status != 0:
            return None
        import pickle  # only where workers are forked

        try:
            answer = pickle.loads(b"".join(chunks))
        except (pickle.UnpicklingError, EOFError, ValueError, TypeError):
            return None
        return answer if isinstance(answer, list) else None


def _fork(task: Callable[[int], list[T]], others: Sequence[int] = ()) -> _Child | None:
    """A worker process running ``task``, its result pickled back through a pipe; None when there is none.

    ``others``: the pipes of the workers forked before, which this one closes (only the run reads them).
    """
    try:
        read_end, write_end = os.pipe()
    except OSError:
        return None
    _widen(write_end)
    parent = os.getpid()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:  # the worker: never returns
        status = 1
        try:
            for pipe in (read_end, *others):
                os.close(pipe)
            import pickle

            payload = memoryview(pickle.dumps(task(parent), protocol=pickle.HIGHEST_PROTOCOL))
            while payload:
                payload = payload[os.write(write_end, payload) :]
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    return _Child(pid, read_end)


def _widen(pipe: int) -> None:
    """Let a worker write its whole answer without waiting for the main process to read (Linux: up to 1 MB)."""
    try:
        import fcntl

        fcntl.fcntl(pipe, getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
    except (ImportError, OSError):
        pass  # the worker waits for the reader: slower, as right


def _can_fork() -> bool:
    """Whether workers can be forked safely here: POSIX but macOS (its system libraries), and no other thread."""
    if not hasattr(os, "fork") or sys.platform == "darwin":
        return False
    threading = sys.modules.get("threading")
    return threading is None or threading.active_count() == 1


def _parallel(shares: list[list[Found | Source]], fix: bool, unsafe: bool, processes: int) -> list[list[Done]]:
    """Each share read and linted by a pool of processes (where workers cannot be forked: they import afresh)."""
    from concurrent.futures import ProcessPoolExecutor

    try:
        with ProcessPoolExecutor(max_workers=processes, initializer=_end_with_parent, initargs=(os.getpid(),)) as pool:
            futures = [pool.submit(_read_and_lint, share, fix, unsafe) for share in shares]
            return [future.result() for future in futures]
    except (OSError, ImportError, RuntimeError):  # no process support here (sandbox, no /dev/shm)
        return [_read_and_lint(share, fix, unsafe) for share in shares]


def _end_with_parent(parent: int) -> None:
    """A pool worker's first act: to die with the process that started it, even one killed by SIGKILL.

    Without this, a killed run's workers wait for work forever (each holds the
    queue's pipe open itself). Linux: the kernel sends SIGKILL when the parent
    ends (``PR_SET_PDEATHSIG``); elsewhere, nothing (the pool's own shutdown).
    """
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        pr_set_pdeathsig = 1
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(pr_set_pdeathsig, int(signal.SIGKILL), 0, 0, 0)
    if os.getppid() != parent:  # the parent was gone before the request took effect
        os._exit(1)


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1
