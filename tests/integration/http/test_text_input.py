"""Text and numbers as clients send them: control characters refused everywhere, names as long as the
store holds, names in any script, and no JSON true passing for a number (issue 18, items 4, 9, 14)."""

from __future__ import annotations

import json
import uuid

import httpx
import pytest

from tests.conftest import Lifter

NUL = "\u0000"


async def test_a_nul_in_the_login_email_is_a_422_before_any_lookup(client: httpx.AsyncClient) -> None:
    r = await client.post("/auth/login", json={"email": f"a{NUL}@x.io", "password": "12345678"})
    assert r.status_code == 422, r.text
    assert r.json()["error"]["details"][0]["field"] == "email"
    r = await client.post("/auth/register", json={"email": "b@x.io", "password": f"1234{NUL}5678"})
    assert r.status_code == 422


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("post", "/workouts", {"name": f"Leg{NUL}day"}, "name"),
        ("post", "/workouts", {"notes": f"felt{NUL}good"}, "notes"),
        ("post", "/workouts", {"sets": [{"exercise": "dip", "reps": 5, "notes": f"x{NUL}"}]}, "sets[0].notes"),
        ("post", "/workouts/start", {"name": "Bell\u0007"}, "name"),
        ("post", "/exercises", {"name": f"Press{NUL}"}, "name"),
        ("post", "/exercises", {"name": "Press", "aliases": [f"p{NUL}"]}, "aliases"),
        ("post", "/routines", {"name": f"R{NUL}"}, "name"),
        ("post", "/assistant/messages", {"text": f"bench 5 reps{NUL}"}, "text"),
        ("post", "/assistant/parse", {"text": "bench", "context": {"unit": f"kg{NUL}"}}, "context"),
        ("post", "/voice/command", {"text": f"{NUL}"}, "text"),
        ("patch", "/me", {"display_name": f"Al{NUL}"}, "display_name"),
        ("patch", "/me", {"timezone": f"UTC{NUL}"}, "timezone"),
        ("post", "/metrics", {"metric": "steps", "value": 10, "unit": f"s{NUL}"}, "unit"),
        ("post", "/me/api-keys", {"name": "line\nbreak"}, "name"),
    ],
)
async def test_control_characters_in_any_text_field_are_a_422(
    client: httpx.AsyncClient,
    lifter: Lifter,
    method: str,
    path: str,
    body: dict,
    field: str,  # type: ignore[type-arg]
) -> None:
    content = json.dumps(body)  # ASCII: control characters travel as JSON escapes, as a client sends them
    headers = {**lifter.headers, "content-type": "application/json"}
    r = await client.request(method, path, content=content, headers=headers)
    assert r.status_code == 422, r.text
    assert any(d["field"].endswith(field) for d in r.json()["error"]["details"])
    assert "control character" in r.json()["error"]["details"][0]["message"]
    assert (await client.get("/workouts", headers=lifter.headers)).json()["meta"]["total"] == 0


async def test_a_lone_surrogate_is_a_422(client: httpx.AsyncClient, lifter: Lifter) -> None:
    headers = {**lifter.headers, "content-type": "application/json"}
    r = await client.post("/workouts", content='{"name": "lone \\ud800 surrogate"}', headers=headers)
    assert r.status_code == 422 and r.json()["error"]["details"][0]["field"] == "name"


async def test_line_breaks_and_tabs_are_fine_in_notes(client: httpx.AsyncClient, lifter: Lifter) -> None:
    r = await client.post("/workouts", json={"notes": "line one\n\tline two\r\n"}, headers=lifter.headers)
    assert r.status_code == 201 and r.json()["notes"].startswith("line one\n\tline two")


@pytest.mark.parametrize(
    "path",
    [
        "/exercises/%00",
        "/exercises/a%01b",
        "/exercises?search=%00",
        "/exercises?muscle=a%00",
        "/analytics/progress?exercise=%00",
    ],
)
async def test_control_characters_in_paths_and_queries_are_a_422(
    client: httpx.AsyncClient, lifter: Lifter, path: str
) -> None:
    r = await client.get(path, headers=lifter.headers)
    assert r.status_code == 422, r.text
    assert "control character" in r.json()["error"]["details"][0]["message"]


