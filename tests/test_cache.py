"""The results cache: same report warm or cold; invalidated by content, settings, version, code."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

import dinaction
from dinaction import config, fastpath
from dinaction import settings as settings_module
from dinaction.cli import run
from dinaction.diagnostics import Severity
from dinaction.runner import Source, cache, discovery, workers
from dinaction.syntax import decode

FILES = {
    "a.din": "tranfer +81336042000\n",
    "b.din": 'say EN "Hello"  \n',
    "sub/c.din": "playback http://localhost/x.wav\n",
    "sub/clean.din": "transfer +81336042000\n",
}
FORMATS = ("text", "json", "jsonl", "sarif", "github", "gitlab", "junit")


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name, text in FILES.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (tmp_path / "dinaction.toml").write_text("max-message-length = 500\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    config.clear_cache()
    return tmp_path


class Counting:
    """Wraps the linting of one document read (fast path or full) to count those actually linted (cache misses)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.linted: list[str] = []
        real = workers.lint_document

        def counting(
            source: Source, known: fastpath.Served | None, *, fix: bool, unsafe: bool
        ) -> workers.Outcome | None:
            self.linted.append(decode(source.data)[0])
            return real(source, known, fix=fix, unsafe=unsafe)

        monkeypatch.setattr(workers, "lint_document", counting)

    def take(self) -> list[str]:
        out, self.linted = self.linted, []
        return out


