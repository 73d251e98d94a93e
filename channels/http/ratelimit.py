"""Rate limits (the `limits` library): counters in Redis when configured, in memory otherwise.

Counters are keyed by who is verified to be calling: a user (a valid access token, or an API key
found in the store) or else the client's address, so made-up keys or tokens do not each get a
counter of their own. While Redis is down the counters live in this process, or the request is
refused with 503 (REDIS_OUTAGE, assistant/outage.py).
"""

from __future__ import annotations

import math
import time
import uuid
from collections.abc import Awaitable, Callable

from limits import RateLimitItem, parse
from limits.aio.storage import RedisStorage, Storage
from limits.errors import StorageError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.outage import REDIS_ERRORS, DependencyDown, Outages
from channels.http.errors import error_response
from channels.http.middleware import headers_dict
from channels.http.security import bearer, read_access_token
from domain.security import digest

AUTH_PATHS = (  # the routes anyone may call to sign in or recover an account: counted per address
    "/api/v1/auth/login",
    "/api/v1/auth/register",
    "/api/v1/auth/refresh",
    "/api/v1/auth/login/2fa",
    "/api/v1/auth/verify-email",
    "/api/v1/auth/password-reset/request",
    "/api/v1/auth/password-reset",
    *(f"/api/v1/auth/oauth/{p}/{step}" for p in ("google", "apple") for step in ("start", "callback")),
)
EXEMPT = ("/healthz", "/readyz", "/metrics", "/api/v1/healthz", "/api/v1/readyz")
STORAGE_ERRORS = (StorageError, *REDIS_ERRORS)
KEY_TRUST_S = 60.0  # how long a key found in the store counts as its owner's without asking again

KeyOwner = Callable[[str], Awaitable[uuid.UUID | None]]


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

    async def get(self, key: str) -> int:
        hits, ends = self._windows.get(key, (0, 0.0))
        return hits if ends > self._clock() else 0

    async def get_expiry(self, key: str) -> float:
        return self._windows.get(key, (0, self._clock()))[1]

    @property
    def tracked(self) -> int:
        """Keys whose window is kept (ended ones go at the next sweep)."""
        return len(self._windows)


def make_storage(redis_url: str | None, timeout_s: float = 1.0) -> Storage | LocalCounts:
    if redis_url:
        uri = redis_url.replace("redis://", "async+redis://", 1).replace("rediss://", "async+rediss://", 1)
        return RedisStorage(
            uri,
            implementation="redispy",
            key_prefix="spotter-rl",
            wrap_exceptions=True,
            socket_connect_timeout=timeout_s,
            socket_timeout=timeout_s,
        )
    return LocalCounts()


class Counters:
    """Fixed-window counts in Redis, or in this process when there is none or it is down."""

    def __init__(self, storage: Storage | LocalCounts, outages: Outages | None = None) -> None:
        self.remote = None if isinstance(storage, LocalCounts) else storage
        self.local = storage if isinstance(storage, LocalCounts) else LocalCounts()
        self.outages = outages or Outages()
        self._window_ends: dict[str, float] = {}

    async def _incr(self, key: str, expiry: int) -> tuple[int, Storage | LocalCounts]:
        if self.remote is None:
            return await self.local.incr(key, expiry), self.local
        if self.outages.is_down("redis"):
            self.outages.failed("redis", "rate limits")
        else:
            try:
                return await self.remote.incr(key, expiry), self.remote
            except STORAGE_ERRORS as exc:
                self.outages.failed("redis", "rate limits", exc)
        return await self.local.incr(key, expiry), self.local

    async def hit(self, item: RateLimitItem, who: str) -> tuple[bool, int, int]:
        """A fixed-window hit (as limits' FixedWindowRateLimiter counts it): allowed, remaining, reset.

        One storage call per request: the count comes back from the increment, and when the window
        ends is remembered from the hit that opened it (asked of the storage only when this process
        has not seen it), instead of two more reads per request (round trips, with Redis).
        """
        key = item.key_for(who)
        count, storage = await self._incr(key, item.get_expiry())
        now = time.time()
        ends = self._window_ends.get(key)
        if count == 1:
            ends = now + item.get_expiry()
        elif ends is None or ends <= now:
            try:
                ends = await storage.get_expiry(key)
            except STORAGE_ERRORS:
                ends = now + item.get_expiry()
        if len(self._window_ends) >= 50_000:
            self._window_ends = {k: t for k, t in self._window_ends.items() if t > now}
        self._window_ends[key] = ends
        return count <= item.amount, max(item.amount - count, 0), math.ceil(ends)

    async def count(self, item: RateLimitItem, who: str) -> int:
        """Hits so far in the current window, without adding one."""
        key = item.key_for(who)
        if self.remote is not None and not self.outages.is_down("redis"):
            try:
                return int(await self.remote.get(key))
            except STORAGE_ERRORS as exc:
                self.outages.failed("redis", "rate limits", exc)
        return await self.local.get(key)


class KnownKeys:
    """API keys found in the store lately, by digest: a key counts as its owner only once verified."""

    def __init__(self, owner: KeyOwner | None, clock: Callable[[], float] = time.monotonic) -> None:
        self.owner, self.clock = owner, clock
        self._known: dict[str, tuple[uuid.UUID, float]] = {}

    def cached(self, secret: str) -> uuid.UUID | None:
        found = self._known.get(digest(secret))
        return found[0] if found is not None and found[1] > self.clock() else None

    async def verify(self, secret: str) -> uuid.UUID | None:
        user = await self.owner(secret) if self.owner is not None else None
        if user is not None:
            if len(self._known) >= 10_000:
                self._known.clear()
            self._known[digest(secret)] = (user, self.clock() + KEY_TRUST_S)
        return user


class RateLimit:
    def __init__(
        self,
        app: ASGIApp,
        counters: Counters,
        default: str,
        auth: str,
        secret: str,
        key_owner: KeyOwner | None = None,
    ) -> None:
        self.app = app
        self.counters = counters
        self.default: RateLimitItem = parse(default)
        self.auth: RateLimitItem = parse(auth)
        self.secret = secret
        self.keys = KnownKeys(key_owner)

    async def hit(self, item: RateLimitItem, who: str) -> tuple[bool, int, int]:
        return await self.counters.hit(item, who)

    async def _verdict(self, scope: Scope, client: str) -> tuple[RateLimitItem, bool, int, int]:
        """Count this request against whoever it verifiably comes from."""
        if scope["path"] in AUTH_PATHS:
            return (self.auth, *await self.hit(self.auth, f"auth:{client}"))
        headers = headers_dict(scope)
        token = bearer(headers.get("authorization"))
        user = read_access_token(token, self.secret) if token else None
        key = headers.get("x-api-key") if user is None else None
        if key:
            user = self.keys.cached(key)
            if user is None:  # not yet verified: the address pays, then the store is asked
                verdict = await self.hit(self.default, f"ip:{client}")
                user = await self.keys.verify(key) if verdict[0] else None
                if user is None:
                    return (self.default, *verdict)
        return (self.default, *await self.hit(self.default, f"u:{user}" if user else f"ip:{client}"))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in EXEMPT:
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("unknown", 0))[0]
        try:
            item, allowed, remaining, reset = await self._verdict(scope, client)
        except DependencyDown as exc:
            wait = str(math.ceil(exc.retry_after_s))
            await error_response(503, str(exc), code="UNAVAILABLE", headers={"Retry-After": wait})(scope, receive, send)
            return
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
