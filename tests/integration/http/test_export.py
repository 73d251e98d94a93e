"""GET /export/workouts.csv and .json: the caller's history, streamed; the CSV is Strong's layout, so
exporting and importing it into another account gives the same history."""

from __future__ import annotations

import csv
import io
from typing import Any

import httpx
import pytest

from tests.conftest import Lifter, register
from tests.fakes.exports import UNMATCHED, all_sets, history, strong_csv
from tests.integration.http.test_import import imported

SESSIONS = history(0.06, seed=11)  # three weeks


async def export_json(client: httpx.AsyncClient, who: Lifter) -> dict[str, Any]:
    r = await client.get("/export/workouts.json", headers=who.headers)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    found: dict[str, Any] = r.json()
    return found


def history_of(export: dict[str, Any]) -> list[tuple[Any, ...]]:
    """What a lifter did, without ids, the set's own time (Strong's layout has none) and kg to 0.1 g."""
    return [
        (
            w["name"],
            w["status"],
            w["started_at"],
            w["completed_at"],
            w["notes"],
            tuple(
                (
                    s["exercise"],
                    s["set_type"],
                    s["reps"],
                    None if s["weight_kg"] is None else round(s["weight_kg"], 4),
                    s["rpe"],
                    s["duration_s"],
                    s["distance_m"],
                    s["notes"],
                )
                for s in w["sets"]
            ),
        )
        for w in export["workouts"]
    ]


async def test_exporting_then_importing_into_another_account_gives_the_same_history(
    client: httpx.AsyncClient,
) -> None:
    first = await register(client, unit_pref="kg")
    await imported(client, first, strong_csv(SESSIONS))
    live = {
        "name": "Garage session",
        "notes": "new bar",
        "started_at": "2026-01-10T10:00:00Z",
        "completed_at": "2026-01-10T11:00:00Z",
        "sets": [
            {"exercise": "deadlift", "weight": 135, "unit": "lb", "reps": 5, "set_type": "warmup"},
            {"exercise": "deadlift", "weight": 315, "unit": "lb", "reps": 3, "rpe": 9, "notes": "hook grip"},
            {"exercise": "deadlift", "weight": 140, "unit": "kg", "reps": 2, "set_type": "failure"},
            {"exercise": "plank", "duration_s": 90},
        ],
    }
    assert (await client.post("/workouts", json=live, headers=first.headers)).status_code == 201

    r = await client.get("/export/workouts.csv", headers=first.headers)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.text), delimiter=";"))
    assert rows[0][6] == "Weight (kg)" and len(rows) == 1 + all_sets(SESSIONS) + len(live["sets"])
    garage = [row for row in rows if row[2] == "Garage session"]
    assert [row[5] for row in garage] == ["W", "1", "F", "1"]
    assert garage[1][6] == "142.8816" and garage[1][11] == "hook grip"  # 315 lb in kg

    second = await register(client, unit_pref="kg")
    assert (await export_json(client, second))["workouts"] == []  # nothing of the first lifter's
    result = (await imported(client, second, r.text))["result"]
    assert result["workouts_imported"] == len(SESSIONS) + 1
    assert {u["name"] for u in result["unmatched"]} == set(UNMATCHED)
    assert history_of(await export_json(client, second)) == history_of(await export_json(client, first))


async def test_the_csv_is_in_the_lifters_unit_or_the_one_asked_for(client: httpx.AsyncClient) -> None:
    lifter = await register(client, unit_pref="lb")
    body = {
        "started_at": "2026-02-01T08:00:00Z",
        "sets": [{"exercise": "barbell-bench-press", "weight": 100, "unit": "kg", "reps": 5}],
    }
    assert (await client.post("/workouts", json=body, headers=lifter.headers)).status_code == 201
    rows = list(
        csv.reader(io.StringIO((await client.get("/export/workouts.csv", headers=lifter.headers)).text), delimiter=";")
    )
    assert rows[0][6] == "Weight (lbs)" and rows[1][6] == "220.4623"
    r = await client.get("/export/workouts.csv?unit=kg", headers=lifter.headers)
    assert list(csv.reader(io.StringIO(r.text), delimiter=";"))[1][6] == "100"
    assert (await client.get("/export/workouts.csv?unit=stone", headers=lifter.headers)).status_code == 422


async def test_the_json_has_every_started_workout_with_its_sets(client: httpx.AsyncClient, lifter: Lifter) -> None:
    await imported(client, lifter, strong_csv(SESSIONS[:2]))
    export = await export_json(client, lifter)
    assert [w["name"] for w in export["workouts"]] == [s.name for s in SESSIONS[:2]]
    first = export["workouts"][0]
    assert first["source"] == "import" and first["sets"][0]["exercise"] == "barbell-bench-press"
    assert [s["position"] for s in first["sets"]] == list(range(1, len(first["sets"]) + 1))


@pytest.mark.parametrize("path", ["/export/workouts.csv", "/export/workouts.json"])
async def test_an_export_needs_a_caller(client: httpx.AsyncClient, path: str) -> None:
    r = await client.get(path)
    assert r.status_code == 401 and r.json()["error"]["code"] == "AUTH_REQUIRED"
