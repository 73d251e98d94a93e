"""The same offline batch sent many times at once: every copy succeeds, nothing is doubled
(issue 18, item 8)."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from tests.conftest import register

SHAPES: dict[str, list[dict[str, Any]]] = {
    "one": [{"clientId": "a", "sets": [{"exercise": "dip", "reps": 8} for _ in range(3)]}],
    "two": [
        {"clientId": "a", "sets": [{"exercise": "dip", "reps": 8} for _ in range(3)]},
        {"clientId": "b", "sets": [{"exercise": "dip", "reps": 5, "clientId": f"b{j}"} for j in range(3)]},
    ],
}


async def _ten_at_once(client: httpx.AsyncClient, batch: dict[str, Any], spread_s: float) -> list[str]:
    """Ten copies sent `spread_s` apart by a new lifter; what went wrong, if anything."""
    lifter = await register(client)

    async def send(i: int) -> httpx.Response:
        await asyncio.sleep(i * spread_s)
        return await client.post("/workouts/batch", json=batch, headers=lifter.headers)

    answers = await asyncio.gather(*(send(i) for i in range(10)))
    wrong = [f"{spread_s}: {r.status_code} {r.text[:120]}" for r in answers if r.status_code != 200]
    if wrong:
        return wrong
    if len({tuple(w["id"] for w in r.json()["data"]) for r in answers}) != 1:
        return [f"{spread_s}: the copies answered different workouts"]
    if sum(r.json()["created"] for r in answers) != len(batch["workouts"]):
        return [f"{spread_s}: created {[r.json()['created'] for r in answers]}"]
    listed = (await client.get("/workouts", params={"limit": 100}, headers=lifter.headers)).json()
    totals = [
        (await client.get(f"/workouts/{w['id']}/sets", headers=lifter.headers)).json()["meta"]["total"]
        for w in listed["data"]
    ]
    return [] if totals == [3] * len(batch["workouts"]) else [f"{spread_s}: stored sets {totals}"]


@pytest.mark.parametrize("shape", SHAPES)
async def test_ten_identical_batches_at_once_all_succeed_once_stored(client: httpx.AsyncClient, shape: str) -> None:
    """Sent together, or a few milliseconds apart, so that some arrive while the first is half done."""
    wrong = []
    for spread_s in (0.0, 0.001, 0.003, 0.006):
        wrong += await _ten_at_once(client, {"workouts": SHAPES[shape]}, spread_s)
    assert wrong == []
