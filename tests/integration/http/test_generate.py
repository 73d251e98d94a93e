"""POST /workouts/generate: what was asked is kept (targets, goal, equipment, limits, minutes), the
lifter's own history shapes the plan and its loads, and with no model configured nothing touches
the network. The assistant's "make me a workout" / "what should I do today" use the same service."""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from domain.catalog import load_entries
from domain.movements import patterns
from tests.conftest import Lifter, register

BY_SLUG = {e.slug: e for e in load_entries()}


async def generate(client: httpx.AsyncClient, lifter: Lifter, **body: Any) -> dict[str, Any]:
    r = await client.post("/workouts/generate", json=body, headers=lifter.headers)
    assert r.status_code == 200, r.text
    return dict(r.json())


async def log(client: httpx.AsyncClient, lifter: Lifter, hours_ago: float, sets: list[dict[str, Any]]) -> None:
    at = (datetime.now(UTC) - timedelta(hours=hours_ago)).isoformat()
    body = {"started_at": at, "completed_at": at, "sets": [s | {"completed_at": at} for s in sets]}
    r = await client.post("/workouts", json=body, headers=lifter.headers)
    assert r.status_code == 201, r.text


async def test_generate_from_fields_or_a_prompt(client: httpx.AsyncClient, lifter: Lifter) -> None:
    plan = await generate(client, lifter, minutes=30, focus="legs")
    assert plan["name"] == "Legs hypertrophy workout" and plan["source"] == "planner" and plan["routine_id"] is None
    assert plan["items"][0]["exercise"] == "barbell-back-squat" and abs(plan["estimated_minutes"] - 30) <= 3
    spoken = await generate(client, lifter, prompt="45 minute upper body strength workout, no overhead pressing")
    assert spoken["name"] == "Upper body strength workout" and spoken["limits"]["patterns"] == ["overhead_press"]
    assert all(3 <= i["target_reps"] <= 6 for i in spoken["items"] if i["target_reps"])
    assert not any("overhead_press" in patterns(BY_SLUG[i["exercise"]]) for i in spoken["items"])
    dumbbells = await generate(client, lifter, prompt="45 minute push session with dumbbells only")
    assert dumbbells["focus"] == "push" and all(
        BY_SLUG[i["exercise"]].equipment in ("dumbbell", "body only") for i in dumbbells["items"]
    )
    saved = await generate(client, lifter, focus="core", save=True)
    routine = await client.get(f"/routines/{saved['routine_id']}", headers=lifter.headers)
    assert routine.json()["name"] == "Core hypertrophy workout" and len(routine.json()["items"]) >= 2


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"focus": "moon"}, "focus"),
        ({"muscles": ["wings"]}, "muscles"),
        ({"avoid_exercises": ["moon-press"]}, "avoid_exercises"),
        ({"equipment": ["spaceship"]}, "equipment"),
        ({"spare": ["tail"]}, "spare"),
        ({"goal": "speed"}, "goal"),
    ],
)
async def test_what_names_nothing_is_a_422(
    client: httpx.AsyncClient, lifter: Lifter, body: dict[str, Any], field: str
) -> None:
    r = await client.post("/workouts/generate", json=body, headers=lifter.headers)
    assert r.status_code == 422 and field in r.text


async def test_an_injured_lifter_never_gets_the_movement_that_hurts(client: httpx.AsyncClient, lifter: Lifter) -> None:
    for body in ({"focus": "legs", "limitations": "my knee hurts"}, {"focus": "legs", "spare": ["knee"]}):
        for minutes in (20, 60):
            plan = await generate(client, lifter, minutes=minutes, **body)
            assert plan["items"] and plan["limits"]["spare"] == ["knee"]
            for i in plan["items"]:
                entry = BY_SLUG[i["exercise"]]
                assert (
                    not {"deep_knee_flexion", "jumping"} & patterns(entry) and "quadriceps" not in entry.primary_muscles
                )
    plan = await generate(
        client, lifter, focus="upper body", avoid_patterns=["overhead_press"], avoid_exercises=["barbell-bench-press"]
    )
    assert "barbell-bench-press" not in {i["exercise"] for i in plan["items"]}


