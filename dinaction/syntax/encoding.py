"""What the bytes of an action file are: UTF-8 text, text in another encoding, or no text at all.

Xoxzo reads the body as UTF-8. A file that is UTF-8 (with, perhaps, a few
bytes that are not) is read as today: each run of bad bytes is one DA020
finding at its place. Any other file is handed to ``charset-normalizer``
(imported here only, and only for such a file), asked among the encodings an
action file is likely to be saved in by mistake:

- UTF-16 or UTF-32 with a byte order mark, Shift_JIS (CP932) or EUC-JP: one
  DA023 finding for the file, and its decoded text is what is linted, so the
  findings are those the file will have once saved as UTF-8. When only one
  reading of the bytes is possible, the finding's (unsafe) fix re-encodes the
  file; the other findings' fixes are written back in the file's own
  encoding, every byte they do not touch kept.
- Several readings (short Japanese texts often are both CP932 and EUC-JP, or
  CP1252): the finding names the likely one and says that it is not certain;
  the likely text is linted, and nothing offers a fix (what the bytes say is
  a guess, and a fix would write the guess).
- A Western single-byte encoding (CP1252, Latin-1) cannot be told from UTF-8
  with a few broken bytes: every byte string is one. Such a file keeps the
  DA020 finding per run of bytes.
- No reading at all (an mp3 linted by mistake): one DA024 finding, and nothing
  of the file is linted.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from dinaction.diagnostics import Diagnostic, Edit, Span
from dinaction.rules import syntax as rules

__all__ = ["Decoded", "read"]

_ESCAPED = re.compile("[\udc80-\udcff]+")
_NON_ASCII = re.compile("[^\x00-\x7f\udc80-\udcff]")

#: the encodings a file is diagnosed as, by charset-normalizer's codec name, with the name people know
_DIAGNOSED = {
    "utf_16": "UTF-16",
    "utf_32": "UTF-32",
    "cp932": "Shift_JIS (CP932)",
    "euc_jp": "EUC-JP",
}
#: asked too, so that bytes that read as well in a Western encoding are known to be ambiguous
_COMPETITORS = ("cp1252",)

#: the bytes outside ASCII needed to name a legacy encoding: two double-byte characters
_EVIDENCE = 4
_HIGH = 0x80

#: the byte order marks of the Unicode encodings, longest first (UTF-32 LE begins as UTF-16 LE does)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf_32_le"),
    (codecs.BOM_UTF32_BE, "utf_32_be"),
    (codecs.BOM_UTF16_LE, "utf_16_le"),
    (codecs.BOM_UTF16_BE, "utf_16_be"),
)


@dataclass(frozen=True, slots=True)
class Decoded:
    """A document's text, how its bytes are written, and whether edits of the text can be written back."""

    #: what is linted: one U+FFFD per byte that is not UTF-8; "" when the file is not text
    text: str
    diagnostics: tuple[Diagnostic, ...]
    #: the codec the bytes are written in (``utf-8`` for str input); None when they are not read (not text)
    encoding: str | None = "utf-8"
    #: whether an edit of ``text`` can be written back in ``encoding`` with every other byte kept
    editable: bool = True
    #: the byte order mark the file starts with, kept when the text is written back in ``encoding``
    bom: bytes = b""
    #: ``text`` with each byte that is not UTF-8 kept as a surrogate (``surrogateescape``), when it differs
    escaped: str | None = None

    @property
    def is_utf8(self) -> bool:
        """Whether the bytes are meant as UTF-8 (broken bytes or not)."""
        return self.encoding == "utf-8"

    @property
    def raw(self) -> str:
        """The text that encodes back to the very bytes read (offsets as in ``text``)."""
        return self.text if self.escaped is None else self.escaped

    def encode(self, raw: str, *, as_utf8: bool = False) -> bytes:
        """``raw`` (the text edited, offsets as in ``raw``) as the bytes to write: in UTF-8, or in the file's encoding.

        Bytes that were not UTF-8 stay as they were. UnicodeEncodeError when an
        edit brought a character the file's encoding has not.
        """
        if as_utf8 or self.encoding is None or self.is_utf8:
            try:
                return raw.encode("utf-8", "surrogateescape")
            except UnicodeEncodeError:  # a lone surrogate of str input: kept as it came
                return raw.encode("utf-8", "surrogatepass")
        return self.bom + raw.encode(self.encoding)


def read(data: str | bytes) -> Decoded:
    """Bytes (or text) → the text to lint, with every problem of the encoding as a positioned diagnostic."""
    if isinstance(data, str):
        return _utf8(data)
    try:
        return Decoded(data.decode("utf-8"), ())
    except UnicodeDecodeError:
        pass
    escaped = data.decode("utf-8", errors="surrogateescape")
    if _mostly_utf8(escaped):
        return _utf8(escaped)
    return _detected(data) or _utf8(escaped)


