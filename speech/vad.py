"""Voice activity: webrtcvad on 10/20/30 ms frames, cut into utterances with pre-roll and an end window."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import webrtcvad

from speech.audio import RATE, Samples, float_to_pcm16, pcm16_to_float


class Vad(Protocol):
    def is_speech(self, frame: bytes, sample_rate: int) -> bool: ...


class WebRtcVad:
    def __init__(self, aggressiveness: int = 2) -> None:
        self._vad = webrtcvad.Vad(aggressiveness)

    def is_speech(self, frame: bytes, sample_rate: int) -> bool:
        return bool(self._vad.is_speech(frame, sample_rate))


@dataclass(frozen=True)
class SpeechStarted:
    at_s: float


@dataclass(frozen=True)
class SpeechEnded:
    at_s: float
    audio: Samples
    truncated: bool = False  # cut at the maximum utterance length


Event = SpeechStarted | SpeechEnded


@dataclass
class Segmenter:
    """Feeds 16 kHz audio through the VAD; yields SpeechStarted / SpeechEnded(audio) events.

    Speech starts when `start_frames` of the last `window` frames are voiced; the `pre_roll_ms`
    before that is kept so first syllables are not clipped; it ends after `end_silence_ms` of
    silence, or at `max_utterance_s`. A frame counts as voiced only when the VAD says so and it is
    `energy_ratio` times louder than the running noise floor, so steady gym noise does not hold
    an utterance open.
    """

    vad: Vad = field(default_factory=WebRtcVad)
    frame_ms: int = 30
    pre_roll_ms: int = 300
    end_silence_ms: int = 600
    start_frames: int = 3
    window: int = 5
    min_speech_ms: int = 150
    max_utterance_s: float = 15.0
    energy_ratio: float = 2.5
    abs_floor: float = 0.003
    _levels: deque[float] = field(default_factory=lambda: deque(maxlen=100))
    _pending: bytearray = field(default_factory=bytearray)
    _ring: deque[tuple[bytes, bool]] = field(default_factory=deque)
    _speech: bytearray = field(default_factory=bytearray)
    _speaking: bool = False
    _silence_ms: int = 0
    _voiced_ms: int = 0
    _frames_seen: int = 0

    def __post_init__(self) -> None:
        if self.frame_ms not in (10, 20, 30):
            raise ValueError("webrtcvad frames are 10, 20 or 30 ms")
        self._bytes_per_frame = RATE * self.frame_ms // 1000 * 2
        self._ring = deque(maxlen=max(self.window, self.pre_roll_ms // self.frame_ms))

    @property
    def speaking(self) -> bool:
        return self._speaking

    def speech_so_far(self) -> Samples:
        """The open utterance (for partial transcripts); empty when nobody is speaking."""
        return pcm16_to_float(bytes(self._speech)) if self._speaking else np.zeros(0, dtype=np.float32)

    def feed(self, samples: Samples) -> list[Event]:
        self._pending += float_to_pcm16(samples)
        events: list[Event] = []
        while len(self._pending) >= self._bytes_per_frame:
            frame = bytes(self._pending[: self._bytes_per_frame])
            del self._pending[: self._bytes_per_frame]
            event = self._frame(frame)
            if event is not None:
                events.append(event)
        return events

    def flush(self) -> list[Event]:
        """End of stream: whatever speech is open becomes an utterance."""
        if self._speaking and self._voiced_ms >= self.min_speech_ms:
            return [self._end(False)]
        self._reset()
        return []

    def _now(self) -> float:
        return self._frames_seen * self.frame_ms / 1000

    def _frame(self, frame: bytes) -> Event | None:
        self._frames_seen += 1
        voiced = self._loud_enough(frame) and self.vad.is_speech(frame, RATE)
        if not self._speaking:
            self._ring.append((frame, voiced))
            recent = list(self._ring)[-self.window :]
            if sum(v for _, v in recent) >= self.start_frames:
                self._speaking = True
                self._speech = bytearray(b"".join(f for f, _ in self._ring))
                self._voiced_ms = sum(self.frame_ms for _, v in self._ring if v)
                self._silence_ms = 0
                self._ring.clear()
                return SpeechStarted(self._now() - len(self._speech) / 2 / RATE)
            return None
        self._speech += frame
        if voiced:
            self._voiced_ms += self.frame_ms
            self._silence_ms = 0
        else:
            self._silence_ms += self.frame_ms
        if len(self._speech) / 2 / RATE >= self.max_utterance_s:
            return self._end(True)
        if self._silence_ms >= self.end_silence_ms:
            if self._voiced_ms < self.min_speech_ms:  # a click or a cough
                self._reset()
                return None
            return self._end(False)
        return None

    def _loud_enough(self, frame: bytes) -> bool:
        samples = np.frombuffer(frame, dtype="<i2").astype(np.float32) / 32768.0
        level = float(np.sqrt(np.mean(samples * samples)))
        self._levels.append(level)
        floor = float(np.percentile(self._levels, 10)) if len(self._levels) >= 10 else 0.0
        return level > max(self.abs_floor, self.energy_ratio * floor)

    def _end(self, truncated: bool) -> SpeechEnded:
        audio = pcm16_to_float(bytes(self._speech))
        event = SpeechEnded(self._now(), audio, truncated)
        self._reset()
        return event

    def _reset(self) -> None:
        self._speaking = False
        self._speech = bytearray()
        self._silence_ms = self._voiced_ms = 0
        self._ring.clear()


def trim(samples: Samples, vad: Vad | None = None, pad_ms: int = 200) -> Samples:
    """Drop leading and trailing non-speech (keeping `pad_ms`), so the recogniser sees less audio."""
    vad = vad or WebRtcVad(1)
    step = RATE * 30 // 1000
    pcm = float_to_pcm16(samples)
    flags = [vad.is_speech(pcm[i * 2 : (i + step) * 2], RATE) for i in range(0, samples.size - step + 1, step)]
    if not any(flags):
        return samples
    first = flags.index(True) * step
    last = (len(flags) - flags[::-1].index(True)) * step
    pad = RATE * pad_ms // 1000
    return np.ascontiguousarray(samples[max(0, first - pad) : min(samples.size, last + pad)])
