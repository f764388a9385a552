"""Running `dinaction` as a user runs it: the console script, a real process, a time limit.

``run(...)`` starts it in a tree; ``unprivileged=True`` drops every capability
first (``setpriv --bounding-set=-all``): the process keeps its user id but the
kernel checks file permissions as for anyone, where root's would mask an
unreadable directory or an unwritable one. The environment points HOME and
XDG_CONFIG_HOME at an empty directory, so the machine's own global git
excludes file cannot change what a walk finds.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Protocol

import pytest

from dinaction import config

SCRIPT = str(Path(sys.executable).parent / "dinaction")
#: a run that takes longer than this hangs (they take well under a second)
TIME_LIMIT = 60.0
#: address space a run may take: one that reads without end fails here instead of taking the machine
MEMORY_LIMIT = 3 << 30

GOOD = "transfer +81336042000 --caller=+819012345678\n"
BROKEN = "tranfer +81336042000\n"


class Run(Protocol):
    def __call__(
        self,
        *args: str,
        cwd: Path | None = None,
        stdin: bytes | Path | None = None,
        unprivileged: bool = False,
        env: dict[str, str] | None = None,
    ) -> subprocess.CompletedProcess[bytes]: ...


@pytest.fixture
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty home directory: no global git configuration, no global excludes file."""
    return tmp_path_factory.mktemp("home")


@pytest.fixture
def run(home: Path, tmp_path: Path) -> Run:
    def start(
        *args: str,
        cwd: Path | None = None,
        stdin: bytes | Path | None = None,
        unprivileged: bool = False,
        env: dict[str, str] | None = None,
    ) -> subprocess.CompletedProcess[bytes]:
        """Run the script (``stdin``: bytes to write, or a file to read from)."""
        command = [SCRIPT, *args]
        if unprivileged:
            command = [*setpriv(), *command]
        environment = {
            **os.environ,
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "NO_COLOR": "1",
            **(env or {}),
        }
        environment.pop("GITHUB_ACTIONS", None)
        with contextlib.ExitStack() as stack:
            source = stack.enter_context(open(stdin, "rb")) if isinstance(stdin, Path) else subprocess.DEVNULL
            return subprocess.run(
                command,
                cwd=cwd or tmp_path,
                input=stdin if isinstance(stdin, bytes) else None,
                stdin=None if isinstance(stdin, bytes) else source,
                capture_output=True,
                timeout=TIME_LIMIT,
                env=environment,
                check=False,
                preexec_fn=_limit_memory,
            )

    return start


def _limit_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def setpriv() -> list[str]:
    """The command prefix that drops every capability (skips where that cannot be done)."""
    tool = shutil.which("setpriv")
    if tool is None:
        pytest.skip("setpriv (util-linux) is not installed")
    if os.geteuid() != 0:
        return []  # already a user whose permissions are checked
    return [tool, "--bounding-set=-all", "--inh-caps=-all"]


@pytest.fixture(autouse=True)
def _fresh_config() -> Iterator[None]:
    config.clear_cache()
    yield
    config.clear_cache()


def lines(data: bytes) -> list[str]:
    return data.decode("utf-8").splitlines()


def errors(done: subprocess.CompletedProcess[bytes]) -> list[str]:
    """The `dinaction: error:` lines of a run's stderr."""
    return [line for line in lines(done.stderr) if line.startswith("dinaction: error:")]


def paths_in(out: bytes, names: Sequence[str]) -> list[str]:
    """Which of ``names`` the text report mentions as the file of a finding."""
    text = out.decode("utf-8")
    return [name for name in names if f"{name}:1:" in text]
