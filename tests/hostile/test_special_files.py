"""What a tree may hold besides action files: FIFOs, sockets, devices, links to nothing, unreadable
directories and files. Nothing hangs, nothing is skipped in silence, and one bad entry never hides
the findings of the other files."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.files import write
from tests.hostile.conftest import BROKEN, GOOD, Run, errors, paths_in


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """d/a.din (clean), d/b.din (one error)."""
    write(tmp_path / "d" / "a.din", GOOD)
    write(tmp_path / "d" / "b.din", BROKEN)
    return tmp_path / "d"


@pytest.fixture
def unix_socket(tree: Path) -> Iterator[Path]:
    path = tree / "s.din"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    yield path
    server.close()


# --- 1. FIFOs, sockets and devices ----------------------------------------------------------------


def test_a_fifo_in_a_tree_is_skipped_by_lint(tree: Path, run: Run) -> None:
    os.mkfifo(tree / "p.din")
    done = run("lint", "d")
    assert done.returncode == 1, done.stderr
    assert paths_in(done.stdout, ["d/b.din"]) == ["d/b.din"]
    assert errors(done) == []
    assert done.stdout.decode().endswith("Found 1 error in 2 files (1 fixable with `--fix --unsafe-fixes`).\n")


def test_a_fifo_in_a_tree_is_skipped_by_format(tree: Path, run: Run) -> None:
    os.mkfifo(tree / "p.din")
    write(tree / "b.din", "TRANSFER  +81336042000\n")
    done = run("format", "d")
    assert done.returncode == 0, done.stderr
    assert (tree / "b.din").read_text() == "transfer +81336042000\n"


def test_a_socket_and_a_link_to_a_device_in_a_tree_are_skipped(tree: Path, unix_socket: Path, run: Run) -> None:
    (tree / "zero.din").symlink_to("/dev/zero")
    done = run("lint", "d")
    assert (done.returncode, errors(done)) == (1, [])
    assert paths_in(done.stdout, ["d/b.din", "d/s.din", "d/zero.din"]) == ["d/b.din"]


def test_a_fifo_named_on_the_command_line_is_one_error_line(tree: Path, run: Run) -> None:
    os.mkfifo(tree / "p.din")
    done = run("lint", "d/p.din", "d/b.din")
    assert done.returncode == 2
    assert errors(done) == [
        "dinaction: error: d/p.din: a named pipe (FIFO), not a regular file: only regular files are read"
    ]
    assert paths_in(done.stdout, ["d/b.din"]) == ["d/b.din"]  # the other file is still reported


@pytest.mark.parametrize("command", ["lint", "format"])
def test_a_device_named_on_the_command_line_is_one_error_line(command: str, run: Run) -> None:
    done = run(command, "/dev/zero")
    assert done.returncode == 2
    assert errors(done) == [
        "dinaction: error: /dev/zero: a character device, not a regular file: only regular files are read"
    ]


def test_stdin_stays_what_it_is(run: Run) -> None:
    done = run("lint", "-", stdin=BROKEN.encode())
    assert done.returncode == 1
    assert done.stdout.decode().startswith("<stdin>:1:1: error DA002")


# --- 2. links to nothing ----------------------------------------------------------------------------


def test_a_dangling_link_is_reported_and_hides_nothing(tree: Path, run: Run) -> None:
    (tree / ".#a.din").symlink_to("root@host.12345:1700000000")  # an Emacs lock file
    done = run("lint", "d")
    assert done.returncode == 2
    assert errors(done) == ["dinaction: error: d/.#a.din: a symbolic link to a file that does not exist"]
    assert paths_in(done.stdout, ["d/b.din"]) == ["d/b.din"]
    assert "Found 1 error in 2 files" in done.stdout.decode()
    assert done.stdout.decode().rstrip().endswith("; 1 file could not be read.")


def test_a_summary_never_says_all_checks_passed_when_a_file_could_not_be_read(tmp_path: Path, run: Run) -> None:
    lonely = tmp_path / "lonely"
    lonely.mkdir()
    (lonely / "x.din").symlink_to("nowhere.din")
    done = run("lint", str(lonely))
    assert done.returncode == 2
    assert done.stdout.decode() == "No findings in 0 files; 1 file could not be read.\n"
    assert "All checks passed" not in done.stdout.decode()


def test_a_dangling_link_does_not_hide_json_findings(tree: Path, run: Run) -> None:
    import json

    (tree / "gone.din").symlink_to("nowhere.din")
    done = run("lint", "--format", "json", "d")
    assert done.returncode == 2
    assert [item["path"] for item in json.loads(done.stdout)] == ["d/b.din"]
    assert len(errors(done)) == 1


def test_a_link_loop_and_a_named_dangling_link_are_reported(tree: Path, run: Run) -> None:
    (tree / "loop.din").symlink_to("loop.din")
    (tree.parent / "named.din").symlink_to("missing.din")
    done = run("lint", "d", "named.din")
    assert done.returncode == 2
    assert errors(done) == [
        "dinaction: error: d/loop.din: cannot read: Too many levels of symbolic links",
        "dinaction: error: named.din: a symbolic link to a file that does not exist",
    ]
    assert paths_in(done.stdout, ["d/b.din"]) == ["d/b.din"]


def test_a_link_to_a_regular_file_is_read(tree: Path, run: Run) -> None:
    write(tree.parent / "elsewhere" / "real.txt", BROKEN)
    (tree / "c.din").symlink_to("../elsewhere/real.txt")
    done = run("lint", "d")
    assert done.returncode == 1
    assert paths_in(done.stdout, ["d/b.din", "d/c.din"]) == ["d/b.din", "d/c.din"]


def test_format_reports_a_dangling_link_after_formatting_the_rest(tree: Path, run: Run) -> None:
    write(tree / "b.din", "TRANSFER  +81336042000\n")
    (tree / "gone.din").symlink_to("nowhere.din")
    done = run("format", "d")
    assert done.returncode == 2
    assert (tree / "b.din").read_text() == "transfer +81336042000\n"
    assert errors(done) == ["dinaction: error: d/gone.din: a symbolic link to a file that does not exist"]


# --- 3. what cannot be read -------------------------------------------------------------------------


@pytest.mark.parametrize("others", [True, False], ids=["beside-other-files", "alone"])
def test_an_unreadable_directory_is_reported(others: bool, tmp_path: Path, run: Run) -> None:
    if others:
        write(tmp_path / "d" / "b.din", BROKEN)
    locked = tmp_path / "d" / "locked"
    write(locked / "x.din", BROKEN)
    locked.chmod(0)
    try:
        done = run("lint", "d", unprivileged=True)
    finally:
        locked.chmod(0o755)
    assert done.returncode == 2  # not "All checks passed (0 files)" and 0
    assert errors(done) == ["dinaction: error: d/locked: cannot list the directory: Permission denied"]
    assert paths_in(done.stdout, ["d/b.din"]) == (["d/b.din"] if others else [])


def test_an_unreadable_file_is_reported_and_hides_nothing(tree: Path, run: Run) -> None:
    secret = write(tree / "secret.din", GOOD)
    secret.chmod(0)
    done = run("lint", "d", unprivileged=True)
    assert done.returncode == 2
    assert errors(done) == ["dinaction: error: d/secret.din: cannot read: Permission denied"]
    assert paths_in(done.stdout, ["d/b.din"]) == ["d/b.din"]


def test_an_excluded_unreadable_directory_is_not_reported(tree: Path, run: Run) -> None:
    write(tree / "dinaction.toml", 'extend-exclude = ["locked"]\n')
    locked = tree / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        done = run("lint", "d", unprivileged=True)
    finally:
        locked.chmod(0o755)
    assert (done.returncode, errors(done)) == (1, [])
