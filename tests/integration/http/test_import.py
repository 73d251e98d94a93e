"""POST /import and GET /jobs/{id}: Strong (kg, lb, older layout) and Hevy files imported by a job
with progress, warm-ups and rest rows, names mapped with a report of the unmatched, a second import
that changes nothing; files that are not exports, oversized uploads and another user's job refused."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx
import pytest

from tests.conftest import Lifter, app_client, make_settings, register
from tests.fakes.exports import UNMATCHED, all_sets, hevy_csv, history, strong_csv

SESSIONS = history(0.1)  # five weeks: 20 workouts


async def upload(
    client: httpx.AsyncClient, who: Lifter, text: str | bytes, name: str = "export.csv", **fields: str
) -> httpx.Response:
    data = text.encode() if isinstance(text, str) else text
    return await client.post("/import", files={"file": (name, data, "text/csv")}, data=fields, headers=who.headers)


async def finished(client: httpx.AsyncClient, who: Lifter, job_id: str, timeout_s: float = 120) -> dict[str, Any]:
    """The job once it has ended (polled as a client would)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while True:
        r = await client.get(f"/jobs/{job_id}", headers=who.headers)
        assert r.status_code == 200, r.text
        job: dict[str, Any] = r.json()
        assert 0 <= job["progress"] <= 1
        if job["status"] in ("succeeded", "failed"):
            return job
        assert loop.time() < deadline, job
        await asyncio.sleep(0.05)


async def imported(client: httpx.AsyncClient, who: Lifter, text: str, **fields: str) -> dict[str, Any]:
    r = await upload(client, who, text, **fields)
    assert r.status_code == 202, r.text
    assert r.headers["location"] == f"/api/v1/jobs/{r.json()['id']}"
    job = await finished(client, who, r.json()["id"])
    assert job["status"] == "succeeded", job
    return job


async def all_workouts(client: httpx.AsyncClient, who: Lifter) -> list[dict[str, Any]]:
    r = await client.get("/workouts?limit=100", headers=who.headers)
    assert r.status_code == 200
    return list(r.json()["data"])


async def test_a_strong_export_is_imported_by_a_job_and_a_second_import_changes_nothing(
    client: httpx.AsyncClient, lifter: Lifter
) -> None:
    text = strong_csv(SESSIONS)
    r = await upload(client, lifter, text)
    assert r.status_code == 202
    queued = r.json()
    assert (queued["name"], queued["status"], queued["result"]) == ("import_workouts", "queued", None)
    job = await finished(client, lifter, queued["id"])
    assert job["status"] == "succeeded" and job["progress"] == 1 and job["attempts"] == 1
    result = job["result"]
    assert result["format"] == "strong"
    assert (result["workouts_imported"], result["sets_imported"]) == (len(SESSIONS), all_sets(SESSIONS))
    assert result["warmup_sets"] > 0 and result["rest_rows"] > 0 and result["rows_skipped"] == 0
    assert {u["name"] for u in result["unmatched"]} == set(UNMATCHED)
    assert all(u["created"] for u in result["unmatched"])

    workouts = await all_workouts(client, lifter)
    assert len(workouts) == len(SESSIONS)
    first = min(workouts, key=lambda w: w["started_at"])
    assert first["started_at"].startswith(SESSIONS[0].started.strftime("%Y-%m-%dT%H:%M"))  # the lifter's zone: UTC
    assert first["source"] == "import" and first["status"] == "completed"
    r = await client.get(f"/workouts/{first['id']}", headers=lifter.headers)
    sets = r.json()["sets"]
    assert [s["position"] for s in sets] == list(range(1, len(sets) + 1))
    assert sets[0]["exercise"] == "barbell-bench-press" and sets[0]["set_type"] == "warmup"
    assert {s["exercise"] for s in sets} >= {"barbell-bench-press", "overhead-press"}
    prs = (await client.get("/analytics/prs", headers=lifter.headers)).json()

    again = await imported(client, lifter, text)
    result = again["result"]
    assert (result["workouts_imported"], result["workouts_already_imported"]) == (0, len(SESSIONS))
    assert (result["sets_imported"], result["sets_already_imported"]) == (0, all_sets(SESSIONS))
    assert not any(u["created"] for u in result["unmatched"])
    assert await all_workouts(client, lifter) == workouts  # same versions, same times
    assert (await client.get("/analytics/prs", headers=lifter.headers)).json() == prs
    r = await client.get("/exercises?search=copenhagen", headers=lifter.headers)
    assert [e["name"] for e in r.json()["data"]].count(UNMATCHED[0]) == 1


