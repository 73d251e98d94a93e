"""Listening again without the prompt when the first transcript makes no sense."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from assistant.listening import listen_sync
from intents import Parser
from speech.audio import Samples
from speech.transcriber import Transcript

AUDIO = np.zeros(16000, dtype=np.float32)


def transcriber(prompted_text: str, plain_text: str) -> Callable[[Samples, bool], Transcript]:
    """Hears `prompted_text` with the domain prompt and `plain_text` without it."""

    def transcribe(audio: Samples, prompted: bool) -> Transcript:
        return Transcript(prompted_text if prompted else plain_text, 0.0, -0.1, 1.0)

    return transcribe


def test_sense_on_the_first_pass_is_kept() -> None:
    heard = listen_sync(transcriber("bench 135 for 8", "undo"), Parser(), AUDIO)
    assert heard.text == "bench 135 for 8"


def test_nonsense_gets_a_second_unprompted_listen() -> None:
    heard = listen_sync(transcriber("yellow submarine", "undo"), Parser(), AUDIO)
    assert heard.text == "undo"


def test_when_neither_pass_makes_sense_the_first_stands() -> None:
    assert listen_sync(transcriber("la la", "mumble"), Parser(), AUDIO).text == "la la"
    assert listen_sync(transcriber("", "undo"), Parser(), AUDIO).text == ""  # silence stays silence
