"""A dependency that is down (Redis): serve from the process, or refuse with 503, as REDIS_OUTAGE says.

Rate limits and conversation state live in Redis when it is configured. When it stops answering,
`local` keeps serving with counters and state in this process (each process then counts alone and
a conversation may lose its pending question), logs a warning and counts every fallback in the
`dependency_fallbacks_total` metric; `refuse` answers 503 instead. After a failure the dependency
is left alone for `retry_s`, so a dead address costs one failed connection per few seconds, not
one per request.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, Literal, TypeVar

from prometheus_client import CollectorRegistry, Counter
from redis.exceptions import RedisError

from assistant.state import State, StateStore

log = logging.getLogger("spotter.outage")

Mode = Literal["local", "refuse"]
T = TypeVar("T")


class DependencyDown(Exception):
    """A required dependency does not answer (REDIS_OUTAGE=refuse): the request cannot be served now."""

    def __init__(self, dependency: str, retry_after_s: float) -> None:
        super().__init__(f"{dependency} is not reachable; try again shortly")
        self.dependency, self.retry_after_s = dependency, retry_after_s


class Outages:
    def __init__(
        self,
        mode: Mode = "local",
        registry: CollectorRegistry | None = None,
        retry_s: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.mode, self.retry_s, self.clock = mode, retry_s, clock
        self.fallbacks = Counter(
            "dependency_fallbacks_total",
            "Operations served from the process because a dependency was down",
            ["dependency", "use"],
            registry=registry,
        )
        self._down_until: dict[str, float] = {}

    def is_down(self, dependency: str) -> bool:
        """True while a recent failure says not to try the dependency yet."""
        return self._down_until.get(dependency, 0.0) > self.clock()

    def failed(self, dependency: str, use: str, error: BaseException | None = None) -> None:
        """Record a failure; in `refuse` mode raise DependencyDown, else count the fallback and return."""
        if not self.is_down(dependency):
            log.warning("%s is down (%s); %s: %s", dependency, error, use, self._consequence())
            self._down_until[dependency] = self.clock() + self.retry_s
        if self.mode == "refuse":
            raise DependencyDown(dependency, self.retry_s)
        self.fallbacks.labels(dependency, use).inc()

    def _consequence(self) -> str:
        return "refusing with 503" if self.mode == "refuse" else "serving from this process"


REDIS_ERRORS = (RedisError, OSError, TimeoutError)


async def redis_answers(redis: Any, timeout_s: float) -> bool:
    """Whether Redis answers a PING within the timeout (readiness reports, it does not raise)."""
    try:
        async with asyncio.timeout(timeout_s):
            return bool(await redis.ping())
    except REDIS_ERRORS:
        return False


class FallbackStateStore:
    """Conversation state in Redis, in the process while Redis is down (or 503, by REDIS_OUTAGE)."""

    def __init__(self, primary: StateStore, local: StateStore, outages: Outages) -> None:
        self.primary, self.local, self.outages = primary, local, outages

    async def get(self, key: str) -> State:
        return await self._use(lambda store: store.get(key))

    async def put(self, key: str, state: State) -> None:
        await self._use(lambda store: store.put(key, state))

    async def forget(self, prefix: str) -> None:
        await self._use(lambda store: store.forget(prefix))
        await self.local.forget(prefix)  # what was kept here while Redis was down

    async def _use(self, call: Callable[[StateStore], Awaitable[T]]) -> T:
        if not self.outages.is_down("redis"):
            try:
                return await call(self.primary)
            except REDIS_ERRORS as exc:
                self.outages.failed("redis", "conversation state", exc)
                return await call(self.local)
        self.outages.failed("redis", "conversation state")
        return await call(self.local)
