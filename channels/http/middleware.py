"""Pure ASGI middleware: request ids, metrics and access logs; the body size limit."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import time
import uuid
from collections.abc import Iterator
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from channels.http.context import request_id
from channels.http.errors import error_response

log = logging.getLogger("spotter.access")


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "http_requests_total", "HTTP requests", ["method", "route", "status"], registry=self.registry
        )
        self.latency = Histogram(
            "http_request_duration_seconds",
            "HTTP request latency",
            ["method", "route"],
            registry=self.registry,
            buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
        )
        self._series: dict[tuple[str, str, int], tuple[Any, Any]] = {}

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        """Count and time one response (each label set's series looked up once, then kept)."""
        series = self._series.get((method, route, status))
        if series is None:
            series = (self.requests.labels(method, route, str(status)), self.latency.labels(method, route))
            self._series[(method, route, status)] = series
        series[0].inc()
        series[1].observe(seconds)


def request_ids() -> Iterator[str]:
    """Unique request ids without a system call each: a random per-process prefix and a counter
    (32 hex digits, like a UUID's)."""
    prefix = uuid.uuid4().hex[:16]
    return (f"{prefix}{n:016x}" for n in itertools.count(1))


class RequestContext:
    """X-Request-ID echoed or made; every response counted and timed; one access-log line."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app, self.metrics = app, metrics
        self._ids = request_ids()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        rid = _header(scope, b"x-request-id")
        rid = rid[:100] if rid and rid.isascii() and rid.isprintable() else next(self._ids)
        token = request_id.set(rid)
        scope.setdefault("state", {})["request_id"] = rid
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", rid.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            if scope["type"] == "http":
                route = scope.get("route")
                path = getattr(route, "path", "unmatched")
                elapsed = time.perf_counter() - started
                self.metrics.observe(scope["method"], path, status, elapsed)
                ms = round(elapsed * 1000, 1)
                fields = {"method": scope["method"], "path": scope["path"], "route": path, "status": status}
                fields |= {"latency_ms": ms, "user_id": scope["state"].get("user_id")}
                log.info("%s %s %s %.1fms", scope["method"], scope["path"], status, ms, extra=fields)
            request_id.reset(token)


class BodyLimit:
    """413 for bodies over the limit, whether declared by Content-Length or streamed.

    The rest of the body is read and dropped before the 413 goes out (up to DRAIN_BYTES): a server
    that answers and closes while the client is still sending makes the client's kernel see a
    reset, and a client that sends all before reading (urllib) never sees the 413.
    """

    def __init__(self, app: ASGIApp, max_bytes: int, overrides: dict[str, int] | None = None) -> None:
        self.app, self.max_bytes, self.overrides = app, max_bytes, overrides or {}

    def _limit(self, path: str) -> int:
        return next((n for prefix, n in self.overrides.items() if path.startswith(prefix)), self.max_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit(scope["path"])
        declared = _header(scope, b"content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            waits = _header(scope, b"expect") == "100-continue"  # it sends nothing until asked to
            if not waits and int(declared) <= DRAIN_BYTES:
                await _drain(receive, True)
            await _too_large(limit)(scope, receive, send)
            return
        seen = 0
        started = refused = False

        async def counting_receive() -> Message:
            nonlocal seen, refused
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit and not refused:
                    refused = True
                    if not started:  # answer now; the app only sees the client go away
                        await _drain(receive, bool(message.get("more_body")))
                        await _too_large(limit)(scope, receive, send)
                    return {"type": "http.disconnect"}
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if refused:
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        await self.app(scope, counting_receive, tracking_send)


DRAIN_BYTES, DRAIN_S = 64 * 1024 * 1024, 10.0


async def _drain(receive: Receive, more: bool) -> None:
    """Read what is left of a refused body, within DRAIN_BYTES and DRAIN_S."""
    dropped = 0
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(DRAIN_S):
            while more and dropped <= DRAIN_BYTES:
                message = await receive()
                dropped += len(message.get("body", b""))
                more = message["type"] == "http.request" and bool(message.get("more_body"))


def _too_large(limit: int) -> Any:
    return error_response(
        413, f"Request body is larger than {limit} bytes", [{"field": "body", "message": f"at most {limit} bytes"}]
    )


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None


def headers_dict(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1"): v.decode("latin-1") for k, v in scope.get("headers", [])}
