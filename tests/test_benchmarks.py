"""The benchmark corpus is reproducible and the benchmark script's arithmetic is right.

Nothing here times anything: the measuring lives in benchmarks/run.py, run by hand.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from benchmarks import corpus, run
from dinaction.diagnostics import Severity
from dinaction.linter import lint_source
from dinaction.settings import Settings


def test_same_seed_same_bytes_other_seed_other_bytes() -> None:
    first, again, other = corpus.generate(300, seed=5), corpus.generate(300, seed=5), corpus.generate(300, seed=6)
    assert [(f.path, f.data, f.broken) for f in first] == [(f.path, f.data, f.broken) for f in again]
    assert corpus.digest(first) == corpus.digest(again) != corpus.digest(other)
    assert corpus.long_file(50, seed=5) == corpus.long_file(50, seed=5) != corpus.long_file(50, seed=6)


def test_written_corpus_is_the_generated_one_with_peers_of_the_same_sizes(tmp_path: Path) -> None:
    files = corpus.generate(120, seed=3)
    corpus.write(tmp_path / "c", files)
    for index, f in enumerate(files):
        assert (tmp_path / "c" / "din" / f.path).read_bytes() == f.data
        python = (tmp_path / "c" / "py" / f.path).with_suffix(".py").read_bytes()
        yaml = (tmp_path / "c" / "yaml" / f.path).with_suffix(".yaml").read_bytes()
        assert python == corpus.python_peer(len(f.data), index)
        assert yaml == corpus.yaml_peer(len(f.data), index)
        assert len(python) == max(len(f.data), 7)
        assert len(yaml) == len(f.data)
        compile(python, "peer.py", "exec")
        assert python.count(b"\n") == yaml.count(b"\n") == 1
    assert (tmp_path / "c" / ".gitignore").read_text() == "*\n"


def test_about_five_percent_broken_every_form_and_japanese() -> None:
    files = corpus.generate(2000, seed=corpus.DEFAULT_SEED)
    assert sum(f.broken for f in files) == 100
    text = b"".join(f.data for f in files).decode("utf-8")
    for form in (
        "playback http",
        "transfer +",
        "--caller=+",
        'say en "',
        'say ja "',
        "voicemail playback",
        "voicemail say",
    ):
        assert form in text, form
    assert "お電話" in text


def test_broken_files_have_errors_and_the_others_no_finding() -> None:
    for f in corpus.generate(400, seed=9):
        found = lint_source(f.data, Settings()).diagnostics
        if f.broken:
            assert any(d.severity is Severity.ERROR for d in found), f.data
        else:
            assert found == (), (f.data, found)


def test_long_file_has_the_lines_asked_for() -> None:
    assert corpus.long_file(1000).count(b"\n") == 1000


def test_median_and_ratio() -> None:
    assert run.median([3.0, 1.0, 2.0]) == 2.0
    assert run.median([4.0, 1.0, 3.0, 2.0]) == 2.5
    with pytest.raises(ValueError, match="no values"):
        run.median([])
    assert run.ratio(1.5, 0.5) == 3.0
    assert math.isinf(run.ratio(1.0, 0.0))


@pytest.mark.parametrize(
    ("seconds", "shown"), [(0.00042, "420 µs"), (0.0123, "12.3 ms"), (0.5, "500.0 ms"), (1.254, "1.25 s")]
)
def test_seconds_are_shown_in_a_readable_unit(seconds: float, shown: str) -> None:
    assert run.format_seconds(seconds) == shown


def test_table_is_markdown_with_one_row_per_measure() -> None:
    table = run.markdown_table(
        [
            run.Row("cold", "1.00 s", "ruff 0.10 s", "10.0× ruff", "≤ 5× ruff", False),
            run.Row("rate | per core", "5 actions/s"),
        ]
    )
    lines = table.splitlines()
    assert lines[0] == "| Measure | dinaction | Reference | Ratio | Target | Met |"
    assert lines[1] == "|---|---|---|---|---|---|"
    assert lines[2] == "| cold | 1.00 s | ruff 0.10 s | 10.0× ruff | ≤ 5× ruff | **no** |"
    assert lines[3] == "| rate \\| per core | 5 actions/s |  |  |  |  |"
    assert len(lines) == 4


def test_rows_compare_with_the_targets() -> None:
    results = run.Results(cold=0.5, warm=0.3, ruff=0.1, yamllint=6.0, lark_floor=0.05, one_file={"say": 0.07})
    rows = {row.measure: row for row in run.rows(results)}
    assert (rows["10,000 files, cold (`--no-cache`)"].ratio, rows["10,000 files, cold (`--no-cache`)"].met) == (
        "5.0× ruff",
        True,
    )
    against = rows["10,000 files, cold, against yamllint"]
    assert (against.ratio, against.met) == ("12.0× faster", True)
    assert (rows["10,000 files, warm (cache)"].ratio, rows["10,000 files, warm (cache)"].met) == ("3.0× ruff", False)
    one = rows["one file, start to finish (`say`)"]
    assert (one.result, one.reference, one.ratio, one.met) == ("70.0 ms", "`import lark` 50.0 ms", "1.4×", True)
    assert len(rows) == 4  # nothing is shown for what was not measured


def test_the_huge_line_rows_hold_the_default_limit_to_its_target() -> None:
    mebibytes = 190e6 / 2**20  # 190 MB
    results = run.Results(huge_line=(0.15, mebibytes, 177), huge_line_whole=(14.0, 2 * mebibytes, 417))
    bounded, whole = run.huge_line_rows(results)
    assert (bounded.result, bounded.reference, bounded.target, bounded.met) == (
        "190 MB",
        "150.0 ms, 177 bytes printed",
        "≤ 200 MB",
        True,
    )
    assert (whole.result, whole.target, whole.met) == ("380 MB", "", None)
    assert run.huge_line_rows(run.Results(huge_line=(0.15, 2 * mebibytes, 177)))[0].met is False


def test_readme_section_is_replaced_between_its_markers_only() -> None:
    text = "# T\n<!-- section:performance -->\nold\n<!-- /section:performance -->\nafter\n"
    assert run.replace_section(text, "performance", "new\n") == (
        "# T\n<!-- section:performance -->\nnew\n<!-- /section:performance -->\nafter\n"
    )
    with pytest.raises(ValueError, match="section:usage"):
        run.replace_section(text, "usage", "x")


def test_the_readme_has_the_performance_section() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert run.replace_section(readme, run.SECTION, "x").count("<!-- section:performance -->") == 1


def test_rows_show_the_fast_path_beside_the_full_path() -> None:
    rows = {row.measure: row for row in run.rows(run.Results(rate=90_000.0, paths=(400_000.0, 0.944, 16_000.0, 0.95)))}
    assert rows["`dinaction.lint` in one process (the fast path first)"].result == "90,000 actions/s"
    assert rows["parse + lint in one process (the full path: parser and every rule)"].result == "16,000 actions/s"
    fast = rows["the fast path alone, on the lines it serves"]
    assert (fast.result, fast.ratio) == ("400,000 actions/s", "25× the full path")
    share = rows["corpus lines the fast path serves"]
    assert (share.result, share.reference) == ("94.4 %", "lines of clean files 95.0 %")


def test_threshold_table_compares_two_processes_with_one() -> None:
    table = run.threshold_table([(200, 0.1, 0.12), (1600, 0.2, 0.15)])
    assert table.splitlines() == [
        "| files | one process | two processes | two against one |",
        "|---|---|---|---|",
        "| 200 | 100.0 ms | 120.0 ms | 120 % |",
        "| 1,600 | 200.0 ms | 150.0 ms | 75 % |",
    ]
