"""An unknown body field is a 422 naming it, and nothing is written (api.md, "Strict bodies"); the
seed documents' names for a field are read as that field; text that is only spaces is refused where
text is required, and spaces around text are trimmed after its length is checked."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.conftest import Lifter


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("post", "/workouts", {"name": "Legs", "mood": "great"}, "mood"),
        ("post", "/workouts", {"sets": [{"exercise": "dip", "reps": 5, "tempo": "3010"}]}, "sets[0].tempo"),
        ("post", "/workouts/start", {"nmae": "Typo"}, "nmae"),
        ("post", "/exercises", {"name": "Zercher hold", "difficulty": 3}, "difficulty"),
        ("post", "/routines", {"name": "Push", "items": [{"exercise": "dip", "sets": 3}]}, "items[0].sets"),
        ("post", "/metrics", {"metric": "steps", "value": 10, "source": "watch"}, "source"),
        ("post", "/assistant/messages", {"text": "bench 5 reps", "lang": "en"}, "lang"),
        ("post", "/voice/command", {"text": "bench 5 reps", "confidence": 0.9}, "confidence"),
        ("patch", "/me", {"display_name": "Al", "nickname": "Big Al"}, "nickname"),
        ("post", "/me/api-keys", {"name": "watch", "role": "admin"}, "role"),
    ],
)
async def test_an_unknown_field_is_a_422_naming_it_and_nothing_is_written(
    client: httpx.AsyncClient,
    lifter: Lifter,
    method: str,
    path: str,
    body: dict[str, Any],
    field: str,
) -> None:
    r = await client.request(method, path, json=body, headers=lifter.headers)
    assert r.status_code == 422, r.text
    details = r.json()["error"]["details"]
    assert any(d["field"] == field and "not permitted" in d["message"] for d in details), details
    assert (await client.get("/workouts", headers=lifter.headers)).json()["meta"]["total"] == 0
    assert (await client.get("/routines", headers=lifter.headers)).json()["meta"]["total"] == 0
    assert (await client.get("/metrics", headers=lifter.headers)).json()["meta"]["total"] == 0


async def test_an_unknown_field_at_registration_registers_no_one(client: httpx.AsyncClient) -> None:
    body = {"email": "extra-field@example.com", "password": "correct horse battery", "device_name": "web"}
    r = await client.post("/auth/register", json=body)
    assert r.status_code == 422, r.text
    assert r.json()["error"]["details"][0]["field"] == "device_name"
    body.pop("device_name")
    assert (await client.post("/auth/login", json=body)).status_code == 401


async def test_the_seed_documents_names_are_read_as_the_fields_they_mean(
    client: httpx.AsyncClient, lifter: Lifter
) -> None:
    body = {
        "title": "Seed day",
        "description": "from an old export",
        "date": "2024-03-01T10:00:00Z",
        "sets": [{"exerciseId": "dip", "reps": 8, "time": 40}],
    }
    r = await client.post("/workouts", json=body, headers=lifter.headers)
    assert r.status_code == 201, r.text
    made = r.json()
    assert (made["name"], made["notes"], made["started_at"][:10]) == ("Seed day", "from an old export", "2024-03-01")
    assert (made["sets"][0]["exercise"], made["sets"][0]["duration_s"]) == ("dip", 40)


async def test_a_field_given_by_both_names_keeps_the_unknown_one_refused(
    client: httpx.AsyncClient, lifter: Lifter
) -> None:
    r = await client.post("/workouts", json={"name": "A", "title": "B"}, headers=lifter.headers)
    assert r.status_code == 422, r.text
    assert r.json()["error"]["details"][0]["field"] == "title"


async def test_blank_text_where_text_is_required_is_a_422_and_spaces_around_are_trimmed(
    client: httpx.AsyncClient, lifter: Lifter
) -> None:
    r = await client.post("/routines", json={"name": " \u3000 "}, headers=lifter.headers)
    assert r.status_code == 422, r.text
    assert r.json()["error"]["details"][0] == {"field": "name", "message": "must not be blank"}
    r = await client.post("/routines", json={"name": "  Push day  ", "notes": " "}, headers=lifter.headers)
    assert r.status_code == 201, r.text
    assert (r.json()["name"], r.json()["notes"]) == ("Push day", "")


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/workouts", {"name": "A", "title": "B"}, "title"),
        ("/workouts", {"notes": "A", "description": "B"}, "description"),
        ("/workouts", {"started_at": "2024-03-01T10:00:00Z", "date": "2024-03-01T10:00:00Z"}, "date"),
        ("/workouts", {"startedAt": "2024-03-01T10:00:00Z", "started_at": "2024-03-01T10:00:00Z"}, "startedAt"),
        ("/workouts", {"sets": [{"exercise": "dip", "exerciseId": "dip"}]}, "sets[0].exerciseId"),
        ("/workouts", {"sets": [{"exercise": "plank", "duration_s": 30, "time": 30}]}, "sets[0].time"),
        ("/routines", {"name": "R", "items": [{"exercise": "dip", "exercise_id": "dip"}]}, "items[0].exercise_id"),
    ],
)
async def test_a_field_given_by_its_name_and_an_alias_is_a_422_naming_the_alias(
    client: httpx.AsyncClient, lifter: Lifter, path: str, body: dict[str, Any], field: str
) -> None:
    r = await client.post(path, json=body, headers=lifter.headers)
    assert r.status_code == 422, r.text
    assert [d["field"] for d in r.json()["error"]["details"]] == [field]
    assert (await client.get("/workouts", headers=lifter.headers)).json()["meta"]["total"] == 0


async def test_every_alias_is_read_where_its_field_is(client: httpx.AsyncClient, lifter: Lifter) -> None:
    h = lifter.headers
    routine = await client.post(
        "/routines",
        json={"title": "Seed", "description": "plan", "items": [{"exercise_id": "dip", "notes": "slow"}]},
        headers=h,
    )
    assert routine.status_code == 201, routine.text
    assert (routine.json()["name"], routine.json()["notes"], routine.json()["items"][0]["exercise"]) == (
        "Seed",
        "plan",
        "dip",
    )
    started = await client.post("/workouts/start", json={"routineId": routine.json()["id"], "title": "Go"}, headers=h)
    assert started.status_code == 201 and started.json()["name"] == "Go"
    filled = await client.post(
        f"/workouts/{started.json()['id']}/sets",
        json={"exerciseId": "dip", "setNumber": 1, "reps": 10, "description": "felt light", "time": 40},
        headers=h,
    )
    assert filled.status_code == 201, filled.text
    got = filled.json()["data"][0]
    assert (got["position"], got["reps"], got["notes"], got["duration_s"], got["completed"]) == (
        1,
        10,
        "felt light",
        40,
        True,
    )
    patched = await client.patch(f"/workouts/{started.json()['id']}", json={"description": "done"}, headers=h)
    assert patched.status_code == 200 and patched.json()["notes"] == "done"


async def test_the_document_names_each_field_and_says_its_other_names(client: httpx.AsyncClient) -> None:
    spec = (await client.get("http://test/openapi.json")).json()
    schemas = spec["components"]["schemas"]
    workout = schemas["WorkoutIn"]["properties"]
    assert {"name", "started_at", "notes", "client_id"} <= workout.keys()
    assert not {"title", "date", "startedAt", "clientId"} & workout.keys()
    assert "`title`" in workout["name"]["description"] and "`date`" in workout["started_at"]["description"]
    a_set = schemas["SetIn"]["properties"]
    assert {"exercise", "duration_s", "position", "target_reps", "completed"} <= a_set.keys()
    assert "`setNumber`" in a_set["position"]["description"] and "`exerciseId`" in a_set["exercise"]["description"]
    assert "`time`" in a_set["duration_s"]["description"]
