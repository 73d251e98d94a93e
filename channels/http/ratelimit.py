"""Rate limits (the `limits` library): counters in Redis when configured, in memory otherwise."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from limits import RateLimitItem, parse
from limits.aio.storage import RedisStorage, Storage
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from channels.http.errors import error_response
from channels.http.middleware import headers_dict
from channels.http.security import caller_key

AUTH_PATHS = ("/api/v1/auth/login", "/api/v1/auth/register", "/api/v1/auth/refresh")
EXEMPT = ("/healthz", "/readyz", "/metrics", "/api/v1/healthz", "/api/v1/readyz")


class LocalCounts:
    """Fixed-window counters in this process's memory, for when no Redis is configured: the two calls
    `RateLimit` makes of a storage. limits' `MemoryStorage` reads before each increment, takes a
    per-key asyncio lock and keeps an expiry task, a cost on every request (benchmarks/README.md).
    Nothing here awaits, so nothing can interleave."""

    SWEEP_S = 60.0  # how often windows that have ended are dropped

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._windows: dict[str, tuple[int, float]] = {}  # key -> (hits, when the window ends)
        self._next_sweep = clock() + self.SWEEP_S

    async def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        now = self._clock()
        hits, ends = self._windows.get(key, (0, 0.0))
        if ends <= now:
            hits, ends = 0, now + expiry
        hits += amount
        self._windows[key] = (hits, ends)
        if now >= self._next_sweep:
            self._windows = {k: w for k, w in self._windows.items() if w[1] > now}
            self._next_sweep = now + self.SWEEP_S
        return hits

    async def get_expiry(self, key: str) -> float:
        return self._windows.get(key, (0, self._clock()))[1]

    @property
    def tracked(self) -> int:
        """Keys whose window is kept (ended ones go at the next sweep)."""
        return len(self._windows)


def make_storage(redis_url: str | None) -> Storage | LocalCounts:
    if redis_url:
        uri = redis_url.replace("redis://", "async+redis://", 1).replace("rediss://", "async+rediss://", 1)
        return RedisStorage(uri, implementation="redispy", key_prefix="spotter-rl")
    return LocalCounts()


class RateLimit:
    def __init__(self, app: ASGIApp, storage: Storage | LocalCounts, default: str, auth: str, secret: str) -> None:
        self.app = app
        self.storage = storage
        self.default: RateLimitItem = parse(default)
        self.auth: RateLimitItem = parse(auth)
        self.secret = secret
        self._window_ends: dict[str, float] = {}

    async def hit(self, item: RateLimitItem, who: str) -> tuple[bool, int, int]:
        """A fixed-window hit (as limits' FixedWindowRateLimiter counts it): allowed, remaining, reset.

        One storage call per request: the count comes back from the increment, and when the window
        ends is remembered from the hit that opened it (asked of the storage only when this process
        has not seen it), instead of two more reads per request (round trips, with Redis).
        """
        key = item.key_for(who)
        count = await self.storage.incr(key, item.get_expiry())
        now = time.time()
        ends = self._window_ends.get(key)
        if count == 1:
            ends = now + item.get_expiry()
        elif ends is None or ends <= now:
            ends = await self.storage.get_expiry(key)
        if len(self._window_ends) >= 50_000:
            self._window_ends = {k: t for k, t in self._window_ends.items() if t > now}
        self._window_ends[key] = ends
        return count <= item.amount, max(item.amount - count, 0), math.ceil(ends)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in EXEMPT:
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("unknown", 0))[0]
        if scope["path"] in AUTH_PATHS:
            item, who = self.auth, f"auth:{client}"
        else:
            item, who = self.default, caller_key(headers_dict(scope), self.secret, client)
        allowed, remaining, reset = await self.hit(item, who)
        headers = [
            (b"x-ratelimit-limit", str(item.amount).encode()),
            (b"x-ratelimit-remaining", str(remaining).encode()),
            (b"x-ratelimit-reset", str(reset).encode()),
        ]
        if not allowed:
            retry = max(1, reset - int(time.time()))
            response = error_response(
                429,
                "Too many requests; slow down",
                [{"field": "rate", "message": f"limit is {item}"}],
                headers={"Retry-After": str(retry)},
            )
            response.raw_headers.extend(headers)
            await response(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *headers]
            await send(message)

        await self.app(scope, receive, send_with_headers)
