"""Many files → their reports, in one call that never prints: what a front door runs.

``lint_paths`` finds the documents (``discovery``: the walk, each directory's
configuration, ``--changed-since`` through ``git``), answers what it can from
the cache and lints the rest, across processes when there are enough of them
(``workers``), and returns a ``Run``. ``formatting.format_paths`` does the
same for the formatter (a module of its own: a lint never loads it). Nothing
is written but the cache: the caller decides what to show, and ``rewrite``
writes a fixed or formatted file atomically.

The records of a run (``Run``, ``Source``, ``Linted``, ``Scope``) are named
tuples, immutable like frozen dataclasses but without the methods a dataclass
compiles when its module is imported: a one-file lint is mostly start-up.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from dinaction.reporters import FileReport
from dinaction.runner.discovery import STDIN, Scope, Source, Unreadable, find_documents
from dinaction.runner.workers import Linted, lint_documents

__all__ = ["STDIN", "Linted", "Run", "Scope", "Source", "Unreadable", "lint_paths", "rewrite"]


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
    stdin: bytes | None = None,
    stdin_name: str = "<stdin>",
    changed_since: str | None = None,
    fix: bool = False,
    unsafe: bool = False,
    use_cache: bool = True,
    jobs: int | None = None,
) -> Run:
    """Lint every document ``paths`` name (``-``: the ``stdin`` bytes, shown as ``stdin_name``).

    ``fix`` computes the fixed texts (``unsafe``: with unsafe fixes); ``jobs``
    is the number of worker processes (None: one per CPU for large runs).
    Raises UsageError for a path that does not exist, a configuration that
    cannot be used or a ``changed_since`` that git does not know.
    """
    scope = Scope() if scope is None else scope
    if changed_since is not None:
        from dinaction.runner.git import changed_since as changed  # git: only for this option

        scope = scope._replace(only=changed(changed_since))
    found, unreadable = find_documents(paths, scope, stdin, stdin_name)
    linted, unread = lint_documents(found, fix=fix, unsafe=unsafe, use_cache=use_cache, jobs=jobs)
    return Run(tuple(linted), (*unreadable, *unread))


def rewrite(source: Source, content: str | bytes) -> None:
    """Replace a document's file with ``content`` (text as UTF-8), atomically (stdin has no file: nothing to do)."""
    if source.path is not None:
        from dinaction.runner.atomic import write_atomic  # only when writing: not on every start-up

        write_atomic(Path(source.path), content)