async def test_a_200_character_exercise_name_fits_and_201_is_refused(client: httpx.AsyncClient, lifter: Lifter) -> None:
    name = "Very long press " + "x" * 184
    assert len(name) == 200
    r = await client.post("/exercises", json={"name": name}, headers=lifter.headers)
    assert r.status_code == 201, r.text
    made = r.json()
    assert made["name"] == name and len(made["slug"]) <= 120
    assert (await client.get(f"/exercises/{made['slug']}", headers=lifter.headers)).json()["id"] == made["id"]
    similar = await client.post("/exercises", json={"name": name[:-1] + "y"}, headers=lifter.headers)
    assert similar.status_code == 201 and similar.json()["slug"] != made["slug"]
    too_long = await client.post("/exercises", json={"name": name + "x"}, headers=lifter.headers)
    assert too_long.status_code == 422 and too_long.json()["error"]["details"][0]["field"] == "name"


async def test_cloning_a_routine_with_a_200_character_name_fits(client: httpx.AsyncClient, lifter: Lifter) -> None:
    name = "R" * 200
    routine = (await client.post("/routines", json={"name": name}, headers=lifter.headers)).json()
    r = await client.post(f"/routines/{routine['id']}/clone", headers=lifter.headers)
    assert r.status_code == 201, r.text
    copy = r.json()["name"]
    assert len(copy) <= 200 and copy.endswith(" (copy)")


@pytest.mark.parametrize("name", ["Жим лёжа", "ベンチプレス", "Développé couché", "卧推 2"])
async def test_exercise_names_in_any_script(client: httpx.AsyncClient, lifter: Lifter, name: str) -> None:
    h = lifter.headers
    r = await client.post("/exercises", json={"name": name}, headers=h)
    assert r.status_code == 201, r.text
    made = r.json()
    assert made["name"] == name and made["slug"]
    assert (await client.get(f"/exercises/{made['slug']}", headers=h)).json()["id"] == made["id"]
    logged = await client.post("/workouts", json={"sets": [{"exercise": made["slug"], "reps": 5}]}, headers=h)
    assert logged.status_code == 201 and logged.json()["sets"][0]["exercise_name"] == name
    found = await client.get("/exercises", params={"search": name}, headers=h)
    assert found.json()["data"][0]["id"] == made["id"]


async def test_a_name_of_only_punctuation_is_still_refused(client: httpx.AsyncClient, lifter: Lifter) -> None:
    r = await client.post("/exercises", json={"name": "!!! ---"}, headers=lifter.headers)
    assert r.status_code == 422 and "letters or digits" in r.json()["error"]["message"]


@pytest.mark.parametrize(
    "entry",
    [
        {"exercise": "dip", "reps": True},
        {"exercise": "dip", "reps": "5"},
        {"exercise": "dip", "reps": 5.5},
        {"exercise": "dip", "weight": True},
        {"exercise": "dip", "weight": "100"},
        {"exercise": "dip", "sets": True},
        {"exercise": "dip", "bodyweight": 1},
        {"exercise": "dip", "bodyweight": "yes"},
        {"exercise": 5},
    ],
)
async def test_loose_types_are_refused(client: httpx.AsyncClient, lifter: Lifter, entry: dict) -> None:  # type: ignore[type-arg]
    r = await client.post("/workouts", json={"sets": [entry]}, headers=lifter.headers)
    assert r.status_code == 422, r.text
    assert (await client.get("/workouts", headers=lifter.headers)).json()["meta"]["total"] == 0


async def test_ints_are_still_fine_for_decimal_fields(client: httpx.AsyncClient, lifter: Lifter) -> None:
    body = {"startedAt": "2026-01-05T10:00:00Z", "sets": [{"exercise": "dip", "reps": 5, "weight": 100, "rpe": 8}]}
    r = await client.post("/workouts", json=body, headers=lifter.headers)
    assert r.status_code == 201 and r.json()["sets"][0]["weight"] == 100.0
    key = await client.post("/me/api-keys", json={"name": f"k{uuid.uuid4().hex[:4]}"}, headers=lifter.headers)
    assert key.status_code == 201
    assert (await client.patch("/me", json={"birth_date": "1990-02-03"}, headers=lifter.headers)).status_code == 200
    routine = (await client.post("/routines", json={"name": "R"}, headers=lifter.headers)).json()
    started = await client.post("/workouts/start", json={"routine_id": routine["id"]}, headers=lifter.headers)
    assert started.status_code == 201
