from __future__ import annotations

import httpx

from tests.conftest import Lifter


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
    ]:
        r = await client.post("/metrics", json=bad, headers=lifter.headers)
        assert r.status_code == 422, bad
    assert (await client.get("/metrics", headers=lifter.headers)).json()["meta"]["total"] == 0
