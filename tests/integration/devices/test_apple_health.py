"""Apple Health on every store: pushes with anchors (a full read, one from the anchor kept, one sent
again, one from an anchor never kept: 409, nothing stored), an export uploaded and imported by a job
(the same records a push makes, none twice on a second import; a file cut short fails the job
saying where, with nothing written; garbage is a 422 at once), the watch's and the phone's steps not
added up, samples deleted on the phone (named by their UUIDs) deleted here, and `sync.finished`
announced when a sync stored something."""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select

from channels.http.schemas.devices import APPLE_PUSH_EXAMPLES
from domain.models import BodyMetric, Job, SyncLog, Workout
from tests.conftest import Lifter
from tests.fakes.apple_health import PER_DAY, PHONE, TZ, WATCH, export_file, pushed

URL = "/devices/apple-health/records"
FIRST = datetime(2024, 1, 1, tzinfo=TZ)


async def push(
    client: httpx.AsyncClient, who: Lifter, samples: list[dict[str, Any]], anchor: str | None, nxt: str
) -> httpx.Response:
    return await client.post(URL, json={"anchor": anchor, "next_anchor": nxt, "samples": samples}, headers=who.headers)


async def counts(app: Any, who: Lifter) -> tuple[int, int]:
    user = uuid.UUID(who.id)
    async with app.state.spotter.reader() as uow:
        readings = await uow.session.scalar(
            select(func.count()).where(BodyMetric.user_id == user, BodyMetric.source == "apple_health")
        )
        workouts = await uow.session.scalar(
            select(func.count()).where(Workout.user_id == user, Workout.source == "apple_health")
        )
    return int(readings or 0), int(workouts or 0)


async def upload(client: httpx.AsyncClient, who: Lifter, path: Path) -> dict[str, Any]:
    """Upload the export; the job once it has ended."""
    with path.open("rb") as f:
        r = await client.post(
            "/devices/apple-health/export", files={"file": (path.name, f, "application/zip")}, headers=who.headers
        )
    assert r.status_code == 202, r.text
    assert r.headers["location"].endswith(f"/jobs/{r.json()['id']}")
    for _ in range(1500):
        job = (await client.get(f"/jobs/{r.json()['id']}", headers=who.headers)).json()
        if job["status"] in ("succeeded", "failed"):
            return dict(job)
        await asyncio.sleep(0.02)
    raise AssertionError(f"the import did not end: {job}")


async def test_pushes_follow_the_anchor(client: httpx.AsyncClient, app: Any, lifter: Lifter) -> None:
    samples = pushed(FIRST)
    r = await push(client, lifter, samples, None, "a1")  # a full read
    assert r.status_code == 200, r.text
    assert r.json()["received"] == 3 and r.json()["stored"] == 5  # 2 readings, a run, its heart rate and calories
    assert await counts(app, lifter) == (4, 1)
    again = await push(client, lifter, samples, None, "a1")  # sent again: its answer was lost
    assert again.status_code == 200 and await counts(app, lifter) == (4, 1)
    later = pushed(FIRST + timedelta(days=1))
    assert (await push(client, lifter, later, "a1", "a2")).status_code == 200  # from the anchor kept
    assert (await push(client, lifter, later, "a1", "a2")).status_code == 200  # that one sent again
    assert await counts(app, lifter) == (8, 2)
    stale = await push(client, lifter, pushed(FIRST + timedelta(days=2)), "a0", "a9")  # a restored phone
    assert stale.status_code == 409, stale.text
    assert "full read needed" in stale.json()["error"]["message"]
    assert stale.json()["error"]["details"] == [{"field": "anchor", "message": "full read needed"}]
    assert await counts(app, lifter) == (8, 2)
    bad = await push(client, lifter, [{**samples[0], "unit": "kg"}], None, "a3")
    assert bad.status_code == 422 and "unit" in bad.text


async def test_samples_deleted_on_the_phone_are_deleted_here(
    client: httpx.AsyncClient, app: Any, lifter: Lifter, other: Lifter
) -> None:
    steps, sleep, run = pushed(FIRST)
    ids = {"steps": str(uuid.uuid4()).upper(), "sleep": str(uuid.uuid4()).upper(), "run": str(uuid.uuid4()).upper()}
    with_ids = [{**steps, "uuid": ids["steps"]}, {**sleep, "uuid": ids["sleep"]}, {**run, "uuid": ids["run"]}]
    assert (await push(client, lifter, with_ids, None, "d1")).status_code == 200
    assert (await push(client, other, with_ids, None, "d1")).status_code == 200  # the same UUIDs, another lifter
    assert await counts(app, lifter) == (4, 1)
    gone = {"anchor": "d1", "next_anchor": "d2", "samples": [], "deleted": [ids["steps"], ids["run"], "NEVER-SEEN"]}
    r = await client.post(URL, json=gone, headers=lifter.headers)
    assert r.status_code == 200, r.text
    assert r.json()["stored"] == 2  # the steps and the run (its heart rate and calories go with it)
    assert await counts(app, lifter) == (1, 0)  # the sleep stays
    left = (await client.get("/metrics", params={"type": "sleep_hours"}, headers=lifter.headers)).json()["data"]
    assert len(left) == 1
    assert await counts(app, other) == (4, 1)
    again = {**gone, "anchor": "d2", "next_anchor": "d3"}  # sent again: nothing more goes
    assert (await client.post(URL, json=again, headers=lifter.headers)).json()["stored"] == 0
    assert await counts(app, lifter) == (1, 0)
    for bad in ([""], ["x" * 65], "not-a-list"):
        r = await client.post(URL, json={**gone, "deleted": bad}, headers=lifter.headers)
        assert r.status_code == 422, (bad, r.text)
    assert (await push(client, lifter, [{**steps, "uuid": ""}], "d3", "d4")).status_code == 422


