from __future__ import annotations

import numpy as np

from assistant.listening import listen_sync
from intents import Parser
from speech.transcriber import Transcript

AUDIO = np.zeros(16000, dtype=np.float32)


def transcriber(prompted_text: str, plain_text: str, calls: list[bool]):  # type: ignore[no-untyped-def]
    def transcribe(audio: np.ndarray, prompted: bool) -> Transcript:
        calls.append(prompted)
        return Transcript(prompted_text if prompted else plain_text, 0.0, -0.1, 1.0)

    return transcribe


def test_sense_on_the_first_pass_is_kept() -> None:
    calls: list[bool] = []
    heard = listen_sync(transcriber("bench 135 for 8", "x", calls), Parser(), AUDIO)
    assert heard.text == "bench 135 for 8" and calls == [True]


def test_nonsense_gets_a_second_unprompted_listen() -> None:
    calls: list[bool] = []
    heard = listen_sync(transcriber("yellow submarine", "undo", calls), Parser(), AUDIO)
    assert heard.text == "undo" and calls == [True, False]


def test_when_neither_pass_makes_sense_the_first_stands() -> None:
    calls: list[bool] = []
    heard = listen_sync(transcriber("la la", "mumble", calls), Parser(), AUDIO)
    assert heard.text == "la la" and calls == [True, False]
    assert listen_sync(transcriber("", "undo", []), Parser(), AUDIO).text == ""  # silence stays silence
