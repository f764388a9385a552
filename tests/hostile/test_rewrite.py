"""`format` and `lint --fix` rewrite files without losing any: through links, keeping owner, group
and mode, never over a special file or a file replaced since it was read, and with one line where a
file cannot be rewritten safely."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from dinaction.runner import Scope, WriteError, rewrite
from dinaction.runner.atomic import TEMPORARY_SUFFIX, ReplaceError, write_atomic
from dinaction.runner.discovery import find_sources
from tests.files import write
from tests.hostile.conftest import Run, errors

UGLY = "TRANSFER  +81336042000\n"
PRETTY = "transfer +81336042000\n"
FIXABLE = 'say EN "Hello"  \n'
FIXED = 'say en "Hello"\n'
NOBODY = 65534

needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")


# --- links --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [["format"], ["lint", "--fix"]])
@pytest.mark.parametrize("named", [True, False], ids=["named", "walked"])
def test_a_link_is_written_through_to_its_target(command: list[str], named: bool, tmp_path: Path, run: Run) -> None:
    target = write(tmp_path / "real" / "target.txt", UGLY if command == ["format"] else FIXABLE)
    link = tmp_path / "d" / "link.din"
    link.parent.mkdir()
    link.symlink_to("../real/target.txt")
    done = run(*command, "d/link.din" if named else "d")
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and os.readlink(link) == "../real/target.txt"
    assert target.read_text() == (PRETTY if command == ["format"] else FIXED)


def test_fix_through_a_link_to_stdin_writes_the_file_stdin_reads(tmp_path: Path, run: Run) -> None:
    # what `dinaction lint --fix /dev/stdin < file` does, with a link of our own to /proc/self/fd/0
    source = write(tmp_path / "input.din", FIXABLE)
    (tmp_path / "in.din").symlink_to("/proc/self/fd/0")
    done = run("lint", "--fix", "in.din", stdin=source)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "in.din").is_symlink()
    assert source.read_text() == FIXED


def test_fix_through_a_link_to_a_pipe_is_one_error_line_and_replaces_nothing(tmp_path: Path, run: Run) -> None:
    (tmp_path / "in.din").symlink_to("/proc/self/fd/0")
    done = run("lint", "--fix", "in.din", stdin=FIXABLE.encode())  # stdin is a pipe
    assert done.returncode == 2
    assert (tmp_path / "in.din").is_symlink() and os.readlink(tmp_path / "in.din") == "/proc/self/fd/0"
    [line] = errors(done)
    assert line.startswith("dinaction: error: in.din: a named pipe (FIFO), not a regular file")


def test_a_special_file_is_never_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "p"
    os.mkfifo(fifo)
    link = tmp_path / "p.din"
    link.symlink_to("p")
    with pytest.raises(ReplaceError, match="a named pipe"):
        write_atomic(link, PRETTY)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode) and link.is_symlink()


def test_a_file_replaced_since_it_was_read_is_not_overwritten(tmp_path: Path) -> None:
    path = write(tmp_path / "a.din", UGLY)
    [source], _ = find_sources([str(path)], Scope())
    os.replace(write(tmp_path / "saved-by-an-editor", 'say en "someone else\'s edit"\n'), path)
    with pytest.raises(WriteError, match="replaced or moved since it was read"):
        rewrite(source, PRETTY)
    assert path.read_text() == 'say en "someone else\'s edit"\n'


# --- owner, group and mode ------------------------------------------------------------------------------


@needs_root
@pytest.mark.parametrize("command", [["format"], ["lint", "--fix"]])
def test_owner_group_and_mode_are_kept(command: list[str], tmp_path: Path, run: Run) -> None:
    path = write(tmp_path / "a.din", UGLY if command == ["format"] else FIXABLE)
    os.chown(path, NOBODY, NOBODY)
    path.chmod(0o640)
    done = run(*command, "a.din")
    assert done.returncode == 0, done.stderr
    status = path.stat()
    assert (status.st_uid, status.st_gid, stat.S_IMODE(status.st_mode)) == (NOBODY, NOBODY, 0o640)
    assert path.read_text() == (PRETTY if command == ["format"] else FIXED)


@needs_root
def test_a_file_whose_owner_cannot_be_kept_is_not_rewritten(tmp_path: Path, run: Run) -> None:
    path = write(tmp_path / "a.din", UGLY)
    os.chown(path, NOBODY, NOBODY)
    path.chmod(0o666)  # anyone may write it; only its owner (or root) may give a file to its owner
    done = run("format", "a.din", unprivileged=True)
    assert done.returncode == 2
    [line] = errors(done)
    assert line.startswith("dinaction: error: a.din: not written: it belongs to user 65534, group 65534")
    assert path.read_text() == UGLY and path.stat().st_uid == NOBODY
    assert [p.name for p in tmp_path.iterdir()] == ["a.din"]


# --- directories that cannot be written -----------------------------------------------------------------


@pytest.mark.parametrize("command", [["format"], ["lint", "--fix"]])
def test_a_file_in_an_unwritable_directory_is_one_line_not_an_internal_error(
    command: list[str], tmp_path: Path, run: Run
) -> None:
    folder = tmp_path / "ro"
    path = write(folder / "a.din", UGLY if command == ["format"] else FIXABLE)
    path.chmod(0o666)
    write(tmp_path / "b.din", UGLY if command == ["format"] else FIXABLE)
    folder.chmod(0o555)
    try:
        done = run(*command, "ro/a.din", "b.din", unprivileged=True)
    finally:
        folder.chmod(0o755)
    assert done.returncode == 2
    assert "internal error" not in done.stderr.decode()
    assert errors(done) == [
        f"dinaction: error: ro/a.din: not written: cannot create a file in {folder} (Permission denied):"
        " a file is rewritten through a new file beside it"
    ]
    assert path.read_text() == (UGLY if command == ["format"] else FIXABLE)  # untouched
    assert (tmp_path / "b.din").read_text() == (PRETTY if command == ["format"] else FIXED)  # the rest written


# --- temporary files ----------------------------------------------------------------------------------


def test_temporary_files_are_never_linted_whatever_include_says(tmp_path: Path, run: Run) -> None:
    write(tmp_path / "dinaction.toml", 'include = ["*"]\n')
    write(tmp_path / "d" / f".a.din{TEMPORARY_SUFFIX}", "tranfer +1\n")
    write(tmp_path / "d" / f".a.din.0123abcd{TEMPORARY_SUFFIX}", "tranfer +1\n")
    done = run("lint", "--format", "json", "d")
    assert done.stdout == b"[]\n", done.stdout
    assert not TEMPORARY_SUFFIX.endswith((".din", ".dinaction"))


def test_a_stale_temporary_file_is_removed_by_the_next_write(tmp_path: Path) -> None:
    path = write(tmp_path / "a.din", UGLY)
    write(tmp_path / f".a.din{TEMPORARY_SUFFIX}", "half a fil")  # a write killed by SIGKILL
    write_atomic(path, PRETTY)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.din"]
    assert path.read_text() == PRETTY


def test_a_temporary_file_another_write_holds_is_left_alone(tmp_path: Path) -> None:
    path = write(tmp_path / "a.din", UGLY)
    held = write(tmp_path / f".a.din{TEMPORARY_SUFFIX}", "being written")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(held)], stdout=subprocess.PIPE, stdin=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        write_atomic(path, PRETTY)
        assert held.read_text() == "being written"
    finally:
        holder.communicate("")
    assert path.read_text() == PRETTY
    assert sorted(p.name for p in tmp_path.iterdir()) == [f".a.din{TEMPORARY_SUFFIX}", "a.din"]


HOLD = """
import fcntl, sys
handle = open(sys.argv[1], "rb")
fcntl.flock(handle, fcntl.LOCK_EX)
print("locked", flush=True)
sys.stdin.read()
"""


def test_sigterm_during_a_write_waits_until_the_file_is_whole(tmp_path: Path) -> None:
    path = write(tmp_path / "a.din", UGLY)
    script = textwrap.dedent(
        """
        import os, signal, sys
        from pathlib import Path
        from dinaction.runner.atomic import write_atomic

        real_fsync = os.fsync
        def fsync(fd):
            os.kill(os.getpid(), signal.SIGTERM)  # the CI runner's timeout, mid-write
            real_fsync(fd)
        os.fsync = fsync
        write_atomic(Path(sys.argv[1]), sys.argv[2])
        print("after the write", flush=True)
        """
    )
    done = subprocess.run([sys.executable, "-c", script, str(path), PRETTY], capture_output=True, check=False)
    assert done.returncode == -signal.SIGTERM  # it did die of it, once the file was written
    assert done.stdout == b""
    assert path.read_text() == PRETTY
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.din"]
