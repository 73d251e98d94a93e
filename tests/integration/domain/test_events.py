"""Domain events: published after the transaction commits and never for one rolled back, one typed
event per change, through the app's own bus (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from assistant.events import Published
from domain import events as ev
from tests.conftest import Lifter


class Heard:
    def __init__(self, user_id: str) -> None:
        self.user_id = uuid.UUID(user_id)
        self.events: list[dict[str, Any]] = []

    def __call__(self, event: Published) -> None:
        if event.user_id == self.user_id and event.id:
            self.events.append(json.loads(event.text))

    def types(self) -> list[str]:
        found = [e["type"] for e in self.events]
        self.events.clear()
        return found


@pytest.fixture
def heard(app: Any, lifter: Lifter) -> Iterator[Heard]:
    hub = app.state.spotter.events.hub
    listener = Heard(lifter.id)
    hub.watchers.append(listener)
    yield listener
    hub.watchers.remove(listener)


async def test_a_unit_publishes_only_what_it_committed(app: Any, heard: Heard) -> None:
    spotter, who = app.state.spotter, heard.user_id
    async with spotter.uow() as uow:
        uow.add_event(ev.MetricLogged(who, {"n": 1}))
        assert heard.types() == []  # nothing before the commit...
        await uow.commit()
        assert heard.types() == []  # ...nor before the unit ends (the write lock is given back first)
        uow.add_event(ev.MetricLogged(who, {"n": 2}))  # never committed
    assert [e["data"] for e in heard.events] == [{"n": 1}]
    heard.types()
    async with spotter.uow() as uow:
        uow.add_event(ev.MetricLogged(who, {"n": 3}))
        await uow.rollback()
        await uow.commit()
    with pytest.raises(RuntimeError):
        async with spotter.uow() as uow:
            uow.add_event(ev.MetricLogged(who, {"n": 4}))
            raise RuntimeError("failed before committing")
    assert heard.types() == []


async def test_a_write_refused_publishes_nothing(client: httpx.AsyncClient, lifter: Lifter, heard: Heard) -> None:
    h = lifter.headers
    wid = (await client.post("/workouts/start", headers=h, json={})).json()["id"]
    await client.post(f"/workouts/{wid}/cancel", headers=h)
    heard.types()
    r = await client.post(f"/workouts/{wid}/sets", headers=h, json={"exercise": "dip", "reps": 5})
    assert r.status_code == 409
    r = await client.post(f"/workouts/{wid}/sets", headers=h, json={"exercise": "no-such-lift", "reps": 5})
    assert r.status_code == 422
    r = await client.post("/workouts/start", headers=h, json={})
    wid2 = r.json()["id"]
    assert (await client.post("/workouts/start", headers=h, json={})).status_code == 409
    assert heard.types() == ["workout.started"]
    await client.delete(f"/workouts/{wid2}", headers=h)


async def test_every_change_is_one_typed_event(client: httpx.AsyncClient, lifter: Lifter, heard: Heard) -> None:
    h = lifter.headers
    r = await client.post("/workouts/start", headers=h, json={})
    wid = r.json()["id"]
    body = {"exercise": "barbell-back-squat", "reps": 5, "weight": 100, "unit": "kg", "sets": 2}
    sets = (await client.post(f"/workouts/{wid}/sets", headers=h, json=body)).json()["data"]
    heavier = {"exercise": "barbell-back-squat", "reps": 5, "weight": 110, "unit": "kg"}
    await client.post(f"/workouts/{wid}/sets", headers=h, json=heavier)
    await client.patch(f"/sets/{sets[0]['id']}", headers=h, json={"reps": 6})
    await client.delete(f"/sets/{sets[1]['id']}", headers=h)
    await client.patch(f"/workouts/{wid}", headers=h, json={"name": "Legs"})
    await client.post(f"/workouts/{wid}/finish", headers=h)
    await client.post("/metrics", headers=h, json={"metric": "body_weight", "value": 80, "unit": "kg"})
    await client.delete(f"/workouts/{wid}", headers=h)
    records = {e["data"]["kind"]: e["data"] for e in heard.events if e["type"] == "pr.set"}
    types = heard.types()
    assert types[:7] == ["workout.started", *["set.logged"] * 3, *["pr.set"] * 3]  # 110 kg beat 100 kg
    assert sorted(records) == ["e1rm", "set_volume", "weight"]
    assert (records["weight"]["value"], records["weight"]["previous"]) == (110, 100)
    assert types[7:] == [
        "set.updated",
        "set.deleted",
        "workout.updated",
        "workout.finished",
        "metric.logged",
        "workout.deleted",
    ]


async def test_an_event_carries_the_record_as_the_api_shows_it(
    client: httpx.AsyncClient, lifter: Lifter, heard: Heard
) -> None:
    h = lifter.headers
    r = await client.post("/workouts", headers=h, json={"sets": [{"exercise": "dip", "reps": 12}]})
    workout = r.json()
    logged = await client.post(f"/workouts/{workout['id']}/sets", headers=h, json={"exercise": "dip", "reps": 9})
    shown = logged.json()["data"][0]
    found = [e for e in heard.events if e["type"] == "set.logged"]
    assert found[-1]["data"]["id"] == shown["id"]
    for key in ("reps", "exercise", "exercise_name", "position", "workout_id"):
        assert found[-1]["data"][key] == shown[key]
    created = next(e for e in heard.events if e["type"] == "workout.created")
    assert created["workout_id"] == workout["id"] and created["user_id"] == lifter.id


async def test_a_planned_set_is_told_with_its_plan_and_whether_it_is_done(
    client: httpx.AsyncClient, lifter: Lifter, heard: Heard
) -> None:
    """A live page shows planned sets apart from done ones and puts an undone one back to its plan:
    the events carry the set's targets and `completed` as GET /workouts/{id}/sets does."""
    h = lifter.headers
    plan = {"exercise": "dip", "target_reps": 10, "target_weight": 20, "completed": False}
    w = (await client.post("/workouts", headers=h, json={"status": "in_progress", "sets": [plan]})).json()
    set_id = w["sets"][0]["id"]
    await client.patch(f"/sets/{set_id}", headers=h, json={"completed": True})
    shown = (await client.get(f"/workouts/{w['id']}/sets", headers=h)).json()["data"][0]
    logged = next(e["data"] for e in heard.events if e["type"] == "set.logged")
    updated = next(e["data"] for e in heard.events if e["type"] == "set.updated")
    assert (logged["completed"], logged["target_reps"], logged["reps"]) == (False, 10, None)
    for key in ("completed", "target_reps", "target_weight", "target_rpe", "rest_s", "reps", "weight"):
        assert updated[key] == shown[key], key
    assert updated["completed"] is True and updated["reps"] == 10


async def test_the_assistant_and_a_batch_publish_too(client: httpx.AsyncClient, lifter: Lifter, heard: Heard) -> None:
    h = lifter.headers
    await client.post("/assistant/messages", headers=h, json={"text": "3 sets of 10 dips"})
    assert heard.types() == ["workout.started", "set.logged", "set.logged", "set.logged"]
    await client.post("/assistant/messages", headers=h, json={"text": "scratch that"})
    assert heard.types() == ["set.deleted"] * 3
    batch = {"workouts": [{"client_id": "w1", "sets": [{"exercise": "dip", "reps": 8, "client_id": "s1"}]}]}
    assert (await client.post("/workouts/batch", headers=h, json=batch)).status_code == 200
    assert heard.types() == ["workout.created", "set.logged", "sync.finished"]
    batch["workouts"][0]["sets"][0]["reps"] = 9  # type: ignore[index]
    await client.post("/workouts/batch", headers=h, json=batch)
    assert heard.types() == ["workout.updated", "set.updated", "sync.finished"]
