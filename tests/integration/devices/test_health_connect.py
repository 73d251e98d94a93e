"""Health Connect pushes on every store: records become readings and cardio workouts through the one
write path, a repeat updates (never stores twice), an untrusted changes token asks for a full read,
bad records are 422, and one lifter's connection and logs are not another's (404)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from tests.conftest import Lifter
from tests.integration.domain.test_events import Heard
from tests.integration.http.test_sync import pull

URL = "/devices/health-connect/records"


def steps(i: int, value: float = 1000, day: str = "2025-03-03") -> dict[str, Any]:
    return {"id": f"steps-{i}", "type": "Steps", "start_time": f"{day}T08:{i % 60:02d}:00Z", "value": value}


def run(i: int) -> dict[str, Any]:
    return {
        "id": f"run-{i}",
        "type": "ExerciseSession",
        "start_time": "2025-03-03T17:00:00Z",
        "end_time": "2025-03-03T17:30:00Z",
        "exercise_type": "running",
        "distance_m": 5000,
        "title": "Evening run",
    }


async def push(
    client: httpx.AsyncClient, who: Lifter, records: list[dict[str, Any]], token: str | None = None, nxt: str = "t1"
) -> httpx.Response:
    return await client.post(
        URL, json={"changes_token": token, "next_changes_token": nxt, "records": records}, headers=who.headers
    )


@contextmanager
def heard_by(app: Any, who: Lifter) -> Iterator[Heard]:
    """The events published for `who` meanwhile."""
    hub, listener = app.state.spotter.events.hub, Heard(who.id)
    hub.watchers.append(listener)
    try:
        yield listener
    finally:
        hub.watchers.remove(listener)


async def readings(client: httpx.AsyncClient, who: Lifter, metric: str) -> list[dict[str, Any]]:
    r = await client.get("/metrics", params={"type": metric, "limit": 100}, headers=who.headers)
    assert r.status_code == 200, r.text
    return list(r.json()["data"])


async def test_a_push_is_stored_once_however_often_it_comes(client: httpx.AsyncClient, lifter: Lifter) -> None:
    records = [steps(i) for i in range(5)] + [
        run(1),
        {"id": "bp-1", "type": "BloodPressure", "start_time": "2025-03-03T07:00:00Z", "value": 120, "diastolic": 80},
        {
            "id": "sleep-1",
            "type": "SleepSession",
            "start_time": "2025-03-02T23:00:00Z",
            "end_time": "2025-03-03T07:00:00Z",
            "stages": [
                {"stage": "deep", "start_time": "2025-03-02T23:00:00Z", "end_time": "2025-03-03T01:00:00Z"},
                {"stage": "light", "start_time": "2025-03-03T01:00:00Z", "end_time": "2025-03-03T06:30:00Z"},
                {"stage": "awake", "start_time": "2025-03-03T06:30:00Z", "end_time": "2025-03-03T07:00:00Z"},
            ],
        },
    ]
    for _ in range(3):
        r = await push(client, lifter, records)
        assert r.status_code == 200, r.text
        assert r.json()["received"] == 8
    assert len(await readings(client, lifter, "steps")) == 5
    [bp] = await readings(client, lifter, "blood_pressure")
    assert bp["value"] == 120 and bp["details"] == {"diastolic": 80} and bp["source"] == "health_connect"
    [sleep] = await readings(client, lifter, "sleep_hours")
    assert sleep["value"] == 7.5 and sleep["details"] == {"deep_min": 120, "light_min": 330, "awake_min": 30}
    workouts = (await client.get("/workouts", params={"limit": 100}, headers=lifter.headers)).json()["data"]
    assert len(workouts) == 1 and workouts[0]["name"] == "Evening run"
    # a changed record (same id) updates its row
    r = await push(client, lifter, [steps(0, value=2500)], token="t1", nxt="t2")
    assert r.status_code == 200, r.text
    values = sorted(m["value"] for m in await readings(client, lifter, "steps"))
    assert values == [1000, 1000, 1000, 1000, 2500]
    logs = await client.get("/devices/health-connect/sync-logs", headers=lifter.headers)
    assert logs.status_code == 200 and logs.json()["meta"]["total"] == 4
    assert {log["status"] for log in logs.json()["data"]} == {"ok"}
    devices = {d["provider"]: d for d in (await client.get("/devices", headers=lifter.headers)).json()["data"]}
    assert devices["health-connect"]["status"] == "connected" and devices["health-connect"]["last_sync_at"]


async def test_an_untrusted_changes_token_asks_for_a_full_read(client: httpx.AsyncClient, lifter: Lifter) -> None:
    r = await push(client, lifter, [steps(1)], token="never-seen")
    assert r.status_code == 409 and "full read needed" in r.json()["error"]["message"]
    assert await readings(client, lifter, "steps") == []
    assert (await push(client, lifter, [steps(1)], token=None, nxt="t1")).status_code == 200
    assert (await push(client, lifter, [steps(2)], token="t1", nxt="t2")).status_code == 200
    assert len(await readings(client, lifter, "steps")) == 2


async def test_a_token_older_than_thirty_days_is_expired(app: Any, client: httpx.AsyncClient, lifter: Lifter) -> None:
    from sqlalchemy import update

    from domain.models import DeviceConnection

    assert (await push(client, lifter, [steps(1)])).status_code == 200
    async with app.state.spotter.uow() as uow:
        await uow.session.execute(
            update(DeviceConnection)
            .values(last_sync_at=datetime.now(UTC) - timedelta(days=31))
            .where(DeviceConnection.provider == "health_connect")
        )
        await uow.commit()
    r = await push(client, lifter, [steps(2)], token="t1", nxt="t2")
    assert r.status_code == 409


async def test_bad_records_are_refused_whole(client: httpx.AsyncClient, lifter: Lifter) -> None:
    bad = [
        [{"id": "x", "type": "Steps", "start_time": "2025-03-03T08:00:00Z"}],  # no value
        [{"id": "x", "type": "Teleport", "start_time": "2025-03-03T08:00:00Z", "value": 1}],
        [{"id": "x", "type": "BloodPressure", "start_time": "2025-03-03T08:00:00Z", "value": 120}],
        [{"id": "x", "type": "SleepSession", "start_time": "2025-03-03T08:00:00Z"}],  # no end
        [{**steps(1), "color": "red"}],
        [steps(i) for i in range(1001)],
    ]
    for records in bad:
        r = await push(client, lifter, records)
        assert r.status_code == 422, r.text
    assert await readings(client, lifter, "steps") == []


async def test_readings_no_body_shows_are_skipped(client: httpx.AsyncClient, lifter: Lifter) -> None:
    records = [
        steps(1),
        {"id": "hr", "type": "HeartRate", "start_time": "2025-03-03T08:00:00Z", "value": 900},
        {**run(1), "end_time": "2025-03-03T16:00:00Z"},  # ends before it starts
        {**run(2), "end_time": "2025-03-05T17:00:00Z"},  # longer than a day
    ]
    r = await push(client, lifter, records)
    assert r.status_code == 200 and r.json() | {"sync_log_id": None} == {
        "received": 4,
        "stored": 1,
        "next_changes_token": "t1",
        "sync_log_id": None,
    }
    assert (await client.get("/workouts", headers=lifter.headers)).json()["data"] == []


async def test_steps_from_two_sources_are_not_added_up(client: httpx.AsyncClient, lifter: Lifter) -> None:
    assert (await push(client, lifter, [steps(1, 6000), steps(2, 3000)])).status_code == 200
    r = await client.post(
        "/metrics",
        json={"metric": "steps", "value": 8000, "recorded_at": "2025-03-03T20:00:00Z"},
        headers=lifter.headers,
    )
    assert r.status_code == 201
    series = await client.get(
        "/metrics",
        params={"type": "steps", "bucket": "day", "from": "2025-03-03", "to": "2025-03-04"},
        headers=lifter.headers,
    )
    assert series.status_code == 200, series.text
    [day] = series.json()["data"]
    assert day["sum"] == 9000  # the source with the highest total that day, not 17,000


async def test_another_lifters_connection_is_not_found(
    client: httpx.AsyncClient, lifter: Lifter, other: Lifter
) -> None:
    assert (await push(client, lifter, [steps(1)])).status_code == 200
    assert (await client.get("/devices/health-connect/sync-logs", headers=other.headers)).status_code == 404
    assert (await client.delete("/devices/health-connect", headers=other.headers)).status_code == 404
    assert len(await readings(client, lifter, "steps")) == 1


async def test_disconnect_keeps_or_deletes_what_was_synced(client: httpx.AsyncClient, lifter: Lifter) -> None:
    assert (await push(client, lifter, [steps(1), run(1)])).status_code == 200
    assert (await client.delete("/devices/health-connect", headers=lifter.headers)).status_code == 204
    assert len(await readings(client, lifter, "steps")) == 1
    assert (await push(client, lifter, [steps(2)])).status_code == 200
    kept = {m["id"] for m in await readings(client, lifter, "steps")}
    (workout,) = (await client.get("/workouts", headers=lifter.headers)).json()["data"]
    _, _, since = await pull(client, lifter)
    r = await client.delete("/devices/health-connect", params={"keep_data": "false"}, headers=lifter.headers)
    assert r.status_code == 204
    assert await readings(client, lifter, "steps") == []
    assert (await client.get("/workouts", headers=lifter.headers)).json()["data"] == []
    changes, _, _ = await pull(client, lifter, since)  # a synced client is told to drop them all
    gone = {(c["kind"], c["id"]) for c in changes if c["deleted"]}
    assert gone == {("metric", i) for i in kept} | {("workout", workout["id"])}
    devices = {d["provider"]: d for d in (await client.get("/devices", headers=lifter.headers)).json()["data"]}
    assert devices["health-connect"]["status"] == "disconnected"


async def test_a_pushed_deletion_removes_the_stored_record(
    app: Any, client: httpx.AsyncClient, lifter: Lifter, other: Lifter
) -> None:
    assert (await push(client, lifter, [steps(1), steps(2), run(1)])).status_code == 200
    assert (await push(client, other, [steps(1)])).status_code == 200  # the same record id, another lifter's
    (first,) = [m["id"] for m in await readings(client, lifter, "steps") if "08:01" in m["recorded_at"]]  # steps-1
    (workout,) = (await client.get("/workouts", headers=lifter.headers)).json()["data"]
    _, _, since = await pull(client, lifter)
    body = {"changes_token": "t1", "next_changes_token": "t2", "records": [], "deleted_ids": ["steps-1", "run-1", "x"]}
    with heard_by(app, lifter) as events:
        r = await client.post(URL, json=body, headers=lifter.headers)
        assert r.status_code == 200, r.text
    assert [m["value"] for m in await readings(client, lifter, "steps")] == [1000]  # steps-2 stays
    assert (await client.get("/workouts", headers=lifter.headers)).json()["data"] == []
    deleted = [e for e in events.events if e["type"].endswith(".deleted")]
    assert [(e["type"], e["data"]["id"]) for e in deleted] == [
        ("metric.deleted", first),
        ("workout.deleted", workout["id"]),
    ]
    assert deleted[0]["data"]["metric"] == "steps" and deleted[0]["data"]["source"] == "health_connect"
    changes, _, _ = await pull(client, lifter, since)  # a synced client is told to drop them
    gone = {(c["kind"], c["id"]) for c in changes if c["deleted"]}
    assert gone == {("metric", first), ("workout", workout["id"])}
    assert len(await readings(client, other, "steps")) == 1
    again = {**body, "changes_token": "t2", "next_changes_token": "t3"}  # sent again: nothing more goes
    assert (await client.post(URL, json=again, headers=lifter.headers)).status_code == 200
    assert len(await readings(client, lifter, "steps")) == 1
    bad = {**again, "deleted_ids": [""]}
    assert (await client.post(URL, json=bad, headers=lifter.headers)).status_code == 422
