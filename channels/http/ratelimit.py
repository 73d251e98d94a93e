"""Rate limits (the `limits` library): counters in Redis when configured, in memory otherwise."""

from __future__ import annotations

import math
import time

from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from channels.http.errors import error_response
from channels.http.middleware import headers_dict
from channels.http.security import caller_key

AUTH_PATHS = ("/api/v1/auth/login", "/api/v1/auth/register", "/api/v1/auth/refresh")
EXEMPT = ("/healthz", "/readyz", "/metrics", "/api/v1/healthz", "/api/v1/readyz")


def make_storage(redis_url: str | None) -> Storage:
    if redis_url:
        uri = redis_url.replace("redis://", "async+redis://", 1).replace("rediss://", "async+rediss://", 1)
        return RedisStorage(uri, implementation="redispy", key_prefix="spotter-rl")
    return MemoryStorage()


class RateLimit:
    def __init__(self, app: ASGIApp, storage: Storage, default: str, auth: str, secret: str) -> None:
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
        has not seen it), instead of two more reads per request, which with Redis cost ~0.2 ms.
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
