"""A null for a field that cannot be empty is a 422 that stores nothing (issue 18, item 3)."""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.conftest import Lifter


async def _own_exercise(client: httpx.AsyncClient, lifter: Lifter) -> dict:  # type: ignore[type-arg]
    name = f"Null Probe Press {uuid.uuid4().hex[:6]}"
    r = await client.post("/exercises", json={"name": name, "aliases": ["probe"]}, headers=lifter.headers)
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


@pytest.mark.parametrize("field", ["aliases", "primaryMuscles", "secondaryMuscles", "name", "kind"])
async def test_a_null_list_or_name_on_an_exercise_is_refused_and_it_stays_readable(
    client: httpx.AsyncClient, lifter: Lifter, field: str
) -> None:
    mine = await _own_exercise(client, lifter)
    r = await client.patch(f"/exercises/{mine['id']}", json={field: None}, headers=lifter.headers)
    assert r.status_code == 422, r.text
    assert r.json()["error"]["details"][0]["field"] == field
    again = await client.get(f"/exercises/{mine['id']}", headers=lifter.headers)
    assert again.status_code == 200 and again.json()["aliases"] == ["probe"]
    search = await client.get("/exercises", params={"search": mine["name"]}, headers=lifter.headers)
    assert search.status_code == 200 and search.json()["data"][0]["id"] == mine["id"]
    batch = await client.post("/exercises/batch", json={"ids": [mine["id"]]}, headers=lifter.headers)
    assert batch.status_code == 200 and [e["id"] for e in batch.json()["data"]] == [mine["id"]]


async def test_nullable_exercise_fields_can_still_be_cleared(client: httpx.AsyncClient, lifter: Lifter) -> None:
    mine = await _own_exercise(client, lifter)
    r = await client.patch(f"/exercises/{mine['id']}", json={"equipment": None, "aliases": []}, headers=lifter.headers)
    assert r.status_code == 200, r.text
    assert r.json()["equipment"] is None and r.json()["aliases"] == []


async def test_a_null_set_type_is_refused(client: httpx.AsyncClient, lifter: Lifter) -> None:
    w = (await client.post("/workouts", json={"sets": [{"exercise": "dip", "reps": 8}]}, headers=lifter.headers)).json()
    set_id = w["sets"][0]["id"]
    for body in ({"set_type": None}, {"exercise": None}, {"completed_at": None}):
        r = await client.patch(f"/sets/{set_id}", json=body, headers=lifter.headers)
        assert r.status_code == 422, (body, r.text)
    cleared = await client.patch(f"/sets/{set_id}", json={"notes": None, "rpe": None}, headers=lifter.headers)
    assert cleared.status_code == 200 and cleared.json()["set_type"] == "normal"


@pytest.mark.parametrize("field", ["timezone", "unit_pref", "privacy"])
async def test_a_null_profile_setting_is_refused(client: httpx.AsyncClient, lifter: Lifter, field: str) -> None:
    r = await client.patch("/me", json={field: None}, headers=lifter.headers)
    assert r.status_code == 422, r.text
    me = (await client.get("/me", headers=lifter.headers)).json()
    assert me["timezone"] == "UTC" and me["unit_pref"] == "lb" and me["privacy"] == "private"
    cleared = await client.patch("/me", json={"display_name": None, "bar_weight": None}, headers=lifter.headers)
    assert cleared.status_code == 200


async def test_a_live_workout_keeps_its_start(client: httpx.AsyncClient, lifter: Lifter) -> None:
    live = (await client.post("/workouts/start", json={}, headers=lifter.headers)).json()
    for body in ({"started_at": None}, {"status": None}):
        r = await client.patch(f"/workouts/{live['id']}", json=body, headers=lifter.headers)
        assert r.status_code == 422, (body, r.text)
    again = (await client.get(f"/workouts/{live['id']}", headers=lifter.headers)).json()
    assert again["started_at"] == live["started_at"] and again["status"] == "in_progress"
    renamed = await client.patch(f"/workouts/{live['id']}", json={"name": None, "notes": None}, headers=lifter.headers)
    assert renamed.status_code == 200
    await client.post(f"/workouts/{live['id']}/cancel", headers=lifter.headers)


async def test_a_planned_workout_may_drop_its_start(client: httpx.AsyncClient, lifter: Lifter) -> None:
    body = {"status": "planned", "started_at": "2030-01-01T10:00:00Z"}
    planned = (await client.post("/workouts", json=body, headers=lifter.headers)).json()
    r = await client.patch(f"/workouts/{planned['id']}", json={"started_at": None}, headers=lifter.headers)
    assert r.status_code == 200 and r.json()["started_at"] is None


@pytest.mark.parametrize("field", ["name", "is_public", "items"])
async def test_a_null_routine_field_is_refused(client: httpx.AsyncClient, lifter: Lifter, field: str) -> None:
    body = {"name": "Push day", "items": [{"exercise": "dip", "target_sets": 3}]}
    routine = (await client.post("/routines", json=body, headers=lifter.headers)).json()
    r = await client.patch(f"/routines/{routine['id']}", json={field: None}, headers=lifter.headers)
    assert r.status_code == 422, r.text
    again = (await client.get(f"/routines/{routine['id']}", headers=lifter.headers)).json()
    assert again["name"] == "Push day" and len(again["items"]) == 1 and again["is_public"] is False


async def test_deleting_an_exercise_a_routine_uses_is_a_clear_409(client: httpx.AsyncClient, lifter: Lifter) -> None:
    mine = await _own_exercise(client, lifter)
    body = {"name": "Uses it", "items": [{"exercise": mine["id"], "target_sets": 3}]}
    routine = (await client.post("/routines", json=body, headers=lifter.headers)).json()
    r = await client.delete(f"/exercises/{mine['id']}", headers=lifter.headers)
    assert r.status_code == 409, r.text
    assert "routine" in r.json()["error"]["message"]
    assert (await client.get(f"/exercises/{mine['id']}", headers=lifter.headers)).status_code == 200
    await client.delete(f"/routines/{routine['id']}", headers=lifter.headers)
    assert (await client.delete(f"/exercises/{mine['id']}", headers=lifter.headers)).status_code == 204
