from __future__ import annotations

import os
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
