"""Redis configured but down (a closed port): rate limits and conversation state fall back to the
process, or the request is refused with 503, as REDIS_OUTAGE says; /readyz reports each dependency."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx

from tests.conftest import app_client, make_settings, register


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # nothing listens here once the socket is closed


@asynccontextmanager
async def without_redis(database_url: str, **overrides: Any) -> AsyncIterator[httpx.AsyncClient]:
    settings = make_settings(
        database_url, redis_url=f"redis://127.0.0.1:{closed_port()}/0", redis_timeout_s=0.5, **overrides
    )
    async with app_client(settings) as client:
        yield client


async def root_get(client: httpx.AsyncClient, path: str) -> httpx.Response:
    return await client.get("http://test" + path)


async def test_falling_back_limits_and_remembers_in_the_process(database_url: str) -> None:
    async with without_redis(database_url, rate_limit="5/minute") as client:
        lifter = await register(client)
        assert (await client.get("/me", headers=lifter.headers)).status_code == 200
        ask = await client.post("/assistant/messages", json={"text": "bench 135"}, headers=lifter.headers)
        assert ask.status_code == 200 and ask.json()["reply"] == "How many reps?"
        done = await client.post("/assistant/messages", json={"text": "10"}, headers=lifter.headers)
        assert done.status_code == 200 and "135" in done.json()["reply"]  # the question was remembered
        codes = [(await client.get("/me", headers=lifter.headers)).status_code for _ in range(3)]
        assert codes == [200, 200, 429]  # still limited (5 a minute): counted in the process
        ready = await root_get(client, "/readyz")
        assert ready.status_code == 200
        assert ready.json() == {"status": "degraded", "database": True, "redis": False}
        metrics = (await root_get(client, "/metrics")).text
        assert 'dependency_fallbacks_total{dependency="redis",use="rate limits"}' in metrics
        assert 'dependency_fallbacks_total{dependency="redis",use="conversation state"}' in metrics


async def test_refusing_answers_503_and_is_not_ready(database_url: str) -> None:
    async with without_redis(database_url, redis_outage="refuse") as client:
        r = await client.get("/exercises")
        assert r.status_code == 503 and r.json()["error"]["code"] == "UNAVAILABLE"
        assert int(r.headers["retry-after"]) >= 1 and "redis" in r.json()["error"]["message"]
        ready = await root_get(client, "/readyz")
        assert ready.status_code == 503 and ready.json()["redis"] is False and ready.json()["database"] is True
        assert (await root_get(client, "/healthz")).status_code == 200


async def test_ready_says_redis_is_not_configured(client: httpx.AsyncClient) -> None:
    ready = await client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["database"] is True
    assert ready.json()["redis"] is (None if ready.json()["status"] == "ready" else False)
