"""What a job function is given and returns: its arguments, its input, a way to report progress."""

from __future__ import annotations

import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.settings import Settings
    from assistant.spotter import Spotter

Report = Callable[[float, str], Awaitable[None]]


async def _nowhere(progress: float, message: str) -> None:
    return None


@dataclass
class JobContext:
    """One try of a job. `report(progress, message)` records progress (0..1) for GET /jobs/{id}, at
    most every `every_s` seconds (the last word always); `attempt` counts tries from 1."""

    spotter: Spotter
    user_id: uuid.UUID
    args: dict[str, Any] = field(default_factory=dict)
    payload: str | None = None
    job_id: uuid.UUID | None = None
    attempt: int = 1
    sink: Report = _nowhere
    every_s: float = 0.25
    _last: float = 0.0

    async def report(self, progress: float, message: str, *, now: bool = False) -> None:
        clock = time.monotonic()
        if now or clock - self._last >= self.every_s:
            self._last = clock
            await self.sink(progress, message)


JobFunction = Callable[[JobContext], Awaitable[dict[str, Any]]]


@dataclass(frozen=True)
class JobSpec:
    """A job's function and how often it may be tried (None: JOB_MAX_TRIES). `retries`, when given,
    reads the tries and the first backoff from the settings (webhook deliveries have their own)."""

    run: JobFunction
    max_tries: int | None = None
    retries: Callable[[Settings], tuple[int, float]] | None = None

    def policy(self, settings: Settings) -> tuple[int, float]:
        """How many tries in all, and the backoff after the first failed one (doubled each try)."""
        if self.retries is not None:
            return self.retries(settings)
        return self.max_tries or settings.job_max_tries, settings.job_retry_base_s
