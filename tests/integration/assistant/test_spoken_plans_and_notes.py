"""The commands beyond the contract, said to the assistant and checked in the store: how a set felt,
planned sets checked off, the next lift planned, questions about a time range, and the grammar's
generalisations (slang, homophones, repeats with counts, typed sets) end to end."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from tests.conftest import Lifter, register

PUSH = {
    "name": "Push Day",
    "items": [
        {"exercise": "barbell-bench-press", "target_sets": 2, "target_reps": 5, "target_weight": 185, "unit": "lb"},
        {"exercise": "overhead-press", "target_sets": 1, "target_reps": 8, "target_weight": 95, "unit": "lb"},
    ],
}


class Chat:
    def __init__(self, client: httpx.AsyncClient, lifter: Lifter) -> None:
        self.client, self.lifter = client, lifter

    async def say(self, text: str) -> dict[str, Any]:
        r = await self.client.post("/assistant/messages", json={"text": text}, headers=self.lifter.headers)
        assert r.status_code == 200, r.text
        return dict(r.json())

    async def sets(self) -> list[dict[str, Any]]:
        r = await self.client.get("/workouts/active", headers=self.lifter.headers)
        return [] if r.status_code == 404 else list(r.json()["sets"])


@pytest.fixture
def chat(client: httpx.AsyncClient, lifter: Lifter) -> Chat:
    return Chat(client, lifter)


async def test_a_feeling_after_a_log_is_kept_on_its_sets(chat: Chat) -> None:
    await chat.say("bench 3 sets of 8 at 135, felt heavy")
    assert [(s["reps"], s["notes"]) for s in await chat.sets()] == [(8, "heavy")] * 3


@pytest.mark.parametrize(
    ("said", "note", "rpe"),
    [
        ("that was a grinder", "grinder", None),
        ("felt really easy", "really easy", None),
        ("brutal, RPE 9", "brutal", 9),
    ],
)
async def test_a_feeling_on_its_own_goes_on_the_last_log(chat: Chat, said: str, note: str, rpe: float | None) -> None:
    await chat.say("squat 225 for 5")
    await chat.say("deadlift 2 sets of 3 at 315")
    reply = await chat.say(said)
    assert reply["results"][0]["status"] == "ok" and note in reply["reply"]
    sets = await chat.sets()
    assert sets[0]["notes"] is None
    assert [(s["exercise"], s["notes"], s["rpe"]) for s in sets[1:]] == [("deadlift", note, rpe)] * 2


async def test_a_feeling_with_nothing_logged_writes_nothing(chat: Chat) -> None:
    reply = await chat.say("felt heavy")
    assert reply["results"][0]["status"] == "error" and await chat.sets() == []


async def test_a_feeling_is_not_put_on_a_set_the_conversation_did_not_write(chat: Chat) -> None:
    started = await chat.client.post("/workouts/start", headers=chat.lifter.headers)
    body = {"exercise": "deadlift", "reps": 3, "weight": 315}
    await chat.client.post(f"/workouts/{started.json()['id']}/sets", json=body, headers=chat.lifter.headers)
    reply = await chat.say("felt heavy")
    assert reply["results"][0]["status"] == "error"
    assert [s["notes"] for s in await chat.sets()] == [None]


async def test_planned_sets_are_checked_off_in_order(chat: Chat) -> None:
    assert (await chat.client.post("/routines", json=PUSH, headers=chat.lifter.headers)).status_code == 201
    await chat.say("start push day")
    first = await chat.say("mark this set complete")
    assert first["results"][0]["status"] == "ok" and "(1 of 2)" in first["reply"]
    await chat.say("check that off")
    await chat.say("done with that set")
    got = [(s["exercise"], s["weight"], s["reps"]) for s in await chat.sets()]
    assert got == [("barbell-bench-press", 185, 5)] * 2 + [("overhead-press", 95, 8)]
    after = await chat.say("mark this set as complete")
    assert after["results"][0]["status"] == "nothing_planned" and len(await chat.sets()) == 3


async def test_two_planned_sets_at_once_stop_at_the_plan(chat: Chat) -> None:
    await chat.client.post("/routines", json=PUSH, headers=chat.lifter.headers)
    await chat.say("start push day")
    await chat.say("mark 3 sets done")  # bench has 2 planned
    got = [(s["exercise"], s["completed"]) for s in await chat.sets()]
    assert got == [("barbell-bench-press", True)] * 2 + [("overhead-press", False)]


async def test_nothing_planned_is_said_plainly_and_nothing_written(chat: Chat) -> None:
    await chat.say("start a workout")
    reply = await chat.say("mark this set complete")
    assert reply["results"][0]["status"] == "nothing_planned" and "Nothing planned" in reply["reply"]
    assert await chat.sets() == []


@pytest.mark.parametrize("said", ["add bench press to my workout", "put bench next", "let's do bench next"])
async def test_planning_a_lift_logs_nothing(chat: Chat, said: str) -> None:
    await chat.say("squat 225 for 5")
    reply = await chat.say(said)
    assert reply["commands"] == [{"intent": "plan_exercise", "exercise": "barbell-bench-press"}]
    assert reply["results"][0] == {"intent": "plan_exercise", "status": "ok", "exercise": "barbell-bench-press"}
    assert "Bench Press next" in reply["reply"]
    assert [s["exercise"] for s in await chat.sets()] == ["barbell-back-squat"]


async def test_planning_an_ambiguous_lift_asks_which(chat: Chat) -> None:
    reply = await chat.say("let's do rows next")
    assert reply["clarification"]["missing"] == ["exercise"] and reply["reply"].startswith("Which row")


async def _past_sets(
    client: httpx.AsyncClient, lifter: Lifter, tz: str, days_ago: int, sets: list[dict[str, Any]]
) -> None:
    """A finished workout at local noon `days_ago` days before the lifter's today."""
    today = datetime.now(UTC).astimezone(ZoneInfo(tz)).date()
    noon = datetime.combine(today - timedelta(days=days_ago), time(12), tzinfo=ZoneInfo(tz)).astimezone(UTC)
    body = {
        "status": "completed",
        "startedAt": (noon - timedelta(minutes=30)).isoformat(),
        "completedAt": noon.isoformat(),
        "sets": [{**s, "completedAt": noon.isoformat()} for s in sets],
    }
    assert (await client.post("/workouts", json=body, headers=lifter.headers)).status_code == 201


