"""Configuration: discovery, validation, layering, per-file settings, the schema and its docs."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from dinaction import config
from dinaction import settings as settings_module
from dinaction.cli import run
from dinaction.config import ConfigError, Overrides, load, schema, settings_for_path
from dinaction.config.keys import DEFAULT_EXCLUDE
from dinaction.diagnostics import Severity
from dinaction.linter import lint_source, selected_codes

ROOT = Path(__file__).resolve().parents[1]


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    config.clear_cache()


# --- discovery -----------------------------------------------------------------------------------


def test_nearest_config_wins_across_nested_directories(tmp_path: Path) -> None:
    _write(tmp_path / "pyproject.toml", "[tool.dinaction]\nmax-actions = 2\n")
    _write(tmp_path / "a" / "dinaction.toml", "max-message-length = 10\n")
    _write(tmp_path / "a" / "b" / "pyproject.toml", "[project]\nname = 'x'\n")  # no table: does not count
    top = settings_for_path(tmp_path / "top.din")
    nested = settings_for_path(tmp_path / "a" / "b" / "deep.din")
    assert (top.max_actions, top.max_message_length) == (2, 1000)
    # the nearest file replaces the outer one entirely (no merging across files)
    assert (nested.max_actions, nested.max_message_length) == (1, 10)
    assert config.config_for_path(tmp_path / "a" / "b" / "deep.din").path == tmp_path / "a" / "dinaction.toml"


def test_dinaction_toml_wins_over_pyproject_in_one_directory(tmp_path: Path) -> None:
    _write(tmp_path / "pyproject.toml", "[tool.dinaction]\nmax-actions = 2\n")
    _write(tmp_path / "dinaction.toml", "max-message-length = 5\n")
    settings = settings_for_path(tmp_path / "x.din")
    assert (settings.max_actions, settings.max_message_length) == (1, 5)


def test_no_config_gives_the_defaults_and_isolated_ignores_files(tmp_path: Path) -> None:
    assert settings_for_path(tmp_path / "x.din").max_actions == 1
    _write(tmp_path / "dinaction.toml", "max-actions = 2\n")
    assert settings_for_path(tmp_path / "x.din").max_actions == 2
    assert settings_for_path(tmp_path / "x.din", isolated=True).max_actions == 1


def test_config_file_override_is_used_for_every_path(tmp_path: Path) -> None:
    _write(tmp_path / "near" / "dinaction.toml", "max-actions = 2\n")
    chosen = _write(tmp_path / "elsewhere" / "custom.toml", "max-message-length = 7\n")
    settings = settings_for_path(tmp_path / "near" / "x.din", overrides=Overrides(config_file=chosen))
    assert (settings.max_actions, settings.max_message_length) == (1, 7)
    with pytest.raises(ConfigError, match=r"has no \[tool\.dinaction\] table"):
        settings_for_path(
            tmp_path / "x.din",
            overrides=Overrides(config_file=_write(tmp_path / "pyproject.toml", "[project]\nname='x'\n")),
        )


def test_edited_config_is_read_again_and_clear_cache_forgets(tmp_path: Path) -> None:
    path = _write(tmp_path / "dinaction.toml", "max-actions = 2\n")
    assert settings_for_path(tmp_path / "x.din").max_actions == 2
    path.write_text("max-actions = 1\nmax-message-length = 99\n", encoding="utf-8")  # size changes
    assert settings_for_path(tmp_path / "x.din").max_message_length == 99
    # same size, same mtime: only clear_cache() notices (an editor may save within one mtime tick)
    stat = path.stat()
    path.write_text("max-actions = 1\nmax-message-length = 42\n", encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert settings_for_path(tmp_path / "x.din").max_message_length == 99
    config.clear_cache()
    assert settings_for_path(tmp_path / "x.din").max_message_length == 42


# --- every key -----------------------------------------------------------------------------------


def test_every_key_reaches_the_settings(tmp_path: Path) -> None:
    _write(
        tmp_path / "pyproject.toml",
        """
