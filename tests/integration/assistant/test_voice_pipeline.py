"""The voice pipeline's choices, with the recogniser's output given: which reading is read back."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import numpy as np
import pytest

from assistant.voice import voice_turn
from speech.transcriber import Transcript, Word
from tests.conftest import Lifter

AUDIO = np.zeros(16000, dtype=np.float32)


def heard(text: str, p: dict[str, float], alternative: Transcript | None = None) -> Transcript:
    words = tuple(Word(w, p.get(w, 0.95)) for w in text.split())
    return Transcript(text, 0.0, -0.2, 1.0, words, alternative)


class Recogniser:
    """Hears what it is told to, as the speech service would."""

    def __init__(self, transcript: Transcript) -> None:
        self.transcript = transcript

    async def transcribe(self, audio: Any, *, trim_silence: bool = True, prompted: bool = True) -> Transcript:
        return self.transcript


@pytest.fixture
def spotter(app: Any) -> Any:
    return app.state.spotter


async def sets(client: httpx.AsyncClient, lifter: Lifter) -> list[tuple[str, float | None, int | None]]:
    r = await client.get("/workouts/active", headers=lifter.headers)
    return [] if r.status_code == 404 else [(s["exercise"], s["weight"], s["reps"]) for s in r.json()["sets"]]


async def test_an_unsure_reading_is_replaced_by_the_other_reading_when_that_reads_well(
    spotter: Any, client: httpx.AsyncClient, lifter: Lifter, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = heard("face pull 2 x 15 25 lbs", {"15": 0.44})
    monkeypatch.setattr(spotter, "speech", Recogniser(heard("face pull 2 x lifting 25 lbs", {"lifting": 0.32}, other)))
    turn = await voice_turn(spotter, uuid.UUID(lifter.id), AUDIO, "voice")
    assert turn.reply is not None and turn.reply.results[0]["status"] == "needs_confirmation"
    assert turn.heard.text == "face pull 2 x 15 25 lbs"
    assert turn.reply.text == "Did you say Face Pull 2×15 at 25 lb?"
    assert await sets(client, lifter) == []  # offered, not written
    await spotter.conversation.handle(uuid.UUID(lifter.id), "yes", "voice")
    assert await sets(client, lifter) == [("face-pull", 25, 15), ("face-pull", 25, 15)]


async def test_a_sure_reading_keeps_its_words_whatever_the_other_reading(
    spotter: Any, client: httpx.AsyncClient, lifter: Lifter, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = heard("dead tension up", {"dead": 0.27})
    monkeypatch.setattr(spotter, "speech", Recogniser(heard("10 chin ups", {"10": 0.17}, other)))
    turn = await voice_turn(spotter, uuid.UUID(lifter.id), AUDIO, "voice")
    assert turn.heard.text == "10 chin ups" and turn.reply is not None
    assert turn.reply.results[0]["status"] == "needs_confirmation"


async def test_an_other_reading_that_reads_badly_is_not_offered(
    spotter: Any, client: httpx.AsyncClient, lifter: Lifter, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = heard("bench press creamI'm irritated", {})
    monkeypatch.setattr(spotter, "speech", Recogniser(heard("bench 225 keels for 5", {"keels": 0.42}, other)))
    turn = await voice_turn(spotter, uuid.UUID(lifter.id), AUDIO, "voice")
    assert turn.heard.text == "bench 225 keels for 5" and turn.reply is not None
    assert turn.reply.results[0]["status"] == "needs_confirmation"
    assert await sets(client, lifter) == []
