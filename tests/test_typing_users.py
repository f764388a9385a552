"""Users' code type-checks: ``mypy --strict`` over code that uses the builder, as an installed package.

The snippets are checked from a directory of their own, with a configuration of
their own, so dinaction is found the way users find it: installed, through its
``py.typed`` marker (without it mypy skips the package and everything is Any).
"""

from __future__ import annotations

import re
import sys
import textwrap
import zipfile
from pathlib import Path

from hatchling.builders.wheel import WheelBuilder
from mypy import api

ROOT = Path(__file__).resolve().parents[1]

GOOD = """
import dataclasses
from typing import assert_type

from hypothesis import given

from dinaction import (
    ActionBody, ActionError, Diagnostic, Playback, Say, Script, Transfer, Voicemail, format_text, lint, parse,
)
from dinaction.ast import Action
from dinaction.strategies import actions, scripts


def answer(caller: str | None, lang: str) -> Script:
    if caller is None:
        return Script([Say(lang, "Please call again with your number shown.")])
    return Script([Say("ja", "お電話ありがとうございます。"), Transfer("03-3604-2000", region="JP")], max_actions=2)


def assemble(first: Say) -> Script:
    steps: list[Action] = [first]
    steps.append(Transfer("+81336042000"))
    return Script(steps, max_actions=2)


def handler(caller: str | None) -> tuple[bytes, str]:
    response = answer(caller, "en").http_response()
    assert_type(response, ActionBody)
    assert_type(response.headers, dict[str, str])
    return response.body, response.content_type


def describe(action: Action) -> str:
    match action:
        case Playback(url=url):
            return url
        case Transfer(number=number, caller=caller):
            return number if caller is None else f"{number} as {caller}"
        case Say(lang=lang, message=message):
            return f"{lang}: {message}"
        case Voicemail(greeting=greeting):
            return "voicemail, " + describe(greeting)


def check(text: str) -> list[str]:
    try:
        script = parse(text, max_actions=2)
    except ActionError as error:
        return [f"{d.field}: {d.message}" for d in error.diagnostics]
    warnings: tuple[Diagnostic, ...] = script.diagnostics
    return [d.code for d in warnings] + [d.code for d in lint(text)] + [format_text(text)]


transfer = Transfer("+81 3-3604-2000", caller="+819012345678")
assert_type(transfer.number, str)
assert_type(transfer.caller, str | None)
assert_type(Voicemail(Playback("https://example.com/a.mp3")).greeting, Playback | Say)
assert_type(Script([transfer]).actions, tuple[Playback | Transfer | Say | Voicemail, ...])
assert_type(dataclasses.replace(transfer, caller=None), Transfer)
assert_type(str(transfer), str)
assert_type(Script([transfer]).render(), str)
assert_type(transfer.diagnostics, tuple[Diagnostic, ...])


@given(actions())
def test_describe(action: Action) -> None:
    assert describe(action)


@given(scripts(max_actions=2))
def test_answer_round_trips(script: Script) -> None:
    assert parse(script.render(), max_actions=2) == script
"""

#: each line, and the error code mypy must give for it (and nothing else)
BAD = {
    "Playback(42)": "arg-type",
    'Playback(url=b"https://example.com/a.mp3")': "arg-type",
    'Transfer("+81336042000", "+819012345678")': "call-arg",
    'Transfer("+81336042000", region=81)': "arg-type",
    'Say("en", "Hi", voice="female")': "call-arg",
    'Say("en", "Hi").lang = "ja"': "misc",
    'Voicemail(Transfer("+81336042000"))': "arg-type",
    'Script([Say("en", "Hi")], 2)': "call-arg",
    'Script([Say("en", "Hi")], max_actions="2")': "arg-type",
    'Script(["say en \\"Hi\\""])': "list-item",
    'count: int = Say("en", "Hi").message': "assignment",
    'Transfer("+81336042000").caller.startswith("+")': "union-attr",
}


def _mypy(tmp_path: Path, files: dict[str, str]) -> tuple[str, int]:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "mypy.ini").write_text("[mypy]\nstrict = True\n", encoding="utf-8")
    out, err, status = api.run(
        [
            "--config-file",
            str(tmp_path / "mypy.ini"),
            "--cache-dir",
            str(tmp_path / ".mypy_cache"),
            "--python-executable",
            sys.executable,
            "--no-error-summary",
            "--show-error-codes",
            *(str(tmp_path / name) for name in files),
        ]
    )
    return out + err, status


def test_users_code_is_clean_under_strict(tmp_path: Path) -> None:
    out, status = _mypy(tmp_path, {"user.py": textwrap.dedent(GOOD)})
    assert (out, status) == ("", 0)


def test_misuse_is_caught_by_the_type_checker(tmp_path: Path) -> None:
    header = "from dinaction import Playback, Say, Script, Transfer, Voicemail\n"
    lines = list(BAD)
    out, status = _mypy(tmp_path, {"misuse.py": header + "\n".join(lines) + "\n"})
    assert status == 1
    found: dict[int, set[str]] = {}
    for match in re.finditer(r"misuse\.py:(\d+): error: .*\[([a-z-]+)\]$", out, re.MULTILINE):
        found.setdefault(int(match.group(1)) - 1, set()).add(match.group(2))
    expected = {number: {BAD[line]} for number, line in enumerate(lines, start=1)}
    assert found == expected, out


def test_the_example_server_is_clean_under_strict(tmp_path: Path) -> None:
    server = (ROOT / "examples" / "server.py").read_text(encoding="utf-8")
    out, status = _mypy(tmp_path, {"server.py": server})
    assert (out, status) == ("", 0)


def test_the_wheel_ships_the_typing_marker_and_the_strategies(tmp_path: Path) -> None:
    (wheel,) = WheelBuilder(str(ROOT)).build(directory=str(tmp_path), versions=["standard"])
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"dinaction/py.typed", "dinaction/strategies.py", "dinaction/response.py", "dinaction/builder.py"} <= names
    metadata = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("/METADATA"))).decode()
    assert "Provides-Extra: hypothesis" in metadata