def _lint(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = run(["lint", *argv, "."])
    return code, capsys.readouterr().out


@pytest.fixture
def warm(tree: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Counting:
    """The cache filled by a first run over ``tree``; counting the documents linted after it."""
    counter = Counting(monkeypatch)
    _lint(capsys)
    counter.take()
    return counter


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_cached_run_reports_exactly_what_a_cold_run_does(
    tree: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    counter = Counting(monkeypatch)
    cold = _lint(capsys, "--no-cache", "--format", fmt)
    assert len(counter.take()) == len(FILES)
    assert not (tree / ".dinaction_cache").exists()  # --no-cache writes nothing
    first = _lint(capsys, "--format", fmt)
    assert len(counter.take()) == len(FILES)
    warm = _lint(capsys, "--format", fmt)
    assert counter.take() == []  # every file came from the cache
    assert cold == first == warm
    assert cold[0] == 1


def test_cache_lives_next_to_the_config_with_its_own_gitignore(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _lint(capsys)
    top = tree / ".dinaction_cache"
    assert (top / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert (top / "CACHEDIR.TAG").read_text(encoding="utf-8").startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert [p.name for p in (top / dinaction.__version__).iterdir()] == ["results.json"]  # no temp file left


def test_cache_without_config_goes_to_the_working_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "a.din").write_text("tranfer +1\n", encoding="utf-8")
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    config.clear_cache()
    assert run(["lint", str(tmp_path / "files")]) == 1
    assert (tmp_path / "work" / ".dinaction_cache").is_dir()
    assert not (tmp_path / "files" / ".dinaction_cache").exists()


def test_an_edited_file_is_linted_again_and_only_it(
    tree: Path, capsys: pytest.CaptureFixture[str], warm: Counting
) -> None:
    counter = warm
    (tree / "a.din").write_text("transfer +81336042000\n", encoding="utf-8")
    code, out = _lint(capsys, "--format", "json")
    assert code == 1
    assert counter.take() == ["transfer +81336042000\n"]
    assert "a.din" not in {Path(i["path"]).name for i in json.loads(out)}


def test_a_changed_setting_invalidates(tree: Path, capsys: pytest.CaptureFixture[str], warm: Counting) -> None:
    counter = warm
    (tree / "dinaction.toml").write_text('max-message-length = 500\n[severity]\nDA204 = "error"\n', encoding="utf-8")
    _, out = _lint(capsys, "--format", "json")
    assert len(counter.take()) == len(FILES)
    assert {i["severity"] for i in json.loads(out) if i["code"] == "DA204"} == {"error"}
    _lint(capsys, "--select", "DA2")  # a flag is a setting too
    assert len(counter.take()) == len(FILES)


def test_a_new_version_or_edited_code_invalidates(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, warm: Counting
) -> None:
    counter = warm
    monkeypatch.setattr(dinaction.version, "__version__", "99.0")
    _lint(capsys)
    assert len(counter.take()) == len(FILES)
    _lint(capsys)
    assert counter.take() == []
    monkeypatch.setattr(cache, "code_digest", lambda: "a rule was edited")
    _lint(capsys)
    assert len(counter.take()) == len(FILES)


@pytest.mark.parametrize(
    "damage",
    [
        b"{not json",
        b"",
        b"[]",
        b'{"format": 1}',
        "corrupt entries",
    ],
)
def test_a_corrupt_cache_is_ignored_and_rewritten(
    tree: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, damage: bytes | str
) -> None:
    cold = _lint(capsys, "--format", "json")
    results = tree / ".dinaction_cache" / dinaction.__version__ / "results.json"
    if isinstance(damage, bytes):
        results.write_bytes(damage)
    else:
        document = json.loads(results.read_bytes())
        for i, key in enumerate(document["entries"]):
            document["entries"][key] = [[1, 2, 3], "x"] if i % 2 else ["digest", [["DA999"]]]
        results.write_text(json.dumps(document), encoding="utf-8")
    counter = Counting(monkeypatch)
    assert _lint(capsys, "--format", "json") == cold
    assert len(counter.take()) == len(FILES)
    assert _lint(capsys, "--format", "json") == cold
    assert counter.take() == []  # rewritten whole


def test_fix_ignores_cached_findings_that_have_fixes(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _lint(capsys)
    assert run(["lint", "--fix", "b.din"]) == 0
    assert (tree / "b.din").read_text(encoding="utf-8") == 'say en "Hello"\n'
    capsys.readouterr()
    # the fixed content is cached as clean: the next run reads it without linting
    assert _lint(capsys, "--format", "json")[1].count('"b.din"') == 0


def _cached_files(results: Path) -> list[str]:
    """The files a cache holds entries of (entries: settings digest → directory → file name → entry)."""
    entries = json.loads(results.read_bytes())["entries"]
    return [os.path.join(d, n) for folders in entries.values() for d, names in folders.items() for n in names]


def test_entries_of_deleted_files_are_dropped(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _lint(capsys)
    results = tree / ".dinaction_cache" / dinaction.__version__ / "results.json"
    assert len(_cached_files(results)) == len(FILES)
    (tree / "sub" / "c.din").unlink()
    (tree / "new.din").write_text("transfer +81336042000\n", encoding="utf-8")
    _lint(capsys)
    keys = _cached_files(results)
    assert len(keys) == len(FILES)
    assert not any("c.din" in k for k in keys)


def test_cache_api_round_trips_every_field(tmp_path: Path) -> None:
    from dinaction.linter import lint_source

    data = b"Transfer  +81-3-3604-2000 --caller=+81336042000\n"
    settings = settings_module.Settings(max_actions=2)
    found = lint_source(data, settings).diagnostics
    assert any(d.fix is not None for d in found) and any(d.field for d in found)
    store = cache.Cache(tmp_path, version="1")
    store.put(tmp_path / "a.din", data, settings, found)
    store.save()
    again = cache.Cache(tmp_path, version="1")
    assert again.get(tmp_path / "a.din", data, settings) == found
    assert [d.field for d in again.get(tmp_path / "a.din", data, settings) or ()] == [d.field for d in found]
    assert again.get(tmp_path / "a.din", data + b" ", settings) is None
    assert again.get(tmp_path / "a.din", data, settings_module.Settings()) is None
    assert cache.Cache(tmp_path, version="2").get(tmp_path / "a.din", data, settings) is None


def test_an_unwritable_cache_is_skipped_silently(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tree / ".dinaction_cache").write_text("a file where the directory should be", encoding="utf-8")
    assert run(["lint", "--no-cache", "."]) == 1
    cold = capsys.readouterr()
    assert run(["lint", "."]) == 1
    assert capsys.readouterr() == cold
    assert cold.err == ""


def test_a_file_rewritten_with_the_same_size_and_times_is_linted_again(
    tree: Path, capsys: pytest.CaptureFixture[str], warm: Counting
) -> None:
    """Entries are validated by content, never by size and mtime: a same-size edit in the same tick is seen."""
    counter = warm
    path = tree / "sub" / "clean.din"
    before = path.stat()
    path.write_text("transfer +81336042001\n", encoding="utf-8")  # as long, another number
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)
    cached = _lint(capsys, "--format", "json")
    assert counter.take() == ["transfer +81336042001\n"]
    assert cached == _lint(capsys, "--no-cache", "--format", "json")


def test_the_settings_digest_is_memoised_and_still_a_function_of_every_setting() -> None:
    default = settings_module.Settings()
    assert (
        cache.settings_digest(default)
        == cache.settings_digest(settings_module.Settings())
        == cache._settings_digest(default)
    )
    variants = [
        settings_module.Settings(max_actions=2),
        settings_module.Settings(select=("DA2",)),
        settings_module.Settings(severity_overrides={"DA204": Severity.ERROR}),
        settings_module.Settings(fail_on=Severity.ERROR),
    ]
    digests = {cache.settings_digest(s) for s in [default, *variants]}
    assert len(digests) == 1 + len(variants)
    # built by hand with a list: unhashable, so not memoised, and the same digest as its tuple twin
    listed = settings_module.Settings(tts_languages=["en", "ja"])  # type: ignore[arg-type]
    assert cache.settings_digest(listed) == cache.settings_digest(default)


# --- validated by stat, as git's index is ------------------------------------------------------------


class Reads:
    """Counts the files the runner and the cache read (a stat-validated hit reads none)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.paths: list[str] = []
        real = discovery.read_document

        def counting(path: str, limit: int) -> tuple[bytes, discovery.StatKey, tuple[int, int]]:
            self.paths.append(os.path.basename(path))
            return real(path, limit)

        monkeypatch.setattr(workers, "read_document", counting)
        monkeypatch.setattr(cache, "read_document", counting)

    def take(self) -> list[str]:
        out, self.paths = sorted(self.paths), []
        return out


@pytest.fixture
def later(monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs as if they came a minute after the files were written: none of them is racily clean."""
    monkeypatch.setattr(cache, "racy_stamp", lambda: time.time_ns() + 60_000_000_000)


def _stat_key(path: Path) -> discovery.StatKey:
    info = path.stat()
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def test_a_warm_run_reads_no_file_whose_stat_is_unchanged(
    tree: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, later: None
) -> None:
    cold = _lint(capsys, "--format", "json")
    reads, counter = Reads(monkeypatch), Counting(monkeypatch)
    assert _lint(capsys, "--format", "json") == cold
    assert reads.take() == [] and counter.take() == []


def test_a_same_size_rewrite_with_its_mtime_restored_is_seen_by_its_ctime(
    tree: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, later: None
) -> None:
    _lint(capsys)
    counter = Counting(monkeypatch)
    path = tree / "sub" / "clean.din"
    before = path.stat()
    path.write_text("transfer +81336042001\n", encoding="utf-8")  # as long, another number
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # `cp -p`, `rsync -t`, `touch -d`
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)
    cached = _lint(capsys, "--format", "json")
    assert counter.take() == ["transfer +81336042001\n"]
    assert cached == _lint(capsys, "--no-cache", "--format", "json")


def test_a_file_replaced_by_another_with_the_same_times_is_linted_again(
    tree: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, later: None
) -> None:
    _lint(capsys)
    counter = Counting(monkeypatch)
    path = tree / "sub" / "clean.din"
    before = path.stat()
    replacement = tree / "sub" / "replacement"
    replacement.write_text("transfer +81336042000\n", encoding="utf-8")  # the same bytes: an editor's save
    os.replace(replacement, path)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_ino != before.st_ino
    _lint(capsys)
    assert counter.take() == ["transfer +81336042000\n"]  # linted again: the stat no longer vouches for it


@pytest.mark.parametrize("part", ["size", "mtime", "ctime", "inode"])
def test_every_part_of_the_stat_vouches_for_the_entry(tmp_path: Path, part: str) -> None:
    path = tmp_path / "a.din"
    path.write_bytes(b"transfer +81336042000\n")
    key = _stat_key(path)
    settings = settings_module.Settings()
    store = cache.Cache(tmp_path, version="1", stamp=key[2] + 60_000_000_000)  # long after: trusted by stat
    store.put(str(path), path.read_bytes(), settings, (), key)
    assert store.lookup(str(path), settings, key) is not None
    other = list(key)
    other[["size", "mtime", "ctime", "inode"].index(part)] += 1
    assert store.lookup(str(path), settings, (other[0], other[1], other[2], other[3])) is None


def test_a_racily_clean_entry_is_checked_against_the_content(tmp_path: Path) -> None:
    """A file read in the tick it was written may change again in that tick: its entry is checked by content."""
    path = tmp_path / "a.din"
    path.write_bytes(b"transfer +81336042000\n")
    key = _stat_key(path)
    settings = settings_module.Settings()
    found = dinaction.lint(b"tranfer +81336042000\n")
    # the entry says the file held another content of the same stat (it changed right after being read)
    racy = cache.Cache(tmp_path, version="1", stamp=key[1])
    racy.put(str(path), b"tranfer +81336042000\n", settings, found, key)
    racy.save()
    assert cache.Cache(tmp_path, version="1").lookup(str(path), settings, key) is None
    # recorded long after the file was written, the same entry is trusted on its stat alone
    old = cache.Cache(tmp_path, version="2", stamp=key[1] + 60_000_000_000)
    old.put(str(path), b"tranfer +81336042000\n", settings, found, key)
    old.save()
    hit = cache.Cache(tmp_path, version="2").lookup(str(path), settings, key)
    assert hit is not None and list(hit.diagnostics) == found


def test_a_racily_clean_entry_is_trusted_on_its_stat_once_the_file_is_old(
    tree: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = _lint(capsys, "--format", "json")  # the files were just written: every entry is racily clean
    reads, counter = Reads(monkeypatch), Counting(monkeypatch)
    assert _lint(capsys, "--format", "json") == cold
    assert reads.take() == sorted(os.path.basename(name) for name in FILES)  # checked against their content
    assert counter.take() == []  # but not linted again
    monkeypatch.setattr(cache, "racy_stamp", lambda: time.time_ns() + 60_000_000_000)
    assert _lint(capsys, "--format", "json") == cold
    assert len(reads.take()) == len(FILES)  # old enough now: checked once more, and recorded as such
    assert _lint(capsys, "--format", "json") == cold
    assert reads.take() == [] and counter.take() == []