@pytest.mark.parametrize(
    ("make", "unit", "fields"),
    [
        (lambda s: strong_csv(s, "lb"), "lb", {}),
        (lambda s: strong_csv(s, "lb", "legacy"), "lb", {"unit": "lb"}),
        (lambda s: hevy_csv(s, "kg"), "kg", {}),
        (lambda s: hevy_csv(s, "lb"), "lb", {"timezone": "Europe/Berlin"}),
    ],
)
async def test_every_layout_and_unit_is_imported(
    client: httpx.AsyncClient, make: Any, unit: str, fields: dict[str, str]
) -> None:
    lifter = await register(client, unit_pref="kg")
    sessions = history(0.03, seed=3)
    job = await imported(client, lifter, make(sessions), **fields)
    assert job["result"]["sets_imported"] == all_sets(sessions)
    workouts = await all_workouts(client, lifter)
    one = (await client.get(f"/workouts/{workouts[-1]['id']}", headers=lifter.headers)).json()
    assert {s["unit"] for s in one["sets"] if s["weight"]} == {unit}
    if "timezone" in fields:  # 07:xx in Berlin in January is 06:xx UTC
        assert one["started_at"][11:13] == f"{sessions[0].started.hour - 1:02d}"


async def test_rows_left_out_are_reported(client: httpx.AsyncClient, lifter: Lifter) -> None:
    lines = strong_csv(history(0.02)).splitlines()
    broken = lines[3].split(";")
    broken[7] = '"5000"'  # reps
    text = "\n".join([*lines[:3], ";".join(broken), *lines[4:]]) + "\n"
    result = (await imported(client, lifter, text))["result"]
    assert result["rows_skipped"] == 1
    assert result["skipped"] == [{"row": 4, "reason": "reps must be between 0 and 1000"}]


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"\x00\x01\x02garbage\xff" * 50, "binary"),
        (b"Bench Press;100;5\n", "Not a Strong or Hevy CSV export"),
        (b"Date,Workout Name,Exercise Name,Set Order,Weight\n2024-01-01,A,Squat,1,100\n", "lacks reps"),
        (b"", "empty"),
    ],
)
async def test_a_file_that_is_not_an_export_is_a_422(
    client: httpx.AsyncClient, lifter: Lifter, data: bytes, says: str
) -> None:
    r = await upload(client, lifter, data)
    assert r.status_code == 422, r.text
    assert says in r.json()["error"]["message"]
    assert r.json()["error"]["details"][0]["field"] == "file"


async def test_the_upload_itself_is_checked(client: httpx.AsyncClient, lifter: Lifter) -> None:
    text = strong_csv(history(0.02))
    r = await client.post("/import", json={"file": text}, headers=lifter.headers)
    assert r.status_code == 422 and r.json()["error"]["details"][0]["field"] == "file"
    r = await client.post("/import", data={"timezone": "UTC"}, files={"other": ("a.csv", b"x")}, headers=lifter.headers)
    assert r.status_code == 422
    r = await upload(client, lifter, text, timezone="Mars/Olympus")
    assert r.status_code == 422 and r.json()["error"]["details"][0]["field"] == "timezone"
    r = await upload(client, lifter, text, colour="blue")
    assert r.status_code == 422 and r.json()["error"]["details"][0]["field"] == "colour"
    r = await upload(client, lifter, text, unit="stone")
    assert r.status_code == 422
    r = await client.post("/import", files={"file": ("a.csv", text.encode())})
    assert r.status_code == 401


async def test_an_oversized_upload_is_a_413(database_url: str) -> None:
    async with app_client(make_settings(database_url, max_import_bytes=4096)) as client:
        lifter = await register(client)
        text = strong_csv(history(0.2))
        assert len(text) > 4096 + 65536
        r = await upload(client, lifter, text)
        assert r.status_code == 413
        r = await upload(client, lifter, text[:6000])  # past the file's limit, within the request's
        assert r.status_code == 413 and "MAX_IMPORT_BYTES" in r.json()["error"]["message"]


async def test_a_job_is_its_owners_only(client: httpx.AsyncClient, lifter: Lifter, other: Lifter) -> None:
    r = await upload(client, lifter, strong_csv(history(0.02)))
    job_id = r.json()["id"]
    r = await client.get(f"/jobs/{job_id}", headers=other.headers)
    assert r.status_code == 404 and r.json()["error"]["code"] == "NOT_FOUND"
    assert (await client.get(f"/jobs/{uuid.uuid4()}", headers=lifter.headers)).status_code == 404
    assert (await client.get(f"/jobs/{job_id}")).status_code == 401
    assert (await finished(client, lifter, job_id))["status"] == "succeeded"
    assert await all_workouts(client, other) == []


async def test_an_import_while_the_job_queue_is_down_is_a_503(database_url: str) -> None:
    from tests.integration.http.test_redis_down import without_redis

    async with without_redis(database_url) as client:
        lifter = await register(client)
        r = await upload(client, lifter, strong_csv(history(0.02)))
        assert r.status_code == 503 and r.headers["retry-after"] == "2"
        assert "job queue" in r.json()["error"]["message"]
