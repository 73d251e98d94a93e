from __future__ import annotations

import httpx

from tests.conftest import Lifter


async def test_typo_tolerant_search_ranks_the_intended_lift_first(client: httpx.AsyncClient, lifter: Lifter) -> None:
    for query, slug in [
        ("bech pres", "barbell-bench-press"),
        ("dedlift", "deadlift"),
        ("rdl", "romanian-deadlift"),
        ("pull ups", "pull-up"),
        ("skullcrushers", "skull-crusher"),
        ("squat", "barbell-back-squat"),
    ]:
        r = await client.get("/exercises", params={"search": query, "limit": 5}, headers=lifter.headers)
        assert r.status_code == 200
        assert r.json()["data"][0]["slug"] == slug, query


async def test_filters_and_pagination_meta(client: httpx.AsyncClient, lifter: Lifter) -> None:
    r = await client.get(
        "/exercises", params={"equipment": "barbell", "muscle": "chest", "limit": 100}, headers=lifter.headers
    )
    data = r.json()["data"]
    assert data and all(e["equipment"] == "barbell" for e in data)
    assert all("chest" in e["primary_muscles"] + e["secondary_muscles"] for e in data)
    r = await client.get("/exercises", params={"category": "cardio", "limit": 2, "page": 2}, headers=lifter.headers)
    meta = r.json()["meta"]
    assert meta["page"] == 2 and meta["limit"] == 2 and meta["total"] >= 4 and meta["has_next"] is True
    assert (await client.get("/exercises", params={"limit": 101}, headers=lifter.headers)).status_code == 422


async def test_get_by_slug_or_id_and_unknown(client: httpx.AsyncClient, lifter: Lifter) -> None:
    by_slug = (await client.get("/exercises/deadlift", headers=lifter.headers)).json()
    assert by_slug["name"] == "Barbell Deadlift" and "hamstrings" in by_slug["primary_muscles"] + by_slug[
        "secondary_muscles"
    ] + ["hamstrings"]
    by_id = await client.get(f"/exercises/{by_slug['id']}", headers=lifter.headers)
    assert by_id.json()["slug"] == "deadlift"
    missing = await client.get("/exercises/underwater-basket-weaving", headers=lifter.headers)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "NOT_FOUND"
    batch = await client.post("/exercises/batch", json={"ids": ["dip", "nope", by_slug["id"]]}, headers=lifter.headers)
    assert [e["slug"] for e in batch.json()["data"]] == ["dip", "deadlift"]


async def test_custom_exercises_are_private(client: httpx.AsyncClient, lifter: Lifter, other: Lifter) -> None:
    r = await client.post(
        "/exercises",
        json={"name": "Zercher Carry Deluxe", "aliases": ["zcd"], "kind": "barbell"},
        headers=lifter.headers,
    )
    assert r.status_code == 201
    mine = r.json()
    assert mine["is_custom"] and mine["slug"] == "zercher-carry-deluxe"
    dup = await client.post("/exercises", json={"name": "Zercher Carry Deluxe"}, headers=lifter.headers)
    assert dup.status_code == 409
    found = await client.get("/exercises", params={"search": "zercher carry deluxe"}, headers=lifter.headers)
    assert found.json()["data"][0]["id"] == mine["id"]
    assert (await client.get(f"/exercises/{mine['id']}", headers=other.headers)).status_code == 404
    theirs = await client.get("/exercises", params={"search": "zercher carry deluxe"}, headers=other.headers)
    assert mine["id"] not in [e["id"] for e in theirs.json()["data"]]
    assert (
        await client.patch(f"/exercises/{mine['id']}", json={"name": "x"}, headers=other.headers)
    ).status_code == 404
    renamed = await client.patch(f"/exercises/{mine['id']}", json={"name": "Zercher Walk"}, headers=lifter.headers)
    assert renamed.json()["name"] == "Zercher Walk"
    assert (await client.delete(f"/exercises/{mine['id']}", headers=other.headers)).status_code == 404
    assert (await client.delete(f"/exercises/{mine['id']}", headers=lifter.headers)).status_code == 204


async def test_catalog_exercises_cannot_be_edited(client: httpx.AsyncClient, lifter: Lifter) -> None:
    bench = (await client.get("/exercises/barbell-bench-press", headers=lifter.headers)).json()
    r = await client.patch(f"/exercises/{bench['id']}", json={"name": "Mine now"}, headers=lifter.headers)
    assert r.status_code == 404
    r = await client.post("/exercises", json={"name": "x", "kind": "spaceship"}, headers=lifter.headers)
    assert r.status_code == 422


async def test_search_applies_filters_and_serves_the_same_exercise_as_lookup(
    client: httpx.AsyncClient, lifter: Lifter
) -> None:
    h = lifter.headers
    hit = (await client.get("/exercises", params={"search": "bench press", "limit": 1}, headers=h)).json()["data"][0]
    assert hit == (await client.get(f"/exercises/{hit['slug']}", headers=h)).json()
    for params in ({"equipment": "dumbbell"}, {"category": "strength", "muscle": "triceps"}):
        r = (await client.get("/exercises", params={"search": "press", "limit": 50, **params}, headers=h)).json()
        assert r["data"], params
        for e in r["data"]:
            assert params.get("equipment", e["equipment"]) == e["equipment"]
            assert params.get("category", e["category"]) == e["category"]
            assert "muscle" not in params or params["muscle"] in e["primary_muscles"] + e["secondary_muscles"]
    none = (await client.get("/exercises", params={"search": "press", "equipment": "spaceship"}, headers=h)).json()
    assert none == {"data": [], "meta": {"page": 1, "limit": 20, "total": 0, "has_next": False}}
    own = await client.post("/exercises", json={"name": "Landmine Press Twist", "equipment": "barbell"}, headers=h)
    assert own.status_code == 201
    barbell = await client.get(
        "/exercises", params={"search": "landmine press twist", "equipment": "barbell"}, headers=h
    )
    assert barbell.json()["data"][0]["id"] == own.json()["id"]
    cable = await client.get("/exercises", params={"search": "landmine press twist", "equipment": "cable"}, headers=h)
    assert own.json()["id"] not in [e["id"] for e in cable.json()["data"]]
