"""One way to ask the optional language model (LLM_BASE_URL: any OpenAI-compatible server) for a
typed answer: instructor over the `openai` client, a timeout on every call, a circuit breaker, and
Prometheus metrics (calls by outcome, latency, tokens) for every purpose that uses it.

The parser's fallback and workout generation both go through `ModelClient.ask`; a failure is a
`ModelFailed` naming why (timeout, server error, unreachable, invalid answer, circuit open), and
the caller falls back to what works without a model. Nothing here runs without configuration.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

import instructor
import openai
from instructor.core import InstructorRetryException
from openai import AsyncOpenAI
from prometheus_client import CollectorRegistry, Counter, Histogram
from pydantic import BaseModel, ValidationError

log = logging.getLogger(__name__)
T = TypeVar("T", bound=BaseModel)


class ModelFailed(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Breaker:
    """After `failures` transport failures in a row (timeouts, 5xx, unreachable) the model is left
    alone for `cooldown_s`; then one call tries again (a success closes it, a failure reopens it)."""

    def __init__(self, failures: int = 3, cooldown_s: float = 30.0, clock: Callable[[], float] = time.monotonic):
        self.limit, self.cooldown_s, self.clock = failures, cooldown_s, clock
        self.failures, self.open_until = 0, 0.0

    def allows(self) -> bool:
        return self.failures < self.limit or self.clock() >= self.open_until

    def succeeded(self) -> None:
        self.failures = 0

    def failed(self) -> None:
        self.failures += 1
        if self.failures >= self.limit:
            self.open_until = self.clock() + self.cooldown_s
            log.warning("language model: %d failures in a row, left alone for %.0f s", self.failures, self.cooldown_s)


class ModelMetrics:
    """`llm_requests_total{purpose,outcome}`, `llm_request_duration_seconds{purpose}`,
    `llm_tokens_total{purpose,kind}` (prompt, completion), on the app's registry."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.requests = Counter(
            "llm_requests_total", "Language model calls by outcome", ["purpose", "outcome"], registry=registry
        )
        self.latency = Histogram(
            "llm_request_duration_seconds",
            "Language model call latency (repairs included)",
            ["purpose"],
            registry=registry,
            buckets=(0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32),
        )
        self.tokens = Counter("llm_tokens_total", "Language model tokens", ["purpose", "kind"], registry=registry)


class ModelClient:
    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: str,
        *,
        purpose: str,
        timeout_s: float = 8.0,
        metrics: ModelMetrics | None = None,
        breaker: Breaker | None = None,
    ) -> None:
        client = AsyncOpenAI(base_url=base_url, api_key=api_key, timeout=timeout_s, max_retries=0)
        self._client = instructor.from_openai(client, mode=instructor.Mode.JSON)
        self._client.on("completion:response", self._count_tokens)
        self.model, self.purpose, self.timeout_s = model, purpose, timeout_s
        self.metrics = metrics or ModelMetrics()
        self.breaker = breaker or Breaker()

    def _count_tokens(self, response: Any) -> None:
        usage = getattr(response, "usage", None)
        for kind in ("prompt", "completion"):
            n = getattr(usage, f"{kind}_tokens", None)
            if isinstance(n, int) and n > 0:
                self.metrics.tokens.labels(self.purpose, kind).inc(n)

    async def ask(
        self, response_model: type[T], prompt: str, *, repairs: int = 0, context: dict[str, Any] | None = None
    ) -> T:
        """The model's answer as `response_model`; an answer that fails validation (its schema, or
        the checks `context` hands its validators) goes back with the errors `repairs` times."""
        if not self.breaker.allows():
            self._done("circuit_open", None)
            raise ModelFailed("circuit open: the model failed repeatedly")
        started = time.perf_counter()
        try:
            async with asyncio.timeout(self.timeout_s * (repairs + 1) + 1):
                answer = await self._client.chat.completions.create(
                    model=self.model,
                    response_model=response_model,
                    max_retries=repairs,
                    temperature=0,
                    context=context,
                    messages=[{"role": "user", "content": prompt}],
                )
        except Exception as exc:  # a model that is down or talks nonsense must never break the request
            outcome, reason = _classify(exc)
            if outcome == "invalid":
                self.breaker.succeeded()  # the server answered; the answer was wrong
            else:
                self.breaker.failed()
            self._done(outcome, started)
            raise ModelFailed(reason) from exc
        self.breaker.succeeded()
        self._done("ok", started)
        return answer

    def _done(self, outcome: str, started: float | None) -> None:
        self.metrics.requests.labels(self.purpose, outcome).inc()
        if started is not None:
            self.metrics.latency.labels(self.purpose).observe(time.perf_counter() - started)


def _classify(exc: BaseException) -> tuple[str, str]:
    """(metric outcome, reason) of a failed call; instructor wraps the client's errors, so the
    chain of causes is read."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, TimeoutError | openai.APITimeoutError):
            return "timeout", "timeout"
        if isinstance(seen, openai.APIStatusError):
            return "server_error", f"server error {seen.status_code}"
        if isinstance(seen, openai.APIConnectionError):
            return "unreachable", "unreachable"
        seen = seen.__cause__ or seen.__context__
    if isinstance(exc, InstructorRetryException | ValidationError):
        return "invalid", f"invalid answer: {_first_line(exc)}"
    log.warning("language model call failed", exc_info=exc)
    return "error", type(exc).__name__


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]
