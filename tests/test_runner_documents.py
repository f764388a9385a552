"""A run finds its documents without reading them, and reads each where it is linted (here or in a worker).

What the walk could not take keeps its place among the documents, so a run
says the same, in the same order, whether one process read everything or
worker processes read their shares; reading stops past ``max-file-size``
wherever it happens.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dinaction import config
from dinaction.cli import run
from dinaction.runner import Scope, Unreadable, lint_paths, workers
from dinaction.runner.discovery import Found, Source, find_documents

SAMPLES = ("tranfer +1\n", 'say EN "Hi"  \n', "transfer +81336042000\n", 'say en "Hello"\n')


def _tree(root: Path) -> None:
    for i in range(40):
        folder = root / f"d{i % 3}"
        folder.mkdir(exist_ok=True)
        (folder / f"f{i:02}.din").write_text(SAMPLES[i % len(SAMPLES)], encoding="utf-8")
    (root / "d0" / "gone.din").symlink_to("nowhere.din")  # a link to nothing: reported where the walk meets it
    (root / "d2" / "zz-gone.din").symlink_to("nowhere.din")
    os.mkfifo(root / "d1" / "pipe.din")  # found by a walk: skipped, never opened
    (root / "d1" / "big.din").write_text("transfer +81336042000\n" * 20, encoding="utf-8")  # over the limit
    (root / "dinaction.toml").write_text("max-file-size = 200\n", encoding="utf-8")


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    config.clear_cache()
    return tmp_path


def test_the_walk_keeps_what_it_could_not_take_where_it_met_it(tree: Path) -> None:
    found = find_documents(["."], Scope())
    shown = [item.display for item in found]
    assert shown.index(os.path.join("d0", "gone.din")) == shown.index(os.path.join("d0", "f39.din")) + 1
    assert shown[-1] == os.path.join("d2", "zz-gone.din")
    assert [type(item) for item in found if "gone" in item.display] == [Unreadable, Unreadable]
    assert not any("pipe" in item.display for item in found)
    assert all(isinstance(item, Found) and os.path.isabs(item.path) for item in found if "gone" not in item.display)


@pytest.mark.parametrize("argv", [["--format", "json"], ["--output-format", "concise"], ["--fix"]])
def test_a_parallel_run_says_what_a_serial_run_says(
    tree: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    fixing = "--fix" in argv
    before = {path: path.read_bytes() for path in tree.rglob("*.din") if path.is_file()} if fixing else {}
    serial_code = run(["lint", "--no-cache", "-j", "1", *argv, "."])
    serial = capsys.readouterr()
    for path, data in before.items():  # the same files for the parallel run to fix
        path.write_bytes(data)
    monkeypatch.setattr(workers, "PARALLEL_THRESHOLD", 4)
    shares: list[int] = []
    real = workers._share

    def spy(share: list[Found | Source], fix: bool, unsafe: bool) -> object:
        shares.append(len(share))
        return real(share, fix, unsafe)

    monkeypatch.setattr(workers, "_share", spy)
    assert run(["lint", "--no-cache", "-j", "2", *argv, "."]) == serial_code != 0
    parallel = capsys.readouterr()
    assert len(shares) == 2 and sum(shares) == 41  # 40 files and the large one; no link to nothing, no FIFO
    assert (parallel.out, parallel.err) == (serial.out, serial.err)
    assert "gone.din" in serial.err and "DA022" in serial.out
    if fixing:
        assert (tree / "d1" / "big.din").read_bytes() == before[
            tree / "d1" / "big.din"
        ]  # over the limit: never written
        assert (tree / "d1" / "f01.din").read_text(encoding="utf-8") == 'say en "Hi"\n'


def test_a_cached_run_reads_to_the_limit_too(tree: Path) -> None:
    cold = lint_paths(["."])
    warm = lint_paths(["."])
    assert [f.report for f in warm.files] == [f.report for f in cold.files]
    assert warm.unreadable == cold.unreadable
    [big] = [f for f in warm.files if f.source.display.endswith("big.din")]
    assert (len(big.source.data), big.source.complete) == (201, False)
    assert big.source.identity == (os.stat(tree / "d1" / "big.din").st_dev, os.stat(tree / "d1" / "big.din").st_ino)


@pytest.mark.parametrize("jobs", [None, 2, 3])
def test_every_way_of_sharing_a_run_gives_the_same_run(
    tree: Path, monkeypatch: pytest.MonkeyPatch, jobs: int | None
) -> None:
    """By default this process takes a share itself; with ``jobs`` it waits for that many workers."""
    serial = lint_paths(["."], use_cache=False, jobs=1)
    monkeypatch.setattr(workers, "PARALLEL_THRESHOLD", 4)
    monkeypatch.setattr(workers, "_cpu_count", lambda: 2)
    forked: list[int] = []
    real = workers._fork

    def spy(task: object, others: object = ()) -> object:
        forked.append(1)
        return real(task, others)  # type: ignore[arg-type]

    monkeypatch.setattr(workers, "_fork", spy)
    shared = lint_paths(["."], use_cache=False, jobs=jobs)
    assert len(forked) == (1 if jobs is None else jobs)
    assert shared == serial


def test_an_in_process_lint_leaves_the_cyclic_collector_as_it_was(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Only the lint process's own command line pauses it (for the rest of the process); a caller's stays on."""
    import gc

    assert gc.isenabled()
    assert run(["lint", "--no-cache", "."]) != 0
    capsys.readouterr()
    assert gc.isenabled()
    lint_paths(["."], use_cache=False, jobs=1)
    assert gc.isenabled()
