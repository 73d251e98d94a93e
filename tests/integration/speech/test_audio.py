"""Decoding the recorded fixtures: containers, MP3 from bytes, telephone μ-law."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from speech.audio import RATE, decode, from_mulaw

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
