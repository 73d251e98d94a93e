"""Jobs on Redis with arq: the API enqueues a job's id, `python -m assistant worker` runs it.

arq carries only the id (the job's input and state are in the database, domain/jobs.py), one arq
function per job name so that Redis shows what is queued. A try that asks for another raises arq's
`Retry` with the backoff as its delay; arq's own tries are one more than ours, so that a try cut short
by a dying worker (arq runs the job again) is taken over rather than lost.

A deferred job is enqueued with arq's `_defer_until`; the job's id is arq's job id, so enqueueing it
twice is a no-op. Each worker, as it starts, enqueues the jobs the store says are still queued (for
their time): the Redis of docker-compose.yml keeps nothing on disk, and a rest timer must outlive it.
A cancelled job stays in arq's queue until its time, and then ends at once (domain/jobs.py: claim).
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from arq import Retry, Worker
from arq.connections import ArqRedis, RedisSettings, create_pool
from arq.cron import CronJob
from arq.worker import Function, func

from assistant.jobs.context import JobSpec
from assistant.jobs.runner import run_once
from domain import jobs as store

if TYPE_CHECKING:
    from assistant.settings import Settings
    from assistant.spotter import Spotter

KEEP_RESULT_S = 60  # arq's own record of a finished job; ours is in the database


def redis_settings(url: str, *, retries: int = 5, timeout_s: float = 1.0) -> RedisSettings:
    """arq's connection settings; the API tries once (a request must not wait out a dead Redis)."""
    found = RedisSettings.from_dsn(url)
    found.conn_retries, found.conn_timeout = retries, max(1, round(timeout_s))
    return found


class ArqQueue:
    """The API's side: enqueue a job's id on the queue the workers read."""

    def __init__(self, redis_url: str, queue_name: str, timeout_s: float = 1.0) -> None:
        self.redis_url, self.queue_name, self.timeout_s = redis_url, queue_name, timeout_s
        self._pool: ArqRedis | None = None

    async def start(self) -> None:
        return None  # connected on first use: the app starts while Redis is down too

    async def submit(self, job_id: uuid.UUID, name: str, run_at: datetime | None = None) -> None:
        if self._pool is None:
            connect = redis_settings(self.redis_url, retries=0, timeout_s=self.timeout_s)
            self._pool = await create_pool(connect, default_queue_name=self.queue_name)
        await self._pool.enqueue_job(name, str(job_id), _job_id=str(job_id), _defer_until=run_at)

    async def aclose(self) -> None:
        if self._pool is not None:
            await self._pool.aclose()
            self._pool = None


async def requeue(spotter: Spotter, pool: ArqRedis, names: list[str]) -> int:
    """Jobs the store has queued, enqueued again for their time (those still in arq's queue are left
    as they are); how many were missing."""
    async with spotter.reader() as uow:
        waiting = await store.queued(uow, names)
    added = 0
    for job in waiting:
        if await pool.enqueue_job(job.name, str(job.id), _job_id=str(job.id), _defer_until=job.run_at) is not None:
            added += 1
    return added


def _function(name: str, spec: JobSpec, registry: dict[str, JobSpec], tries: int) -> Function:
    """`tries`: the job's own (JobSpec.policy); arq gets one more (see the module's docstring)."""

    async def run(ctx: dict[str, Any], job_id: str) -> str:
        spotter: Spotter = ctx["spotter"]
        outcome = await run_once(spotter, registry, uuid.UUID(job_id), take_over=ctx.get("job_try", 1) > 1)
        if outcome.retry_in is not None:
            raise Retry(defer=outcome.retry_in)
        return outcome.status

    return func(run, name=name, max_tries=tries + 1)


def worker(
    settings: Settings,
    registry: dict[str, JobSpec],
    make_spotter: Callable[[], Awaitable[Spotter]],
    *,
    burst: bool = False,
    poll_delay_s: float = 0.5,
    cron_jobs: list[CronJob] | None = None,
) -> Worker:
    """An arq worker running `registry`'s jobs from JOB_QUEUE; `make_spotter` is called at its start
    (the app's services: store, bus, catalog) and closed at its end. `cron_jobs` run on schedule
    (arq runs each once per time however many workers there are)."""
    if not settings.redis_url:
        raise ValueError("the worker needs REDIS_URL (without it the API runs jobs in its own process)")

    async def startup(ctx: dict[str, Any]) -> None:
        ctx["spotter"] = spotter = await make_spotter()
        await requeue(spotter, ctx["redis"], list(registry))

    async def shutdown(ctx: dict[str, Any]) -> None:
        spotter = ctx.pop("spotter", None)
        if spotter is not None:
            await spotter.aclose()

    return Worker(
        functions=[_function(name, spec, registry, spec.policy(settings)[0]) for name, spec in registry.items()],
        cron_jobs=cron_jobs,
        queue_name=settings.job_queue,
        redis_settings=redis_settings(settings.redis_url),
        burst=burst,
        poll_delay=poll_delay_s,
        on_startup=startup,
        on_shutdown=shutdown,
        handle_signals=not burst,
        job_timeout=settings.job_timeout_s,
        keep_result=KEEP_RESULT_S,
        max_jobs=4,
    )
