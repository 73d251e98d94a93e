"""Rate limits (the `limits` library): counters in Redis when configured, in memory otherwise."""

from __future__ import annotations

import math
import time

from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import FixedWindowRateLimiter
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
        self.limiter = FixedWindowRateLimiter(storage)
        self.default: RateLimitItem = parse(default)
        self.auth: RateLimitItem = parse(auth)
        self.secret = secret

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in EXEMPT:
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("unknown", 0))[0]
        if scope["path"] in AUTH_PATHS:
            item, who = self.auth, f"auth:{client}"
        else:
            item, who = self.default, caller_key(headers_dict(scope), self.secret, client)
        allowed = await self.limiter.hit(item, who)
        stats = await self.limiter.get_window_stats(item, who)
        reset = math.ceil(stats.reset_time)
        headers = [
            (b"x-ratelimit-limit", str(item.amount).encode()),
            (b"x-ratelimit-remaining", str(max(stats.remaining, 0)).encode()),
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
