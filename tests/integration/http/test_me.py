from __future__ import annotations

import httpx

from tests.conftest import Lifter


async def test_profile_read_and_update(client: httpx.AsyncClient, lifter: Lifter) -> None:
    me = (await client.get("/me", headers=lifter.headers)).json()
    assert me["unit_pref"] == "lb" and me["timezone"] == "UTC"
    r = await client.patch(
        "/me",
        json={"unitPref": "kg", "timezone": "Europe/Berlin", "bar_weight": 20, "display_name": "Sam"},
        headers=lifter.headers,
    )
    assert r.status_code == 200
    assert r.json()["unit_pref"] == "kg" and r.json()["timezone"] == "Europe/Berlin"
    assert r.json()["bar_weight"] == 20 and r.json()["display_name"] == "Sam"


async def test_profile_rejects_bad_values(client: httpx.AsyncClient, lifter: Lifter) -> None:
    r = await client.patch("/me", json={"unit_pref": "stone"}, headers=lifter.headers)
    assert r.status_code == 422 and r.json()["error"]["details"][0]["field"] == "unit_pref"
    r = await client.patch("/me", json={"timezone": "Mars/Olympus"}, headers=lifter.headers)
    assert r.status_code == 422 and r.json()["error"]["details"][0]["field"] == "timezone"
    r = await client.patch("/me", json={}, headers=lifter.headers)
    assert r.status_code == 422
    assert (await client.get("/me", headers=lifter.headers)).json()["unit_pref"] == "lb"
