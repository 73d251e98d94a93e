"""/metrics and /body-measurements on every store: every documented type with its units and details,
batches stored whole or not at all, series per local day or week, refusals (422), and that another
lifter's readings stay out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.conftest import Lifter, register


async def test_readings_by_rest_and_by_voice(client: httpx.AsyncClient, lifter: Lifter, other: Lifter) -> None:
    h = lifter.headers
    one = await client.post("/metrics", json={"metric": "body_weight", "value": 82.5, "unit": "kg"}, headers=h)
    assert one.status_code == 201 and one.json()["data"][0]["value"] == 82.5
    batch = await client.post(
        "/metrics",
        json={"data": [{"metric": "steps", "value": 9000}, {"metric": "sleep_hours", "value": 7.5, "unit": "h"}]},
        headers=h,
    )
    assert batch.status_code == 201 and len(batch.json()["data"]) == 2
    said = await client.post("/assistant/messages", json={"text": "slept seven hours"}, headers=h)
    assert said.json()["reply"] == "Sleep: 7 h logged."
    weights = (await client.get("/metrics", params={"metric": "body_weight"}, headers=h)).json()
    assert [m["value"] for m in weights["data"]] == [82.5]
    assert (await client.get("/metrics", headers=h)).json()["meta"]["total"] == 4
    assert (await client.get("/metrics", headers=other.headers)).json()["meta"]["total"] == 0


async def test_impossible_readings_are_refused(client: httpx.AsyncClient, lifter: Lifter) -> None:
    for bad in [
        {"metric": "body_weight", "value": 2000, "unit": "kg"},
        {"metric": "sleep_hours", "value": 30},
        {"metric": "body_fat", "value": 5, "unit": "kg"},
        {"metric": "mood", "value": 3},
        {"metric": "heart_rate", "value": 400},
        {"metric": "blood_pressure", "value": 120},  # no diastolic
        {"metric": "blood_pressure", "value": 80, "details": {"diastolic": 95}},
        {"metric": "sleep_hours", "value": 5, "details": {"deep_min": 200, "light_min": 200}},
        {"metric": "steps", "value": 100, "details": {"diastolic": 80}},
        {"metric": "steps", "value": 100, "details": {"snoring_min": 3}},
        {"metric": "waist", "value": 84, "unit": "mm"},
    ]:
        r = await client.post("/metrics", json=bad, headers=lifter.headers)
        assert r.status_code == 422, bad
    assert (await client.get("/metrics", headers=lifter.headers)).json()["meta"]["total"] == 0


EVERY_TYPE: list[dict[str, Any]] = [
    {"metric": "body_weight", "value": 180, "unit": "lb"},
    {"metric": "body_fat", "value": 14.5},
    {"metric": "heart_rate", "value": 128, "unit": "bpm"},
    {"metric": "resting_heart_rate", "value": 52},
    {"metric": "hrv", "value": 64, "unit": "ms"},
    {"metric": "vo2_max", "value": 47.5},
    {"metric": "blood_pressure", "value": 118, "unit": "mmHg", "details": {"diastolic": 76}},
    {"metric": "steps", "value": 11250},
    {
        "metric": "sleep_hours",
        "value": 450,
        "unit": "min",
        "details": {"deep_min": 90, "light_min": 250, "rem_min": 110, "awake_min": 25},
    },
    {"metric": "calories_active", "value": 2500, "unit": "kJ"},
    {"metric": "calories_total", "value": 2800, "unit": "kcal"},
    {"metric": "water_ml", "value": 64, "unit": "oz"},
    {"metric": "waist", "value": 33, "unit": "in"},
    {"metric": "biceps_left", "value": 38},
]


async def test_every_type_is_stored_as_entered(client: httpx.AsyncClient, lifter: Lifter) -> None:
    r = await client.post("/metrics/batch", json={"data": EVERY_TYPE}, headers=lifter.headers)
    assert r.status_code == 201, r.text
    stored = r.json()["data"]
    assert [m["metric"] for m in stored] == [m["metric"] for m in EVERY_TYPE]
    by_type = {m["metric"]: m for m in stored}
    assert (by_type["sleep_hours"]["value"], by_type["sleep_hours"]["unit"]) == (450, "min")
    assert by_type["sleep_hours"]["details"] == EVERY_TYPE[8]["details"]
    assert by_type["blood_pressure"]["details"] == {"diastolic": 76}
    assert (by_type["body_fat"]["unit"], by_type["steps"]["unit"], by_type["vo2_max"]["unit"]) == (
        "%",
        "steps",
        "ml/kg/min",
    )
    assert by_type["biceps_left"]["unit"] == "in"  # the lifter's (lb: inches)
    assert by_type["heart_rate"]["details"] is None
    listed = await client.get("/metrics", params={"type": "blood_pressure"}, headers=lifter.headers)
    assert [m["details"] for m in listed.json()["data"]] == [{"diastolic": 76}]
    types = (await client.get("/metrics/types", headers=lifter.headers)).json()["data"]
    assert {t["metric"] for t in types} >= {m["metric"] for m in EVERY_TYPE}
    water = next(t for t in types if t["metric"] == "water_ml")
    assert water["units"] == ["ml", "l", "oz"] and water["adds_up"] is True


async def test_a_batch_is_stored_whole_or_not_at_all(client: httpx.AsyncClient, lifter: Lifter) -> None:
    data = [
        {"metric": "steps", "value": 9000},
        {"metric": "body_weight", "value": 9000, "unit": "kg"},
        {"metric": "heart_rate", "value": 60},
        {"metric": "blood_pressure", "value": 120},
    ]
    for path in ("/metrics/batch", "/metrics"):
        r = await client.post(path, json={"data": data}, headers=lifter.headers)
        assert r.status_code == 422, r.text
        details = r.json()["error"]["details"]
        assert [d["field"] for d in details] == ["data[1].value", "data[3].details.diastolic"]
        assert details[0]["message"] == "must be between 20 and 400 kg"
    assert (await client.get("/metrics", headers=lifter.headers)).json()["meta"]["total"] == 0


async def test_a_batch_has_a_limit(client: httpx.AsyncClient, lifter: Lifter) -> None:
    many = [{"metric": "steps", "value": 10}] * 501
    r = await client.post("/metrics/batch", json={"data": many}, headers=lifter.headers)
    assert r.status_code == 422 and r.json()["error"]["details"][0]["field"] == "data"
    r = await client.post("/metrics/batch", json={"data": []}, headers=lifter.headers)
    assert r.status_code == 422


def at(day: int, hour: int) -> str:
    return datetime(2025, 3, day, hour, tzinfo=UTC).isoformat()


async def lifter_in(client: httpx.AsyncClient, unit: str, timezone: str = "UTC") -> Lifter:
    who = await register(client)
    assert (await client.patch("/me", json={"unit_pref": unit, "timezone": timezone}, headers=who.headers)).is_success
    return who


async def test_readings_between_two_times(client: httpx.AsyncClient) -> None:
    who = await lifter_in(client, "kg")
    data = [{"metric": "resting_heart_rate", "value": 50 + d, "recorded_at": at(d, 7)} for d in (3, 4, 5, 6)]
    assert (await client.post("/metrics/batch", json={"data": data}, headers=who.headers)).status_code == 201
    params = {"type": "resting_heart_rate", "from": at(4, 0), "to": at(6, 0)}
    found = (await client.get("/metrics", params=params, headers=who.headers)).json()
    assert [m["value"] for m in found["data"]] == [55, 54] and found["meta"]["total"] == 2
    r = await client.get("/metrics", params={"type": "steps", "metric": "hrv"}, headers=who.headers)
    assert r.status_code == 422


async def test_series_add_up_totals_and_average_levels_per_local_day(client: httpx.AsyncClient) -> None:
    who = await lifter_in(client, "lb", "America/New_York")
    data = [
        {"metric": "steps", "value": 4000, "recorded_at": at(3, 14)},
        {"metric": "steps", "value": 3000, "recorded_at": at(4, 2)},  # 22:00 on the 3rd in New York
        {"metric": "steps", "value": 9000, "recorded_at": at(4, 18)},
        {"metric": "body_weight", "value": 80, "unit": "kg", "recorded_at": at(3, 12)},
        {"metric": "body_weight", "value": 181, "unit": "lb", "recorded_at": at(3, 20)},
        {"metric": "water_ml", "value": 1, "unit": "l", "recorded_at": at(3, 15)},
        {"metric": "water_ml", "value": 500, "recorded_at": at(3, 16)},
    ]
    assert (await client.post("/metrics/batch", json={"data": data}, headers=who.headers)).status_code == 201

    async def series(metric: str, bucket: str) -> dict[str, Any]:
        params = {"type": metric, "bucket": bucket, "from": at(1, 12), "to": at(9, 12)}
        r = await client.get("/metrics", params=params, headers=who.headers)
        assert r.status_code == 200, r.text
        return dict(r.json())

    steps = await series("steps", "day")
    assert (steps["unit"], steps["timezone"], steps["start"], steps["end"]) == (
        "steps",
        "America/New_York",
        "2025-03-01",
        "2025-03-09",
    )
    assert [(b["start"], b["sum"], b["count"]) for b in steps["data"]] == [
        ("2025-03-03", 7000, 2),
        ("2025-03-04", 9000, 1),
    ]
    week = (await series("steps", "week"))["data"]
    assert [(b["start"], b["sum"], b["avg"], b["min"], b["max"]) for b in week] == [
        ("2025-03-03", 16000, 8000, 7000, 9000)
    ]
    weight = (await series("body_weight", "day"))["data"][0]
    assert weight["sum"] is None and weight["count"] == 2  # levels: no sum, in the lifter's lb
    assert (weight["min"], weight["max"], weight["avg"]) == (176.37, 181, 178.68)
    water = await series("water_ml", "day")
    assert water["unit"] == "ml" and water["data"][0]["sum"] == 1500


async def test_series_carry_their_details(client: httpx.AsyncClient) -> None:
    who = await lifter_in(client, "kg")
    data = [
        {"metric": "blood_pressure", "value": 120, "details": {"diastolic": 80}, "recorded_at": at(3, 8)},
        {"metric": "blood_pressure", "value": 130, "details": {"diastolic": 90}, "recorded_at": at(3, 20)},
        {"metric": "sleep_hours", "value": 7, "details": {"deep_min": 60, "rem_min": 90}, "recorded_at": at(4, 6)},
        {"metric": "sleep_hours", "value": 0.5, "unit": "h", "details": {"deep_min": 0}, "recorded_at": at(4, 15)},
    ]
    assert (await client.post("/metrics/batch", json={"data": data}, headers=who.headers)).status_code == 201
    params = {"type": "blood_pressure", "bucket": "day", "from": at(1, 0), "to": at(9, 0)}
    [day] = (await client.get("/metrics", params=params, headers=who.headers)).json()["data"]
    assert (day["avg"], day["details"]["diastolic"]) == (125, {"avg": 85, "min": 80, "max": 90, "sum": None})
    params["type"] = "sleep_hours"
    [night] = (await client.get("/metrics", params=params, headers=who.headers)).json()["data"]
    assert (
        night["sum"] == 7.5 and night["details"]["deep_min"]["sum"] == 60 and night["details"]["rem_min"]["sum"] == 90
    )


@pytest.mark.parametrize(
    "params",
    [
        {"bucket": "day"},  # which type?
        {"type": "steps", "bucket": "day", "from": "2025-03-09T00:00:00Z", "to": "2025-03-01T00:00:00Z"},
        {"type": "steps", "bucket": "day", "from": "2020-01-01T00:00:00Z", "to": "2025-03-01T00:00:00Z"},
        {"type": "steps", "bucket": "week", "from": "0001-01-01T00:00:00Z"},
        {"type": "steps", "bucket": "month"},
        {"type": "mood"},
        {"from": "yesterday"},
    ],
)
async def test_bad_queries_are_refused(client: httpx.AsyncClient, lifter: Lifter, params: dict[str, str]) -> None:
    r = await client.get("/metrics", params=params, headers=lifter.headers)
    assert r.status_code == 422, r.text


async def test_a_series_defaults_to_the_last_weeks(client: httpx.AsyncClient, lifter: Lifter) -> None:
    now = datetime.now(UTC)
    data = [{"metric": "hrv", "value": 60, "recorded_at": (now - timedelta(days=d)).isoformat()} for d in (1, 40)]
    assert (await client.post("/metrics/batch", json={"data": data}, headers=lifter.headers)).status_code == 201
    days = (await client.get("/metrics", params={"type": "hrv", "bucket": "day"}, headers=lifter.headers)).json()
    assert len(days["data"]) == 1  # the last 30 days
    weeks = (await client.get("/metrics", params={"type": "hrv", "bucket": "week"}, headers=lifter.headers)).json()
    assert len(weeks["data"]) == 2  # the last 12 weeks


async def test_body_measurements_are_taken_together(client: httpx.AsyncClient, other: Lifter) -> None:
    who = await lifter_in(client, "kg")
    body = {"waist": 84, "neck": 39.5, "biceps_left": 37, "recorded_at": at(3, 8)}
    r = await client.post("/body-measurements", json=body, headers=who.headers)
    assert r.status_code == 201, r.text
    assert {(m["metric"], m["value"], m["unit"]) for m in r.json()["data"]} == {
        ("waist", 84, "cm"),
        ("neck", 39.5, "cm"),
        ("biceps_left", 37, "cm"),
    }
    r = await client.post("/body-measurements", json={"unit": "in", "waist": 32.5}, headers=who.headers)
    assert r.status_code == 201 and r.json()["data"][0]["unit"] == "in"
    await client.post("/metrics", json={"metric": "steps", "value": 100}, headers=who.headers)
    listed = (await client.get("/body-measurements", headers=who.headers)).json()
    assert listed["meta"]["total"] == 4  # girths only
    waists = (await client.get("/body-measurements", params={"site": "waist"}, headers=who.headers)).json()
    assert [m["value"] for m in waists["data"]] == [32.5, 84]
    series = await client.get(
        "/metrics", params={"type": "waist", "bucket": "week", "from": at(1, 0)}, headers=who.headers
    )
    assert series.json()["unit"] == "cm" and series.json()["data"][0]["max"] == 84
    assert (await client.get("/body-measurements", headers=other.headers)).json()["meta"]["total"] == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"waist": 2}, "waist"),  # inches, the lifter's: 5 cm
        ({"unit": "in", "waist": 200}, "waist"),
        ({"unit": "mm", "waist": 800}, "unit"),
        ({"unit": "cm"}, "body"),
        ({"waist": 80, "ears": 5}, "ears"),
    ],
)
async def test_bad_measurements_are_refused(
    client: httpx.AsyncClient, lifter: Lifter, body: dict[str, Any], field: str
) -> None:
    r = await client.post("/body-measurements", json=body, headers=lifter.headers)
    assert r.status_code == 422, r.text
    assert field in {d["field"] for d in r.json()["error"]["details"]}, r.text
    assert (await client.get("/body-measurements", headers=lifter.headers)).json()["meta"]["total"] == 0