[tool.dinaction]
select = ["DA2", "unknown-action"]
extend-select = ["DA306"]
ignore = ["url-undocumented-characters"]
fail-on = "error"
include = ["*.din", "*.action"]
exclude = ["build"]
extend-exclude = ["drafts/"]
max-actions = 2
tts-languages = ["en", "JA", "id"]
max-message-length = 80
default-region = "jp"

[tool.dinaction.severity]
url-not-mp3 = "error"
DA30 = "info"

[tool.dinaction.per-file-ignores]
"legacy/*.din" = ["DA204"]
""",
    )
    loaded = config.config_for_path(tmp_path / "x.din")
    settings = loaded.settings
    assert selected_codes(settings) == {
        "DA002",
        "DA200",
        "DA201",
        "DA202",
        "DA203",
        "DA204",
        "DA206",
        "DA207",
        "DA306",
    }
    assert settings.fail_on is Severity.ERROR
    assert settings.max_actions == 2
    assert settings.tts_languages == ("en", "ja", "id")
    assert settings.max_message_length == 80
    assert settings.default_region == "JP"
    assert settings.severity_overrides["DA204"] is Severity.ERROR
    assert {settings.severity_overrides[c] for c in ("DA300", "DA301", "DA305", "DA306")} == {Severity.INFO}
    assert loaded.include == ("*.din", "*.action")
    assert loaded.exclude == ("build", "drafts/")
    assert "DA204" in selected_codes(settings_for_path(tmp_path / "top.din"))
    assert "DA204" not in selected_codes(settings_for_path(tmp_path / "legacy" / "old.din"))
    assert "DA204" in selected_codes(settings_for_path(tmp_path / "legacy" / "sub" / "old.din"))  # * stays in a dir


def test_severity_override_changes_the_reported_severity(tmp_path: Path) -> None:
    _write(tmp_path / "dinaction.toml", '[severity]\nDA204 = "error"\n')
    result = lint_source("playback https://example.com/a.wav\n", settings_for_path(tmp_path / "a.din"))
    assert [(d.code, d.severity) for d in result.diagnostics] == [("DA204", Severity.ERROR)]


def test_flags_form_a_layer_above_the_file(tmp_path: Path) -> None:
    _write(tmp_path / "dinaction.toml", 'ignore = ["DA204"]\nselect = ["DA2"]\n')
    here = tmp_path / "a.din"
    assert "DA204" not in selected_codes(settings_for_path(here))
    assert selected_codes(settings_for_path(here, overrides=Overrides(select=("DA204",)))) == {"DA204"}
    extended = selected_codes(settings_for_path(here, overrides=Overrides(extend_select=("DA204", "DA002"))))
    assert {"DA204", "DA002", "DA200"} <= extended
    assert "DA200" not in selected_codes(settings_for_path(here, overrides=Overrides(ignore=("DA200",))))


def test_config_overrides_are_toml_and_merge_tables(tmp_path: Path) -> None:
    _write(tmp_path / "dinaction.toml", 'max-actions = 2\n[severity]\nDA204 = "error"\n')
    overrides = Overrides(config=("max-message-length = 12", 'severity.DA205 = "info"', "fail-on=error"))
    settings = settings_for_path(tmp_path / "a.din", overrides=overrides)
    assert (settings.max_actions, settings.max_message_length, settings.fail_on) == (2, 12, Severity.ERROR)
    assert dict(settings.severity_overrides) == {"DA204": Severity.ERROR, "DA205": Severity.INFO}


def test_settings_survive_pickling_and_hash() -> None:
    import pickle

    settings = settings_module.Settings(severity_overrides={"DA204": Severity.ERROR}, select=("DA2",))
    again = pickle.loads(pickle.dumps(settings))
    assert again == settings and hash(again) == hash(settings)
    assert again.cache_key() == settings.cache_key()
    assert settings_module.Settings().cache_key() != settings.cache_key()


# --- bad configuration: exit 2, one line ---------------------------------------------------------


BAD = [
    ("slect = []\n", "unknown key 'slect' (did you mean 'select'?): the keys are select,"),
    ('select = "DA1"\n', "select: expected a list of strings"),
    ('ignore = ["DA999"]\n', "ignore: unknown rule 'DA999': use a code (DA002)"),
    ('max-actions = "two"\n', 'max-actions: expected an integer from 1 to 2, got "two"'),
    ("max-actions = 3\n", "max-actions: expected an integer from 1 to 2, got 3"),
    ("max-message-length = 0\n", "max-message-length: expected an integer of at least 1, got 0"),
    ('fail-on = "fatal"\n', "fail-on: unknown severity 'fatal': use error, warning or info"),
    ('default-region = "XX"\n', 'default-region: expected an ISO 3166 region code such as "JP", got "XX"'),
    ('tts-languages = ["en", "english!"]\n', "tts-languages: 'english!' is not a language code"),
    ('[severity]\nDA204 = "loud"\n', "severity: DA204: unknown severity 'loud'"),
    ('[per-file-ignores]\n"*.din" = ["nope"]\n', "per-file-ignores: '*.din': unknown rule 'nope'"),
    ("max-actions = \n", "not valid TOML"),
]


@pytest.mark.parametrize(("text", "message"), BAD)
def test_bad_dinaction_toml_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    _write(tmp_path / "dinaction.toml", text)
    action = _write(tmp_path / "a.din", "transfer +81336042000\n")
    assert run(["lint", str(action)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1, captured.err
    assert captured.err.startswith(f"dinaction: error: {tmp_path / 'dinaction.toml'}")
    assert message in captured.err


def test_bad_pyproject_names_the_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(tmp_path / "pyproject.toml", "[tool.dinaction]\nmax_actions = 2\n")
    assert run(["lint", str(_write(tmp_path / "a.din", "transfer +81336042000\n"))]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"dinaction: error: {tmp_path / 'pyproject.toml'}: [tool.dinaction] unknown key 'max_actions' "
        "(did you mean 'max-actions'?): the keys are " + ", ".join(k.name for k in config.KEYS) + "\n"
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--select", "DA1,bogus"], "--select: unknown rule 'bogus'"),
        (["--config", "max-actions = 5"], "--config 'max-actions = 5' max-actions: expected an integer from 1 to 2"),
        (["--config", "what"], "--config 'what': not a TOML `key = value` pair"),
        (["--isolated", "--config-file", "x.toml"], "--config-file and --isolated contradict each other"),
    ],
)
def test_bad_flags_exit_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    action = _write(tmp_path / "a.din", "transfer +81336042000\n")
    assert run(["lint", *argv, str(action)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err, err


@pytest.mark.parametrize(
    ("where", "text", "message"),
    [
        (
            "dinaction.toml",
            'select = ["non-lf-line-endings"]\n',
            "'non-lf-line-endings' (did you mean 'non-lf-line-ending'?)",
        ),
        ("dinaction.toml", 'ignore = ["DA1O5"]\n', "'DA1O5' (did you mean 'DA105'?)"),
        ("dinaction.toml", '[severity]\nurl-not-mp4 = "error"\n', "'url-not-mp4' (did you mean 'url-not-mp3'?)"),
        ("dinaction.toml", '[per-file-ignores]\n"a.din" = ["blank_lines"]\n', "(did you mean 'blank-line'?)"),
        (
            "pyproject.toml",
            '[tool.dinaction]\nextend-select = ["unasigned-number"]\n',
            "(did you mean 'unassigned-number'?)",
        ),
    ],
)
def test_a_mistyped_rule_in_a_file_gets_what_was_meant(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str, text: str, message: str
) -> None:
    _write(tmp_path / where, text)
    assert run(["lint", str(_write(tmp_path / "a.din", "transfer +81336042000\n"))]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"dinaction: error: {tmp_path / where}")
    assert message in err, err


@pytest.mark.parametrize(
    ("selector", "meant"),
    [
        ("non-lf-line-endings", "non-lf-line-ending"),
        ("DA1O5", "DA105"),
        ("da1o5", "DA105"),
        ("DA1005", "DA105"),
        ("non_lf_line_ending", "non-lf-line-ending"),
        ("keyword-not-lower-case", "keyword-not-lowercase"),
        ("DA999", None),  # no code is near: the list is `dinaction rules`
        ("zzz", None),
    ],
)
def test_rule_suggestions(selector: str, meant: str | None, capsys: pytest.CaptureFixture[str]) -> None:
    from dinaction.config.keys import rule_suggestion

    assert rule_suggestion(selector) == meant
    assert run(["lint", "--select", selector, "."]) == 2
    err = capsys.readouterr().err
    hint = f" (did you mean {meant!r}?)" if meant else ""
    assert err == (
        f"dinaction: error: --select: unknown rule {selector!r}{hint}: use a code (DA002), a code prefix (DA3) "
        "or a name (unknown-action); `dinaction rules` lists them\n"
    )


def test_the_pyproject_header_pasted_into_dinaction_toml_gets_a_hint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(tmp_path / "dinaction.toml", "[tool.dinaction]\nmax-actions = 2\n")
    assert run(["lint", str(_write(tmp_path / "a.din", "transfer +81336042000\n"))]) == 2
    assert capsys.readouterr().err == (
        f"dinaction: error: {tmp_path / 'dinaction.toml'}: in dinaction.toml, write the keys at the top level, "
        "without the [tool.dinaction] header (that header is for pyproject.toml)\n"
    )
    _write(tmp_path / "dinaction.toml", "max-actions = 2\n")  # as the hint says
    config.clear_cache()
    assert settings_for_path(tmp_path / "a.din").max_actions == 2


def test_a_dinaction_table_at_the_top_of_pyproject_gets_a_hint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(tmp_path / "pyproject.toml", "[dinaction]\nmax-actions = 2\n")
    assert run(["lint", str(_write(tmp_path / "a.din", "transfer +81336042000\n"))]) == 2
    assert capsys.readouterr().err == (
        f"dinaction: error: {tmp_path / 'pyproject.toml'}: pyproject.toml reads dinaction's keys from "
        "[tool.dinaction], not [dinaction]\n"
    )


def test_missing_config_file_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    action = _write(tmp_path / "a.din", "transfer +81336042000\n")
    assert run(["lint", "--config-file", str(tmp_path / "none.toml"), str(action)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot read the configuration file" in err


# --- globs ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("*.din", "a.din", True),
        ("*.din", "deep/er/a.din", True),  # no slash: a name at any depth
        ("legacy/*.din", "legacy/a.din", True),
        ("legacy/*.din", "legacy/sub/a.din", False),
        ("legacy/**/*.din", "legacy/sub/a.din", True),
        ("legacy/**/*.din", "legacy/a.din", True),
        ("legacy", "legacy/sub/a.din", True),  # a directory matches what is under it
        ("legacy/", "x/legacy/a.din", True),
        ("/legacy", "x/legacy/a.din", False),  # anchored to the config's directory
        ("./a.din", "a.din", True),
        ("a?.din", "ab.din", True),
        ("a[0-9].din", "a7.din", True),
        ("a[!0-9].din", "a7.din", False),
        ("*.din", "a.dinaction", False),
        ("drafts/", "drafts", False),  # a trailing slash: directories only
        ("drafts/", "drafts/a.din", True),
    ],
)
def test_glob_semantics(pattern: str, path: str, expected: bool) -> None:
    assert config.glob_matches(pattern, path) is expected
    compiled = load.globs((pattern,))
    assert compiled.union is not None
    assert compiled.spec.match_file(path) is expected  # the one regex answers as pathspec's own loop


@pytest.mark.parametrize(
    "path",
    ["a.din", "node_modules", "node_modules/", "x/node_modules/a.din", "x/.venv/", "venv.din", ".git/x", "/abs/.git/a"],
)
def test_a_list_of_globs_is_one_regex_answering_as_pathspec(path: str) -> None:
    compiled = load.globs(DEFAULT_EXCLUDE)
    assert compiled.union is not None
    assert compiled.matches(path) is compiled.spec.match_file(path)
    taken_back = load.globs((*DEFAULT_EXCLUDE, "!x/.venv/"))
    assert taken_back.union is None  # with `!`, order matters: pathspec's loop decides


# --- schema and generated docs -------------------------------------------------------------------


def _schema() -> dict[str, Any]:
    with schema.SCHEMA_PATH.open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = json.load(handle)
    return loaded


# that the shipped schema and the docs' table are what the keys generate: tests/test_generated.py


def test_configuration_docs_table_names_every_key() -> None:
    text = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    assert schema.options_markdown() in text
    for key in config.KEYS:
        assert f"| `{key.name}` |" in text


def test_schema_keys_are_the_loader_keys() -> None:
    schema = _schema()
    jsonschema.Draft7Validator.check_schema(schema)
    assert list(schema["properties"]) == [k.name for k in config.KEYS]
    assert schema["additionalProperties"] is False


GOOD_TABLES: list[dict[str, Any]] = [
    {},
    {"select": ["DA1", "unknown-action"], "ignore": ["DA204"], "max-actions": 2},
    {"severity": {"DA204": "error"}, "per-file-ignores": {"a/*.din": ["DA1"]}, "fail-on": "info"},
    {"tts-languages": ["en", "ja"], "max-message-length": 10, "default-region": "JP", "exclude": ["x"]},
]
BAD_TABLES: list[dict[str, Any]] = [
    {"slect": []},
    {"select": "DA1"},
    {"max-actions": 3},
    {"max-actions": "2"},
    {"fail-on": "fatal"},
    {"severity": {"DA204": "loud"}},
    {"per-file-ignores": {"a": "DA1"}},
    {"max-message-length": 0},
    {"include": [1]},
    {"default-region": "JPN"},
]


@pytest.mark.parametrize("table", GOOD_TABLES)
def test_schema_and_loader_accept_the_same_good_tables(table: dict[str, Any]) -> None:
    jsonschema.validate(table, _schema())
    config.parse_table(table, "test")


@pytest.mark.parametrize("table", BAD_TABLES)
def test_schema_and_loader_reject_the_same_bad_tables(table: dict[str, Any]) -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(table, _schema())
    with pytest.raises(ConfigError):
        config.parse_table(table, "test")


def test_schema_is_shipped_inside_the_package() -> None:
    from importlib import resources

    shipped = resources.files("dinaction").joinpath("config.schema.json")
    assert json.loads(shipped.read_text(encoding="utf-8"))["title"] == "dinaction configuration"


def test_importing_config_stays_light() -> None:
    import subprocess

    code = "import dinaction.config, sys; print(sorted(m for m in ('typer', 'httpx', 'pygls', 'rich', 'phonenumbers') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def _toml_blocks(text: str) -> list[str]:
    import re

    return re.findall(r"```toml\n(.*?)```", text, re.S)


def test_documented_examples_are_valid_configurations(tmp_path: Path) -> None:
    import re
    import tomllib

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.search(r"<!-- section:config -->(.*?)<!-- /section:config -->", readme, re.S)
    assert section is not None
    docs = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    blocks = _toml_blocks(section.group(1)) + _toml_blocks(docs)
    assert len(blocks) >= 3
    for block in blocks:
        document = tomllib.loads(block)
        table = document.get("tool", {}).get("dinaction", document)
        jsonschema.validate(table, _schema())
        name = "pyproject.toml" if "tool" in document else "dinaction.toml"
        _write(tmp_path / name, block)
        assert config.load_config(tmp_path / name) is not None
        (tmp_path / name).unlink()
        config.clear_cache()


def test_max_file_size_is_a_key_and_an_override(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(tmp_path / "dinaction.toml", "max-file-size = 16\n")
    _write(tmp_path / "a.din", "transfer +81336042000\n")
    assert settings_for_path(tmp_path / "a.din").max_file_size == 16
    assert run(["lint", "--no-cache", str(tmp_path / "a.din")]) == 1
    assert "DA022" in capsys.readouterr().out
    lifted = ["lint", "--no-cache", "--config", "max-file-size = 1024", str(tmp_path / "a.din")]
    assert run(lifted) == 0
    assert run(["lint", "--config", "max-file-size = 0", str(tmp_path / "a.din")]) == 2
    assert "max-file-size: expected an integer of at least 1, got 0" in capsys.readouterr().err
