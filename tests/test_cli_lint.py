"""`dinaction lint` and `format` options for CI: stdin names, fixes, diffs, file selection,
--changed-since, parallel runs, and the installed script."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from dinaction import config
from dinaction.cli import run
from dinaction.runner import Source, workers
from dinaction.runner.discovery import Found
from tests.files import write

SCRIPT = str(Path(sys.executable).parent / "dinaction")


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.chdir(tmp_path)
    config.clear_cache()


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def _codes(out: str) -> list[str]:
    return [item["code"] for item in json.loads(out)]


# --- stdin ---------------------------------------------------------------------------------------


def test_stdin_filename_applies_config_and_per_file_ignores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path / "dinaction.toml", '[per-file-ignores]\n"legacy/*.din" = ["DA204"]\n')
    data = b"playback https://example.com/a.wav\n"
    _stdin(monkeypatch, data)
    assert run(["lint", "--format", "json", "--stdin-filename", "legacy/old.din", "-"]) == 0
    assert _codes(capsys.readouterr().out) == []
    _stdin(monkeypatch, data)
    assert run(["lint", "--format", "json", "--stdin-filename", "new/x.din"]) == 1  # no path: stdin implied
    [item] = json.loads(capsys.readouterr().out)
    assert (item["code"], item["path"]) == ("DA204", "new/x.din")


def test_stdin_filename_with_force_exclude_skips_an_excluded_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path / "dinaction.toml", 'extend-exclude = ["vendor"]\n')
    _stdin(monkeypatch, b"tranfer +1\n")
    assert run(["lint", "-q", "--force-exclude", "--stdin-filename", "vendor/x.din", "-"]) == 0
    assert capsys.readouterr().out == "All checks passed (0 files).\n"  # nothing was linted


def test_fix_on_stdin_writes_the_text_to_stdout_and_the_report_to_stderr(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, b'say EN "Hello"  \n')
    assert run(["lint", "--fix", "-"]) == 0
    captured = capsys.readouterr()
    assert captured.out == 'say en "Hello"\n'
    assert "Fixed 2 findings" in captured.err


# --- fixes ---------------------------------------------------------------------------------------


def test_fix_writes_safe_fixes_and_reports_what_remains(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "a.din", "Tranfer  +81336042000\n")
    assert run(["lint", "--fix", "--format", "json", str(path)]) == 1
    assert path.read_text(encoding="utf-8") == "Tranfer +81336042000\n"
    assert _codes(capsys.readouterr().out) == ["DA002"]  # the unsafe one remains
    assert run(["lint", "--fix", "--unsafe-fixes", str(path)]) == 0
    assert path.read_text(encoding="utf-8") == "transfer +81336042000\n"
    assert [p.name for p in tmp_path.iterdir() if p.name != ".dinaction_cache"] == ["a.din"]  # no temp files


def test_diff_shows_fixes_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    original = 'say EN "Hello"  \ntranfer +81336042000\n'
    path = write(tmp_path / "a.din", original)
    assert run(["lint", "--diff", "--config", "max-actions = 2", str(path)]) == 1
    out = capsys.readouterr().out
    assert out.splitlines() == [
        f"--- {path}",
        f"+++ {path}",
        "@@ -1,2 +1,2 @@",
        '-say EN "Hello"  ',
        '+say en "Hello"',
        " tranfer +81336042000",
    ]
    assert run(["lint", "--diff", "--unsafe-fixes", "--config", "max-actions = 2", str(path)]) == 1
    assert "+transfer +81336042000" in capsys.readouterr().out
    assert path.read_text(encoding="utf-8") == original
    clean = write(tmp_path / "b.din", "transfer +81336042000\n")
    assert run(["lint", "--diff", str(clean)]) == 0
    assert capsys.readouterr().out == ""


def test_fixes_are_applied_until_stable(tmp_path: Path) -> None:
    path = write(tmp_path / "a.din", '\n\n  SAY  EN   "Hello"  \r\n\n')
    assert run(["lint", "--fix", str(path)]) == 0
    fixed = path.read_bytes()
    assert fixed == b'say en "Hello"\n'
    assert run(["lint", "--fix", str(path)]) == 0
    assert path.read_bytes() == fixed


def test_a_file_that_is_not_utf8_keeps_its_bytes_when_fixed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Fixes are written in the file's own bytes: what is not UTF-8 is never lost, nor re-encoded unasked."""
    data = b'SAY EN "\xe9t\xe9"  \n'
    path = write(tmp_path / "a.din", data)
    assert run(["lint", "--diff", str(path)]) == 1
    assert "+say en " in capsys.readouterr().out
    assert path.read_bytes() == data  # --diff writes nothing
    for flags in (["--fix"], ["--fix", "--unsafe-fixes"]):
        assert run(["lint", *flags, "--format", "json", str(path)]) == 1
        assert _codes(capsys.readouterr().out) == ["DA020", "DA020"]
        assert path.read_bytes() == b'say en "\xe9t\xe9"\n'  # the bad bytes kept, byte for byte
    assert run(["lint", "--diff", str(path)]) == 0
    assert capsys.readouterr().out == ""


