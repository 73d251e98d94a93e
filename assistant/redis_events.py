"""The event bus on Redis (REDIS_URL): every replica hears every event, and resume works on any.

Publishing runs one script per event: XADD to the lifter's stream (trimmed to about `kept`
entries, expiring `ttl_s` after the last event), then PUBLISH of the stream id and the event on one
channel, atomically, so the order subscribers hear equals the stream's. Each process holds one
subscription to that channel (its own connection, `listen`) and hands what it hears to its hub.
Resume reads the stream (XRANGE after the last id); XINFO tells whether entries after that id may
have been trimmed away (some were, and the oldest kept is later). When Redis fails the change stays committed: the event
is lost, the lifter's sockets here are told to resync, and the subscription reconnects with backoff
(every socket told to resync as it comes back).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import Sequence
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError

from assistant.events import RESYNC, History, Hub, Published, event_order, notice, payload
from domain.events import Event

log = logging.getLogger("spotter.events")

CHANNEL = "spotter:events"
_PUBLISH = """
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'e', ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('PUBLISH', ARGV[4], id .. '\\n' .. ARGV[2])
return id
"""


def stream_key(user_id: uuid.UUID) -> str:
    return f"spotter:events:{user_id}"


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


class RedisEventBus:
    def __init__(self, redis: Redis, listener: Redis, *, kept: int = 1000, ttl_s: int = 86_400) -> None:
        """`redis`: for publishing and reads (short timeouts); `listener`: a client of its own for the
        subscription, which waits on its connection between events."""
        self.redis, self.listener, self.kept, self.ttl_s = redis, listener, kept, ttl_s
        self.hub = Hub()
        self._script = redis.register_script(_PUBLISH)
        self._task: asyncio.Task[None] | None = None
        self._down_until = 0.0
        self.listening = asyncio.Event()  # set while subscribed
        self.failures = 0

    async def publish(self, events: Sequence[Event]) -> None:
        if not events:
            return
        if self._down_until > time.monotonic():  # failed a moment ago: do not wait on it per write
            self._lost(events)
            return
        try:
            async with self.redis.pipeline(transaction=False) as pipe:
                for event in events:
                    await self._script(
                        keys=[stream_key(event.user_id)],
                        args=[self.kept, payload(event), self.ttl_s, CHANNEL],
                        client=pipe,
                    )
                await pipe.execute()
        except (RedisError, OSError):
            log.warning("events not published: Redis failed", exc_info=True)
            self._down_until = time.monotonic() + 2.0
            self._lost(events)

    def _lost(self, events: Sequence[Event]) -> None:
        self.failures += len(events)
        for user_id in {e.user_id for e in events}:
            self.hub.deliver(notice(user_id, "resync", RESYNC))

    async def since(self, user_id: uuid.UUID, last_id: str) -> History:
        key = stream_key(user_id)
        try:
            entries = await self.redis.xrange(key, min="(" + last_id, max="+", count=self.kept)
            info = await self.redis.xinfo_stream(key) if entries or await self.redis.exists(key) else None
        except (RedisError, OSError):
            log.warning("event history not read: Redis failed", exc_info=True)
            return History([], True)
        events = [Published.of(_text(eid), _text(fields.get(b"e", fields.get("e")))) for eid, fields in entries]
        if info is None:  # nothing kept for this lifter: whatever came after last_id has expired
            return History([], True)
        after = event_order(last_id) or (0, 0)
        deleted = event_order(_text(info.get("max-deleted-entry-id", "0-0"))) or (0, 0)
        first = info.get("first-entry")
        trimmed = int(info.get("entries-added", 0)) > int(info.get("length", 0))  # entries before `first` went
        oldest = event_order(_text(first[0])) if first else None
        return History(events, after < deleted or (trimmed and oldest is not None and after < oldest))

    async def latest(self, user_id: uuid.UUID) -> str | None:
        try:
            last = await self.redis.xrevrange(stream_key(user_id), count=1)
        except (RedisError, OSError):
            return None
        return _text(last[0][0]) if last else None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._listen(), name="redis-events")
        with contextlib.suppress(TimeoutError):  # not up yet: sockets are told to resync once it is
            await asyncio.wait_for(self.listening.wait(), 5.0)

    async def _listen(self) -> None:
        backoff = 0.1
        while True:
            try:
                async with self.listener.pubsub(ignore_subscribe_messages=True) as pubsub:
                    await pubsub.subscribe(CHANNEL)
                    if backoff > 0.1:  # back after a failure: what was said meanwhile was not heard here
                        self.hub.tell_everyone("resync", RESYNC)
                    self.listening.set()
                    backoff = 0.1
                    while True:
                        message = await pubsub.get_message(timeout=30.0)
                        if message is not None and message.get("type") == "message":
                            self._heard(_text(message["data"]))
            except asyncio.CancelledError:
                raise
            except Exception:  # Redis went away: keep trying, each wait a little longer
                self.listening.clear()
                log.warning("event subscription lost; retrying in %.1f s", backoff, exc_info=True)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5.0)

    def _heard(self, data: str) -> None:
        event_id, _, body = data.partition("\n")
        try:
            event = Published.of(event_id, body)
        except (ValueError, KeyError):
            log.warning("an event that is not one was heard on %s", CHANNEL)
            return
        self.hub.deliver(event)

    async def aclose(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self.listener.aclose()
