"""Exercise favorites (PUT/DELETE /exercises/{ref}/favorite, ?favorite=, /exercises/favorites) and
the catalog's difficulty as a filter (?level=)."""

from __future__ import annotations

import httpx

from tests.conftest import Lifter


async def slugs(client: httpx.AsyncClient, lifter: Lifter, **params: object) -> list[str]:
    r = await client.get("/exercises", params={"limit": 100, **params}, headers=lifter.headers)
    assert r.status_code == 200, r.text
    return [e["slug"] for e in r.json()["data"]]


async def test_favorites_by_slug_or_id_listed_and_searched(client: httpx.AsyncClient, lifter: Lifter) -> None:
    h = lifter.headers
    assert (await client.put("/exercises/deadlift/favorite", headers=h)).status_code == 204
    assert (await client.put("/exercises/deadlift/favorite", headers=h)).status_code == 204  # again: the same
    dip = (await client.get("/exercises/dip", headers=h)).json()
    assert (await client.put(f"/exercises/{dip['id']}/favorite", headers=h)).status_code == 204
    assert sorted(await slugs(client, lifter, favorite=True)) == ["deadlift", "dip"]
    assert await slugs(client, lifter, favorite=True, search="dead lift") == ["deadlift"]
    others = await slugs(client, lifter, favorite=False, search="deadlift")
    assert others and "deadlift" not in others
    listed = (await client.get("/exercises/favorites", headers=h)).json()
    assert sorted(e["slug"] for e in listed["data"]) == ["deadlift", "dip"] and listed["meta"]["total"] == 2
    assert (await client.delete("/exercises/dip/favorite", headers=h)).status_code == 204
    assert (await client.delete("/exercises/dip/favorite", headers=h)).status_code == 204  # not one any more: fine
    assert await slugs(client, lifter, favorite=True) == ["deadlift"]


async def test_favorites_are_each_lifters_own(client: httpx.AsyncClient, lifter: Lifter, other: Lifter) -> None:
    await client.put("/exercises/deadlift/favorite", headers=lifter.headers)
    assert await slugs(client, other, favorite=True) == []
    own = await client.post("/exercises", json={"name": "Zercher carry"}, headers=lifter.headers)
    slug = own.json()["slug"]
    assert (await client.put(f"/exercises/{slug}/favorite", headers=lifter.headers)).status_code == 204
    assert (await client.put(f"/exercises/{own.json()['id']}/favorite", headers=other.headers)).status_code == 404
    assert (await client.delete(f"/exercises/{slug}/favorite", headers=other.headers)).status_code == 404
    assert sorted(await slugs(client, lifter, favorite=True)) == sorted(["deadlift", slug])


async def test_an_unknown_exercise_or_a_bad_filter_is_refused(client: httpx.AsyncClient, lifter: Lifter) -> None:
    h = lifter.headers
    assert (await client.put("/exercises/no-such-lift/favorite", headers=h)).status_code == 404
    assert (await client.delete("/exercises/no-such-lift/favorite", headers=h)).status_code == 404
    for params in ({"level": "elite"}, {"favorite": "maybe"}):
        r = await client.get("/exercises", params=params, headers=h)
        assert r.status_code == 422 and r.json()["error"]["details"][0]["field"] == next(iter(params))


async def test_level_filters_the_catalog(client: httpx.AsyncClient, lifter: Lifter) -> None:
    h = lifter.headers
    for level in ("beginner", "intermediate", "expert"):
        r = await client.get("/exercises", params={"level": level, "limit": 100}, headers=h)
        found = r.json()
        assert found["meta"]["total"] > 0 and {e["level"] for e in found["data"]} == {level}
        searched = await client.get("/exercises", params={"level": level, "search": "press"}, headers=h)
        assert {e["level"] for e in searched.json()["data"]} <= {level}
    everything = (await client.get("/exercises", params={"limit": 1}, headers=h)).json()["meta"]["total"]
    parts = [
        (await client.get("/exercises", params={"level": lv, "limit": 1}, headers=h)).json()["meta"]["total"]
        for lv in ("beginner", "intermediate", "expert")
    ]
    assert sum(parts) <= everything
