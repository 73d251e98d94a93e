"""Plans inside workouts: a routine started (or a workout made from one) brings its sets as planned
sets; logging fills them (in order, or the one at a position); they count in no record, volume or
summary until done; a logged workout clones into a plan; a finished workout keeps its own time for
sets logged into it later, and finishes at the time given."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from tests.conftest import Lifter

PUSH = {
    "name": "Push",
    "notes": "heavy day",
    "items": [
        {"exercise": "barbell-bench-press", "target_sets": 2, "target_reps": 5, "target_weight": 100, "unit": "kg"},
        {"exercise": "dip", "target_sets": 2, "target_reps": 10, "superset_group": 1, "rest_seconds": 60},
        {"exercise": "overhead-press", "target_sets": 1, "target_reps": 8, "superset_group": 1, "target_rpe": 8},
    ],
}


async def start_push(client: httpx.AsyncClient, lifter: Lifter) -> dict[str, Any]:
    routine = await client.post("/routines", json=PUSH, headers=lifter.headers)
    assert routine.status_code == 201, routine.text
    started = await client.post("/workouts/start", json={"routine_id": routine.json()["id"]}, headers=lifter.headers)
    assert started.status_code == 201, started.text
    return dict(started.json())


def shape(sets: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(s["position"], s["exercise"], s["reps"], s["weight"], s["completed"]) for s in sets]


async def test_a_routine_starts_as_planned_sets_in_order_supersets_in_turns(
    client: httpx.AsyncClient, lifter: Lifter
) -> None:
    w = await start_push(client, lifter)
    assert (w["name"], w["set_count"], w["planned_count"], w["volume_kg"]) == ("Push", 5, 5, 0)
    assert w["routine_id"] is not None
    got = [(s["exercise"], s["target_reps"], s["target_weight"], s["completed"]) for s in w["sets"]]
    assert got == [
        ("barbell-bench-press", 5, 100, False),
        ("barbell-bench-press", 5, 100, False),
        ("dip", 10, None, False),
        ("overhead-press", 8, None, False),
        ("dip", 10, None, False),
    ]
    assert [(s["rest_s"], s["target_rpe"], s["unit"]) for s in w["sets"][2:4]] == [(60, None, None), (None, 8, None)]
    assert all(s["reps"] is None and s["weight"] is None for s in w["sets"])


async def test_logging_fills_the_planned_sets_of_the_lift_in_order_then_adds(
    client: httpx.AsyncClient, lifter: Lifter
) -> None:
    w = await start_push(client, lifter)
    h = lifter.headers
    r = await client.post(f"/workouts/{w['id']}/sets", json={"exercise": "dip", "reps": 12}, headers=h)
    assert r.status_code == 201, r.text
    assert shape(r.json()["data"]) == [(3, "dip", 12, None, True)]
    body = {"exercise": "barbell-bench-press", "sets": 3, "reps": 5, "weight": 100}
    r = await client.post(f"/workouts/{w['id']}/sets", json=body, headers=h)
    assert r.status_code == 201, r.text
    logged = r.json()["data"]
    assert [s["position"] for s in logged] == [1, 2, 6]  # two planned filled, one more added
    assert [s["unit"] for s in logged] == ["kg", "kg", "lb"]  # a load without a unit is in the plan's unit
    now = (await client.get(f"/workouts/{w['id']}", headers=h)).json()
    assert (now["set_count"], now["planned_count"]) == (6, 2)
    assert now["volume_kg"] == round(100 * 5 * 2 + 100 * 0.45359237 * 5, 2)


async def test_a_set_number_fills_that_planned_set(client: httpx.AsyncClient, lifter: Lifter) -> None:
    w = await start_push(client, lifter)
    h, url = lifter.headers, f"/workouts/{w['id']}/sets"
    r = await client.post(
        url, json={"exerciseId": "overhead-press", "setNumber": 4, "reps": 8, "weight": 40}, headers=h
    )
    assert r.status_code == 201, r.text
    assert shape(r.json()["data"]) == [(4, "overhead-press", 8, 40, True)]
    again = await client.post(url, json={"exercise": "overhead-press", "position": 4, "reps": 6}, headers=h)
    assert again.status_code == 409, again.text
    missing = await client.post(url, json={"exercise": "dip", "position": 99, "reps": 6}, headers=h)
    assert missing.status_code == 422 and missing.json()["error"]["details"][0]["field"] == "position"
    many = await client.post(url, json={"exercise": "dip", "position": 3, "sets": 2, "reps": 6}, headers=h)
    assert many.status_code == 422 and many.json()["error"]["details"][0]["field"] == "position"
    both = await client.post(url, json={"exercise": "dip", "position": 3, "setNumber": 3, "reps": 6}, headers=h)
    assert both.status_code == 422 and both.json()["error"]["details"][0]["field"] == "setNumber"
    sets = (await client.get(url, headers=h)).json()["data"]
    assert [s["completed"] for s in sets] == [False, False, False, True, False]


async def test_planned_sets_count_in_no_record_volume_or_summary_until_done(
    client: httpx.AsyncClient, lifter: Lifter
) -> None:
    h = lifter.headers
    w = (await client.post("/workouts/start", headers=h)).json()
    plan = {"exercise": "deadlift", "sets": 2, "completed": False, "target_reps": 5, "target_weight": 400}
    planned = await client.post(f"/workouts/{w['id']}/sets", json=plan, headers=h)
    assert planned.status_code == 201 and [s["completed"] for s in planned.json()["data"]] == [False, False]
    prs = (await client.get("/analytics/prs", headers=h)).json()["data"]
    summary = (await client.get("/analytics/summary", params={"period": "week"}, headers=h)).json()
    assert prs == [] and (summary["sets"], summary["volume_kg"], summary["workouts"]) == (0, 0, 0)
    first = planned.json()["data"][0]
    done = await client.patch(f"/sets/{first['id']}", json={"completed": True}, headers=h)
    assert done.status_code == 200, done.text
    assert (done.json()["reps"], done.json()["weight"], done.json()["completed"]) == (5, 400, True)  # as planned
    prs = (await client.get("/analytics/prs", headers=h)).json()["data"]
    assert [p["heaviest"]["weight"] for p in prs] == [400]
    summary = (await client.get("/analytics/summary", params={"period": "week"}, headers=h)).json()
    assert (summary["sets"], summary["workouts"]) == (1, 1)
    back = await client.patch(f"/sets/{first['id']}", json={"completed": False}, headers=h)
    assert back.status_code == 200 and back.json()["completed"] is False
    assert (await client.get("/analytics/prs", headers=h)).json()["data"] == []


async def test_a_planned_set_out_of_range_or_null_completed_is_refused(
    client: httpx.AsyncClient, lifter: Lifter
) -> None:
    h = lifter.headers
    w = (await client.post("/workouts/start", headers=h)).json()
    url = f"/workouts/{w['id']}/sets"
    for body, field in [
        ({"exercise": "dip", "completed": False, "target_rpe": 11}, "target_rpe"),
        ({"exercise": "dip", "completed": False, "rest_s": -1}, "rest_s"),
        ({"exercise": "dip", "completed": "no"}, "completed"),
        ({"exercise": "dip", "completed": False, "position": 1}, "position"),
    ]:
        r = await client.post(url, json=body, headers=h)
        assert r.status_code == 422, (body, r.text)
        assert r.json()["error"]["details"][0]["field"] == field
    s = await client.post(url, json={"exercise": "dip", "reps": 5}, headers=h)
    r = await client.patch(f"/sets/{s.json()['data'][0]['id']}", json={"completed": None}, headers=h)
    assert r.status_code == 422


async def test_a_workout_made_from_a_routine_is_its_plan_then_the_sets_given(
    client: httpx.AsyncClient, lifter: Lifter
) -> None:
    h = lifter.headers
    routine = (await client.post("/routines", json=PUSH, headers=h)).json()
    body = {"status": "planned", "routine_id": routine["id"], "sets": [{"exercise": "plank", "completed": False}]}
    r = await client.post("/workouts", json=body, headers=h)
    assert r.status_code == 201, r.text
    made = r.json()
    assert (made["status"], made["started_at"], made["planned_count"]) == ("planned", None, 6)
    assert made["sets"][-1]["exercise"] == "plank"
    bad = await client.post(
        "/workouts", json={"routine_id": routine["id"], "sets": [{"exercise": "dip", "position": 1}]}, headers=h
    )
    assert bad.status_code == 422 and bad.json()["error"]["details"][0]["field"] == "sets"


async def test_clone_plans_the_workout_again_and_begins_when_asked(client: httpx.AsyncClient, lifter: Lifter) -> None:
    h = lifter.headers
    body = {
        "name": "Legs",
        "started_at": "2026-01-05T10:00:00Z",
        "completed_at": "2026-01-05T11:00:00Z",
        "sets": [
            {"exercise": "barbell-back-squat", "sets": 2, "reps": 5, "weight": 225, "rpe": 8, "rest_s": 180},
            {"exercise": "plank", "duration_s": 60},
        ],
    }
    source = (await client.post("/workouts", json=body, headers=h)).json()
    r = await client.post(f"/workouts/{source['id']}/clone", headers=h)
    assert r.status_code == 201, r.text
    copy = r.json()
    assert (copy["name"], copy["status"], copy["started_at"], copy["planned_count"]) == ("Legs", "planned", None, 3)
    got = [(s["exercise"], s["target_reps"], s["target_weight"], s["target_rpe"], s["rest_s"]) for s in copy["sets"]]
    assert got == [("barbell-back-squat", 5, 225, 8, 180)] * 2 + [("plank", None, None, None, None)]
    begun = await client.patch(f"/workouts/{copy['id']}", json={"status": "in_progress"}, headers=h)
    assert begun.status_code == 200 and begun.json()["started_at"] is not None
    said = await client.post("/assistant/messages", json={"text": "mark this set complete"}, headers=h)
    assert said.json()["results"][0]["status"] == "ok"
    sets = (await client.get(f"/workouts/{copy['id']}/sets", headers=h)).json()["data"]
    assert [(s["reps"], s["weight"], s["completed"]) for s in sets[:2]] == [(5, 225, True), (None, None, False)]


async def test_another_lifters_workouts_routines_and_days_are_not_found(
    client: httpx.AsyncClient, lifter: Lifter, other: Lifter
) -> None:
    w = await start_push(client, lifter)
    theirs = other.headers
    assert (await client.post(f"/workouts/{w['id']}/clone", headers=theirs)).status_code == 404
    assert (await client.post(f"/workouts/{w['id']}/finish", json={}, headers=theirs)).status_code == 404
    fill = {"exercise": "dip", "position": 3, "reps": 10}
    assert (await client.post(f"/workouts/{w['id']}/sets", json=fill, headers=theirs)).status_code == 404
    planned = w["sets"][0]["id"]
    assert (await client.patch(f"/sets/{planned}", json={"completed": True}, headers=theirs)).status_code == 404
    assert (
        await client.post("/workouts/start", json={"routine_id": w["routine_id"]}, headers=theirs)
    ).status_code == 404
    made = {"status": "planned", "routine_id": w["routine_id"]}
    assert (await client.post("/workouts", json=made, headers=theirs)).status_code == 404
    mine = (await client.get(f"/workouts/{w['id']}/sets", headers=lifter.headers)).json()["data"]
    assert [s["completed"] for s in mine] == [False] * 5


async def test_a_set_logged_into_a_finished_workout_takes_its_time(client: httpx.AsyncClient, lifter: Lifter) -> None:
    h = lifter.headers
    body = {
        "started_at": "2026-01-05T10:00:00Z",
        "completed_at": "2026-01-05T11:00:00Z",
        "sets": [{"exercise": "deadlift", "reps": 5, "weight": 315, "completed_at": "2026-01-05T10:20:00Z"}],
    }
    done = (await client.post("/workouts", json=body, headers=h)).json()
    r = await client.post(
        f"/workouts/{done['id']}/sets", json={"exercise": "deadlift", "reps": 3, "weight": 335}, headers=h
    )
    assert r.status_code == 201 and r.json()["data"][0]["completed_at"] == "2026-01-05T10:20:00Z"
    given = {"exercise": "deadlift", "reps": 1, "weight": 345, "completed_at": "2026-01-05T10:40:00Z"}
    r = await client.post(f"/workouts/{done['id']}/sets", json=given, headers=h)
    assert r.json()["data"][0]["completed_at"] == "2026-01-05T10:40:00Z"
    empty = (await client.post("/workouts", json={"started_at": "2026-01-06T09:00:00Z"}, headers=h)).json()
    r = await client.post(f"/workouts/{empty['id']}/sets", json={"exercise": "dip", "reps": 10}, headers=h)
    assert r.json()["data"][0]["completed_at"] == "2026-01-06T09:00:00Z"


async def test_finish_takes_the_time_given_within_the_workout(client: httpx.AsyncClient, lifter: Lifter) -> None:
    h = lifter.headers
    started = datetime.now(UTC) - timedelta(hours=2)
    w = (await client.post("/workouts/start", json={"started_at": started.isoformat()}, headers=h)).json()
    url = f"/workouts/{w['id']}/finish"
    before = await client.post(url, json={"completed_at": (started - timedelta(minutes=6)).isoformat()}, headers=h)
    assert before.status_code == 422 and before.json()["error"]["details"][0]["field"] == "completed_at"
    future = await client.post(
        url, json={"completed_at": (datetime.now(UTC) + timedelta(hours=1)).isoformat()}, headers=h
    )
    assert future.status_code == 422 and "future" in future.json()["error"]["details"][0]["message"]
    unknown = await client.post(url, json={"ended_at": "2026-01-01T00:00:00Z"}, headers=h)
    assert unknown.status_code == 422 and unknown.json()["error"]["details"][0]["field"] == "ended_at"
    assert (await client.get("/workouts/active", headers=h)).status_code == 200  # nothing changed
    end = started + timedelta(minutes=50)
    r = await client.post(url, json={"completedAt": end.isoformat()}, headers=h)
    assert r.status_code == 200, r.text
    assert datetime.fromisoformat(r.json()["completed_at"]) == end and r.json()["status"] == "completed"
    other = (await client.post("/workouts/start", headers=h)).json()
    plain = await client.post(f"/workouts/{other['id']}/finish", headers=h)  # no body: now
    assert plain.status_code == 200 and plain.json()["completed_at"] is not None


async def test_undo_puts_a_filled_plan_back_and_repeat_fills_the_next(
    client: httpx.AsyncClient, lifter: Lifter
) -> None:
    await start_push(client, lifter)
    h = lifter.headers

    async def say(text: str) -> dict[str, Any]:
        r = await client.post("/assistant/messages", json={"text": text}, headers=h)
        assert r.status_code == 200, r.text
        return dict(r.json())

    await say("bench 100 kilos for 5")
    await say("same again")
    active = (await client.get("/workouts/active", headers=h)).json()
    assert [s["completed"] for s in active["sets"][:2]] == [True, True] and active["set_count"] == 5
    undone = await say("undo that")
    assert undone["results"][0]["status"] == "ok" and "Bench Press 5 reps" in undone["reply"]
    active = (await client.get("/workouts/active", headers=h)).json()
    assert [(s["reps"], s["completed"]) for s in active["sets"][:2]] == [(5, True), (None, False)]
    assert active["set_count"] == 5 and active["sets"][1]["target_reps"] == 5
    assert "Planned: 1×5 at 100 kg" in (await say("bench next"))["reply"]


async def test_an_offline_client_plans_then_checks_off_by_client_id(client: httpx.AsyncClient, lifter: Lifter) -> None:
    h = lifter.headers
    planned = {"exercise": "deadlift", "client_id": "p1", "completed": False, "target_reps": 3, "target_weight": 405}
    workout = {"client_id": "w-plan", "started_at": "2026-02-01T10:00:00Z", "completed_at": "2026-02-01T11:00:00Z"}
    first = await client.post("/workouts/batch", json={"workouts": [{**workout, "sets": [planned]}]}, headers=h)
    assert first.status_code == 200, first.text
    assert first.json()["data"][0]["planned_count"] == 1
    assert (await client.get("/analytics/prs", headers=h)).json()["data"] == []
    done = {**planned, "completed": True, "reps": 3, "weight": 405}
    again = await client.post("/workouts/batch", json={"workouts": [{**workout, "sets": [done]}]}, headers=h)
    got = again.json()["data"][0]
    assert (got["planned_count"], again.json()["sets_updated"]) == (0, 1)
    assert got["sets"][0]["completed_at"] == "2026-02-01T11:00:00Z"
    prs = (await client.get("/analytics/prs", headers=h)).json()["data"]
    assert [p["heaviest"]["weight"] for p in prs] == [405]


async def test_a_finish_a_little_before_the_start_is_the_start(client: httpx.AsyncClient, lifter: Lifter) -> None:
    h = lifter.headers
    w = (await client.post("/workouts/start", headers=h)).json()
    started = datetime.fromisoformat(w["started_at"])
    early = (started - timedelta(seconds=30)).isoformat()  # the client's clock half a minute behind
    r = await client.post(f"/workouts/{w['id']}/finish", json={"completed_at": early}, headers=h)
    assert r.status_code == 200, r.text
    assert datetime.fromisoformat(r.json()["completed_at"]) == started
