"""Reading stops at `max-file-size` + 1 bytes, whatever the file (or stdin) holds; a document over the
limit is one DA022 finding and is never written back; an excerpt in text output is a window, not a
copy of a huge line. (Time and memory of the 50 MB line: benchmarks/run.py, not a timed test.)"""

from __future__ import annotations

from pathlib import Path

from dinaction.config import Overrides
from dinaction.runner import Scope
from dinaction.runner.discovery import find_sources
from tests.files import write
from tests.hostile.conftest import Run, errors

LIMIT = 1000


def test_reading_stops_one_byte_past_the_limit(tmp_path: Path) -> None:
    path = write(tmp_path / "big.din", b"say en " + b"a" * 5_000_000 + b"\n")
    scope = Scope(overrides=Overrides(config=(f"max-file-size = {LIMIT}",)))
    [source], unreadable = find_sources([str(path)], scope)
    assert (len(source.data), unreadable, source.complete) == (LIMIT + 1, [], False)
    [whole], _ = find_sources([str(write(tmp_path / "exact.din", b"x" * LIMIT))], scope)
    assert (len(whole.data), whole.complete) == (LIMIT, True)


def test_stdin_without_end_is_read_only_to_the_limit(run: Run) -> None:
    done = run("lint", "--format", "json", "-", stdin=Path("/dev/zero"))
    assert done.returncode == 1, done.stderr
    assert b'"code": "DA022"' in done.stdout


def test_fix_never_writes_a_file_over_the_limit(tmp_path: Path, run: Run) -> None:
    data = b'say EN "Hello"  \n' * 200  # fixable, and 3,400 bytes
    path = write(tmp_path / "big.din", data)
    done = run("lint", "--fix", "--config", f"max-file-size = {LIMIT}", "big.din")
    assert done.returncode == 1
    assert b"DA022" in done.stdout
    assert path.read_bytes() == data


def test_format_never_writes_a_file_over_the_limit(tmp_path: Path, run: Run) -> None:
    data = b"TRANSFER  +81336042000\n" + b"\n" * 2000
    path = write(tmp_path / "big.din", data)
    done = run("format", "--config", f"max-file-size = {LIMIT}", "big.din")
    assert done.returncode == 1
    assert path.read_bytes() == data
    assert errors(done) == []


def test_a_long_finding_is_shown_in_a_window(tmp_path: Path, run: Run) -> None:
    write(tmp_path / "long.din", 'say en "' + "a" * 200_000 + '"\n')
    done = run("lint", "--config", "max-file-size = 1000000", "long.din")
    assert done.returncode == 1
    out = done.stdout.decode()
    assert "DA405" in out
    assert max(len(line) for line in out.splitlines()) <= 200, [len(line) for line in out.splitlines()]
    assert "…" in out  # the cut is shown
