"""Many files → their reports, in one call that never prints: what a front door runs.

``lint_paths`` finds the documents (``discovery``: the walk, each directory's
configuration, ``--changed-since`` through ``git``), answers what it can from
the cache and lints the rest, across processes when there are enough of them
(``workers``), and returns a ``Run``. ``formatting.format_paths`` does the
same for the formatter (a module of its own: a lint never loads it). Nothing
is written but the cache: the caller decides what to show, and ``rewrite``
writes a fixed or formatted file atomically (``atomic``), or says why not.

The records of a run (``Run``, ``Source``, ``Linted``, ``Scope``) are named
tuples, immutable like frozen dataclasses but without the methods a dataclass
compiles when its module is imported: a one-file lint is mostly start-up.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from dinaction.diagnostics import Diagnostic
from dinaction.reporters import FileReport
from dinaction.runner.discovery import STDIN, Scope, Source, Unreadable, find_documents
from dinaction.runner.workers import Linted, lint_documents
from dinaction.usage import UsageError

if TYPE_CHECKING:
    from typing import BinaryIO

__all__ = [
    "STDIN",
    "Linted",
    "RoutesLinter",
    "Run",
    "Scope",
    "Source",
    "Unreadable",
    "WriteError",
    "lint_paths",
    "rewrite",
]


class RoutesLinter(NamedTuple):
    """How a lint recognises routes files and lints them (``serve``'s functions, passed down by the caller)."""

    is_routes_file: Callable[[Path], bool]
    #: (path, display) → its findings; raises UsageError when it cannot be read
    lint_routes_file: Callable[[Path, str], Sequence[Diagnostic]]


class WriteError(UsageError):
    """A fixed or formatted document that was not written, and why (one line naming the file)."""


class Run(NamedTuple):
    """A lint run: every document found with its report (and fixed text), and what could not be read."""

    files: tuple[Linted, ...]
    unreadable: tuple[Unreadable, ...] = ()

    @property
    def reports(self) -> list[FileReport]:
        return [item.report for item in self.files]

    @property
    def failed(self) -> bool:
        """Whether any file has a finding at or above its `fail-on`."""
        return any(item.failed for item in self.files)

    def with_reports(self, reports: Sequence[FileReport]) -> Run:
        """This run with its reports replaced (after a baseline dropped known findings)."""
        files = tuple(item._replace(report=report) for item, report in zip(self.files, reports, strict=True))
        return self._replace(files=files)


def lint_paths(
    paths: Sequence[str],
    *,
    scope: Scope | None = None,
    stdin: bytes | BinaryIO | None = None,
    stdin_name: str = "<stdin>",
    changed_since: str | None = None,
    fix: bool = False,
    unsafe: bool = False,
    use_cache: bool = True,
    jobs: int | None = None,
    routes: RoutesLinter | None = None,
) -> Run:
    """Lint every document ``paths`` name (``-``: the ``stdin`` bytes or stream, shown as ``stdin_name``).

    ``fix`` computes the fixed texts (``unsafe``: with unsafe fixes); ``jobs``
    is the number of worker processes (None: one per CPU for large runs).
    ``routes``: a walk lints routes files too, with these (never fixed).
    Raises UsageError for a path that does not exist, a configuration that
    cannot be used or a ``changed_since`` that git does not know.
    """
    scope = Scope() if scope is None else scope
    if changed_since is not None:
        from dinaction.runner.git import changed_since as changed  # git: only for this option

        scope = scope._replace(only=changed(changed_since))
    with _no_cycle_collection():
        found = find_documents(
            paths, scope, stdin, stdin_name, routes=None if routes is None else routes.is_routes_file
        )
        linted, unreadable = lint_documents(
            found,
            fix=fix,
            unsafe=unsafe,
            use_cache=use_cache,
            jobs=jobs,
            lint_routes=None if routes is None else routes.lint_routes_file,
        )
    return Run(tuple(linted), tuple(unreadable))


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """The cyclic garbage collector paused for a run, and resumed as it was.

    A run makes a few objects per file (its source, report and findings) and
    none of them in a cycle; the collector walked them over and over, a tenth
    to a fifth of a run of many files, and found nothing to free.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def rewrite(source: Source, content: str | bytes) -> None:
    """Replace a document's file with ``content`` (text as UTF-8), atomically (stdin has no file: nothing to do).

    Through a symbolic link, keeping mode, owner and group, and only the very
    file that was read, whole. Raises WriteError (the file untouched) otherwise.
    """
    if source.path is None:
        return
    from dinaction.reporters import safe_text
    from dinaction.runner.atomic import write_atomic  # only when writing: not on every start-up

    shown = safe_text(source.display)
    if not source.complete:
        raise WriteError(f"{shown}: not written: only its first {source.settings.max_file_size:,} bytes were read")
    try:
        write_atomic(Path(source.path), content, expect=source.identity)
    except OSError as exc:
        raise WriteError(f"{shown}: not written: {exc.strerror or exc}") from None
