"""Audio files written by the tests: MPEG audio frames built from their header bits, and a WAV.

An MPEG audio frame is a 32-bit header followed by its payload; the header's
fields (ISO/IEC 11172-3 and 13818-3) are, from the top bit down:

    11 bits  frame sync, all ones
     2 bits  version: 11 MPEG-1, 10 MPEG-2, 00 MPEG-2.5
     2 bits  layer: 01 Layer III, 10 Layer II, 11 Layer I
     1 bit   protection: 1 = no CRC follows
     4 bits  bitrate index (a table per version and layer)
     2 bits  sample-rate index (a table per version)
     1 bit   padding, 1 bit private
     2 bits  channel mode: 00 stereo, 01 joint stereo, 10 dual channel, 11 mono
     6 bits  mode extension, copyright, original, emphasis (zero here)

A payload of zeros is valid (silence, no side information), so ``frames``
repeated makes a file any MPEG reader syncs to. A Xing header in the first
frame's payload declares the frame count, from which readers take the length
without reading the file: that is how a few bytes can claim an hour.
"""

from __future__ import annotations

import io
import struct
import wave

_VERSIONS = {1.0: 0b11, 2.0: 0b10, 2.5: 0b00}
_LAYERS = {1: 0b11, 2: 0b10, 3: 0b01}
_BITRATES = {  # kbit/s by (MPEG-1 or not, layer); index 0 is "free"
    (True, 1): (0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448),
    (True, 2): (0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384),
    (True, 3): (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    (False, 1): (0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256),
    (False, 2): (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
    (False, 3): (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
_RATES = {1.0: (44100, 48000, 32000), 2.0: (22050, 24000, 16000), 2.5: (11025, 12000, 8000)}


def header(version: float = 1, layer: int = 3, kbps: int = 128, rate: int = 44100, mono: bool = False) -> bytes:
    """The 4 header bytes of one frame."""
    bitrate = _BITRATES[(version == 1, layer)].index(kbps)
    sample_rate = _RATES[float(version)].index(rate)
    word = (
        (0x7FF << 21)
        | (_VERSIONS[float(version)] << 19)
        | (_LAYERS[layer] << 17)
        | (1 << 16)
        | (bitrate << 12)
        | (sample_rate << 10)
        | ((0b11 if mono else 0b01) << 6)
    )
    return struct.pack(">I", word)


def frame_length(version: float = 1, layer: int = 3, kbps: int = 128, rate: int = 44100) -> int:
    """Bytes in one frame (no padding)."""
    if layer == 1:
        return 12 * kbps * 1000 // rate * 4
    if layer == 3 and version != 1:
        return 72 * kbps * 1000 // rate
    return 144 * kbps * 1000 // rate


def samples_per_frame(version: float = 1, layer: int = 3) -> int:
    if layer == 1:
        return 384
    return 576 if layer == 3 and version != 1 else 1152


def frames(
    count: int, version: float = 1, layer: int = 3, kbps: int = 128, rate: int = 44100, mono: bool = False
) -> bytes:
    """``count`` frames of silence with the header of :func:`header`."""
    one = header(version, layer, kbps, rate, mono)
    return (one + bytes(frame_length(version, layer, kbps, rate) - len(one))) * count


def seconds(count: int, version: float = 1, layer: int = 3, rate: int = 44100) -> float:
    """How long ``count`` frames play."""
    return count * samples_per_frame(version, layer) / rate


def xing(claimed_frames: int, count: int = 8) -> bytes:
    """An MPEG-1 Layer III stereo file whose Xing header claims ``claimed_frames`` frames."""
    one = header()
    side_info = 32  # MPEG-1 stereo
    first = one + bytes(side_info) + b"Xing" + struct.pack(">II", 0x1, claimed_frames)
    first += bytes(frame_length() - len(first))
    return first + frames(count - 1)


def id3v2(payload: bytes = b"") -> bytes:
    """An empty ID3v2.4 tag (10 bytes of header, size 0), as taggers put before the audio."""
    return b"ID3\x04\x00\x00\x00\x00\x00\x00" + payload


def wav(seconds: float = 1.0, rate: int = 8000) -> bytes:
    """A mono 16-bit PCM WAV of a 440 Hz square wave."""
    period = rate // 440
    samples = b"".join(
        struct.pack("<h", 8000 if (i % period) < period // 2 else -8000) for i in range(int(seconds * rate))
    )
    out = io.BytesIO()
    with wave.open(out, "wb") as file:
        file.setnchannels(1)
        file.setsampwidth(2)
        file.setframerate(rate)
        file.writeframes(samples)
    return out.getvalue()
