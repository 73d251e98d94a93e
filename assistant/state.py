"""Conversation state per user and channel: in memory by default, in Redis when configured."""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol


@dataclass
class State:
    pending: dict[str, Any] | None = None  # an incomplete command waiting for its answer
    confirm: dict[str, Any] | None = None  # a sweeping or doubtful command waiting for "yes"
    wrote: list[dict[str, Any]] = field(default_factory=list)  # batches this conversation wrote, and when
    planned: dict[str, Any] | None = None  # the lift said to come next ("squats next"), and when
    rest_until: float | None = None
    updated: float = field(default_factory=time.time)

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, raw: str | bytes | None) -> State:
        if not raw:
            return cls()
        data = json.loads(raw)
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})


class StateStore(Protocol):
    async def get(self, key: str) -> State: ...

    async def put(self, key: str, state: State) -> None: ...

    async def forget(self, prefix: str) -> None:
        """Drop every state whose key starts with `prefix` (an erased user's conversations)."""


class MemoryStateStore:
    def __init__(self, ttl_s: int = 3600) -> None:
        self._data: dict[str, tuple[float, str]] = {}
        self.ttl_s = ttl_s

    async def get(self, key: str) -> State:
        found = self._data.get(key)
        if found is None or found[0] < time.time():
            self._data.pop(key, None)
            return State()
        return State.from_json(found[1])

    async def put(self, key: str, state: State) -> None:
        if len(self._data) > 100_000:
            now = time.time()
            self._data = {k: v for k, v in self._data.items() if v[0] >= now}
        self._data[key] = (time.time() + self.ttl_s, state.to_json())

    async def forget(self, prefix: str) -> None:
        for key in [k for k in self._data if k.startswith(prefix)]:
            del self._data[key]


class RedisStateStore:
    def __init__(self, redis: Any, ttl_s: int = 3600, prefix: str = "spotter:conv:") -> None:
        self.redis, self.ttl_s, self.prefix = redis, ttl_s, prefix

    async def get(self, key: str) -> State:
        return State.from_json(await self.redis.get(self.prefix + key))

    async def put(self, key: str, state: State) -> None:
        await self.redis.set(self.prefix + key, state.to_json(), ex=self.ttl_s)

    async def forget(self, prefix: str) -> None:
        async for key in self.redis.scan_iter(match=self.prefix + prefix + "*", count=500):
            await self.redis.delete(key)
