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


async def test_forgetting_a_user_drops_their_conversations_on_every_channel() -> None:
    store = MemoryStateStore()
    for key in ("u1:voice", "u1:sms", "u1:wrote", "u10:voice"):
        await store.put(key, State(pending={"x": key}))
    await store.forget("u1:")
    assert [(await store.get(k)).pending for k in ("u1:voice", "u1:sms", "u1:wrote")] == [None] * 3
    assert (await store.get("u10:voice")).pending == {"x": "u10:voice"}


@pytest.mark.skipif(not REDIS_URL, reason="TEST_REDIS_URL not set")
async def test_redis_store_forgets_a_user() -> None:
    from redis.asyncio import Redis

    redis = Redis.from_url(str(REDIS_URL))
    try:
        store = RedisStateStore(redis, prefix=f"test:{uuid.uuid4().hex}:")
        for key in ("u1:voice", "u1:wrote", "u10:voice"):
            await store.put(key, State(pending={"x": key}))
        await store.forget("u1:")
        assert (await store.get("u1:voice")).pending is None and (await store.get("u1:wrote")).pending is None
        assert (await store.get("u10:voice")).pending == {"x": "u10:voice"}
    finally:
        await redis.aclose()
