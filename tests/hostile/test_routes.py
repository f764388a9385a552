"""`dinaction lint DIR` lints the routes files a walk finds (`routes.toml`) as routes files, reported
like any other file; `--fix` and `format` never touch them; a walk of action files only never
imports the action server."""

from __future__ import annotations

import json
from pathlib import Path

from tests.files import write
from tests.hostile.conftest import BROKEN, GOOD, Run

ROUTES = """\
timezone = "Asia/Tokyo"

[[route]]
name = "office"
caler = "+819012345678"
action = 'say EN "Hello"  '

[[route]]
name = "everyone"
file = "b.din"
"""


def _tree(tmp_path: Path) -> Path:
    folder = tmp_path / "d"
    write(folder / "a.din", GOOD)
    write(folder / "b.din", BROKEN)
    write(folder / "routes.toml", ROUTES)
    return folder


def test_a_walk_lints_routes_files_and_reports_them_like_any_file(tmp_path: Path, run: Run) -> None:
    _tree(tmp_path)
    done = run("lint", "--no-cache", "--format", "json", "d")
    assert done.returncode == 1, done.stderr
    found = {(item["path"], item["code"], item["line"]) for item in json.loads(done.stdout)}
    assert ("d/routes.toml", "DA501", 5) in found  # the unknown key `caler`
    assert ("d/routes.toml", "DA510", 10) in found  # the route whose action file has errors
    assert ("d/b.din", "DA002", 1) in found
    text = run("lint", "--no-cache", "d").stdout.decode()
    assert "d/routes.toml:5:1: error DA501 unknown key `caler`: did you mean `caller`? [routes-unknown-key]" in text


def test_fix_never_edits_a_routes_file(tmp_path: Path, run: Run) -> None:
    folder = _tree(tmp_path)
    write(folder / "c.din", 'say EN "Hello"  \n')
    done = run("lint", "--fix", "--unsafe-fixes", "d")
    assert done.returncode == 1
    assert (folder / "routes.toml").read_text() == ROUTES
    assert (folder / "c.din").read_text() == 'say en "Hello"\n'  # the action files are fixed


def test_format_leaves_routes_files_alone(tmp_path: Path, run: Run) -> None:
    folder = tmp_path / "d"
    write(folder / "a.din", "TRANSFER  +81336042000\n")
    write(folder / "routes.toml", ROUTES)
    done = run("format", "d")
    assert done.returncode == 0, done.stderr
    assert (folder / "routes.toml").read_text() == ROUTES
    assert (folder / "a.din").read_text() == "transfer +81336042000\n"


def test_a_routes_file_is_skipped_where_exclude_or_an_ignore_file_says(tmp_path: Path, run: Run) -> None:
    folder = _tree(tmp_path)
    write(folder / ".ignore", "routes.toml\n")
    done = run("lint", "--no-cache", "--format", "json", "d")
    assert "d/routes.toml" not in {item["path"] for item in json.loads(done.stdout)}


def test_a_walk_of_action_files_does_not_import_the_action_server(tmp_path: Path, run: Run) -> None:
    write(tmp_path / "d" / "a.din", GOOD)
    write(tmp_path / "d" / "dinaction.toml", "")
    write(tmp_path / "d" / "pyproject.toml", "[project]\nname = 'x'\n")
    done = run("lint", "--no-cache", "d", env={"PYTHONPROFILEIMPORTTIME": "1"})
    assert done.returncode == 0, done.stderr
    loaded = {line.rpartition("|")[2].strip() for line in done.stderr.decode().splitlines() if "import time:" in line}
    assert "dinaction.runner.discovery" in loaded
    assert sorted(m for m in loaded if m.startswith("dinaction.serve")) == []
