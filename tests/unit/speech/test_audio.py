from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from speech import AudioFormatError
from speech.audio import RATE, decode, float_to_pcm16, from_mulaw, from_pcm16, mulaw_to_pcm16, resample
from speech.stream import PcmStream

AUDIO = Path(__file__).resolve().parents[2] / "fixtures" / "audio"


@pytest.mark.parametrize(
    "name", ["three_sets_of_ten_dips.wav", "three_sets_of_ten_dips.ogg", "three_sets_of_ten_dips.webm"]
)
def test_containers_decode_to_the_same_16k_mono(name: str) -> None:
    samples = decode(AUDIO / name)
    reference = decode(AUDIO / "three_sets_of_ten_dips.wav")
    assert samples.dtype == np.float32 and samples.ndim == 1
    assert abs(samples.size - reference.size) < RATE * 0.1  # codec padding only
    assert 0.05 < float(np.abs(samples).max()) <= 1.1  # lossy codecs overshoot a little


def test_mp3_decodes_from_bytes() -> None:
    samples = decode((AUDIO / "bench_135_for_10.mp3").read_bytes())
    assert 1.0 < samples.size / RATE < 5.0


def test_mulaw_8k_is_upsampled() -> None:
    raw = (AUDIO / "start_a_workout.ulaw").read_bytes()
    samples = from_mulaw(raw)
    assert abs(samples.size / RATE - len(raw) / 8000) < 0.05
    reference = decode(AUDIO / "start_a_workout.wav")
    assert abs(samples.size - reference.size) < RATE * 0.1


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
    with pytest.raises(ValueError):
        PcmStream(100)


@pytest.mark.parametrize("garbage", [b"", b"\x00" * 10, b"not audio at all" * 100, bytes(range(256)) * 40])
def test_garbage_is_a_format_error(garbage: bytes) -> None:
    with pytest.raises(AudioFormatError):
        decode(garbage)
