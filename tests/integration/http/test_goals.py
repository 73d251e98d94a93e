"""/goals on every store: each kind's progress read from the logs, `achieved_at` kept by the write path
(the time of the set or reading that met it; undone sets undo it), what is refused (422), and that
another lifter's goals are not found (404)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.conftest import Lifter, register


async def lifter_in(client: httpx.AsyncClient, unit: str = "lb") -> Lifter:
    who = await register(client)
    r = await client.patch("/me", json={"unit_pref": unit}, headers=who.headers)
    assert r.status_code == 200, r.text
    return who


async def goal(client: httpx.AsyncClient, who: Lifter, **body: Any) -> dict[str, Any]:
    r = await client.post("/goals", json=body, headers=who.headers)
    assert r.status_code == 201, r.text
    return dict(r.json())


async def read(client: httpx.AsyncClient, who: Lifter, made: dict[str, Any]) -> dict[str, Any]:
    r = await client.get(f"/goals/{made['id']}", headers=who.headers)
    assert r.status_code == 200, r.text
    return dict(r.json())


async def log(client: httpx.AsyncClient, who: Lifter, **entry: Any) -> dict[str, Any]:
    """One set into the workout in progress (started if none); the set as stored."""
    active = await client.get("/workouts/active", headers=who.headers)
    if active.status_code == 404:
        active = await client.post("/workouts/start", json={}, headers=who.headers)
    r = await client.post(f"/workouts/{active.json()['id']}/sets", json=entry, headers=who.headers)
    assert r.status_code == 201, r.text
    return dict(r.json()["data"][0])


async def finish(client: httpx.AsyncClient, who: Lifter) -> None:
    active = await client.get("/workouts/active", headers=who.headers)
    r = await client.post(f"/workouts/{active.json()['id']}/finish", headers=who.headers)
    assert r.status_code == 200, r.text


def squat(weight: float, reps: int, **more: Any) -> dict[str, Any]:
    return {"exercise": "barbell-back-squat", "weight": weight, "reps": reps, **more}


def progress(found: dict[str, Any]) -> tuple[Any, ...]:
    p = found["progress"]
    return p["current"], p["percent"], p["remaining"], found["status"]


async def test_a_load_goal_is_met_at_the_time_of_the_set_that_met_it(client: httpx.AsyncClient) -> None:
    who = await lifter_in(client)
    made = await goal(client, who, kind="heaviest", exercise="barbell-back-squat", target=315, name="Three plates")
    assert (made["unit"], made["exercise"], made["name"], made["status"]) == (
        "lb",
        "barbell-back-squat",
        "Three plates",
        "open",
    )
    assert progress(made) == (None, 0.0, 315, "open")
    await log(client, who, **squat(300, 3))
    assert progress(await read(client, who, made)) == (300, 95.2, 15, "open")
    top = await log(client, who, **squat(315, 1))
    met = await read(client, who, made)
    assert progress(met) == (315, 100.0, 0, "achieved")
    assert met["achieved_at"] == top["completed_at"]
    await log(client, who, **squat(325, 1))  # a later, heavier set: still met at the first
    assert (await read(client, who, made))["achieved_at"] == top["completed_at"]


async def test_a_goal_met_by_a_set_undone_is_open_again(client: httpx.AsyncClient) -> None:
    who = await lifter_in(client)
    made = await goal(client, who, kind="heaviest", exercise="barbell-back-squat", target=315)
    await log(client, who, **squat(300, 3))
    top = await log(client, who, **squat(315, 1))
    assert (await read(client, who, made))["status"] == "achieved"
    assert (await client.delete(f"/sets/{top['id']}", headers=who.headers)).status_code == 204
    again = await read(client, who, made)
    assert progress(again) == (300, 95.2, 15, "open") and again["achieved_at"] is None
    said = await client.post("/assistant/messages", json={"text": "squat 315 for 1"}, headers=who.headers)
    assert "Goal met: Barbell Back Squat 315 lb!" in said.json()["reply"]
    assert said.json()["results"][0]["goals_met"] == [made["id"]]
    assert (await read(client, who, made))["status"] == "achieved"
    await client.post("/assistant/messages", json={"text": "scratch that"}, headers=who.headers)
    assert (await read(client, who, made))["status"] == "open"


async def test_an_edit_that_reaches_the_target_meets_the_goal(client: httpx.AsyncClient) -> None:
    who = await lifter_in(client)
    made = await goal(client, who, kind="heaviest", exercise="barbell-back-squat", target=315)
    row = await log(client, who, **squat(305, 1))
    assert (await client.patch(f"/sets/{row['id']}", json={"weight": 315}, headers=who.headers)).status_code == 200
    assert (await read(client, who, made))["achieved_at"] == row["completed_at"]


async def test_a_goal_already_reached_is_met_when_set(client: httpx.AsyncClient) -> None:
    who = await lifter_in(client, unit="kg")
    await log(client, who, **squat(140, 3))
    made = await goal(client, who, kind="e1rm", exercise="barbell-back-squat", target=145)
    assert made["unit"] == "kg" and made["status"] == "achieved" and made["achieved_at"] == made["created_at"]
    assert made["progress"]["current"] == pytest.approx(154, abs=0.01)  # 140 x (1 + 3/30)


async def test_changing_the_target_works_out_again_whether_and_when_it_was_met(client: httpx.AsyncClient) -> None:
    who = await lifter_in(client)
    made = await goal(client, who, kind="heaviest", exercise="barbell-back-squat", target=315)
    top = await log(client, who, **squat(315, 1))
    r = await client.patch(f"/goals/{made['id']}", json={"target": 335, "deadline": "2999-01-01"}, headers=who.headers)
    assert r.status_code == 200, r.text
    assert progress(r.json()) == (315, 94.0, 20, "open") and r.json()["deadline"] == "2999-01-01"
    r = await client.patch(f"/goals/{made['id']}", json={"target": 315, "name": "  Squat  "}, headers=who.headers)
    assert r.json()["achieved_at"] == top["completed_at"] and r.json()["name"] == "Squat"


async def test_reps_goals_count_one_set_at_the_load_or_more(client: httpx.AsyncClient) -> None:
    who = await lifter_in(client)
    pulls = await goal(client, who, kind="reps", exercise="pull-up", target=20)
    assert (pulls["unit"], pulls["progress"]["unit"]) == (None, "reps")
    await log(client, who, exercise="pull-up", reps=15, bodyweight=True)
    await log(client, who, exercise="pull-up", reps=8, bodyweight=True)
    assert progress(await read(client, who, pulls)) == (15, 75.0, 5, "open")
    bench = await goal(client, who, kind="reps", exercise="barbell-bench-press", target=5, weight=225)
    assert bench["unit"] == "lb" and bench["weight"] == 225
    await log(client, who, exercise="barbell-bench-press", reps=8, weight=205)  # more reps, too light
    await log(client, who, exercise="barbell-bench-press", reps=4, weight=225)
    assert progress(await read(client, who, bench)) == (4, 80.0, 1, "open")
    heavier = await log(client, who, exercise="barbell-bench-press", reps=5, weight=230)
    assert (await read(client, who, bench))["achieved_at"] == heavier["completed_at"]


async def test_distance_goals_count_a_session_or_a_period(client: httpx.AsyncClient) -> None:
    who = await lifter_in(client, unit="kg")
    run = await goal(client, who, kind="distance", exercise="running", target=10)
    month = await goal(client, who, kind="distance", exercise="running", target=15, period="month")
    assert (run["unit"], run["period"], month["period"]) == ("km", None, "month")
    await log(client, who, exercise="running", distance_m=6000, duration_s=1800)
    assert progress(await read(client, who, run)) == (6, 60.0, 4, "open")
    second = await log(client, who, exercise="running", distance_m=4000, duration_s=1200)  # one session: 10 km
    assert (await read(client, who, run))["achieved_at"] == second["completed_at"]
    assert progress(await read(client, who, month)) == (10, 66.7, 5, "open")
    await finish(client, who)
    third = await log(client, who, exercise="running", distance_m=5000, duration_s=1500)
    assert (await read(client, who, month))["achieved_at"] == third["completed_at"]
    miles = await goal(client, who, kind="distance", exercise="running", target=5, unit="mi")
    assert miles["progress"]["current"] == pytest.approx(6.21, abs=0.01) and miles["status"] == "achieved"


async def test_workouts_per_week_count_workouts_with_sets(client: httpx.AsyncClient) -> None:
    who = await lifter_in(client)
    made = await goal(client, who, kind="workouts_per_week", target=2)
    assert made["unit"] is None and made["progress"]["unit"] == "workouts"
    await log(client, who, **squat(135, 5))
    await log(client, who, **squat(185, 5))
    await finish(client, who)
    assert progress(await read(client, who, made)) == (1, 50.0, 1, "open")
    empty = await client.post("/workouts/start", json={}, headers=who.headers)  # no sets yet: not counted
    assert progress(await read(client, who, made))[0] == 1
    first = await log(client, who, **squat(135, 5))
    assert first["workout_id"] == empty.json()["id"]
    met = await read(client, who, made)
    assert progress(met) == (2, 100.0, 0, "achieved") and met["achieved_at"] == first["completed_at"]


async def test_a_streak_counts_training_days_in_a_row(client: httpx.AsyncClient) -> None:
    who = await lifter_in(client)
    yesterday = datetime.now(UTC) - timedelta(days=1)
    body = {"started_at": yesterday.isoformat(), "sets": [squat(135, 5, completed_at=yesterday.isoformat())]}
    assert (await client.post("/workouts", json=body, headers=who.headers)).status_code == 201
    days = await goal(client, who, kind="streak", target=2)
    weeks = await goal(client, who, kind="streak", target=1, unit="weeks")
    assert days["unit"] == "days" and progress(days) == (1, 50.0, 1, "open")
    assert weeks["status"] == "achieved"  # a week with training stands
    today = await log(client, who, **squat(135, 5))
    met = await read(client, who, days)
    assert progress(met) == (2, 100.0, 0, "achieved") and met["achieved_at"] == today["completed_at"]


async def test_a_body_weight_goal_runs_from_the_reading_it_started_at(client: httpx.AsyncClient) -> None:
    who = await lifter_in(client, unit="kg")
    assert (
        await client.post("/metrics", json={"metric": "body_weight", "value": 90}, headers=who.headers)
    ).status_code == 201
    cut = await goal(client, who, kind="body_weight", target=85)
    assert (cut["direction"], cut["unit"]) == ("down", "kg")
    assert cut["progress"] == {"current": 90, "target": 85, "unit": "kg", "percent": 0.0, "remaining": 5, "start": 90}
    await client.post("/metrics", json={"metric": "body_weight", "value": 192.9, "unit": "lb"}, headers=who.headers)
    assert progress(await read(client, who, cut)) == (87.5, 50.0, 2.5, "open")
    when = (datetime.now(UTC) + timedelta(minutes=5)).isoformat().replace("+00:00", "Z")
    body = {"metric": "body_weight", "value": 84.9, "unit": "kg", "recorded_at": when}
    assert (await client.post("/metrics", json=body, headers=who.headers)).status_code == 201
    met = await read(client, who, cut)
    assert met["status"] == "achieved" and datetime.fromisoformat(met["achieved_at"]) == datetime.fromisoformat(when)
    bulk = await goal(client, who, kind="body_weight", target=95)
    assert bulk["direction"] == "up"


async def test_a_body_weight_goal_with_nothing_weighed_needs_a_direction(client: httpx.AsyncClient) -> None:
    who = await lifter_in(client)
    r = await client.post("/goals", json={"kind": "body_weight", "target": 180}, headers=who.headers)
    assert r.status_code == 422 and r.json()["error"]["details"][0]["field"] == "direction"
    made = await goal(client, who, kind="body_weight", target=180, direction="down")
    assert made["progress"] == {
        "current": None,
        "target": 180,
        "unit": "lb",
        "percent": 0.0,
        "remaining": None,
        "start": None,
    }


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "heaviest", "exercise": "no-such-lift", "target": 315}, "exercise"),
        ({"kind": "heaviest", "target": 315}, "exercise"),
        ({"kind": "streak", "target": 5, "exercise": "barbell-back-squat"}, "exercise"),
        ({"kind": "heaviest", "exercise": "barbell-back-squat", "target": 315, "unit": "km"}, "unit"),
        ({"kind": "heaviest", "exercise": "barbell-back-squat", "target": 5000}, "target"),
        ({"kind": "distance", "exercise": "barbell-bench-press", "target": 5}, "exercise"),
        ({"kind": "distance", "exercise": "running", "target": 5, "period": "year"}, "period"),
        ({"kind": "reps", "exercise": "pull-up", "target": 10.5}, "target"),
        ({"kind": "workouts_per_week", "target": 20}, "target"),
        ({"kind": "workouts_per_week", "target": 3, "direction": "up"}, "direction"),
        ({"kind": "streak", "target": 10, "deadline": "2001-01-01"}, "deadline"),
        ({"kind": "streak", "target": 10, "colour": "red"}, "colour"),
        ({"kind": "streak"}, "target"),
        ({"kind": "weight_loss", "target": 10}, "kind"),
    ],
)
async def test_unsound_goals_are_refused(
    client: httpx.AsyncClient, lifter: Lifter, body: dict[str, Any], field: str
) -> None:
    r = await client.post("/goals", json=body, headers=lifter.headers)
    assert r.status_code == 422, r.text
    assert field in {d["field"] for d in r.json()["error"]["details"]}, r.text
    assert (await client.get("/goals", headers=lifter.headers)).json()["meta"]["total"] == 0


async def test_changes_are_checked_like_new_goals(client: httpx.AsyncClient, lifter: Lifter) -> None:
    made = await goal(client, lifter, kind="heaviest", exercise="barbell-back-squat", target=315)
    for body, field in [
        ({}, "body"),
        ({"target": None}, "target"),
        ({"target": 9000}, "target"),
        ({"unit": "weeks"}, "unit"),
        ({"period": "week"}, "period"),
        ({"kind": "e1rm"}, "kind"),
        ({"deadline": "2001-01-01"}, "deadline"),
    ]:
        r = await client.patch(f"/goals/{made['id']}", json=body, headers=lifter.headers)
        assert r.status_code == 422, (body, r.text)
        assert field in {d["field"] for d in r.json()["error"]["details"]}, (body, r.text)
    assert (await read(client, lifter, made))["target"] == 315


async def test_goals_on_your_own_exercise(client: httpx.AsyncClient, lifter: Lifter, other: Lifter) -> None:
    mine = await client.post("/exercises", json={"name": "Zercher squat"}, headers=lifter.headers)
    assert mine.status_code == 201, mine.text
    made = await goal(client, lifter, kind="heaviest", exercise=mine.json()["id"], target=225)
    assert made["exercise_id"] == mine.json()["id"]
    r = await client.post(
        "/goals", json={"kind": "heaviest", "exercise": mine.json()["id"], "target": 225}, headers=other.headers
    )
    assert r.status_code == 422 and r.json()["error"]["details"][0]["field"] == "exercise"


async def test_another_lifters_goals_are_not_found(client: httpx.AsyncClient, lifter: Lifter, other: Lifter) -> None:
    made = await goal(client, lifter, kind="workouts_per_week", target=3)
    url = f"/goals/{made['id']}"
    assert (await client.get(url, headers=other.headers)).status_code == 404
    assert (await client.patch(url, json={"target": 4}, headers=other.headers)).status_code == 404
    assert (await client.delete(url, headers=other.headers)).status_code == 404
    assert (await client.get("/goals", headers=other.headers)).json()["meta"]["total"] == 0
    assert (await read(client, lifter, made))["target"] == 3
    assert (await client.delete(url, headers=lifter.headers)).status_code == 204
    assert (await client.get(url, headers=lifter.headers)).status_code == 404


async def test_the_list_filters_and_pages(client: httpx.AsyncClient) -> None:
    who = await lifter_in(client)
    await log(client, who, **squat(225, 5))
    met = await goal(client, who, kind="heaviest", exercise="barbell-back-squat", target=225)
    open_ = await goal(client, who, kind="heaviest", exercise="deadlift", target=405)
    await goal(client, who, kind="workouts_per_week", target=3)

    async def ids(**params: Any) -> list[str]:
        r = await client.get("/goals", params=params, headers=who.headers)
        assert r.status_code == 200, r.text
        return [x["id"] for x in r.json()["data"]]

    assert len(await ids()) == 3
    assert await ids(status="achieved") == [met["id"]]
    assert len(await ids(status="open")) == 2 and await ids(status="missed") == []
    assert await ids(exercise="deadlift") == [open_["id"]]
    assert await ids(exercise="no-such-lift") == []
    assert len(await ids(kind="heaviest")) == 2
    page = (await client.get("/goals", params={"limit": 2, "page": 2}, headers=who.headers)).json()
    assert len(page["data"]) == 1 and page["meta"] == {"page": 2, "limit": 2, "total": 3, "has_next": False}
    r = await client.get("/goals", params={"status": "done"}, headers=who.headers)
    assert r.status_code == 422
