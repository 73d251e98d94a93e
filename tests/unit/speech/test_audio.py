"""Audio in memory: μ-law, PCM, resampling, streaming PCM, bytes that are not audio (fixtures: integration)."""

from __future__ import annotations

import numpy as np
import pytest

from speech import AudioFormatError
from speech.audio import RATE, decode, float_to_pcm16, from_pcm16, mulaw_to_pcm16, resample
from speech.stream import PcmStream


def test_mulaw_table_matches_g711() -> None:
    pcm = np.frombuffer(mulaw_to_pcm16(bytes([0xFF, 0x7F, 0x00, 0x80])), dtype="<i2")
    assert list(pcm) == [0, 0, -32124, 32124]


def test_pcm_roundtrip_and_resampling() -> None:
    tone = (0.5 * np.sin(2 * np.pi * 440 * np.arange(48000) / 48000)).astype(np.float32)
    back = from_pcm16(float_to_pcm16(tone), 48000)
    assert abs(back.size - RATE) < 50
    assert resample(tone, 48000).size == back.size


def test_pcm_stream_keeps_odd_bytes_and_resamples_continuously() -> None:
    data = float_to_pcm16((0.3 * np.sin(np.arange(8000) / 5)).astype(np.float32))
    stream = PcmStream(8000)
    pieces = [stream.feed(data[i : i + 333]) for i in range(0, len(data), 333)]
    total = sum(p.size for p in pieces)
    assert abs(total - RATE) < 200
    with pytest.raises(AudioFormatError, match="8000 to 48000"):
        PcmStream(100)
    with pytest.raises(AudioFormatError):
        PcmStream(1)


@pytest.mark.parametrize("garbage", [b"", b"\x00" * 10, b"not audio at all" * 100, bytes(range(256)) * 40])
def test_garbage_is_a_format_error(garbage: bytes) -> None:
    with pytest.raises(AudioFormatError):
        decode(garbage)
