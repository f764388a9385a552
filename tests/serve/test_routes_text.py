"""A routes file's text (an editor's buffer) is checked as the file itself would be, beside its action files."""

from __future__ import annotations

from pathlib import Path

import pytest

from dinaction import config
from dinaction.config import ConfigError
from dinaction.serve import lint_routes_file, lint_routes_text
from dinaction.serve.conditions import holiday_countries
from dinaction.settings import DEFAULT_SETTINGS, Settings

from .conftest import EXAMPLE, MakeRoutes
from .test_load import BROKEN


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    config.clear_cache()


@pytest.mark.parametrize(
    "text",
    [
        BROKEN,
        (EXAMPLE / "routes.toml").read_text(encoding="utf-8"),
        '\ufefftimezone = "UTC"\n[[route]]\nname = "x"\nfile = "typo.din"\n',
        "[[route]]\nname = 'x\n",
    ],
)
def test_the_text_has_the_findings_of_the_same_file_on_disk(make_routes: MakeRoutes, text: str) -> None:
    path = make_routes(text) / "routes.toml"
    assert lint_routes_text(text, path) == lint_routes_file(path)


def test_the_buffer_is_checked_not_the_file(make_routes: MakeRoutes) -> None:
    path = make_routes('[[route]]\nname = "everyone"\nfile = "reception.din"\n') / "routes.toml"
    buffer = '[[route]]\nname = "everyone"\nfile = "typo.din"\ncolour = 1\n'
    found = lint_routes_text(buffer, path, display="edited")
    assert [(d.code, d.span.slice(buffer)) for d in found] == [("DA510", '"typo.din"'), ("DA501", "colour")]
    assert lint_routes_file(path) == []


def test_settings_come_from_settings_for_for_the_routes_file_and_each_action_file(make_routes: MakeRoutes) -> None:
    text = '[[route]]\nname = "a"\ndays = "mon"\naction = \'\'\'say en "x"\nsay en "y"\'\'\'\n\n[[route]]\nname = "b"\nfile = "two.din"\n'
    directory = make_routes(text, {"two.din": 'say en "x"\nsay en "y"\n'})
    asked: list[str] = []

    def two_actions(path: Path) -> Settings:
        asked.append(path.name)
        return Settings(max_actions=2)

    assert [d.code for d in lint_routes_text(text, directory / "routes.toml")] == ["DA101", "DA510"]
    assert lint_routes_text(text, directory / "routes.toml", settings_for=two_actions) == []
    assert asked == ["routes.toml", "two.din"]


def test_an_unusable_configuration_raises_unless_settings_for_falls_back(make_routes: MakeRoutes) -> None:
    text = '[[route]]\nname = "everyone"\naction = "tranfer +81336042000"\n'
    path = make_routes(text, config='max-actions = "two"\n') / "routes.toml"
    with pytest.raises(ConfigError, match="max-actions"):
        lint_routes_text(text, path)

    def defaults(_: Path) -> Settings:
        return DEFAULT_SETTINGS

    assert [d.code for d in lint_routes_text(text, path, settings_for=defaults)] == ["DA002"]


def test_holiday_countries_are_the_two_letter_codes_with_their_subdivisions() -> None:
    countries = holiday_countries()
    assert "JP" in countries and "CA" in countries["US"]
    assert all(len(code) == 2 for code in countries)
