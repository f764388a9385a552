"""A walk skips what git ignores (`.gitignore` at every level, `.git/info/exclude`, the global excludes
file) and what `.ignore` files ignore; `--no-respect-gitignore` and `respect-gitignore = false` turn
that off; files named on the command line are linted unless `--force-exclude`. The files a walk
finds are checked against git itself (`git ls-files --others --exclude-standard`)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.files import write
from tests.hostile.conftest import BROKEN, Run

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

#: path → content; every .din file has one finding, so the JSON report lists each file linted
TREE = {
    ".gitignore": "*.gen.din\nbuild/\n/top-only.din\n!keep.gen.din\n# a comment\n",
    "a.din": BROKEN,
    "x.gen.din": BROKEN,
    "keep.gen.din": BROKEN,
    "top-only.din": BROKEN,
    "excluded-1.din": BROKEN,
    "global-1.din": BROKEN,
    "sub/top-only.din": BROKEN,
    "sub/x.gen.din": BROKEN,
    "sub/local.din": BROKEN,
    "sub/.gitignore": "local.din\n!x.gen.din\n",
    "sub/build/c.din": BROKEN,
    "build/b.din": BROKEN,
    "docs/.gitignore": "*\n!*.din\n!.gitignore\n",
    "docs/a.din": BROKEN,
    "deep/er/.gitignore": "/anchored.din\nspace\\ name.din\n",
    "deep/er/anchored.din": BROKEN,
    "deep/er/more/anchored.din": BROKEN,
    "deep/er/space name.din": BROKEN,
    ".#lock.din": BROKEN,
}


def _git(cwd: Path, *args: str, home: Path) -> str:
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"), "GIT_CONFIG_NOSYSTEM": "1"}
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True, env=env)
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path, home: Path) -> Path:
    root = tmp_path / "repo"
    for name, content in TREE.items():
        write(root / name, content)
    _git(root, "init", "-q", home=home)
    write(root / ".git" / "info" / "exclude", "excluded-*.din\n")
    write(home / ".config" / "git" / "ignore", "global-*.din\n.#*\n")
    return root


def _linted(run: Run, cwd: Path, *args: str) -> list[str]:
    done = run("lint", "--no-cache", "--format", "json", *args, cwd=cwd)
    assert done.returncode in (0, 1), done.stderr
    return sorted({item["path"] for item in json.loads(done.stdout)})


def test_a_walk_skips_what_git_ignores_as_git_does(repo: Path, home: Path, run: Run) -> None:
    listed = _git(repo, "ls-files", "--others", "--exclude-standard", home=home).splitlines()
    by_git = sorted(p for p in listed if p.endswith(".din"))
    assert by_git == sorted(
        ["a.din", "keep.gen.din", "sub/top-only.din", "sub/x.gen.din", "docs/a.din", "deep/er/more/anchored.din"]
    )
    assert _linted(run, repo, ".") == by_git


def test_no_respect_gitignore_walks_everything(repo: Path, run: Run) -> None:
    everything = sorted(name for name in TREE if name.endswith(".din"))
    assert _linted(run, repo, "--no-respect-gitignore", ".") == everything
    assert _linted(run, repo, "--config", "respect-gitignore = false", ".") == everything


def test_the_config_key_turns_it_off_for_its_tree(repo: Path, run: Run) -> None:
    write(repo / "sub" / "dinaction.toml", "respect-gitignore = false\n")
    linted = _linted(run, repo, ".")
    assert {"sub/local.din", "sub/build/c.din"} <= set(linted)  # its directory and below
    assert "x.gen.din" not in linted and "build/b.din" not in linted  # the rest of the tree as before


def test_walking_a_subdirectory_honours_the_files_above_it(repo: Path, run: Run) -> None:
    assert _linted(run, repo / "sub", ".") == ["top-only.din", "x.gen.din"]
    assert _linted(run, repo, "sub") == ["sub/top-only.din", "sub/x.gen.din"]


def test_named_files_are_linted_unless_force_exclude(repo: Path, run: Run) -> None:
    assert _linted(run, repo, "x.gen.din", "build/b.din") == ["build/b.din", "x.gen.din"]
    assert _linted(run, repo, "--force-exclude", "x.gen.din", "build/b.din", "a.din") == ["a.din"]
    assert _linted(run, repo, "--force-exclude", "build") == []


def test_a_named_ignored_directory_is_walked(repo: Path, run: Run) -> None:
    assert _linted(run, repo, "build") == ["build/b.din"]


def test_gitignore_counts_only_in_a_repository_and_ignore_everywhere(tmp_path: Path, run: Run) -> None:
    plain = tmp_path / "plain"
    write(plain / ".gitignore", "a.din\n")
    write(plain / ".ignore", "b.din\n")
    for name in ("a.din", "b.din", "c.din"):
        write(plain / name, BROKEN)
    assert _linted(run, plain, ".") == ["a.din", "c.din"]


def test_ignore_wins_over_gitignore(repo: Path, run: Run) -> None:
    write(repo / ".ignore", "!x.gen.din\n")
    assert "x.gen.din" in _linted(run, repo, ".")


def test_a_nested_repository_starts_afresh(repo: Path, home: Path, run: Run) -> None:
    inner = repo / "vendor" / "inner"
    write(inner / "x.gen.din", BROKEN)
    _git(inner, "init", "-q", home=home)
    assert "vendor/inner/x.gen.din" in _linted(run, repo, ".")


def test_core_excludesfile_in_the_home_gitconfig(repo: Path, home: Path, run: Run) -> None:
    write(home / ".gitconfig", '[user]\n\tname = x\n[core]\n\texcludesFile = "~/my ignores" ; a comment\n')
    write(home / "my ignores", "a.din\n")
    listed = _git(repo, "ls-files", "--others", "--exclude-standard", home=home).splitlines()
    assert "a.din" not in listed and "global-1.din" in listed  # git reads the one file the config names
    linted = _linted(run, repo, ".")
    assert "a.din" not in linted and "global-1.din" in linted


def test_an_ignore_file_that_is_a_fifo_does_not_hang_the_walk(tmp_path: Path, run: Run) -> None:
    folder = tmp_path / "d"
    write(folder / "a.din", BROKEN)
    os.mkfifo(folder / ".ignore")
    done = run("lint", "d")
    assert done.returncode == 2
    assert b"d/.ignore: cannot read the ignore file" in done.stderr
    assert b"d/a.din:1:1" in done.stdout
