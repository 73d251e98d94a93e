"""Background jobs (design.md, "Events, jobs and the outside world"): one small interface.

`spotter.jobs.enqueue(name, user_id, payload=..., **args)` stores a queued job and hands its id to a
runner, which runs the function registered under `name` (assistant/jobs/registry.py) with retries
and backoff; the job's state (status, progress and message, result, error, tries) is read back with
`domain.jobs.owned` (GET /api/v1/jobs/{id}). With REDIS_URL the runner is arq and
`python -m assistant worker` runs the jobs; without it the app's lifespan starts one in its process.

A job may be deferred (`run_at`: a rest timer's end) and cancelled while it waits (`cancel`): the
time is stored with the job, so a runner that starts again (a restarted process, an arq worker after
Redis lost its queue) queues it again for that time, and a cancelled job is ended in the store, so
whichever runner takes it up finds nothing to do.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from assistant.jobs.context import JobContext, JobFunction, JobSpec
from assistant.outage import REDIS_ERRORS, DependencyDown
from domain import jobs as store
from domain.models import Job

if TYPE_CHECKING:
    from assistant.spotter import Spotter


class Runner(Protocol):
    async def start(self) -> None: ...
    async def submit(self, job_id: uuid.UUID, name: str, run_at: datetime | None = None) -> None: ...
    async def aclose(self) -> None: ...


class Jobs:
    def __init__(self, spotter: Spotter, runner: Runner, registry: dict[str, JobSpec]) -> None:
        self.spotter, self.runner, self.registry = spotter, runner, registry

    async def enqueue(
        self,
        name: str,
        user_id: uuid.UUID,
        *,
        payload: str | None = None,
        run_at: datetime | None = None,
        **args: Any,
    ) -> Job:
        """A queued job of `name` (a registered function) for `user_id`; `args` are JSON values;
        `run_at` (zone-aware): not before then (None: at once)."""
        if name not in self.registry:
            raise LookupError(f"no job function named {name!r}")
        async with self.spotter.uow() as uow:
            job = await store.create(uow, user_id, name, args, payload, run_at)
        try:
            await self.runner.submit(job.id, name, run_at)
        except REDIS_ERRORS as exc:
            async with self.spotter.uow() as uow:
                await store.fail(uow, job.id, f"the job queue (Redis) did not answer: {exc}")
            raise DependencyDown("the job queue (Redis)", 2.0) from exc
        return job

    async def enqueue_many(
        self, name: str, jobs: list[tuple[uuid.UUID, dict[str, Any], str | None]]
    ) -> list[uuid.UUID]:
        """Queued jobs of `name`, one per (user_id, args, payload), stored in one transaction and then
        handed to the runner; a job the queue (Redis) refused ends failed, the others still run."""
        if name not in self.registry:
            raise LookupError(f"no job function named {name!r}")
        if not jobs:
            return []
        async with self.spotter.uow() as uow:
            ids = [job.id for job in await store.create_many(uow, name, jobs)]
        for job_id in ids:
            try:
                await self.runner.submit(job_id, name)
            except REDIS_ERRORS as exc:
                async with self.spotter.uow() as uow:
                    await store.fail(uow, job_id, f"the job queue (Redis) did not answer: {exc}")
        return ids

    async def cancel(self, job_id: uuid.UUID) -> bool:
        """The job will not run; False when it no longer waits (it ran, is running, or ended)."""
        async with self.spotter.uow() as uow:
            return await store.cancel(uow, job_id)

    async def start(self) -> None:
        await self.runner.start()

    async def aclose(self) -> None:
        await self.runner.aclose()


def make_jobs(spotter: Spotter, registry: dict[str, JobSpec] | None = None) -> Jobs:
    """arq with REDIS_URL, else the in-process runner (the only place a runner is chosen)."""
    from assistant.jobs.registry import JOBS

    registry = JOBS if registry is None else registry
    settings = spotter.settings
    runner: Runner
    if settings.redis_url:
        from assistant.jobs.arq_queue import ArqQueue

        runner = ArqQueue(settings.redis_url, settings.job_queue, settings.redis_timeout_s)
    else:
        from assistant.jobs.runner import InProcessRunner

        runner = InProcessRunner(spotter, registry)
    return Jobs(spotter, runner, registry)


__all__ = ["JobContext", "JobFunction", "JobSpec", "Jobs", "make_jobs"]
