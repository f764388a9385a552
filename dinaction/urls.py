"""The URL facts, under the name they had before :mod:`dinaction.facts.urls` became their home."""

from __future__ import annotations

from dinaction.facts.urls import SplitUrl, split_url, unreachable_reason

__all__ = ["SplitUrl", "split_url", "unreachable_reason"]
