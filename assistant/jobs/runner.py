"""Running a job: one try (`run_once`, the same for both runners), and the in-process runner.

A try claims the job (domain/jobs.py), runs its function and records how it ended: succeeded with
its result; failed at once on a DomainError (bad input: no retry mends it); else, while tries are
left, queued again with the error readable and a backoff of JOB_RETRY_BASE_S (or the job's own:
JobSpec.policy) doubled each try
(capped at MAX_BACKOFF_S); failed with the error after the last try.

Without Redis the app's lifespan starts an `InProcessRunner`: one asyncio task taking job ids from a
queue, retries and deferred jobs scheduled on the event loop. Jobs of its names still queued in the
store when it starts (a try cut short by a restart is queued again, a rest timer waits out its time)
are taken up again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from assistant.jobs.context import JobContext, JobSpec
from domain import jobs as store
from domain.errors import DomainError
from domain.models import utcnow

if TYPE_CHECKING:
    from assistant.spotter import Spotter

log = logging.getLogger("spotter.jobs")
MAX_BACKOFF_S = 300.0


@dataclass(frozen=True)
class Outcome:
    status: str  # succeeded, failed, retry, skipped (not ours to run: taken or ended)
    retry_in: float | None = None


def backoff(base_s: float, attempt: int) -> float:
    """Seconds before the next try after try `attempt` failed: base, 2 x base, 4 x base, ..."""
    return min(base_s * 2 ** (attempt - 1), MAX_BACKOFF_S)


def error_text(exc: BaseException) -> str:
    message = exc.message if isinstance(exc, DomainError) else str(exc)
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


async def run_once(
    spotter: Spotter, registry: dict[str, JobSpec], job_id: uuid.UUID, *, take_over: bool = False
) -> Outcome:
    """One try of the job; `take_over`: also a job left running by a runner that died (arq retries it)."""
    async with spotter.uow() as uow:
        claimed = await store.claim(uow, job_id, take_over=take_over)
    if claimed is None:
        return Outcome("skipped")
    spec = registry.get(claimed.name)
    if spec is None:
        async with spotter.uow() as uow:
            await store.fail(uow, job_id, f"no job function named {claimed.name!r}")
        return Outcome("failed")

    async def sink(progress: float, message: str) -> None:
        async with spotter.uow() as uow:
            await store.report(uow, job_id, progress, message)

    ctx = JobContext(spotter, claimed.user_id, claimed.args, claimed.payload, job_id, claimed.attempts, sink)
    tries, base_s = spec.policy(spotter.settings)
    try:
        result = await spec.run(ctx)
    except asyncio.CancelledError:
        with contextlib.suppress(Exception):
            async with spotter.uow() as uow:
                await store.requeue(uow, job_id)
        raise
    except DomainError as exc:
        async with spotter.uow() as uow:
            await store.fail(uow, job_id, error_text(exc))
        return Outcome("failed")
    except Exception as exc:
        log.warning("job %s (%s) try %d of %d failed", job_id, claimed.name, claimed.attempts, tries, exc_info=exc)
        async with spotter.uow() as uow:
            if claimed.attempts < tries:
                delay = backoff(base_s, claimed.attempts)
                await store.retry_later(uow, job_id, error_text(exc), delay)
                return Outcome("retry", delay)
            await store.fail(uow, job_id, error_text(exc))
        return Outcome("failed")
    async with spotter.uow() as uow:
        await store.succeed(uow, job_id, result)
    return Outcome("succeeded")


class InProcessRunner:
    """Jobs run in this process, one at a time, in the order they came; a deferred job runs in a task
    of its own when it is due, so that a long import does not hold up a rest timer."""

    def __init__(self, spotter: Spotter, registry: dict[str, JobSpec]) -> None:
        self.spotter, self.registry = spotter, registry
        self.queue: asyncio.Queue[uuid.UUID] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self._timers: dict[uuid.UUID, asyncio.TimerHandle] = {}
        self._due: set[asyncio.Task[None]] = set()

    async def submit(self, job_id: uuid.UUID, name: str, run_at: datetime | None = None) -> None:
        if run_at is None:
            self.queue.put_nowait(job_id)
        else:
            self._after((run_at - utcnow()).total_seconds(), job_id, self._run_due)

    async def start(self) -> None:
        if self._task is not None:
            return
        async with self.spotter.reader() as uow:
            waiting = await store.queued(uow, list(self.registry))
        for job in waiting:
            await self.submit(job.id, job.name, job.run_at)
        self._task = asyncio.create_task(self._work(), name="spotter-jobs")

    async def _work(self) -> None:
        while True:
            await self._one(await self.queue.get())

    async def _one(self, job_id: uuid.UUID) -> None:
        try:
            outcome = await run_once(self.spotter, self.registry, job_id)
        except asyncio.CancelledError:
            raise
        except Exception:  # the store failed while recording: the next job may fare better
            log.exception("job %s could not be run", job_id)
            return
        if outcome.retry_in is not None:
            self._after(outcome.retry_in, job_id, self.queue.put_nowait)

    def _after(self, delay_s: float, job_id: uuid.UUID, then: Callable[[uuid.UUID], None]) -> None:
        def fire() -> None:
            self._timers.pop(job_id, None)
            then(job_id)

        old = self._timers.pop(job_id, None)
        if old is not None:
            old.cancel()
        self._timers[job_id] = asyncio.get_running_loop().call_later(max(delay_s, 0.0), fire)

    def _run_due(self, job_id: uuid.UUID) -> None:
        self._due.add(task := asyncio.create_task(self._one(job_id), name=f"spotter-job-{job_id}"))
        task.add_done_callback(self._due.discard)

    async def aclose(self) -> None:
        for handle in self._timers.values():
            handle.cancel()
        self._timers.clear()
        tasks = [*self._due, *([self._task] if self._task is not None else [])]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._task = None
