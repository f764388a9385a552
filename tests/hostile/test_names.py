"""File names no report should hold raw: bytes that are not UTF-8, a line break followed by a GitHub
workflow command, a terminal escape, a bidirectional override. Every format writes valid UTF-8 for
them; the formats people read escape their control characters; each is read back by a real
consumer (JSON and XML parsers, the SARIF and GitLab schemas, GitHub's command syntax)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import unquote, unquote_to_bytes

import jsonschema
import pytest

from dinaction.reporters import FORMATS, safe_text
from tests.hostile.conftest import BROKEN, Run

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"

#: the names, as the file system holds them
NAMES = (
    b"bad\xff\xfe.din",
    b"evil\n::error title=injected::pwned.din",
    b"red\x1b[31m.din",
    "\u202enid.txt.din".encode(),
    "日本 語, 100%: x.din".encode(),
)
#: what a reader sees of each (control characters and undecodable bytes escaped)
SHOWN = (
    "d/bad\\xff\\xfe.din",
    "d/evil\\n::error title=injected::pwned.din",
    "d/red\\x1b[31m.din",
    "d/\\u202enid.txt.din",
    "d/日本 語, 100%: x.din",
)
#: what any line of a human-readable report must not hold
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    folder = tmp_path / "d"
    folder.mkdir()
    for name in NAMES:
        with open(os.path.join(os.fsencode(folder), name), "wb") as handle:
            handle.write(BROKEN.encode())
    return folder


def _lint(run: Run, fmt: str) -> subprocess.CompletedProcess[bytes]:
    done = run("lint", "--no-cache", "--format", fmt, "d")
    assert done.returncode == 1, done.stderr
    assert b"internal error" not in done.stderr
    return done


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_writes_valid_utf8_for_any_name(fmt: str, tree: Path, run: Run) -> None:
    done = _lint(run, fmt)
    done.stdout.decode("utf-8")  # strict: raises on what is not UTF-8


@pytest.mark.parametrize("fmt", ["text", "concise", "github", "junit"])
def test_human_readable_formats_hold_no_raw_control_character(fmt: str, tree: Path, run: Run) -> None:
    out = _lint(run, fmt).stdout.decode("utf-8")
    assert RAW_CONTROL.search(out) is None
    assert not [line for line in out.splitlines() if line.startswith("::") and not line.startswith("::error file=")]


def test_text_shows_each_name_escaped_on_one_line(tree: Path, run: Run) -> None:
    out = _lint(run, "text").stdout.decode("utf-8")
    heads = [line for line in out.splitlines() if ": error DA002 " in line]
    assert sorted(head.partition(":1:1:")[0] for head in heads) == sorted(SHOWN)


def test_github_commands_follow_githubs_escaping(tree: Path, run: Run) -> None:
    out = _lint(run, "github").stdout.decode("utf-8")
    commands = out.splitlines()
    assert len(commands) == len(NAMES)  # one line per finding: no name started a line of its own
    files = []
    for command in commands:
        match = re.fullmatch(r"::error (?P<props>[^:]*)::(?P<message>.*)", command)
        assert match is not None, command
        props = dict(item.split("=", 1) for item in match["props"].split(","))
        assert all(not re.search(r"[\r\n:,]", value) for value in props.values())
        assert "%" not in re.sub(r"%(25|0D|0A|3A|2C)", "", props["file"])  # every % starts an escape
        files.append(unquote(props["file"]))
    assert sorted(files) == sorted(SHOWN)


def test_junit_parses_and_names_each_file_escaped(tree: Path, run: Run) -> None:
    root = ET.fromstring(_lint(run, "junit").stdout)
    assert sorted(suite.get("name", "") for suite in root.iter("testsuite")) == sorted(SHOWN)
    for failure in root.iter("failure"):
        assert "\n" not in (failure.text or "")


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_keeps_every_decodable_name_exactly(fmt: str, tree: Path, run: Run) -> None:
    out = _lint(run, fmt).stdout
    items: list[dict[str, Any]] = json.loads(out) if fmt == "json" else [json.loads(line) for line in out.splitlines()]
    expected = [safe_text("d/" + os.fsdecode(name), controls=False) for name in NAMES]
    assert sorted(item["path"] for item in items) == sorted(expected)
    assert "d/bad\ufffd\ufffd.din" in expected and "d/evil\n::error title=injected::pwned.din" in expected


def test_gitlab_is_valid_and_its_description_has_no_control_character(tree: Path, run: Run) -> None:
    issues = json.loads(_lint(run, "gitlab").stdout)
    jsonschema.validate(issues, json.loads((SCHEMAS / "gitlab-codequality.schema.json").read_text()))
    assert all(RAW_CONTROL.search(issue["description"]) is None for issue in issues)
    assert "d/bad\ufffd\ufffd.din" in [issue["location"]["path"] for issue in issues]


def test_sarif_is_valid_and_its_uris_are_the_names_bytes_percent_encoded(tree: Path, run: Run) -> None:
    log = json.loads(_lint(run, "sarif").stdout)
    validator = jsonschema.Draft4Validator(json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text()))
    assert not list(validator.iter_errors(log))
    uris = [
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for result in log["runs"][0]["results"]
    ]
    assert all(re.fullmatch(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+", uri) for uri in uris), uris
    assert sorted(unquote_to_bytes(uri) for uri in uris) == sorted(b"d/" + name for name in NAMES)


def test_an_unreadable_file_with_a_crafted_name_is_one_escaped_error_line(tmp_path: Path, run: Run) -> None:
    (tmp_path / "d").mkdir()
    os.symlink("nowhere", os.path.join(os.fsencode(tmp_path / "d"), b"x\n::error::y\xff.din"))
    done = run("lint", "d")
    assert done.returncode == 2
    assert done.stderr.decode("utf-8").splitlines() == [
        "dinaction: error: d/x\\n::error::y\\xff.din: a symbolic link to a file that does not exist"
    ]


def test_format_diff_headers_name_the_file_on_one_line(tmp_path: Path, run: Run) -> None:
    (tmp_path / "d").mkdir()
    with open(os.path.join(os.fsencode(tmp_path / "d"), b"a\nb.din"), "wb") as handle:
        handle.write(b"TRANSFER  +81336042000\n")
    done = run("format", "--diff", "d")
    assert done.returncode == 1
    assert done.stdout.decode("utf-8").splitlines()[:2] == ["--- d/a\\nb.din", "+++ d/a\\nb.din"]
