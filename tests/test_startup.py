"""What a start-up loads: the library imports nothing heavy, and a lint loads only what its actions need.

Start-up is most of a one-file run (pre-commit) and of every worker process.
lark is needed only to regenerate the parser tables; langcodes only for codes
other than `en` and `ja`; phonenumbers only once a number is seen that is not
written as Xoxzo takes it (`+` and digits: facts/plans.txt answers); typer
(~22 ms) only for command lines other than a plain `dinaction lint`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("lark", "langcodes", "language_data", "phonenumbers", "emoji", "typer", "pydantic", "httpx", "pygls", "rich")
PROBE = f"""
import sys
loaded = lambda: print(sorted(m for m in {HEAVY!r} if m in sys.modules))
import dinaction
loaded()
dinaction.lint('say ja "こんにちは"\\nvoicemail say en "Hi"\\nplayback https://example.com/a.mp3\\n')
loaded()
dinaction.lint("transfer +81336042000 --caller=+819012345678\\n")
loaded()
dinaction.lint("transfer 03-3604-2000\\n")
loaded()
print("tempfile" in sys.modules, "difflib" in sys.modules)  # writing files, suggesting words
dinaction.lint('say fr "Bonjour"\\n')
loaded()
"""


def test_a_lint_loads_only_what_its_actions_need() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == [
        "[]",
        "[]",
        "[]",  # a number as Xoxzo takes it: its country's plan is kept beside facts/numbers.py
        "['phonenumbers']",  # a number written otherwise: libphonenumber reads it
        "False False",
        "['langcodes', 'language_data', 'phonenumbers']",
    ]


SCRIPT = str(Path(sys.executable).parent / "dinaction")
#: what a plain `dinaction lint --no-cache` of a clean file has no use for: typer and the
#: modules of other commands, other formats (junit's xml, fingerprints' hashlib), --diff,
#: --baseline, --changed-since, the cache (tempfile: only to write one), syntax errors, and
#: the globs of a walk (pathspec: a file named on the command line needs none), nor the placing of
#: a configuration file's problems (for editors)
NOT_FOR_A_PLAIN_LINT = (
    *HEAVY,
    "dinaction.syntax.recovery",
    "hashlib",
    "click",
    "typer._click",
    "dinaction.cli.app",
    "dinaction.cli.format",
    "dinaction.cli.rules",
    "dinaction.cli.lsp",
    "dinaction.cli.check_url",
    "dinaction.cli.check_media",
    "dinaction.cli.simulate",
    "dinaction.cli.din",
    "dinaction.client",
    "dinaction.preflight",
    "dinaction.lsp",
    "dinaction.runner.baseline",
    "dinaction.runner.cache",
    "dinaction.runner.git",
    "dinaction.dev",
    "pathspec",
    "dinaction.config.check",
    "dinaction.config.locate",
    "dinaction.reporters.concise",
    "dinaction.reporters.junit",
    "dinaction.reporters.statistics",
    "xml.etree.ElementTree",
    "difflib",
    "subprocess",
    "tempfile",
)


@pytest.mark.parametrize("command", [[SCRIPT], [sys.executable, "-m", "dinaction"]], ids=["script", "python -m"])
def test_a_plain_lint_loads_no_typer_nor_what_other_commands_need(command: list[str], tmp_path: Path) -> None:
    (tmp_path / "dinaction.toml").write_text("", encoding="utf-8")
    (tmp_path / "a.din").write_text('say ja "こんにちは"\n', encoding="utf-8")
    done = subprocess.run(
        [*command, "lint", "--no-cache", "a.din"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPROFILEIMPORTTIME": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "All checks passed (1 file).\n"
    loaded = {line.rpartition("|")[2].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert "dinaction.cli.lint" in loaded  # the import profile is there to read
    assert sorted(loaded.intersection(NOT_FOR_A_PLAIN_LINT)) == []
