"""A reproducible corpus of action files, and peer files of the same count and sizes.

Every form of the language is there (``playback``, ``transfer`` with and
without ``--caller``, ``say`` in English and Japanese, both ``voicemail``
greetings), numbers from several countries, and about 5% broken files, each
with one mistake a person makes (a typo, a national number, the dashboard's
colon form, a missing quote…). The same seed gives the same bytes, so two
machines measure the same work.

The peers get one file per action file, of the same size in bytes: a one-line
Python module for ruff and a one-line YAML document for yamllint.

    python benchmarks/corpus.py OUT_DIR [--count 10000] [--seed 7]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

DEFAULT_COUNT = 10_000
DEFAULT_SEED = 7
BROKEN_SHARE = 0.05
#: files per directory, as in a repository of many small action files
PER_DIRECTORY = 100

HOSTS = (
    "example.com",
    "media.example.org",
    "cdn.example.net",
    "voice.example.co.jp",
    "static.example.io",
    "s3.ap-northeast-1.amazonaws.com",
)
PATH_WORDS = ("welcome", "greeting", "hold", "closed", "menu", "sales", "support", "night", "holiday", "intro")
ENGLISH = (
    "Thank you for calling.",
    "Our office is closed today.",
    "Please hold while we transfer your call.",
    "Press nothing, we will call you back.",
    "Leave a message after the tone.",
    "Our hours are 9 to 5, Monday to Friday.",
    "Welcome to the support line.",
    "Sorry, all lines are busy.",
    "1,,2,,3,,4",
)
JAPANESE = (
    "お電話ありがとうございます。",
    "ただいま電話に出ることができません。",
    "本日の営業は終了しました。",
    "発信音の後にメッセージをどうぞ。",
    "営業時間は平日の午前九時から午後五時までです。",
    "担当者におつなぎします。少々お待ちください。",
    "大変混み合っております。",
    "株式会社サンプルです。",
)
#: (country code, leading national digits, digits that follow) of numbers libphonenumber finds possible
NUMBER_PLANS = (
    ("81", "3", 8),  # Tokyo
    ("81", "6", 8),  # Osaka
    ("81", "90", 8),  # Japanese mobile
    ("81", "50", 8),  # Japanese IP phone
    ("1", "212", 7),
    ("1", "415", 7),
    ("44", "20", 8),
    ("49", "30", 8),
    ("33", "1", 8),
    ("61", "2", 8),
    ("65", "6", 7),
)


@dataclass(frozen=True, slots=True)
class CorpusFile:
    """One action file: where it goes, its bytes, and whether it holds a mistake."""

    path: str
    data: bytes
    broken: bool


def _number(rng: random.Random) -> str:
    country, prefix, rest = rng.choice(NUMBER_PLANS)
    return "+" + country + prefix + "".join(rng.choice("0123456789") for _ in range(rest))


def _url(rng: random.Random) -> str:
    scheme = rng.choice(("https", "https", "http"))
    words = "/".join(rng.choice(PATH_WORDS) for _ in range(rng.randint(1, 3)))
    return f"{scheme}://{rng.choice(HOSTS)}/{words}-{rng.randint(1, 999)}.mp3"


def _message(rng: random.Random, lang: str) -> str:
    pool, glue = (JAPANESE, "") if lang == "ja" else (ENGLISH, " ")
    return glue.join(rng.choice(pool) for _ in range(rng.randint(1, 3)))


def _say(rng: random.Random) -> str:
    lang = rng.choice(("en", "ja"))
    return f'say {lang} "{_message(rng, lang)}"'


def _transfer(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"transfer {_number(rng)}"
    return f"transfer {_number(rng)} --caller={_number(rng)}"


def _voicemail(rng: random.Random) -> str:
    return "voicemail " + (f"playback {_url(rng)}" if rng.random() < 0.4 else _say(rng))


#: the forms of a correct action file and how often each appears
FORMS: tuple[tuple[Callable[[random.Random], str], float], ...] = (
    (lambda rng: f"playback {_url(rng)}", 0.22),
    (_transfer, 0.28),
    (_say, 0.30),
    (_voicemail, 0.20),
)


def _clean(rng: random.Random) -> str:
    makers, weights = zip(*FORMS, strict=True)
    maker: Callable[[random.Random], str] = rng.choices(makers, weights)[0]
    return maker(rng)


def _mistakes() -> tuple[Callable[[random.Random, str], str], ...]:
    """Each turns a correct action into one a linter must reject (an error)."""

    def typo(rng: random.Random, line: str) -> str:
        word, rest = line.split(" ", 1)
        wrong = {"playback": "plaback", "transfer": "tranfer", "say": "sya", "voicemail": "voicemial"}[word]
        return f"{wrong} {rest}"

    def national(rng: random.Random, line: str) -> str:
        return f"transfer 0{rng.choice(('3', '6', '90'))}{rng.randint(10_000_000, 99_999_999)}"

    def unterminated(rng: random.Random, line: str) -> str:
        return f'say ja "{rng.choice(JAPANESE)}'

    def dashboard(rng: random.Random, line: str) -> str:
        return f"say:{rng.choice(JAPANESE)}"

    def missing(rng: random.Random, line: str) -> str:
        return rng.choice(("transfer", "playback", "say en", "voicemail"))

    def scheme(rng: random.Random, line: str) -> str:
        return f"playback ftp://{rng.choice(HOSTS)}/{rng.choice(PATH_WORDS)}.mp3"

    def quote(rng: random.Random, line: str) -> str:
        return 'say en "He said "hello" to me."'

    def country(rng: random.Random, line: str) -> str:
        return f"transfer +80{rng.randint(100_000_000, 999_999_999)}"

    def two_actions(rng: random.Random, line: str) -> str:
        return f"{_say(rng)}\ntransfer {_number(rng)}"

    def language(rng: random.Random, line: str) -> str:
        return f'say english "{rng.choice(ENGLISH)}"'

    return (typo, national, unterminated, dashboard, missing, scheme, quote, country, two_actions, language)


def generate(count: int = DEFAULT_COUNT, seed: int = DEFAULT_SEED) -> list[CorpusFile]:
    """``count`` action files; the same (count, seed) always gives the same bytes."""
    rng = random.Random(seed)
    broken = set(rng.sample(range(count), round(count * BROKEN_SHARE)))
    mistakes = _mistakes()
    files: list[CorpusFile] = []
    for i in range(count):
        line = _clean(rng)
        if i in broken:
            line = rng.choice(mistakes)(rng, line)
        files.append(CorpusFile(f"d{i // PER_DIRECTORY:03d}/a{i:05d}.din", (line + "\n").encode("utf-8"), i in broken))
    return files


def python_peer(size: int, index: int) -> bytes:
    """A clean one-line Python module of ``size`` bytes (at least 7)."""
    head = f"x{index} = '" if size >= len(f"x{index} = ''\n") else "x = '"
    return (head + "a" * max(0, size - len(head) - 2) + "'\n").encode("ascii")


def yaml_peer(size: int, index: int) -> bytes:
    """A clean one-line YAML document of ``size`` bytes (at least 5)."""
    head = f"key{index}: " if size > len(f"key{index}: \n") else "k: "
    return (head + "a" * max(1, size - len(head) - 1) + "\n").encode("ascii")


def long_file(lines: int, seed: int = DEFAULT_SEED) -> bytes:
    """One file of ``lines`` correct actions (for the scaling measure; over max-actions on purpose)."""
    rng = random.Random(seed)
    return "".join(_clean(rng) + "\n" for _ in range(lines)).encode("utf-8")


def digest(files: Iterable[CorpusFile]) -> str:
    """One hash of every path and byte: equal digests, equal corpora."""
    h = hashlib.sha256()
    for f in files:
        h.update(f.path.encode() + b"\0" + f.data + b"\0")
    return h.hexdigest()


#: each tool's configuration in its tree: its defaults; yamllint's without the two rules a
#: one-line document breaks by nature (no `---` line, lines over 80 bytes); ruff's told to
#: look past the corpus's .gitignore (which keeps it out of git, and out of ruff's sight)
CONFIGS = {
    "din": "",
    "py": "respect-gitignore = false\n",
    "yaml": "extends: default\nrules:\n  document-start: disable\n  line-length: disable\n",
}


def write(root: Path, files: list[CorpusFile]) -> None:
    """The action files under ``root/din``, their peers under ``root/py`` and ``root/yaml``.

    Each tree gets an empty configuration file of its tool, so every tool runs
    with its defaults whatever configuration sits above ``root``.
    """
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    (root / ".gitignore").write_text("*\n", encoding="utf-8")
    for tree, config in (("din", "dinaction.toml"), ("py", "ruff.toml"), ("yaml", ".yamllint")):
        (root / tree).mkdir()
        (root / tree / config).write_text(CONFIGS[tree], encoding="utf-8")
    for index, f in enumerate(files):
        for tree, data in (
            ("din", f.data),
            ("py", python_peer(len(f.data), index)),
            ("yaml", yaml_peer(len(f.data), index)),
        ):
            path = root / tree / f.path
            if tree != "din":
                path = path.with_suffix({"py": ".py", "yaml": ".yaml"}[tree])
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=DEFAULT_COUNT)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    files = generate(args.count, args.seed)
    write(args.out, files)
    sys.stdout.write(f"{len(files)} files ({sum(f.broken for f in files)} broken) in {args.out}: {digest(files)}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
