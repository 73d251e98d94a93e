"""Audio in any of the accepted encodings -> 16 kHz mono float32 samples.

PCM s16le at any rate, G.711 μ-law (8 kHz telephony), and containers PyAV reads (WAV, MP3, M4A,
Opus in Ogg or WebM). Everything is resampled to 16 kHz, the rate VAD and Whisper work at.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np
from numpy.typing import NDArray

from speech.errors import AudioFormatError, AudioTooLong

RATE = 16000
Samples = NDArray[np.float32]


@dataclass(frozen=True)
class AudioLimits:
    """What one piece of audio may be: its sample rate, and how many seconds it holds once decoded.

    Checked before anything is decoded or resampled: 20 KB of PCM declared at 1 Hz is hours of
    audio, gigabytes once resampled to 16 kHz. `max_seconds=None` leaves the length unbounded
    (a lifter's own files on the command line).
    """

    min_rate: int = 8000
    max_rate: int = 48000
    max_seconds: float | None = 30.0

    def check_rate(self, rate: int) -> None:
        if not self.min_rate <= rate <= self.max_rate:
            raise AudioFormatError(f"sample rate {rate} Hz is outside {self.min_rate} to {self.max_rate} Hz")

    def check_seconds(self, seconds: float) -> None:
        if self.max_seconds is not None and seconds > self.max_seconds:
            raise AudioTooLong(f"audio is longer than {self.max_seconds:g} s")


LIMITS = AudioLimits()


def _mulaw_table() -> NDArray[np.int16]:
    codes = np.arange(256, dtype=np.int32)
    u = ~codes & 0xFF
    sign, exponent, mantissa = u & 0x80, (u >> 4) & 0x07, u & 0x0F
    magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84
    return np.where(sign != 0, -magnitude, magnitude).astype(np.int16)


_MULAW = _mulaw_table()


def pcm16_to_float(data: bytes) -> Samples:
    if len(data) % 2:
        data = data[:-1]
    return (np.frombuffer(data, dtype="<i2").astype(np.float32) / 32768.0).astype(np.float32)


def float_to_pcm16(samples: Samples) -> bytes:
    return (np.clip(samples, -1.0, 1.0) * 32767.0).astype("<i2").tobytes()


def mulaw_to_pcm16(data: bytes) -> bytes:
    return _MULAW[np.frombuffer(data, dtype=np.uint8)].astype("<i2").tobytes()


def resample(samples: Samples, rate: int, target: int = RATE) -> Samples:
    """Band-limited enough for speech: PyAV's resampler (libswresample)."""
    if rate == target or samples.size == 0:
        return samples.astype(np.float32, copy=False)
    frame = av.AudioFrame.from_ndarray(samples.astype(np.float32)[None, :], format="flt", layout="mono")
    frame.sample_rate = rate
    resampler = av.AudioResampler(format="flt", layout="mono", rate=target)
    parts = [f.to_ndarray()[0] for f in resampler.resample(frame)]
    parts += [f.to_ndarray()[0] for f in resampler.resample(None)]
    return np.concatenate(parts).astype(np.float32) if parts else np.zeros(0, dtype=np.float32)


def from_pcm16(data: bytes, rate: int, limits: AudioLimits = LIMITS) -> Samples:
    """PCM s16le mono; its length follows from its size and rate, so it is checked before conversion."""
    limits.check_rate(rate)
    limits.check_seconds(len(data) / 2 / rate)
    return resample(pcm16_to_float(data), rate)


def from_mulaw(data: bytes, rate: int = 8000, limits: AudioLimits = LIMITS) -> Samples:
    limits.check_rate(rate)
    limits.check_seconds(len(data) / rate)
    return resample(pcm16_to_float(mulaw_to_pcm16(data)), rate)


def decode(source: bytes | str | Path, limits: AudioLimits = LIMITS) -> Samples:
    """Any container PyAV knows (wav, mp3, m4a, ogg/webm opus) -> 16 kHz mono float32.

    Each decoded frame's rate is checked, and the running length, before it is resampled: a
    header may claim any rate, and a compressed stream may unpack to far more than its size says.
    """
    stream = io.BytesIO(source) if isinstance(source, bytes) else str(source)
    try:
        with av.open(stream, mode="r") as container:
            if not container.streams.audio:
                raise AudioFormatError("no audio stream in the data")
            resampler = av.AudioResampler(format="flt", layout="mono", rate=RATE)
            parts: list[Samples] = []
            seconds = 0.0
            for frame in container.decode(audio=0):
                limits.check_rate(frame.sample_rate)
                seconds += frame.samples / frame.sample_rate
                limits.check_seconds(seconds)
                parts += [f.to_ndarray()[0] for f in resampler.resample(frame)]
            parts += [f.to_ndarray()[0] for f in resampler.resample(None)]
    except AudioFormatError:
        raise
    except (av.FFmpegError, ValueError, IndexError, OSError) as exc:
        raise AudioFormatError(f"could not decode audio: {exc}") from exc
    if not parts:
        raise AudioFormatError("the data holds no audio samples")
    return np.concatenate(parts).astype(np.float32)


def pcm16_to_mulaw(pcm: bytes) -> bytes:
    """G.711 μ-law encoding (for telephony replies)."""
    x = np.frombuffer(pcm, dtype="<i2").astype(np.int32)
    sign = np.where(x < 0, 0x80, 0)
    magnitude = np.minimum(np.abs(x), 32635) + 0x84
    exponent = np.floor(np.log2(magnitude)).astype(np.int32) - 7
    exponent = np.clip(exponent, 0, 7)
    mantissa = (magnitude >> (exponent + 3)) & 0x0F
    return (~(sign | (exponent << 4) | mantissa) & 0xFF).astype(np.uint8).tobytes()


def to_mulaw_8k(pcm: bytes, rate: int) -> bytes:
    return pcm16_to_mulaw(float_to_pcm16(resample(pcm16_to_float(pcm), rate, 8000)))
