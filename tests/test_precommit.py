"""The pre-commit hooks, run by the real `pre-commit` in a temporary git repository.

The hook definitions come from this checkout's `.pre-commit-hooks.yaml` (validated by
pre-commit's own manifest loader). They are run as `repo: local` hooks with
`language: system` and the installed `dinaction` script, which keeps the test offline:
`language: python` would make pre-commit build a virtualenv and download the
dependencies. Everything else — file filtering by `files`/`types`, argument passing,
exit codes, "files were modified by this hook" — is pre-commit's own.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = str(Path(sys.executable).parent / "dinaction")

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git, which is not installed")


def _manifest() -> list[dict[str, Any]]:
    import importlib

    clientlib = importlib.import_module("pre_commit.clientlib")  # untyped; validates like `pre-commit` itself
    hooks: list[dict[str, Any]] = clientlib.load_manifest(ROOT / ".pre-commit-hooks.yaml")
    return hooks


def test_manifest_declares_both_hooks_for_action_files() -> None:
    import re

    hooks = {h["id"]: h for h in _manifest()}
    assert set(hooks) == {"dinaction-lint", "dinaction-format"}
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert hook["entry"].split()[0] == "dinaction"
        assert "--force-exclude" in hook["entry"].split()
        files = re.compile(hook["files"])
        assert files.search("a/b.din") and files.search("x.dinaction")
        assert not files.search("x.din.txt") and not files.search("x.md")


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"},
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "PRE_COMMIT_COLOR": "never",
    }


def _git(repo: Path, env: dict[str, str], *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def _pre_commit(repo: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", *args, "--all-files"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    repo = tmp_path / "repo"
    repo.mkdir()
    env = _env(tmp_path)
    _git(repo, env, "init", "-q")
    hooks = []
    for hook in _manifest():
        local = {k: hook[k] for k in ("id", "name", "entry", "types", "files", "require_serial")}
        local["entry"] = SCRIPT + hook["entry"].removeprefix("dinaction")
        local["language"] = "system"
        hooks.append(local)
    # JSON is YAML: no YAML writer needed
    (repo / ".pre-commit-config.yaml").write_text(
        json.dumps({"repos": [{"repo": "local", "hooks": hooks}]}, indent=2), encoding="utf-8"
    )
    files = {
        "good.din": "transfer +81336042000\n",
        "bad.din": "tranfer +81336042000\n",
        "notes.txt": "tranfer: not an action file\n",
        "vendor/theirs.din": "tranfer +81336042000\n",
        "dinaction.toml": 'extend-exclude = ["vendor"]\n',
        ".gitignore": ".dinaction_cache/\n",
    }
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
    _git(repo, env, "add", ".")
    return repo, env


def test_lint_hook_fails_on_a_broken_action_file_only(repo: tuple[Path, dict[str, str]]) -> None:
    path, env = repo
    done = _pre_commit(path, env, "dinaction-lint")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "bad.din:1:1: error DA002 unknown action `tranfer`" in done.stdout
    assert "notes.txt" not in done.stdout  # not an action file: pre-commit never passes it
    assert "vendor" not in done.stdout  # excluded by dinaction.toml, honoured through --force-exclude
    (path / "bad.din").write_text("transfer +81336042000\n", encoding="utf-8")
    _git(path, env, "add", "bad.din")
    done = _pre_commit(path, env, "dinaction-lint")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Passed" in done.stdout


def test_format_hook_rewrites_and_then_passes(repo: tuple[Path, dict[str, str]]) -> None:
    path, env = repo
    (path / "bad.din").write_text("transfer +81336042000\n", encoding="utf-8")
    (path / "ugly.din").write_text("PLAYBACK   https://example.com/a.mp3\r\n\n", encoding="utf-8")
    (path / "vendor" / "theirs.din").write_text("PLAYBACK   https://example.com/a.mp3\n", encoding="utf-8")
    _git(path, env, "add", ".")
    done = _pre_commit(path, env, "dinaction-format")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "files were modified by this hook" in done.stdout
    assert (path / "ugly.din").read_bytes() == b"playback https://example.com/a.mp3\n"
    assert (path / "vendor" / "theirs.din").read_text(encoding="utf-8").startswith("PLAYBACK   ")
    _git(path, env, "add", ".")
    done = _pre_commit(path, env, "dinaction-format")
    assert done.returncode == 0, done.stdout + done.stderr