# --- file selection ------------------------------------------------------------------------------


def test_include_and_exclude_shape_the_walk(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "dinaction.toml", 'include = ["*.din", "*.act"]\nextend-exclude = ["drafts", "/top.din"]\n')
    for name in ("a.din", "b.act", "c.txt", "drafts/d.din", "sub/drafts/e.din", "top.din", "sub/top.din"):
        write(tmp_path / name, "tranfer +1\n")
    write(tmp_path / "node_modules" / "f.din", "tranfer +1\n")  # excluded by default
    assert run(["lint", "--format", "json", "."]) == 1
    found = sorted({Path(i["path"]).as_posix() for i in json.loads(capsys.readouterr().out)})
    assert found == ["a.din", "b.act", "sub/top.din"]
    # a file named on the command line is linted, unless --force-exclude
    assert run(["lint", "-q", "drafts/d.din"]) == 1
    capsys.readouterr()
    assert run(["lint", "-q", "--force-exclude", "drafts/d.din", "top.din"]) == 0
    assert run(["lint", "-q", "--force-exclude", "drafts"]) == 0


def test_an_exclamation_mark_takes_a_file_back(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "dinaction.toml", 'extend-exclude = ["*.tmp.din", "!keep.tmp.din", "old/", "!old/a.din"]\n')
    for name in ("a.tmp.din", "keep.tmp.din", "sub/keep.tmp.din", "old/a.din", "b.din"):
        write(tmp_path / name, "tranfer +1\n")
    assert run(["lint", "--format", "json", "."]) == 1
    found = sorted({Path(i["path"]).as_posix() for i in json.loads(capsys.readouterr().out)})
    assert found == ["b.din", "keep.tmp.din", "sub/keep.tmp.din"]  # not below an excluded directory


def test_nested_configs_apply_per_directory_with_their_own_fail_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path / "dinaction.toml", 'fail-on = "error"\n')
    write(tmp_path / "strict" / "dinaction.toml", 'fail-on = "warning"\n')
    write(tmp_path / "loose.din", "playback https://example.com/a.wav\n")  # a warning
    assert run(["lint", "-q", "."]) == 0
    write(tmp_path / "strict" / "s.din", "playback https://example.com/a.wav\n")
    assert run(["lint", "-q", "."]) == 1
    assert run(["lint", "-q", "--fail-on", "error", "."]) == 0  # the flag overrides both files
    capsys.readouterr()


def test_duplicate_paths_are_linted_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "a.din", "tranfer +1\n")
    assert run(["lint", "--format", "json", ".", "a.din", str(tmp_path / "a.din")]) == 1
    assert _codes(capsys.readouterr().out) == ["DA002"]


def test_format_reads_the_configuration(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "a.din", 'SAY EN "Hi"\nTRANSFER +81336042000\n')
    write(tmp_path / "dinaction.toml", "max-actions = 7\n")
    assert run(["format", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "max-actions: expected an integer from 1 to 2, got 7" in err
    assert run(["format", "--isolated", str(path)]) == 0
    assert path.read_text(encoding="utf-8") == 'say en "Hi"\ntransfer +81336042000\n'
    assert run(["format", "--config", "max-actions = 0", "--isolated", str(path)]) == 2
    write(tmp_path / "dinaction.toml", 'extend-exclude = ["a.din"]\n')
    write(path, "PLAYBACK https://example.com/a.mp3\n")
    assert run(["format", "--force-exclude", str(path)]) == 0
    assert path.read_text(encoding="utf-8") == "PLAYBACK https://example.com/a.mp3\n"  # excluded: untouched


# --- --changed-since -----------------------------------------------------------------------------

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _git(cwd: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env=env)


@needs_git
def test_changed_since_lints_only_changed_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _git(tmp_path, "init", "-q", "-b", "main")
    for name in ("old.din", "edited.din", "deleted.din", "sub/staged.din"):
        write(tmp_path / name, "tranfer +1\n")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "one")
    write(tmp_path / "edited.din", "tranfer +2\n")
    (tmp_path / "deleted.din").unlink()
    write(tmp_path / "sub" / "staged.din", "tranfer +3\n")
    _git(tmp_path, "add", "sub/staged.din")
    write(tmp_path / "untracked.din", "tranfer +4\n")
    write(tmp_path / "ignored.din", "tranfer +5\n")
    write(tmp_path / ".gitignore", "ignored.din\n.dinaction_cache\n")
    assert run(["lint", "--format", "json", "--changed-since", "HEAD", "."]) == 1
    paths = sorted(Path(i["path"]).as_posix() for i in json.loads(capsys.readouterr().out))
    assert paths == ["edited.din", "sub/staged.din", "untracked.din"]
    # from a subdirectory, and naming files
    assert run(["lint", "--format", "json", "--changed-since", "HEAD", "old.din", "edited.din"]) == 1
    assert len(json.loads(capsys.readouterr().out)) == 1
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "two")
    assert run(["lint", "--changed-since", "HEAD", "."]) == 0
    assert "no changed action files found" in capsys.readouterr().err
    assert run(["lint", "-q", "--changed-since", "HEAD~1", "."]) == 1


