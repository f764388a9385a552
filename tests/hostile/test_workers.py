"""A run over many files uses worker processes; killing the run (SIGKILL: no cleanup of its own)
must not leave them behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.hostile.conftest import SCRIPT

#: enough files for worker processes (runner.workers.PARALLEL_THRESHOLD is 1,000), slow enough to kill mid-run
FILES = 4000
TEXT = 'say en "Hello"\n' * 40

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table from /proc")


def _children(parent: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat.rpartition(")")[2].split()
        if int(fields[1]) == parent:
            found.append(int(entry))
    return found


def _alive(pid: int) -> bool:
    """Running (not a zombie waiting for a reaper that a container may not have)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


def test_workers_die_with_a_run_killed_by_sigkill(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    for i in range(FILES):
        (folder / f"{i:05}.din").write_text(TEXT, encoding="utf-8")
    run = subprocess.Popen(
        [SCRIPT, "lint", "--no-cache", "--jobs", "2", "d"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while len(workers) < 2 and run.poll() is None and time.monotonic() < deadline:
            workers = _children(run.pid)
            time.sleep(0.005)
        assert len(workers) == 2, "the run ended before its two workers were seen: make it longer"
        run.send_signal(signal.SIGKILL)
        run.wait()
        deadline = time.monotonic() + 10
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [w for w in workers if _alive(w)] == []
    finally:
        run.kill()
        run.wait()
        for worker in workers:
            if _alive(worker):
                os.kill(worker, signal.SIGKILL)


def test_the_worker_initializer_asks_to_die_with_its_parent() -> None:
    """The same, one level down: a process that ran the initializer dies with the process that forked it."""
    script = (
        "import os, sys, time\n"
        "from dinaction.runner.workers import _end_with_parent\n"
        "parent = os.getpid()\n"
        "child = os.fork()\n"
        "if child == 0:\n"
        "    _end_with_parent(parent)\n"
        "    time.sleep(60)\n"
        "    os._exit(0)\n"
        "print(child, flush=True)\n"
        "time.sleep(60)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    try:
        time.sleep(0.2)  # the child has run the initializer
        assert _alive(child)
        parent.kill()
        parent.wait()
        deadline = time.monotonic() + 10
        while _alive(child) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(child)
    finally:
        if _alive(child):
            os.kill(child, signal.SIGKILL)
