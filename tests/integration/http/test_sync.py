"""GET /sync (delta sync) on SQLite and PostgreSQL: pages that follow each other exactly, tombstones
for deletions, the next token, the batch upload's token, bad tokens and other lifters' data."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from tests.conftest import Lifter, app_client, make_settings, register


@pytest.fixture(scope="module")
async def exact(database_url: str) -> AsyncIterator[httpx.AsyncClient]:
    """An app whose sync reads nothing twice (SYNC_LAG_S=0): what comes back is exactly what changed."""
    async with app_client(make_settings(database_url, sync_lag_s=0)) as c:
        yield c


async def pull(client: httpx.AsyncClient, lifter: Lifter, since: str | None = None, limit: int = 100) -> Any:
    """Every page from `since`: (changes, pages, the last next_token)."""
    changes, pages = [], 0
    while True:
        params: dict[str, Any] = {"limit": limit} | ({"since": since} if since else {})
        r = await client.get("/sync", headers=lifter.headers, params=params)
        assert r.status_code == 200, r.text
        body = r.json()
        assert len(body["data"]) <= limit
        changes += body["data"]
        pages += 1
        since = body["next_token"]
        if not body["has_more"]:
            return changes, pages, since


async def logged(client: httpx.AsyncClient, lifter: Lifter, n: int) -> tuple[str, list[str]]:
    body = {"sets": [{"exercise": "dip", "reps": n, "sets": n}]}
    r = await client.post("/workouts", headers=lifter.headers, json=body)
    assert r.status_code == 201, r.text
    return r.json()["id"], [s["id"] for s in r.json()["sets"]]


async def test_a_first_sync_pages_through_everything(exact: httpx.AsyncClient) -> None:
    lifter = await register(exact)
    w1, s1 = await logged(exact, lifter, 3)
    w2, s2 = await logged(exact, lifter, 2)
    await exact.post("/metrics", headers=lifter.headers, json={"metric": "steps", "value": 9000})
    changes, pages, _ = await pull(exact, lifter, limit=2)
    assert pages == 4  # 2 workouts, 5 sets, 1 metric, 2 a page
    ids = [c["id"] for c in changes]
    assert len(ids) == len(set(ids)) == 8
    assert {c["id"] for c in changes if c["kind"] == "set"} == set(s1 + s2)
    assert {c["id"] for c in changes if c["kind"] == "workout"} == {w1, w2}
    assert [c["kind"] for c in changes].count("metric") == 1
    assert not any(c["deleted"] for c in changes)
    first_set = next(c for c in changes if c["id"] == s1[0])
    assert first_set["data"]["exercise"] == "dip" and first_set["data"]["workout_id"] == w1
    assert [c["changed_at"] for c in changes] == sorted(c["changed_at"] for c in changes)


async def test_the_next_sync_brings_changes_and_tombstones(exact: httpx.AsyncClient) -> None:
    lifter = await register(exact)
    w1, s1 = await logged(exact, lifter, 3)
    w2, _ = await logged(exact, lifter, 1)
    _, _, token = await pull(exact, lifter)
    changes, _, again = await pull(exact, lifter, token)
    assert changes == []  # nothing changed since
    await exact.patch(f"/sets/{s1[0]}", headers=lifter.headers, json={"reps": 7})
    await exact.delete(f"/sets/{s1[1]}", headers=lifter.headers)
    await exact.delete(f"/workouts/{w2}", headers=lifter.headers)
    changes, _, _ = await pull(exact, lifter, again, limit=1)
    found = {(c["kind"], c["id"], c["deleted"]) for c in changes}
    assert found == {("set", s1[0], False), ("workout", w1, False), ("set", s1[1], True), ("workout", w2, True)}
    assert next(c for c in changes if c["id"] == s1[0])["data"]["reps"] == 7
    assert all(c["data"] is None for c in changes if c["deleted"])


async def test_recent_changes_come_again_rather_than_never(client: httpx.AsyncClient, lifter: Lifter) -> None:
    """With the default SYNC_LAG_S, the last seconds are read again: a change committed late is not lost."""
    w, sets = await logged(client, lifter, 1)
    first, _, token = await pull(client, lifter)
    again, _, _ = await pull(client, lifter, token)
    assert {c["id"] for c in first} == {w, *sets}
    assert {c["id"] for c in again} == {w, *sets}


async def test_the_batch_upload_answers_a_token(exact: httpx.AsyncClient) -> None:
    lifter = await register(exact)
    batch = {"workouts": [{"client_id": "w1", "sets": [{"exercise": "dip", "reps": 8}]}]}
    r = await exact.post("/workouts/batch", headers=lifter.headers, json=batch)
    assert r.status_code == 200, r.text
    token = r.json()["sync_token"]
    changes, _, _ = await pull(exact, lifter, token)  # from just before the upload: it is in there
    assert {c["kind"] for c in changes} == {"workout", "set"}
    _, later = await logged(exact, lifter, 1)
    changes, _, _ = await pull(exact, lifter, token)
    assert set(later) <= {c["id"] for c in changes}


async def test_another_lifters_changes_are_not_synced(exact: httpx.AsyncClient) -> None:
    lifter, other = await register(exact), await register(exact)
    await logged(exact, other, 2)
    changes, _, _ = await pull(exact, lifter)
    assert changes == []


@pytest.mark.parametrize(
    "params",
    [
        {"since": "bm90LWEtdG9rZW4"},
        {"since": "!!"},
        {"since": "1.1.1.1"},  # a token's shape, not an id
        {"limit": 0},
        {"limit": 101},
    ],
)
async def test_a_bad_token_or_page_size_is_a_422(client: httpx.AsyncClient, lifter: Lifter, params: Any) -> None:
    r = await client.get("/sync", headers=lifter.headers, params=params)
    assert r.status_code == 422, r.text
    assert r.json()["error"]["code"] == "VALIDATION_ERROR"


async def test_sync_needs_a_caller(client: httpx.AsyncClient) -> None:
    assert (await client.get("/sync")).status_code == 401