async def test_the_documented_pushes_are_taken_in_turn(client: httpx.AsyncClient, app: Any, lifter: Lifter) -> None:
    for name in ("full read", "deletions"):  # the second names the first's anchor and its step sample
        r = await client.post(URL, json=APPLE_PUSH_EXAMPLES[name]["value"], headers=lifter.headers)
        assert r.status_code == 200, (name, r.text)
    assert (await client.get("/metrics", params={"type": "steps"}, headers=lifter.headers)).json()["data"] == []


async def test_watch_and_phone_steps_are_not_added_up(client: httpx.AsyncClient, lifter: Lifter) -> None:
    watch, phone = pushed(FIRST, WATCH)[0], pushed(FIRST, PHONE)[0]
    later = {**watch, "start": watch["end"], "end": (FIRST + timedelta(hours=9)).isoformat(), "value": 300}
    r = await push(client, lifter, [watch, later, {**phone, "value": 650}], None, "s1")
    assert r.status_code == 200, r.text
    series = await client.get(
        "/metrics",
        params={"type": "steps", "bucket": "day", "from": "2024-01-01", "to": "2024-01-02"},
        headers=lifter.headers,
    )
    assert series.status_code == 200, series.text
    (day,) = series.json()["data"]
    assert (day["sum"], day["count"]) == (800, 2), day  # the watch's 800, not 1,450 with the phone's


async def test_an_export_is_imported_once_and_matches_pushes(
    client: httpx.AsyncClient, app: Any, lifter: Lifter, tmp_path: Path
) -> None:
    assert (await push(client, lifter, pushed(FIRST), None, "e1")).status_code == 200
    path = export_file(tmp_path / "export.zip", 2 * PER_DAY, zipped=True)
    job = await upload(client, lifter, path)
    assert job["status"] == "succeeded", job
    assert job["name"] == "import_apple_health" and job["progress"] == 1.0
    result = job["result"]
    assert (result["records"], result["mapped"]) == (2 * PER_DAY, 80)
    assert result["skipped_by_type"] == {"HKQuantityTypeIdentifierBasalEnergyBurned": 2}
    # a day: 39 readings, a run with its heart rate and calories; what was pushed is among them
    assert await counts(app, lifter) == (82, 2)
    again = await upload(client, lifter, export_file(tmp_path / "again.xml", 2 * PER_DAY))
    assert again["status"] == "succeeded" and await counts(app, lifter) == (82, 2)
    logs = (await client.get("/devices/apple-health/sync-logs", headers=lifter.headers)).json()["data"]
    assert [g["trigger"] for g in logs[:2]] == ["upload", "upload"] and logs[0]["fetched"] == 2 * PER_DAY
    async with app.state.spotter.reader() as uow:
        upload_file = (await uow.session.get(Job, uuid.UUID(again["id"]))).args["upload"]
    gone = not await asyncio.to_thread((Path(app.state.settings.device_upload_dir) / upload_file).exists)
    assert gone  # the file went with its job
    history = await app.state.spotter.events.since(uuid.UUID(lifter.id), "0-0")
    finished = [e for e in history.events if e.type == "sync.finished" and '"provider":"apple_health"' in e.text]
    assert len(finished) == 3 and all('"trigger":' in e.text for e in finished)  # the push and both imports


async def test_a_broken_export_fails_its_job_and_writes_nothing(
    client: httpx.AsyncClient, app: Any, lifter: Lifter, tmp_path: Path
) -> None:
    cut = export_file(tmp_path / "export.xml", 3 * PER_DAY, cut=True)
    job = await upload(client, lifter, cut)
    assert job["status"] == "failed" and job["attempts"] == 1, job
    assert "not well-formed at line" in job["error"] and "export again" in job["error"]
    assert await counts(app, lifter) == (0, 0)
    async with app.state.spotter.reader() as uow:
        logs = await uow.session.scalar(select(func.count()).where(SyncLog.user_id == uuid.UUID(lifter.id)))
    assert logs == 0
    junk = {"file": ("export.xml", b"\x00\x01 not an export")}
    garbage = await client.post("/devices/apple-health/export", files=junk, headers=lifter.headers)
    assert garbage.status_code == 422 and "neither a zip nor XML" in garbage.text
    plain = await client.post("/devices/apple-health/export", content=b"<HealthData/>", headers=lifter.headers)
    assert plain.status_code == 422


async def test_another_lifters_job_is_not_found(
    client: httpx.AsyncClient, lifter: Lifter, other: Lifter, tmp_path: Path
) -> None:
    job = await upload(client, lifter, export_file(tmp_path / "e.xml", PER_DAY))
    assert (await client.get(f"/jobs/{job['id']}", headers=other.headers)).status_code == 404