def _utf8(text: str) -> Decoded:
    """UTF-8 text, one character per byte that is not UTF-8 (U+FFFD), each run of them one DA020."""
    if _ESCAPED.search(text) is None:
        return Decoded(text, ())
    diagnostics = []
    for match in _ESCAPED.finditer(text):
        raw = bytes(ord(c) - 0xDC00 for c in match.group())
        diagnostics.append(
            rules.INVALID_UTF8.diagnostic(
                Span(match.start(), match.end()),
                detail=f"byte{'s' if len(raw) > 1 else ''} {raw.hex(' ')}; save the file as UTF-8",
            )
        )
    shown = _ESCAPED.sub(lambda m: "\ufffd" * len(m.group()), text)
    return Decoded(shown, tuple(diagnostics), escaped=text)


def _mostly_utf8(escaped: str) -> bool:
    """Whether the characters that UTF-8 does decode outnumber the bytes it does not: a damaged UTF-8 file.

    Text in another encoding decodes as UTF-8 by chance at best here and there
    (CP932's `縺` and `あ` share bytes); a UTF-8 file with a stray byte is
    almost all good UTF-8.
    """
    bad = sum(len(m.group()) for m in _ESCAPED.finditer(escaped))
    good = sum(1 for _ in _NON_ASCII.finditer(escaped))
    return good >= bad


def _detected(data: bytes) -> Decoded | None:
    """The file read in the encoding charset-normalizer finds; None when it is UTF-8 with broken bytes after all."""
    import charset_normalizer  # only for a file that is not UTF-8

    matches = list(
        charset_normalizer.from_bytes(data, cp_isolation=[*_DIAGNOSED, *_COMPETITORS], enable_fallback=False)
    )
    diagnosed = [m for m in matches if m.encoding in _DIAGNOSED]
    if not diagnosed:
        if not matches and not charset_normalizer.from_bytes(data):
            return _binary(data)
        return None
    best = diagnosed[0]
    if not best.bom and sum(b >= _HIGH for b in data) < _EVIDENCE:
        return None  # a character or two: too little to name an encoding
    text = str(best)
    encoding = best.encoding
    bom = b""
    if best.bom:
        bom, encoding = next((mark, codec) for mark, codec in _BOMS if data.startswith(mark))
    # the other readings: different texts (charset-normalizer merges the encodings that read alike)
    others = [m.encoding for m in matches if m is not best]
    others += _japanese_rereading(data, text, best.encoding) if not others else []
    certain = not others
    lossless = bom + _encode(text, encoding) == data
    name = _DIAGNOSED[best.encoding]
    if certain:
        finding = rules.NOT_UTF8.diagnostic(
            Span(0, len(text)), edits=[Edit(Span(0, 0), "")], encoding=name, detail="", fix_title=""
        )
    else:
        alternatives = " or ".join(_DIAGNOSED.get(e, e.upper()) for e in others)
        finding = rules.NOT_UTF8.diagnostic(
            Span(0, len(text)),
            encoding=f"likely {name}",
            detail=f" (it reads as {alternatives} too: open it in that encoding to be sure before saving it as UTF-8)",
        )
    return Decoded(text, (finding,), encoding, editable=certain and lossless, bom=bom)


#: half-width katakana: rare in a file written today, and what EUC-JP bytes read as Shift_JIS look like
_HALF_WIDTH_KANA = re.compile("[\uff61-\uff9f]")


def _japanese_rereading(data: bytes, text: str, encoding: str) -> list[str]:
    """The other Japanese encoding, when the bytes read as it too and ``text`` looks like its mojibake.

    EUC-JP bytes (JIS X 0212's accented letters above all) often read as
    Shift_JIS too, as half-width katakana and kanji; charset-normalizer may
    then name Shift_JIS alone. Such a reading is not one to re-encode.
    """
    if encoding not in ("cp932", "euc_jp") or _HALF_WIDTH_KANA.search(text) is None:
        return []
    other = "euc_jp" if encoding == "cp932" else "cp932"
    try:
        reread = data.decode(other)
    except UnicodeDecodeError:
        return []
    return [other] if reread != text and _HALF_WIDTH_KANA.search(reread) is None else []


def _encode(text: str, encoding: str) -> bytes:
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:
        return b""


#: what a file that is not text most likely is, by its first bytes: what is linted by mistake is a recording
_MAGIC = (
    ((b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"), "an MP3 file"),
    ((b"RIFF",), "a RIFF file: a WAV recording?"),
)


def _binary(data: bytes) -> Decoded:
    what = next((name for magic, name in _MAGIC if data.startswith(magic)), "binary data")
    return Decoded("", (rules.BINARY_FILE.diagnostic(Span(0, 0), what=what),), None, editable=False)
