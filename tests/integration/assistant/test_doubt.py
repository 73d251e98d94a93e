"""Spoken writes that rest on doubted words wait for a yes, on every configured database."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from assistant.conversation import Conversation
from tests.conftest import Lifter


class Voice:
    """A lifter talking: the words, and which of them the recogniser doubted."""

    def __init__(self, client: httpx.AsyncClient, lifter: Lifter, conversation: Conversation) -> None:
        self.client, self.lifter, self.conversation = client, lifter, conversation

    async def say(self, text: str, doubted: list[str] | None = None) -> dict[str, Any]:
        reply = await self.conversation.handle(uuid.UUID(self.lifter.id), text, "voice", doubted or [])
        return {"reply": reply.text, "commands": reply.commands, "results": reply.results}

    async def sets(self) -> list[tuple[str, float | None, int | None]]:
        r = await self.client.get("/workouts/active", headers=self.lifter.headers)
        if r.status_code == 404:
            return []
        return [(s["exercise"], s["weight"], s["reps"]) for s in r.json()["sets"]]


@pytest.fixture
def voice(app: Any, client: httpx.AsyncClient, lifter: Lifter) -> Voice:
    return Voice(client, lifter, app.state.spotter.conversation)


async def test_a_sure_reading_is_written_at_once(voice: Voice) -> None:
    done = await voice.say("bench 135 for 8")
    assert done["results"][0]["status"] == "ok"
    assert await voice.sets() == [("barbell-bench-press", 135, 8)]


@pytest.mark.parametrize("answer", ["yes", "yeah", "correct", "Yes."])
async def test_a_doubtful_reading_is_read_back_and_written_after_a_yes(voice: Voice, answer: str) -> None:
    asked = await voice.say("face pull 2 x lifting 25 lbs", ["lifting"])
    assert asked["results"] == [{"intent": "log_sets", "status": "needs_confirmation"}]
    assert asked["reply"].startswith("Did you say Face Pull") and asked["reply"].endswith("?")
    assert await voice.sets() == []
    done = await voice.say(answer)
    assert done["results"][0]["status"] == "ok"
    assert await voice.sets() == [("face-pull", 25, 2)]


@pytest.mark.parametrize("answer", ["no", "nope", "never mind"])
async def test_a_no_writes_nothing(voice: Voice, answer: str) -> None:
    await voice.say("bench 255 for 9", ["255"])
    declined = await voice.say(answer)
    assert declined["results"][0]["status"] == "declined"
    assert await voice.sets() == []


async def test_the_lift_said_again_replaces_the_doubtful_reading(voice: Voice) -> None:
    await voice.say("2 more deadlift 1 x650 kilos", ["x650"])
    await voice.say("sumo deadlift 1 by 6 at 50 kilos")
    assert await voice.sets() == [("sumo-deadlift", 50, 6)]


async def test_an_unlikely_set_heard_with_certainty_is_still_read_back(voice: Voice) -> None:
    asked = await voice.say("bench 240 kg for 30")
    assert asked["results"][0]["status"] == "needs_confirmation" and await voice.sets() == []


async def test_typed_text_is_taken_as_typed(voice: Voice) -> None:
    reply = await voice.conversation.handle(uuid.UUID(voice.lifter.id), "bench 240 kg for 30", "api")
    assert reply.results[0]["status"] == "ok"


async def test_doubt_about_words_that_write_nothing_asks_nothing(voice: Voice) -> None:
    answer = await voice.say("what's my best squat", ["squat"])
    assert answer["results"][0]["status"] == "ok"


async def test_undo_after_a_confirmed_write_takes_it_back(voice: Voice) -> None:
    await voice.say("squat 225 for 5")
    await voice.say("bench 255 for 9", ["255"])
    await voice.say("yes")
    await voice.say("undo")
    assert await voice.sets() == [("barbell-back-squat", 225, 5)]


@pytest.mark.parametrize(
    "heard, restated, written",
    [
        ("incline bench 2-243", "incline bench 220 for 3", ("incline-barbell-bench-press", 220, 3)),
        ("1-2 sets of hack squat, 8 reps, 400", "2 sets of hack squat, 8 reps, 400", ("hack-squat", 400, 8)),
        ("squat 2-25 for 5", "squat 225 for 5", ("barbell-back-squat", 225, 5)),
    ],
)
async def test_numbers_heard_joined_by_a_dash_are_read_back_and_a_no_then_the_set_said_again_writes_it(
    voice: Voice, heard: str, restated: str, written: tuple[str, float, int]
) -> None:
    from assistant.doubt import doubtful
    from speech.transcriber import Word

    asked = await voice.say(heard, doubtful([Word(w, 0.99) for w in heard.split()], 0.4))
    assert asked["results"][0]["status"] == "needs_confirmation"
    declined = await voice.say("no")
    assert declined["results"] == [{"intent": "log_sets", "status": "declined"}]
    assert await voice.sets() == []
    done = await voice.say(restated, [])
    assert done["results"][0]["status"] == "ok"
    assert {s for s in await voice.sets()} == {written}
