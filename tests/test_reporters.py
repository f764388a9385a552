"""Every output format, read back by a real consumer: schema validators, XML and JSON parsers,
the documented syntax of GitHub's workflow commands."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jsonschema
import pytest

from dinaction.cli import run
from dinaction.diagnostics import Diagnostic, LineIndex, Severity, Span
from dinaction.reporters import FileReport, github, gitlab, junit
from dinaction.rules import ALL_RULES, BY_CODE

SCHEMAS = Path(__file__).parent / "schemas"

#: a small broken tree: wide and astral characters before findings, a name with `,` `:` and a space
FILES: dict[str, str | bytes] = {
    "typo.din": "tranfer +81336042000\n",
    "many.din": 'say EN "Hello"  \n\nplayback http://localhost/x.wav\n',
    "wide.din": 'say en "日本😀" now\n',
    "weird, name: 1.din": "transfer 0312345678\n",
    "clean.din": "transfer +81336042000\n",
    "latin1.din": b'say ja "\xe9t\xe9"\n',
}


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name, content in FILES.items():
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


def _output(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert run(["lint", "--no-cache", *argv, "."]) == 1
    return capsys.readouterr().out


def _json(capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = json.loads(_output(capsys, "--format", "json"))
    return items


def _schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    return loaded


# --- SARIF ---------------------------------------------------------------------------------------

#: RFC 3986 URI-reference characters (the validator has no `uri-reference` format checker installed)
_URI = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+$")


def _sarif(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(_output(capsys, "--format", "sarif"))
    return log


def test_sarif_is_valid_against_the_official_schema(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = _sarif(capsys)
    validator = jsonschema.Draft4Validator(_schema("sarif-schema-2.1.0.json"))
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    run_ = log["runs"][0]
    for result in run_["results"]:
        for location in result["locations"]:
            assert _URI.match(location["physicalLocation"]["artifactLocation"]["uri"])
    assert _URI.match(run_["originalUriBaseIds"]["%SRCROOT%"]["uri"])


def test_sarif_rule_metadata_comes_from_the_declarations(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run_ = _sarif(capsys)["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.code for r in ALL_RULES]
    for descriptor, rule in zip(rules, ALL_RULES, strict=True):
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert descriptor["fullDescription"]["text"] == rule.why
        assert descriptor["help"]["text"] == rule.doc()
        assert descriptor["helpUri"] == rule.url
        level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}[rule.severity]
        assert descriptor["defaultConfiguration"] == {"level": level, "enabled": rule.default_enabled}
    for result in run_["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_results_match_the_json_report(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = _json(capsys)
    run_ = _sarif(capsys)["runs"][0]
    assert run_["columnKind"] == "unicodeCodePoints"
    got = []
    for result in run_["results"]:
        location = result["locations"][0]["physicalLocation"]
        region = location["region"]
        got.append(
            (
                unquote(location["artifactLocation"]["uri"]),
                region["startLine"],
                region["startColumn"],
                region["endLine"],
                region["endColumn"],
                result["ruleId"],
                result["level"],
                result["message"]["text"],
            )
        )
    level = {"error": "error", "warning": "warning", "info": "note"}
    assert got == [
        (
            Path(i["path"]).as_posix().removeprefix("./"),
            i["line"],
            i["column"],
            i["end_line"],
            i["end_column"],
            i["code"],
            level[i["severity"]],
            i["message"],
        )
        for i in expected
    ]
    wide = next(r for r in got if r[0] == "wide.din")
    assert wide[2] == 14  # after 日本😀: code points, not UTF-16 units (which would say 15)


def _apply_sarif_fix(text: str, fix: dict[str, Any]) -> str:
    """What a SARIF viewer does with a fix: replace regions given in code-point columns."""
    lines = LineIndex(text)
    edits = []
    for change in fix["artifactChanges"]:
        for replacement in change["replacements"]:
            region = replacement["deletedRegion"]
            start = lines.offset(region["startLine"], region["startColumn"])
            end = lines.offset(region["endLine"], region["endColumn"])
            edits.append((start, end, replacement["insertedContent"]["text"]))
    for start, end, content in sorted(edits, reverse=True):
        text = text[:start] + content + text[end:]
    return text


def test_sarif_fixes_apply_to_the_source(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    results = _sarif(capsys)["runs"][0]["results"]
    typo = next(r for r in results if r["ruleId"] == "DA002")
    assert typo["fixes"][0]["description"]["text"] == "Replace with `transfer` (unsafe)"
    assert _apply_sarif_fix(str(FILES["typo.din"]), typo["fixes"][0]) == "transfer +81336042000\n"
    case = next(r for r in results if r["ruleId"] == "DA402")
    assert _apply_sarif_fix(str(FILES["many.din"]), case["fixes"][0]).startswith('say en "Hello"')
    assert all("fixes" not in r for r in results if BY_CODE[r["ruleId"]].fix is None)


# --- GitHub workflow commands --------------------------------------------------------------------

_COMMAND = re.compile(r"^::(?P<command>error|warning|notice) (?P<props>[^:]*)::(?P<message>.*)$")


def _unescape(value: str) -> str:
    """GitHub's decoding, from the runner's documented escapes."""
    for escaped, raw in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        value = value.replace(escaped, raw)
    return value


def _parse_commands(output: str) -> Iterator[tuple[str, dict[str, str], str]]:
    for line in output.splitlines():
        match = _COMMAND.match(line)
        assert match, f"not a workflow command: {line!r}"
        props = dict(part.split("=", 1) for part in match["props"].split(","))
        yield match["command"], {k: _unescape(v) for k, v in props.items()}, _unescape(match["message"])


def test_github_commands_parse_back_to_the_findings(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = _json(capsys)
    commands = list(_parse_commands(_output(capsys, "--format", "github")))
    assert len(commands) == len(expected)
    kind = {"error": "error", "warning": "warning", "info": "notice"}
    for (command, props, message), item in zip(commands, expected, strict=True):
        assert command == kind[item["severity"]]
        assert props["file"] == item["path"]
        assert props["title"] == f"{item['code']} {item['name']}"
        assert int(props["line"]) == item["line"]
        assert int(props["endLine"]) >= int(props["line"])
        assert int(props["col"]) == item["column"]
        assert int(props["endColumn"]) == max(item["column"], item["end_column"] - 1)  # inclusive
        assert message == item["message"]
    assert any(props["file"] == "weird, name: 1.din" for _, props, _ in commands)


def test_github_escapes_percent_newlines_and_property_separators() -> None:
    text = "transfer +1\n"
    diagnostic = Diagnostic("DA002", "unknown-action", Severity.ERROR, "100% wrong\r\nreally: a, b", Span(0, 8))
    line = github.command(FileReport("dir,x/a:b%.din", text, (diagnostic,)), diagnostic)
    assert line == (
        "::error file=dir%2Cx/a%3Ab%25.din,line=1,col=1,endLine=1,endColumn=8,title=DA002 unknown-action"
        "::100%25 wrong%0D%0Areally: a, b"
    )
    [(_, props, message)] = list(_parse_commands(line))
    assert props["file"] == "dir,x/a:b%.din" and message == "100% wrong\r\nreally: a, b"


def test_github_is_the_default_under_github_actions(
    tree: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    out = _output(capsys)
    assert out.startswith("::") and all(line.startswith("::") for line in out.splitlines())
    assert not _output(capsys, "--format", "text").startswith("::")  # an explicit --format still wins


# --- GitLab Code Quality -------------------------------------------------------------------------


def test_gitlab_report_is_valid_and_fingerprints_unique(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = _json(capsys)
    issues = json.loads(_output(capsys, "--format", "gitlab"))
    jsonschema.validate(issues, _schema("gitlab-codequality.schema.json"))
    assert len({i["fingerprint"] for i in issues}) == len(issues) == len(expected)
    severity = {"error": "major", "warning": "minor", "info": "info"}
    for issue, item in zip(issues, expected, strict=True):
        assert issue["location"]["path"] == Path(item["path"]).as_posix().removeprefix("./")
        assert issue["location"]["lines"]["begin"] == item["line"]
        assert issue["check_name"] == item["code"]
        assert issue["severity"] == severity[item["severity"]]
        assert item["message"] in issue["description"]


def test_gitlab_fingerprints_survive_line_moves_and_tell_duplicates_apart(tmp_path: Path) -> None:
    # dashboard-style (two actions): the same typo twice must give two fingerprints
    first = _gitlab_fingerprints(tmp_path, "tranfer +81336042000\ntranfer +81336042000\n")
    moved = _gitlab_fingerprints(tmp_path, "\n\ntranfer +81336042000\ntranfer +81336042000\n")
    assert len(set(first["DA002"])) == 2
    assert moved["DA002"] == first["DA002"]
    edited = _gitlab_fingerprints(tmp_path, "tranfer +81336042001\ntranfer +81336042000\n")
    assert edited["DA002"] == first["DA002"]  # the evidence is the misspelt word itself


def _gitlab_fingerprints(tmp_path: Path, text: str) -> dict[str, list[str]]:
    from dinaction.linter import lint_source
    from dinaction.settings import Settings

    result = lint_source(text, Settings(max_actions=2))
    issues = gitlab.issues(FileReport("x/a.din", result.text, result.diagnostics))
    out: dict[str, list[str]] = {}
    for issue in issues:
        out.setdefault(issue["check_name"], []).append(issue["fingerprint"])
    return out


def test_gitlab_paths_are_relative_to_the_project(tree: Path) -> None:
    assert gitlab.project_path(str(tree / "sub" / "a.din")) == "sub/a.din"
    assert gitlab.project_path("./sub/../a.din") == "a.din"


# --- JUnit ---------------------------------------------------------------------------------------


def test_junit_parses_with_the_right_counts(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = _json(capsys)
    root = ET.fromstring(_output(capsys, "--format", "junit"))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert len(suites) == len(FILES)
    failures = [f for s in suites for f in s.iter("failure")]
    assert int(root.attrib["failures"]) == len(failures) == len(expected)
    clean = [s for s in suites if int(s.attrib["failures"]) == 0]
    assert [s.attrib["name"] for s in clean] == ["clean.din"]
    assert int(root.attrib["tests"]) == len(expected) + len(clean)
    for suite in suites:
        assert int(suite.attrib["tests"]) == len(suite.findall("testcase"))
        assert int(suite.attrib["failures"]) == len(suite.findall("testcase/failure"))
    messages = sorted(f.attrib["message"] for f in failures)
    assert messages == sorted(i["message"] for i in expected)


def test_junit_survives_characters_xml_cannot_hold() -> None:
    diagnostic = Diagnostic("DA404", "control-character-in-message", Severity.ERROR, "bad \x00 and \x1b", Span(0, 1))
    xml = junit.report([FileReport("a\x01.din", "x\n", (diagnostic,))])
    failure = ET.fromstring(xml).find("testsuite/testcase/failure")
    assert failure is not None and failure.attrib["message"] == "bad \\x00 and \\x1b"


# --- JSON lines, statistics, quiet ---------------------------------------------------------------


def test_jsonl_is_the_json_report_one_line_each(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = _json(capsys)
    lines = _output(capsys, "--format", "jsonl").splitlines()
    assert [json.loads(line) for line in lines] == expected
    assert all(item["url"] == BY_CODE[item["code"]].url for item in expected)


def test_statistics_count_per_rule(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = _json(capsys)
    counts: dict[str, int] = {}
    for item in expected:
        counts[item["code"]] = counts.get(item["code"], 0) + 1
    stats = json.loads(_output(capsys, "--statistics", "--format", "json"))
    assert {s["code"]: s["count"] for s in stats} == counts
    assert [s["count"] for s in stats] == sorted(counts.values(), reverse=True)
    table = _output(capsys, "--statistics").splitlines()
    assert len(table) == len(counts) + 1  # a row per rule, then the legend of [*]
    assert table[-1] == "[*] fixable with `dinaction lint --fix`"
    # DA002's fix is unsafe: `--fix` alone leaves it, so it has no [*]
    assert any(re.fullmatch(r"\s*1  DA002  \[ \] unknown-action", row) for row in table)
    assert any(re.fullmatch(r"\s*1  DA104  \[\*\] stray-whitespace", row) for row in table)
    marked = {row.split()[1] for row in table[:-1] if "[*]" in row}
    assert marked == {s["code"] for s in stats if s["fixable"]} == {"DA103", "DA104", "DA402"}
    assert {s["code"]: s["unsafe_fixable"] for s in stats}["DA002"] == 1
    assert len({row.index("[") for row in table[:-1]}) == 1  # the columns line up
    assert run(["lint", "--statistics", "--format", "sarif", "."]) == 2


def test_quiet_prints_the_summary_only(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = _output(capsys, "--quiet")
    assert out.startswith("Found ") and out.count("\n") == 1 and "DA002" not in out
    assert run(["lint", "--quiet", "clean.din"]) == 0
    assert capsys.readouterr() == ("All checks passed (1 file).\n", "")


def test_exit_zero(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["lint", "--exit-zero", "typo.din"]) == 0
    assert "DA002" in capsys.readouterr().out


def test_output_file(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["lint", "--format", "sarif", "-o", "report.sarif", "typo.din"]) == 1
    assert capsys.readouterr().out == ""
    log = json.loads((tree / "report.sarif").read_text(encoding="utf-8"))
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["DA002"]
