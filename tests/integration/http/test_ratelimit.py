from __future__ import annotations

import os
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from tests.conftest import REDIS_URL, app_client, make_settings

STORES = ["memory"] + (["redis"] if REDIS_URL else [])


@pytest.fixture(params=STORES)
async def limited(request: pytest.FixtureRequest, tmp_path: Any) -> AsyncIterator[httpx.AsyncClient]:
    redis_url = REDIS_URL if request.param == "redis" else None
    settings = make_settings(
        f"sqlite+aiosqlite:///{tmp_path}/rl.db", rate_limit="3/minute", auth_rate_limit="2/minute", redis_url=redis_url
    )
    ip = f"10.{os.getpid() % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    async with app_client(settings, client=(ip, 1234)) as client:
        yield client


async def test_over_the_limit_is_429_with_retry_after(limited: httpx.AsyncClient) -> None:
    codes = [(await limited.get("/exercises")).status_code for _ in range(4)]
    assert codes[:3] == [401, 401, 401] and codes[3] == 429
    r = await limited.get("/exercises")
    assert r.json()["error"]["code"] == "RATE_LIMITED"
    assert int(r.headers["retry-after"]) >= 1 and r.headers["x-ratelimit-remaining"] == "0"
    assert (await limited.get("/healthz")).status_code == 200  # probes are never limited


async def test_auth_endpoints_have_their_own_stricter_limit(limited: httpx.AsyncClient) -> None:
    body = {"email": "nobody@example.com", "password": "wrong-password"}
    codes = [(await limited.post("/auth/login", json=body)).status_code for _ in range(3)]
    assert codes == [401, 401, 429]


async def test_headers_count_down_within_one_window(limited: httpx.AsyncClient) -> None:
    seen = [(await limited.get("/exercises")).headers for _ in range(3)]
    assert [h["x-ratelimit-remaining"] for h in seen] == ["2", "1", "0"]
    assert all(h["x-ratelimit-limit"] == "3" for h in seen)
    resets = {int(h["x-ratelimit-reset"]) for h in seen}
    assert len(resets) == 1 and 0 < resets.pop() - time.time() <= 61


@pytest.mark.skipif(not REDIS_URL, reason="needs TEST_REDIS_URL")
async def test_workers_sharing_redis_share_the_count(tmp_path: Any) -> None:
    settings = make_settings(f"sqlite+aiosqlite:///{tmp_path}/rl.db", rate_limit="3/minute", redis_url=REDIS_URL)
    ip = f"10.{os.getpid() % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    async with app_client(settings, client=(ip, 1)) as one, app_client(settings, client=(ip, 2)) as two:
        first = [(await one.get("/exercises")).headers for _ in range(2)]
        second = await two.get("/exercises")
        assert [h["x-ratelimit-remaining"] for h in first] == ["2", "1"]
        assert second.headers["x-ratelimit-remaining"] == "0"
        assert abs(int(second.headers["x-ratelimit-reset"]) - int(first[0]["x-ratelimit-reset"])) <= 1
        assert (await one.get("/exercises")).status_code == 429
