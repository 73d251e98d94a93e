"""Spoken goal questions answered from the lifter's records, in their unit, with the goal set on the lift."""

from __future__ import annotations

import httpx

from tests.conftest import Lifter, register


async def say(client: httpx.AsyncClient, who: Lifter, text: str) -> tuple[str, dict[str, object]]:
    r = await client.post("/assistant/messages", json={"text": text}, headers=who.headers)
    assert r.status_code == 200, r.text
    return r.json()["reply"], r.json()["results"][0]


async def lifter_in(client: httpx.AsyncClient, unit: str) -> Lifter:
    who = await register(client)
    assert (await client.patch("/me", json={"unit_pref": unit}, headers=who.headers)).is_success
    return who


async def test_how_close_to_a_load_reads_the_records(client: httpx.AsyncClient) -> None:
    who = await lifter_in(client, "lb")
    reply, result = await say(client, who, "how close am I to a 315 squat")
    assert reply == "No Barbell Back Squat logged yet: 315 lb to go." and result["intent"] == "query_goal"
    await say(client, who, "squat 285 for 5")
    reply, result = await say(client, who, "how close am I to a 315 squat")
    assert (
        reply
        == "Barbell Back Squat best 285 lb (e1RM 332.5 lb): 30 lb to go to 315 lb (90%). Your e1RM says it's there."
    )
    assert result["percent"] == 90.5 and result["goals"] == 0
    reply, _ = await say(client, who, "how close am I to squatting 140 kilos")  # asked in kg: answered in kg
    assert reply.startswith("Barbell Back Squat best 129.3 kg (e1RM 150.8 kg): 10.7 kg to go to 140 kg")


async def test_a_goal_on_the_lift_is_mentioned(client: httpx.AsyncClient) -> None:
    who = await lifter_in(client, "kg")
    await say(client, who, "deadlift 180 for 3")
    body = {"kind": "heaviest", "exercise": "deadlift", "target": 200, "deadline": "2999-06-01"}
    assert (await client.post("/goals", json=body, headers=who.headers)).status_code == 201
    reply, result = await say(client, who, "how far am I from a 200 kilo deadlift")
    assert reply.endswith("Your goal: Barbell Deadlift 200 kg: 90%, 20 kg to go (due Jun 1).") and result["goals"] == 1
    reply, _ = await say(client, who, "how is my deadlift goal going")
    assert reply == "Barbell Deadlift 200 kg: 90%, 20 kg to go (due Jun 1)."


async def test_how_are_my_goals(client: httpx.AsyncClient) -> None:
    who = await lifter_in(client, "lb")
    reply, _ = await say(client, who, "how are my goals")
    assert reply.startswith("No goals set yet.")
    for body in (
        {"kind": "workouts_per_week", "target": 3},
        {"kind": "reps", "exercise": "pull-up", "target": 20},
        {"kind": "streak", "target": 4, "unit": "weeks"},
    ):
        assert (await client.post("/goals", json=body, headers=who.headers)).status_code == 201
    await say(client, who, "15 pull ups")
    reply, result = await say(client, who, "goal progress")
    assert reply == (
        "4-week streak: 25%, 3 weeks to go. Pull-Up 20 reps: 75%, 5 reps to go. "
        "3 workouts a week: 33%, 2 workouts to go."
    )
    assert result["goals"] == 3
    reply, _ = await say(client, who, "how close am I to 20 pull ups")
    assert reply.startswith("Pull-Up: most 15 reps. 5 more to 20 (75%).")


async def test_the_lift_asked_about_must_be_known_and_a_bare_load_is_a_body_weight(client: httpx.AsyncClient) -> None:
    who = await lifter_in(client, "lb")
    reply, _ = await say(client, who, "how close am I to 180 pounds")
    assert reply == "No body weight logged yet."
    await say(client, who, "weighed in at 190 pounds")
    reply, _ = await say(client, who, "how close am I to 180 pounds")
    assert reply == "You weigh 190 lb: 10 lb to lose."


async def test_meeting_a_goal_by_voice_is_announced(client: httpx.AsyncClient) -> None:
    who = await lifter_in(client, "lb")
    body = {"kind": "heaviest", "exercise": "barbell-bench-press", "target": 225}
    made = (await client.post("/goals", json=body, headers=who.headers)).json()
    reply, result = await say(client, who, "bench 225 for 2")
    assert reply.endswith("Goal met: Barbell Bench Press 225 lb!") and result["goals_met"] == [made["id"]]
    reply, result = await say(client, who, "bench 225 for 3")
    assert "Goal met" not in reply and "goals_met" not in result