async def test_questions_about_a_time_range_answer_from_it(client: httpx.AsyncClient) -> None:
    tz = "America/Los_Angeles"
    lifter = await register(client, timezone=tz)
    chat = Chat(client, lifter)
    await _past_sets(client, lifter, tz, 1, [{"exercise": "barbell-bench-press", "sets": 2, "reps": 5, "weight": 155}])
    await _past_sets(client, lifter, tz, 40, [{"exercise": "barbell-bench-press", "reps": 3, "weight": 225}])
    yesterday = await chat.say("what did I bench yesterday")
    assert yesterday["commands"][0]["period"] == "yesterday"
    assert "155 lb×5, 155 lb×5" in yesterday["reply"] and "225" not in yesterday["reply"]
    recent = await chat.say("what's my best bench in the past 30 days")
    assert "155 lb × 5" in recent["reply"] and "225" not in recent["reply"]
    ever = await chat.say("what's my bench PR")
    assert "225 lb × 3" in ever["reply"]
    none = await chat.say("what did I bench 3 days ago")
    assert none["results"][0]["found"] is False and none["reply"] == "No Barbell Bench Press logged 3 days ago."
    everything = await chat.say("what did I do yesterday")
    assert everything["reply"].startswith("Yesterday: 2 sets")


@pytest.mark.parametrize(
    ("said", "want"),
    [
        ("315 lb deads for 12 reps", [("deadlift", 315, 12, "normal")]),
        ("2 sets of 3 on deads at 225 lbs", [("deadlift", 225, 3, "normal")] * 2),
        ("bench for by 5 at 135", [("barbell-bench-press", 135, 5, "normal")] * 4),
        ("squat to my 5 at 185", [("barbell-back-squat", 185, 5, "normal")] * 2),
        ("two warm up sets of ten on bench with the bar", [("barbell-bench-press", 45, 10, "warmup")] * 2),
    ],
)
async def test_generalised_logs_store_what_was_said(chat: Chat, said: str, want: list[tuple[Any, ...]]) -> None:
    await chat.say(said)
    assert [(s["exercise"], s["weight"], s["reps"], s["set_type"]) for s in await chat.sets()] == want


@pytest.mark.parametrize(
    ("said", "total"),
    [("one more like that", 2), ("two more of those", 3), ("repeat that twice", 3), ("do that again three times", 4)],
)
async def test_repeats_with_counts(chat: Chat, said: str, total: int) -> None:
    await chat.say("curls 30 for 12")
    await chat.say(said)
    assert [(s["weight"], s["reps"]) for s in await chat.sets()] == [(30, 12)] * total


async def test_warmups_with_the_bar_ask_for_reps_then_log_both(chat: Chat) -> None:
    asked = await chat.say("two warm up sets of bench with the bar")
    assert asked["reply"] == "How many reps?" and await chat.sets() == []
    await chat.say("ten")
    assert [(s["weight"], s["reps"], s["set_type"]) for s in await chat.sets()] == [(45, 10, "warmup")] * 2
