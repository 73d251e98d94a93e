"""The event bus on Redis: two buses (two replicas) hear each other's events in order, resume reads
the stream from either, trimmed history is reported as a gap, and a Redis that fails loses the
event but tells the lifter's sockets to resync (needs TEST_REDIS_URL)."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from assistant.events import Interest, event_order
from assistant.redis_events import RedisEventBus, stream_key
from domain import events as ev
from tests.conftest import REDIS_URL

pytestmark = [pytest.mark.redis, pytest.mark.skipif(not REDIS_URL, reason="TEST_REDIS_URL not set")]


def bus(kept: int = 1000, url: str | None = None) -> RedisEventBus:
    address = url or REDIS_URL
    assert address is not None
    return RedisEventBus(Redis.from_url(address, socket_timeout=1), Redis.from_url(address), kept=kept, ttl_s=600)


@pytest.fixture
async def replicas() -> AsyncIterator[tuple[RedisEventBus, RedisEventBus]]:
    one, two = bus(), bus()
    await one.start()
    await two.start()
    yield one, two
    for b in (one, two):
        await b.aclose()
        await b.redis.aclose()


async def test_an_event_published_on_one_replica_is_heard_on_the_other(
    replicas: tuple[RedisEventBus, RedisEventBus],
) -> None:
    one, two = replicas
    who = uuid.uuid4()
    sub = two.hub.subscribe(who, Interest.of(), 10)
    await one.publish([ev.SetLogged(who, {"reps": n}, uuid.uuid4()) for n in range(3)])
    heard = [await asyncio.wait_for(sub.queue.get(), 5) for _ in range(3)]
    assert [json.loads(e.text)["data"]["reps"] for e in heard] == [0, 1, 2]
    order = [event_order(e.id) for e in heard]
    assert None not in order and order == sorted(order) and len(set(order)) == 3
    kept = await two.since(who, heard[0].id)  # resume on the other replica
    assert [e.id for e in kept.events] == [e.id for e in heard[1:]] and not kept.gap
    assert await one.latest(who) == heard[-1].id


async def test_trimmed_history_is_a_gap() -> None:
    small = bus(kept=1)
    try:
        who = uuid.uuid4()
        for n in range(200):  # MAXLEN ~ trims whole nodes: enough entries that some go
            await small.publish([ev.MetricLogged(who, {"n": n})])
        first = "0-1"
        kept = await small.since(who, first)
        assert kept.gap
        newest = await small.latest(who)
        assert newest is not None
        assert (await small.since(who, newest)).events == []
        assert not (await small.since(who, newest)).gap
        assert (await small.since(uuid.uuid4(), first)).gap  # nothing kept at all: cannot say
    finally:
        await small.redis.delete(stream_key(who))
        await small.redis.aclose()
        await small.listener.aclose()


async def test_a_failed_publish_tells_the_lifters_sockets_to_resync() -> None:
    dead = bus(url="redis://127.0.0.1:1/0")
    who = uuid.uuid4()
    sub = dead.hub.subscribe(who, Interest.of(["set.logged"]), 10)
    await dead.publish([ev.SetLogged(who, {}, None)])  # no exception: the change is committed already
    told = sub.queue.get_nowait()
    assert told.type == "resync" and told.id == ""
    assert dead.failures == 1
    await dead.redis.aclose()
    await dead.listener.aclose()
