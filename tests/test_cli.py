"""The CLI's contract: output shapes, exit codes, stdin, and files left intact."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from dinaction.cli import run

GOOD = "transfer +81336042000\n"
BROKEN = "tranfer +81336042000\n"
WARNING_ONLY = "playback https://example.com/a.wav\n"


def _write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return path


def test_clean_file_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "a.din", GOOD)
    assert run(["lint", str(path)]) == 0
    assert "All checks passed" in capsys.readouterr().out


def test_text_format_shows_position_caret_and_fix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "a.din", BROKEN)
    assert run(["lint", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{path}:1:1: error DA002 unknown action `tranfer`; did you mean `transfer`? [unknown-action]"
    assert out[2] == "1 | tranfer +81336042000"
    assert out[3] == "  | ^^^^^^^ fix (unsafe): Replace with `transfer`"


def test_caret_counts_wide_characters_twice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "a.din", 'say en "日本" now\n')
    run(["lint", str(path)])
    out = capsys.readouterr().out.splitlines()
    source, caret = out[2], out[3]
    assert caret.index("^^^") == source.index("now") + 2  # 日本 take two cells each


def test_json_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "a.din", 'say en "日本😀" now\n')
    assert run(["lint", "--format", "json", str(path)]) == 1
    items = json.loads(capsys.readouterr().out)
    assert [i["code"] for i in items] == ["DA004"]
    extra = items[0]
    assert {k: extra[k] for k in ("path", "line", "column", "end_line", "end_column", "severity", "name")} == {
        "path": str(path),
        "line": 1,
        "column": 14,  # code points: the emoji counts one
        "end_line": 1,
        "end_column": 17,
        "severity": "error",
        "name": "extra-argument",
    }
    assert extra["fix"]["applicability"] == "unsafe"
    assert extra["fix"]["edits"] == [{"line": 1, "column": 13, "end_line": 1, "end_column": 17, "content": ""}]
    assert extra["url"].endswith("#da004-extra-argument")


def test_fail_on(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.din", WARNING_ONLY)
    assert run(["lint", str(path)]) == 1
    assert run(["lint", "--fail-on", "error", str(path)]) == 0
    assert run(["lint", "--fail-on", "info", str(path)]) == 1


def test_directory_walk_finds_din_and_dinaction_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(tmp_path, "a.din", BROKEN)
    (tmp_path / "sub").mkdir()
    _write(tmp_path / "sub", "b.dinaction", BROKEN)
    _write(tmp_path, "notes.txt", BROKEN)
    assert run(["lint", "--format", "json", str(tmp_path)]) == 1
    paths = {Path(i["path"]).name for i in json.loads(capsys.readouterr().out)}
    assert paths == {"a.din", "b.dinaction"}


def test_missing_path_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["lint", str(tmp_path / "nope.din")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no such file or directory" in err and "Traceback" not in err


def test_bad_option_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "a.din", GOOD)
    assert run(["lint", "--format", "xml", str(path)]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_unreadable_file_is_an_io_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if os.geteuid() == 0:
        path = tmp_path / "dir.din"
        path.mkdir()
        (path / "x.din").write_text(GOOD)
        assert run(["lint", str(path)]) == 0  # a directory named .din is walked
        return
    path = _write(tmp_path, "a.din", GOOD)  # pragma: no cover - CI runs as root
    path.chmod(0)  # pragma: no cover
    assert run(["lint", str(path)]) == 2  # pragma: no cover


def test_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(BROKEN.encode())))
    assert run(["lint", "-"]) == 1
    assert capsys.readouterr().out.startswith("<stdin>:1:1: error DA002")


def test_format_rewrites_atomically_and_keeps_mode(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.din", "TRANSFER  +81336042000 --caller= +815012345678\r\n\n")
    path.chmod(0o640)
    assert run(["format", str(path)]) == 0
    assert path.read_bytes() == b"transfer +81336042000 --caller=+815012345678\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["a.din"]  # no temp file left behind


def test_format_check_and_diff_change_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    original = 'Say EN "Hello"\n'
    path = _write(tmp_path, "a.din", original)
    assert run(["format", "--check", str(path)]) == 1
    assert run(["format", "--diff", str(path)]) == 1
    out = capsys.readouterr().out
    assert '-Say EN "Hello"' in out and '+say en "Hello"' in out
    assert path.read_text(encoding="utf-8") == original
    formatted = _write(tmp_path, "b.din", 'say en "Hello"\n')
    assert run(["format", "--check", str(formatted)]) == 0


def test_format_refuses_a_broken_file_and_leaves_it_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "transfer  +81336042000\ntranfer +81336042000\n"
    path = _write(tmp_path, "a.din", text)
    assert run(["format", str(path)]) == 1
    assert path.read_text(encoding="utf-8") == text
    assert "DA002" in capsys.readouterr().err


def test_format_never_rewrites_invalid_utf8(tmp_path: Path) -> None:
    data = b'say ja "\x82\xb1"\n'
    path = _write(tmp_path, "a.din", data)
    assert run(["format", str(path)]) == 1
    assert run(["lint", "--fix", str(path)]) == 1
    assert path.read_bytes() == data


def test_format_stdin_to_stdout(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"PLAYBACK https://example.com/a.mp3")))
    assert run(["format", "-"]) == 0
    assert capsys.readouterr().out == "playback https://example.com/a.mp3\n"


def test_fix_applies_safe_fixes_only(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.din", "Transfer  +81336042000 --caller=+81-50-1234-5678\n")
    assert run(["lint", "--fix", str(path)]) == 1  # the separators need --unsafe-fixes
    assert path.read_text(encoding="utf-8") == "transfer +81336042000 --caller=+81-50-1234-5678\n"
    assert run(["lint", "--fix", "--unsafe-fixes", str(path)]) == 0
    assert path.read_text(encoding="utf-8") == "transfer +81336042000 --caller=+815012345678\n"


def test_rule_and_rules(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["rule", "unknown-action"]) == 0
    assert capsys.readouterr().out.startswith("## DA002 unknown-action")
    assert run(["rule", "DA999"]) == 2
    assert run(["rules"]) == 0
    out = capsys.readouterr().out
    assert "DA002  unknown-action" in out and "(off by default)" in out


def test_console_script_and_module_entry_points(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.din", BROKEN)
    for argv in (["dinaction"], [sys.executable, "-m", "dinaction"]):
        exe = argv[0] if argv[0] != "dinaction" else str(Path(sys.executable).parent / "dinaction")
        proc = subprocess.run([exe, *argv[1:], "lint", str(path)], capture_output=True, text=True, check=False)
        assert proc.returncode == 1, proc.stderr
        assert "DA002" in proc.stdout


def test_a_document_written_to_stdout_keeps_every_character(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Formatting or fixing stdin must not strip what looks like a terminal colour code."""
    import io

    text = 'SAY en "red \x1b[31mtext"\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    assert run(["format", "-"]) == 0
    assert capsys.readouterr().out == 'say en "red \x1b[31mtext"\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    run(["lint", "--fix", "-"])
    assert 'say en "red \x1b[31mtext"\n' in capsys.readouterr().out
