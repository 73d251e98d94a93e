from __future__ import annotations

import asyncio
import uuid

import pytest

from assistant.state import MemoryStateStore, RedisStateStore, State
from tests.conftest import REDIS_URL


async def test_memory_store_round_trip_and_expiry() -> None:
    store = MemoryStateStore(ttl_s=1)
    await store.put("a", State(pending={"x": 1}))
    assert (await store.get("a")).pending == {"x": 1}
    await asyncio.sleep(1.1)
    assert (await store.get("a")).pending is None


@pytest.mark.skipif(not REDIS_URL, reason="TEST_REDIS_URL not set")
async def test_redis_store_round_trip_and_expiry() -> None:
    from redis.asyncio import Redis

    redis = Redis.from_url(str(REDIS_URL))
    try:
        store = RedisStateStore(redis, ttl_s=1, prefix=f"test:{uuid.uuid4().hex}:")
        await store.put("u:voice", State(confirm={"intent": "cancel_workout"}, rest_until=5.0))
        got = await store.get("u:voice")
        assert got.confirm == {"intent": "cancel_workout"} and got.rest_until == 5.0
        await asyncio.sleep(1.2)
        assert (await store.get("u:voice")).confirm is None
    finally:
        await redis.aclose()
