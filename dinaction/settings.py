"""The resolved settings one document is linted with: plain, hashable data.

Where they come from (configuration files, the command line) is ``config``'s
business; this module holds only what the linter, the rules and the language
server read, so that they need nothing of how settings are found.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from dinaction.diagnostics import Severity

__all__ = ["DEFAULT_SETTINGS", "FrozenMapping", "Settings"]


class FrozenMapping(Mapping[str, Severity]):
    """An immutable, hashable and picklable mapping (``MappingProxyType`` is neither).

    Settings travel to worker processes and serve as cache keys, so their one
    mapping field must survive both.
    """

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, Severity] | Iterable[tuple[str, Severity]] = ()) -> None:
        self._data: dict[str, Severity] = dict(data)

    def __getitem__(self, key: str) -> Severity:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        return hash(frozenset(self._data.items()))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mapping) and dict(self._data) == dict(other)

    def __repr__(self) -> str:
        return f"FrozenMapping({self._data!r})"

    def __getstate__(self) -> dict[str, Severity]:
        return self._data

    def __setstate__(self, state: dict[str, Severity]) -> None:
        object.__setattr__(self, "_data", dict(state))


@dataclass(frozen=True, slots=True)
class Settings:
    """Every knob of the linter, with the defaults a plain API action file wants."""

    #: 1 for the API; 2 for dashboard-style files (`say` then `transfer`)
    max_actions: int = 1
    #: languages Xoxzo's TTS speaks (facts: English and Japanese)
    tts_languages: tuple[str, ...] = ("en", "ja")
    max_message_length: int = 1000
    #: bytes a document may have before it is refused with one finding (DA022) instead of read
    max_file_size: int = 1 << 20
    #: ISO 3166 region for national-number hints (``JP``), or None
    default_region: str | None = None
    #: rule codes, code prefixes or names; None means "the default set"
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    #: rule code → severity
    severity_overrides: Mapping[str, Severity] = field(default_factory=FrozenMapping)
    fail_on: Severity = Severity.WARNING

    def __post_init__(self) -> None:
        if not isinstance(self.severity_overrides, FrozenMapping):
            object.__setattr__(self, "severity_overrides", FrozenMapping(self.severity_overrides))

    def cache_key(self) -> str:
        """A canonical text of every field: equal keys lint every document alike."""
        return json.dumps(
            {
                "max_actions": self.max_actions,
                "tts_languages": list(self.tts_languages),
                "max_message_length": self.max_message_length,
                "max_file_size": self.max_file_size,
                "default_region": self.default_region,
                "select": None if self.select is None else list(self.select),
                "ignore": list(self.ignore),
                "extend_select": list(self.extend_select),
                "severity_overrides": {k: int(v) for k, v in sorted(self.severity_overrides.items())},
                "fail_on": int(self.fail_on),
            },
            sort_keys=True,
        )


DEFAULT_SETTINGS = Settings()
