"""``--changed-since``: the files git says changed since a revision."""

from __future__ import annotations

import os
from pathlib import Path

from dinaction.usage import UsageError

__all__ = ["changed_since"]


def changed_since(revision: str, cwd: Path | None = None) -> frozenset[Path]:
    """Files changed since ``revision`` (committed, staged, unstaged or untracked), absolute.

    UsageError (one line) when git is missing, this is no repository, or the
    revision is unknown.
    """
    import subprocess  # only for this option: not on every start-up

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
