"""Voice activity on the recorded fixtures: utterances, pre-roll, noise, the length cap, frame sizes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from speech import Segmenter, SpeechEnded, SpeechStarted
from speech.audio import RATE, decode
from speech.vad import trim

AUDIO = Path(__file__).resolve().parents[2] / "fixtures" / "audio"


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(RATE * seconds), dtype=np.float32)


def feed_in_frames(seg: Segmenter, audio: np.ndarray, ms: int = 20) -> list[object]:
    step = RATE * ms // 1000
    events: list[object] = []
    for i in range(0, audio.size, step):
        events += seg.feed(audio[i : i + step])
    return events


def test_one_utterance_with_pre_roll_and_end_window() -> None:
    speech = decode(AUDIO / "bench_135_for_10.wav")
    audio = np.concatenate([silence(1.0), speech, silence(1.5)])
    events = feed_in_frames(Segmenter(), audio)
    assert [type(e) for e in events] == [SpeechStarted, SpeechEnded]
    ended = events[1]
    assert isinstance(ended, SpeechEnded) and not ended.truncated
    spoken = trim(speech, pad_ms=0).size / RATE
    assert spoken - 0.1 <= ended.audio.size / RATE <= spoken + 1.2  # pre-roll and the end window included


def test_two_utterances_in_one_stream() -> None:
    one, two = decode(AUDIO / "bench_135_for_10.wav"), decode(AUDIO / "start_a_workout.wav")
    audio = np.concatenate([silence(0.5), one, silence(1.2), two, silence(1.2)])
    ended = [e for e in feed_in_frames(Segmenter(), audio) if isinstance(e, SpeechEnded)]
    assert len(ended) == 2


def test_noise_and_silence_are_not_speech() -> None:
    noise = decode(AUDIO / "room_noise.wav")
    seg = Segmenter()
    assert feed_in_frames(seg, np.concatenate([noise, silence(1.0)])) == []
    assert seg.flush() == []


def test_long_speech_is_cut_at_the_maximum() -> None:
    speech = decode(AUDIO / "squat_two_plates_for_five.wav")
    audio = np.concatenate([speech] * 6)
    events = feed_in_frames(Segmenter(max_utterance_s=3.0, end_silence_ms=2000), audio)
    cut = [e for e in events if isinstance(e, SpeechEnded)]
    assert cut and cut[0].truncated and cut[0].audio.size / RATE <= 3.05


def test_flush_ends_open_speech_at_stream_end() -> None:
    speech = decode(AUDIO / "start_a_workout.wav")
    seg = Segmenter()
    feed_in_frames(seg, speech[: speech.size * 3 // 4])
    assert seg.speaking
    assert [type(e) for e in seg.flush()] == [SpeechEnded]


@pytest.mark.parametrize("frame_ms", [10, 20, 30])
def test_every_webrtc_frame_size_works(frame_ms: int) -> None:
    speech = decode(AUDIO / "bench_135_for_10.wav")
    events = feed_in_frames(Segmenter(frame_ms=frame_ms), np.concatenate([speech, silence(1.0)]))
    assert any(isinstance(e, SpeechEnded) for e in events)
