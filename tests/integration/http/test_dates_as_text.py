"""Dates and times in a body are ISO 8601 text: a number, or digits in a string, is a 422 naming the
field, not a moment in 1970 (pydantic alone reads both as seconds since the epoch), and nothing
stored changes."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.conftest import Lifter

NOT_TEXT = [1700000000, -1.7e-201, "1654646400", True]


@pytest.mark.parametrize("value", NOT_TEXT)
async def test_a_birth_date_must_be_a_written_day(client: httpx.AsyncClient, lifter: Lifter, value: Any) -> None:
    r = await client.patch("/me", json={"birthDate": value}, headers=lifter.headers)
    assert r.status_code == 422 and r.json()["error"]["details"][0]["field"] == "birthDate"
    assert (await client.get("/me", headers=lifter.headers)).json()["birth_date"] is None


async def test_a_written_birth_date_is_kept(client: httpx.AsyncClient, lifter: Lifter) -> None:
    r = await client.patch("/me", json={"birthDate": "1990-04-30"}, headers=lifter.headers)
    assert r.status_code == 200 and r.json()["birth_date"] == "1990-04-30"
    r = await client.patch("/me", json={"birthDate": "19900430"}, headers=lifter.headers)
    assert r.status_code == 422
    assert (await client.get("/me", headers=lifter.headers)).json()["birth_date"] == "1990-04-30"


@pytest.mark.parametrize("value", NOT_TEXT)
async def test_a_set_time_must_be_written_as_text(client: httpx.AsyncClient, lifter: Lifter, value: Any) -> None:
    h = lifter.headers
    w = (await client.post("/workouts", json={"name": "Push"}, headers=h)).json()
    logged = (await client.post(f"/workouts/{w['id']}/sets", json={"exercise": "dip", "reps": 10}, headers=h)).json()
    done = logged["data"][0]
    r = await client.patch(f"/sets/{done['id']}", json={"completedAt": value}, headers=h)
    assert r.status_code == 422 and r.json()["error"]["details"][0]["field"] == "completedAt"
    after = (await client.get(f"/workouts/{w['id']}", headers=h)).json()["sets"][0]
    assert after["completed_at"] == done["completed_at"]


async def test_digits_are_never_read_as_seconds(client: httpx.AsyncClient, lifter: Lifter) -> None:
    r = await client.post("/workouts", json={"name": "Old", "startedAt": "20240105"}, headers=lifter.headers)
    assert r.status_code == 422 and r.json()["error"]["details"][0]["field"] == "startedAt"
    lower = {"name": "Old", "startedAt": "2024-01-05t10:00:00z"}  # RFC 3339 allows lower case
    r = await client.post("/workouts", json=lower, headers=lifter.headers)
    assert r.status_code == 201 and r.json()["started_at"].startswith("2024-01-05T10:00")
