"""Settings that shape a lint run.

``Settings`` is the resolved, validated form; where it comes from (files,
flags) is the business of the loaders below it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from dinaction.diagnostics import Severity

__all__ = ["DEFAULT_SETTINGS", "Settings"]


@dataclass(frozen=True, slots=True)
class Settings:
    """Every knob of the linter, with the defaults a plain API action file wants."""

    #: 1 for the API; 2 for dashboard-style files (`say` then `transfer`)
    max_actions: int = 1
    #: languages Xoxzo's TTS speaks (facts: English and Japanese)
    tts_languages: tuple[str, ...] = ("en", "ja")
    max_message_length: int = 1000
    #: ISO 3166 region for national-number hints (``JP``), or None
    default_region: str | None = None
    #: rule codes, code prefixes or names; None means "the default set"
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    #: rule code → severity
    severity_overrides: Mapping[str, Severity] = field(default_factory=lambda: MappingProxyType({}))
    fail_on: Severity = Severity.WARNING


DEFAULT_SETTINGS = Settings()