async def test_history_shapes_the_plan_and_its_loads(client: httpx.AsyncClient) -> None:
    barbell, dumbbell = await register(client), await register(client, unit_pref="kg")
    for days in (21, 14, 7):
        await log(
            client,
            barbell,
            days * 24,
            [{"exercise": "barbell-bench-press", "sets": 3, "reps": 5, "weight": 185 + days, "unit": "lb", "rpe": 8}],
        )
        await log(
            client,
            dumbbell,
            days * 24,
            [{"exercise": "dumbbell-bench-press", "sets": 3, "reps": 10, "weight": 30, "unit": "kg"}],
        )
    a = await generate(client, barbell, minutes=45, focus="chest", goal="strength")
    b = await generate(client, dumbbell, minutes=45, focus="chest", goal="strength")
    assert [i["exercise"] for i in a["items"]] != [i["exercise"] for i in b["items"]]
    bench = next(i for i in a["items"] if i["exercise"] == "barbell-bench-press")
    db = next(i for i in b["items"] if i["exercise"] == "dumbbell-bench-press")
    assert a["unit"] == "lb" and bench["target_weight"] % 5 == 0 and 180 <= bench["target_weight"] <= 230
    assert b["unit"] == "kg" and db["target_weight"] % 2.5 == 0 and 30 <= db["target_weight"] <= 45
    # 15 hard chest sets yesterday: chest is nobody's primary target today
    await log(
        client, barbell, 20, [{"exercise": "barbell-bench-press", "sets": 15, "reps": 5, "weight": 185, "unit": "lb"}]
    )
    tired = await generate(client, barbell, minutes=45, focus="upper body", goal="strength")
    assert not any("chest" in BY_SLUG[i["exercise"]].primary_muscles for i in tired["items"])
    assert any("chest" in n for n in tired["notes"])


async def test_recommendations_and_the_e1rm_trend(client: httpx.AsyncClient) -> None:
    lifter = await register(client, unit_pref="kg")
    for week, weight in enumerate((100, 100, 100, 100)):  # four flat weeks: stalled
        await log(
            client,
            lifter,
            (4 - week) * 7 * 24,
            [{"exercise": "barbell-back-squat", "reps": 5, "weight": weight, "rpe": 8}],
        )
    for week, weight in enumerate((60, 62.5, 65, 67.5)):
        await log(
            client, lifter, (4 - week) * 7 * 24 + 2, [{"exercise": "barbell-bench-press", "reps": 5, "weight": weight}]
        )
    r = await client.get("/analytics/recommendations?goal=strength", headers=lifter.headers)
    assert r.status_code == 200, r.text
    rec = r.json()
    squat = next(x for x in rec["exercises"] if x["exercise"] == "barbell-back-squat")
    bench = next(x for x in rec["exercises"] if x["exercise"] == "barbell-bench-press")
    assert squat["status"] == "stalled" and squat["deload"] and squat["next_weight"] < 100
    assert rec["stalled"] == ["barbell-back-squat"] and rec["deloads"] == ["barbell-back-squat"]
    assert bench["status"] == "progressing" and bench["next_weight"] > 67.5 - 5
    assert {m["muscle"] for m in rec["muscles_short"]} >= {"lats", "hamstrings"}
    goal = await client.post(
        "/goals",
        json={"kind": "e1rm", "exercise": "barbell-bench-press", "target": 100, "unit": "kg"},
        headers=lifter.headers,
    )
    assert goal.status_code == 201, goal.text
    t = (await client.get("/analytics/e1rm-trend?exercise=barbell-bench-press", headers=lifter.headers)).json()
    assert (
        len(t["points"]) == 4 and t["slope_per_week"] > 0 and t["target"] == 100 and t["goal_id"] == goal.json()["id"]
    )
    assert t["forecast"] > t["points"][-1]["e1rm"] and t["reaches_target_on"] is not None and t["on_track"] is False
    none = (await client.get("/analytics/e1rm-trend?exercise=deadlift&target=200", headers=lifter.headers)).json()
    assert none["points"] == [] and none["forecast"] is None and none["on_track"] is False
    other = await register(client)
    assert (await client.get("/analytics/e1rm-trend?exercise=not-a-lift", headers=other.headers)).status_code == 404


async def test_with_no_model_nothing_touches_the_network(
    client: httpx.AsyncClient, lifter: Lifter, app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert app.state.spotter.generator.model is None and app.state.spotter.llm is None

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the network was used")

    monkeypatch.setattr(httpx.AsyncHTTPTransport, "handle_async_request", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    plan = await generate(client, lifter, prompt="30 minute legs, bad knee")
    assert plan["source"] == "planner" and plan["fallback_reason"] is None and plan["prompt_version"] is None
    r = await client.post("/assistant/messages", json={"text": "what should I do today"}, headers=lifter.headers)
    assert r.status_code == 200 and r.json()["results"][0]["source"] == "planner"


async def test_generate_by_voice_then_start_it(client: httpx.AsyncClient, lifter: Lifter) -> None:
    async def say(text: str) -> dict[str, Any]:
        r = await client.post("/assistant/messages", json={"text": text}, headers=lifter.headers)
        return dict(r.json())

    made = await say("make me a 30 minute leg workout")
    assert made["reply"].startswith("Legs hypertrophy workout (30 min): Barbell Back Squat 3×8")
    assert "start legs hypertrophy workout" in made["reply"] and made["results"][0]["routine_id"]
    asked = await say("what should I do today")
    assert asked["results"][0]["routine_id"] is None and "save today's workout" in asked["reply"]
    started = await say("start legs hypertrophy workout")
    assert started["reply"].startswith("Started Legs hypertrophy workout. Next: Barbell Back Squat 3×8")
