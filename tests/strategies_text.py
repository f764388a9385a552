"""Hypothesis strategies for action-like text: near misses reach every parser path."""

from __future__ import annotations

from hypothesis import strategies as st

FRAGMENTS = [
    "playback",
    "transfer",
    "say",
    "voicemail",
    "PLAYBACK",
    "Say",
    "tranfer",
    "say:",
    "--caller",
    "--caller=",
    "--callerid=",
    "—caller=",
    "=",
    "+81336042000",
    "+8190123456789",
    "0312345678",
    "+81-3-3604-2000",
    "+999",
    "+",
    "http://example.com/a.mp3",
    "https://localhost/b.wav",
    "ftp://x/y",
    "http://",
    "/a.mp3",
    "en",
    "ja",
    "EN",
    "xx",
    "english",
    "ja_JP",
    "fr",
    '"',
    '"Hello"',
    '"こんにちは"',
    '""',
    '"a"b"',
    "お電話",
    "😀",
    " ",
    "  ",
    "\t",
    "\u3000",
    "\n",
    "\r\n",
    "\r",
    "\x00",
    "\ufeff",
    "\ufffd",
    "\x07",
    "'",
]

fragments = st.lists(st.sampled_from(FRAGMENTS), max_size=12).map("".join)
action_like = st.one_of(
    fragments,
    st.lists(st.sampled_from([f for f in FRAGMENTS if f.strip()]), min_size=1, max_size=5).map(" ".join),
    st.text(max_size=60),
)
documents = st.lists(action_like, max_size=4).map("\n".join)