@needs_git
def test_changed_since_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "a.din", "tranfer +1\n")
    assert run(["lint", "--changed-since", "HEAD", "."]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is not in a git repository" in err, err
    _git(tmp_path, "init", "-q")
    assert run(["lint", "--changed-since", "no-such-rev", "."]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("dinaction: error: --changed-since no-such-rev:"), err


# --- parallel ------------------------------------------------------------------------------------


def test_parallel_and_serial_runs_report_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    samples = ["tranfer +1\n", 'say EN "Hi"  \n', "playback http://localhost/a.wav\n", "transfer +81336042000\n"]
    for i in range(40):
        write(tmp_path / f"d{i % 3}" / f"f{i}.din", samples[i % len(samples)])
    assert run(["lint", "--no-cache", "-j", "1", "--format", "json", "."]) == 1
    serial = capsys.readouterr().out
    monkeypatch.setattr(workers, "PARALLEL_THRESHOLD", 4)
    used: list[int] = []
    real = workers._share

    def spy(share: list[Found | Source], fix: bool, unsafe: bool) -> Callable[[int], list[workers.Done]]:
        used.append(len(share))
        return real(share, fix, unsafe)

    monkeypatch.setattr(workers, "_share", spy)
    assert run(["lint", "--no-cache", "-j", "2", "--format", "json", "."]) == 1
    assert used == [20, 20]  # two workers forked from this process each read and lint a share
    assert capsys.readouterr().out == serial
    assert run(["lint", "--no-cache", "-j", "2", "--fix", "."]) == 1
    assert (tmp_path / "d1" / "f1.din").read_text(encoding="utf-8") == 'say en "Hi"\n'


# --- the installed script ------------------------------------------------------------------------


def _script(cwd: Path, *argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"} | (env or {})
    return subprocess.run([SCRIPT, *argv], cwd=cwd, capture_output=True, text=True, check=False, env=full_env)


def test_script_bad_config_exits_2_with_one_line(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.dinaction]\nselect = ["DA9"]\n')
    write(tmp_path / "a.din", "transfer +81336042000\n")
    done = _script(tmp_path, "lint", "a.din")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        f"dinaction: error: {tmp_path / 'pyproject.toml'}: [tool.dinaction] select: unknown rule 'DA9': "
        "use a code (DA002), a code prefix (DA3) or a name (unknown-action); `dinaction rules` lists them\n"
    )


def test_script_under_github_actions_writes_annotations(tmp_path: Path) -> None:
    write(tmp_path / "a.din", "tranfer +81336042000\n")
    done = _script(tmp_path, "lint", ".", env={"GITHUB_ACTIONS": "true"})
    assert done.returncode == 1
    assert done.stdout == (
        "::error file=a.din,line=1,col=1,endLine=1,endColumn=7,title=DA002 unknown-action"
        "::unknown action `tranfer`; did you mean `transfer`?\n"
    )


def test_script_sarif_to_a_file_and_stdin_filename(tmp_path: Path) -> None:
    write(tmp_path / "dinaction.toml", 'ignore = ["DA204"]\n')
    done = subprocess.run(
        [SCRIPT, "lint", "--format", "sarif", "--stdin-filename", "x/a.din", "-o", "out.sarif"],
        cwd=tmp_path,
        input=b"playback https://example.com/a.wav\ntranfer +1\n",
        capture_output=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    log = json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8"))
    results = log["runs"][0]["results"]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) for r in results] == [
        ("DA002", "x/a.din")  # DA204 on line 1 is ignored by the configuration of x/a.din
    ]


# --- files that are not UTF-8: what --fix says it can do is what it does ----------------------------------


def test_a_shift_jis_file_is_saved_as_utf8_by_the_unsafe_fix_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = 'say ja "こんにちは、お電話ありがとうございます"\n'.encode("cp932")
    path = write(tmp_path / "a.din", data)
    assert run(["lint", "--no-cache", str(path)]) == 1
    out = capsys.readouterr().out
    assert "DA023" in out and "(1 fixable with `--fix --unsafe-fixes`)" in out and "DA406" not in out
    assert run(["lint", "--no-cache", "--fix", str(path)]) == 1  # a safe --fix does not re-encode
    assert path.read_bytes() == data
    capsys.readouterr()
    assert run(["lint", "--no-cache", "--fix", "--unsafe-fixes", str(path)]) == 0
    assert path.read_bytes() == 'say ja "こんにちは、お電話ありがとうございます"\n'.encode()
    assert "Fixed 1 finding" in capsys.readouterr().out


def test_a_safe_fix_in_a_file_with_stray_bytes_keeps_those_bytes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "a.din", b'SAY en "caf\xe9"\n')  # Latin-1 é: not UTF-8, no encoding named
    assert run(["lint", "--no-cache", "--fix", str(path)]) == 1
    assert path.read_bytes() == b'say en "caf\xe9"\n'  # the keyword lowercased, the byte kept
    out = capsys.readouterr().out
    assert "DA020" in out and "DA102" not in out
