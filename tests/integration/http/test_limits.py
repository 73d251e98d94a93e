"""No one request can stall the server: sets per request, workouts per batch, characters per message,
page size and the sets a workout read shows are bounded by settings (issue 18, item 2)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from tests.conftest import Lifter, app_client, make_settings, register


@pytest.fixture(scope="module")
async def small(database_url: str) -> AsyncIterator[httpx.AsyncClient]:
    """An app with tiny limits, on the same store."""
    settings = make_settings(
        database_url,
        max_sets_per_request=6,
        max_batch_workouts=2,
        max_message_chars=40,
        max_page_size=10,
        max_sets_shown=3,
    )
    async with app_client(settings) as c:
        yield c


async def _workout_count(client: httpx.AsyncClient, lifter: Lifter) -> int:
    return int((await client.get("/workouts", headers=lifter.headers)).json()["meta"]["total"])


async def test_the_audits_25000_sets_in_one_request_are_refused(client: httpx.AsyncClient, lifter: Lifter) -> None:
    body = {"sets": [{"exercise": "deadlift", "reps": 1, "sets": 50}] * 500}
    r = await client.post("/workouts", json=body, headers=lifter.headers)
    assert r.status_code == 422, r.text
    assert "MAX_SETS_PER_REQUEST" in r.json()["error"]["message"]
    assert await _workout_count(client, lifter) == 0


async def test_sets_per_request_count_entries_times_sets(small: httpx.AsyncClient) -> None:
    lifter = await register(small)
    over = {"sets": [{"exercise": "dip", "reps": 5, "sets": 4}, {"exercise": "dip", "reps": 5, "sets": 3}]}
    r = await small.post("/workouts", json=over, headers=lifter.headers)
    assert r.status_code == 422 and "at most 6 sets" in r.json()["error"]["message"]
    assert r.json()["error"]["details"][0]["field"] == "sets"
    assert await _workout_count(small, lifter) == 0
    within = {"sets": [{"exercise": "dip", "reps": 5, "sets": 3}, {"exercise": "dip", "reps": 5, "sets": 3}]}
    assert (await small.post("/workouts", json=within, headers=lifter.headers)).status_code == 201


async def test_an_offline_batch_is_bounded_in_workouts_and_in_sets(small: httpx.AsyncClient) -> None:
    lifter = await register(small)
    three = {"workouts": [{"clientId": f"w{i}"} for i in range(3)]}
    r = await small.post("/workouts/batch", json=three, headers=lifter.headers)
    assert r.status_code == 422 and "MAX_BATCH_WORKOUTS" in r.json()["error"]["message"]
    sets = [{"exercise": "dip", "reps": 5}] * 4
    heavy = {"workouts": [{"clientId": "a", "sets": sets}, {"clientId": "b", "sets": sets}]}
    r = await small.post("/workouts/batch", json=heavy, headers=lifter.headers)
    assert r.status_code == 422 and "MAX_SETS_PER_REQUEST" in r.json()["error"]["message"]
    assert await _workout_count(small, lifter) == 0


@pytest.mark.parametrize(
    ("path", "extra"),
    [
        ("/voice/command", {}),
        ("/voice/command", {"dry_run": True}),
        ("/assistant/messages", {}),
        ("/assistant/parse", {}),
    ],
)
async def test_assistant_text_is_bounded_in_characters(small: httpx.AsyncClient, path: str, extra: dict) -> None:  # type: ignore[type-arg]
    lifter = await register(small)
    text = "start a workout. bench 5 reps at 100. " * 3
    r = await small.post(path, json={"text": text, **extra}, headers=lifter.headers)
    assert r.status_code == 422, r.text
    assert "MAX_MESSAGE_CHARS" in r.json()["error"]["message"] and r.json()["error"]["details"][0]["field"] == "text"
    assert await _workout_count(small, lifter) == 0


async def test_the_audits_100kb_voice_command_is_refused(client: httpx.AsyncClient, lifter: Lifter) -> None:
    text = "bench 5 reps at 100. " * 5000
    r = await client.post("/voice/command", json={"text": text}, headers=lifter.headers)
    assert r.status_code == 422 and "MAX_MESSAGE_CHARS" in r.json()["error"]["message"]
    assert await _workout_count(client, lifter) == 0


@pytest.mark.parametrize("path", ["/workouts", "/exercises", "/routines", "/metrics"])
async def test_page_size_is_bounded_by_the_setting(small: httpx.AsyncClient, path: str) -> None:
    lifter = await register(small)
    r = await small.get(path, params={"limit": 11}, headers=lifter.headers)
    assert r.status_code == 422 and "MAX_PAGE_SIZE" in r.json()["error"]["message"]
    assert r.json()["error"]["details"][0]["field"] == "limit"
    assert (await small.get(path, params={"limit": 10}, headers=lifter.headers)).status_code == 200


async def test_a_workout_read_shows_at_most_the_first_sets_and_counts_them_all(small: httpx.AsyncClient) -> None:
    lifter = await register(small)
    h = lifter.headers
    w = (await small.post("/workouts/start", headers=h)).json()
    for reps in (1, 2):
        body = {"exercise": "dip", "reps": reps, "weight": 10, "unit": "kg", "sets": 3}
        assert (await small.post(f"/workouts/{w['id']}/sets", json=body, headers=h)).status_code == 201
    for read in (await small.get(f"/workouts/{w['id']}", headers=h), await small.get("/workouts/active", headers=h)):
        shown = read.json()
        assert read.status_code == 200
        assert [s["reps"] for s in shown["sets"]] == [1, 1, 1]
        assert shown["set_count"] == 6 and shown["volume_kg"] == 90
    rest = (await small.get(f"/workouts/{w['id']}/sets", params={"page": 2, "limit": 3}, headers=h)).json()
    assert [s["reps"] for s in rest["data"]] == [2, 2, 2]
