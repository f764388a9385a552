"""The commands the README and docs show do what they show: the samples of `dinaction lint` output
are its output today, and the fake API that docs/din.md offers for trying `din` serves it."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from dinaction.cli import run

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SCRIPT = str(Path(sys.executable).parent / "dinaction")


def _samples() -> list[tuple[str, list[str]]]:
    """Each `console` block of the README that runs `dinaction lint` or `rules`: its command and output."""
    found = []
    for block in re.findall(r"^```console\n(.*?)^```$", README, re.S | re.M):
        first, *output = block.rstrip("\n").split("\n")
        if first.startswith(("$ dinaction lint", "$ dinaction rules")):
            found.append((first.removeprefix("$ "), output))
    return found


SAMPLES = _samples()


@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def test_the_readme_shows_samples_of_each_text_format() -> None:
    commands = [command for command, _ in SAMPLES]
    assert any("--output-format concise" in c for c in commands)
    assert any("--statistics" in c for c in commands)
    assert any("--format" not in c and "--statistics" not in c for c in commands)  # full, the default


@pytest.mark.parametrize(("command", "shown"), SAMPLES, ids=[c for c, _ in SAMPLES])
def test_a_readme_sample_is_what_the_command_prints(
    command: str, shown: list[str], at_root: None, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = shlex.split(command)[1:]
    run(argv)
    printed = capsys.readouterr().out.rstrip("\n").split("\n")
    assert printed == shown, "the README's sample is stale; the command prints:\n" + "\n".join(printed)


def test_the_opening_example_is_the_start_of_what_lint_prints(
    at_root: None, capsys: pytest.CaptureFixture[str]
) -> None:
    intro = README.split("how to fix it:\n\n```\n", 1)[1].split("```", 1)[0]
    assert run(["lint", "examples/broken/typo.din"]) == 1
    assert capsys.readouterr().out.startswith(intro)


def test_the_fake_api_of_the_docs_serves_the_din_commands(tmp_path: Path) -> None:
    """docs/din.md: `python -m tests.xoxzo_fake`, then its export line in another shell."""
    fake = subprocess.Popen(
        [sys.executable, "-m", "tests.xoxzo_fake"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert fake.stdout is not None
        export = fake.stdout.readline()
        actions = fake.stdout.readline()
        assert export.startswith("export XOXZO_API_URL=http://127.0.0.1:"), export
        env = {**os.environ, **dict(pair.split("=", 1) for pair in export.split()[1:])}
        listed = subprocess.run(
            [SCRIPT, "din", "list", "--country", "JP"], env=env, capture_output=True, text=True, timeout=60, check=False
        )
        assert listed.returncode == 0, listed.stderr
        assert "JPafr34rafic76tf" in listed.stdout
        hello, typo = actions.split()[1:3]
        subprocess.run([SCRIPT, "din", "subscribe", "JPafr34rafic76tf", "--yes"], env=env, check=True, timeout=60)
        refused = subprocess.run(
            [SCRIPT, "din", "set-action", "JPafr34rafic76tf", typo, "--allow-private"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert refused.returncode == 1 and "DA002" in refused.stdout
        accepted = subprocess.run(
            [SCRIPT, "din", "set-action", "JPafr34rafic76tf", hello, "--allow-private"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert accepted.returncode == 0, accepted.stderr
        assert f"Action URL of JPafr34rafic76tf set to {hello}" in accepted.stdout
    finally:
        fake.terminate()
        fake.wait(10)
        for stream in (fake.stdout, fake.stderr):
            if stream is not None:
                stream.close()
