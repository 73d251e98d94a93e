"""Jobs, run in process (no Redis) and by a real arq worker on Redis: state read back from the store,
progress, retries with backoff, a job that keeps failing ending failed with its error readable, bad
input failing at once, and a try cut short by a stopping runner taken up again."""

from __future__ import annotations

import asyncio
import itertools
import os
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from assistant.bootstrap import bootstrap
from assistant.jobs import JobContext, Jobs, JobSpec
from assistant.jobs.arq_queue import ArqQueue, worker
from assistant.jobs.registry import JOBS
from assistant.jobs.runner import InProcessRunner
from assistant.settings import Settings
from assistant.spotter import Spotter
from domain import commands as c
from domain import jobs as store
from domain.errors import Invalid
from domain.models import Job
from tests.conftest import REDIS_URL, make_settings
from tests.fakes.exports import all_sets, history, strong_csv

ROOT = Path(__file__).resolve().parents[3]
BASE_S = 0.05  # JOB_RETRY_BASE_S here: tries 0.05 s, then 0.1 s apart


class Program:
    """Job functions that behave as told, and when each try started and ended."""

    def __init__(self) -> None:
        self.tries: dict[str, list[tuple[float, float]]] = {}
        self.release, self.started = asyncio.Event(), asyncio.Event()

    async def _try(self, ctx: JobContext, fails: bool, error: Exception | None = None) -> dict[str, Any]:
        began = time.monotonic()
        try:
            await ctx.report(0.5, "halfway", now=True)
            if fails:
                raise error or RuntimeError(f"try {ctx.attempt} went wrong")
            return {"seen": ctx.args.get("n"), "attempt": ctx.attempt}
        finally:
            self.tries.setdefault(str(ctx.args.get("label")), []).append((began, time.monotonic()))

    async def count(self, ctx: JobContext) -> dict[str, Any]:
        return await self._try(ctx, False)

    async def flaky(self, ctx: JobContext) -> dict[str, Any]:
        return await self._try(ctx, ctx.attempt == 1)

    async def broken(self, ctx: JobContext) -> dict[str, Any]:
        return await self._try(ctx, True)

    async def invalid(self, ctx: JobContext) -> dict[str, Any]:
        return await self._try(ctx, True, Invalid("this file is not an export"))

    async def waits(self, ctx: JobContext) -> dict[str, Any]:
        self.started.set()
        await self.release.wait()
        return await self._try(ctx, False)

    def registry(self) -> dict[str, JobSpec]:
        names = ("count", "flaky", "broken", "invalid", "waits")
        return {**JOBS, **{name: JobSpec(getattr(self, name)) for name in names}}


def settings_for(database_url: str, **extra: Any) -> Settings:
    return make_settings(database_url, job_retry_base_s=BASE_S, job_max_tries=3, **extra)


@pytest.fixture
async def spotter(database_url: str) -> AsyncIterator[Spotter]:
    made = await bootstrap(settings_for(database_url))
    yield made
    await made.aclose()


async def lifter_id(spotter: Spotter) -> uuid.UUID:
    user = await spotter.bus.handle(
        c.Register(email=f"jobs-{uuid.uuid4().hex[:10]}@example.com", password="correct horse battery", unit_pref="kg")
    )
    return uuid.UUID(str(user.id))


async def read(spotter: Spotter, user_id: uuid.UUID, job_id: uuid.UUID) -> Job:
    async with spotter.reader() as uow:
        return await store.owned(uow, user_id, job_id)


async def ended(spotter: Spotter, user_id: uuid.UUID, job_id: uuid.UUID, timeout_s: float = 60) -> Job:
    deadline = time.monotonic() + timeout_s
    while True:
        job = await read(spotter, user_id, job_id)
        if job.status in ("succeeded", "failed"):
            return job
        assert time.monotonic() < deadline, (job.status, job.message, job.error)
        await asyncio.sleep(0.02)


async def enqueue_all(jobs: Jobs, user_id: uuid.UUID) -> dict[str, uuid.UUID]:
    return {
        name: (await jobs.enqueue(name, user_id, n=7, label=name)).id
        for name in ("count", "flaky", "broken", "invalid")
    }


async def check_outcomes(spotter: Spotter, program: Program, user_id: uuid.UUID, ids: dict[str, uuid.UUID]) -> None:
    done = {name: await ended(spotter, user_id, job_id) for name, job_id in ids.items()}
    ok = done["count"]
    assert (ok.status, ok.progress, ok.attempts, ok.result, ok.error) == (
        "succeeded",
        1.0,
        1,
        {"seen": 7, "attempt": 1},
        None,
    )
    assert ok.payload is None and ok.finished_at is not None
    flaky = done["flaky"]
    assert (flaky.status, flaky.attempts, flaky.result, flaky.error) == (
        "succeeded",
        2,
        {"seen": 7, "attempt": 2},
        None,
    )
    broken = done["broken"]
    assert (broken.status, broken.attempts, broken.result) == ("failed", 3, None)
    assert broken.error == "RuntimeError: try 3 went wrong"
    tries = program.tries["broken"]
    waits = [later[0] - earlier[1] for earlier, later in itertools.pairwise(tries)]
    assert len(tries) == 3 and waits[0] >= BASE_S * 0.9 and waits[1] >= 2 * BASE_S * 0.9  # backoff doubles
    invalid = done["invalid"]
    assert (invalid.status, invalid.attempts, invalid.error) == ("failed", 1, "Invalid: this file is not an export")


async def test_the_in_process_runner_retries_with_backoff_and_keeps_the_error(spotter: Spotter) -> None:
    program = Program()
    registry = program.registry()
    jobs = Jobs(spotter, InProcessRunner(spotter, registry), registry)
    await jobs.start()
    try:
        user_id = await lifter_id(spotter)
        await check_outcomes(spotter, program, user_id, await enqueue_all(jobs, user_id))
        with pytest.raises(LookupError):
            await jobs.enqueue("no-such-job", user_id)
    finally:
        await jobs.aclose()


async def test_a_try_cut_short_by_a_stopping_runner_is_taken_up_again(spotter: Spotter) -> None:
    program = Program()
    registry = program.registry()
    user_id = await lifter_id(spotter)
    jobs = Jobs(spotter, InProcessRunner(spotter, registry), registry)
    await jobs.start()
    job = await jobs.enqueue("waits", user_id, label="waits")
    await program.started.wait()
    await jobs.aclose()
    stopped = await read(spotter, user_id, job.id)
    assert (stopped.status, stopped.attempts) == ("queued", 0)
    program.release.set()
    again = Jobs(spotter, InProcessRunner(spotter, registry), registry)
    await again.start()  # finds the queued job in the store
    try:
        finished = await ended(spotter, user_id, job.id)
        assert (finished.status, finished.attempts) == ("succeeded", 1)
    finally:
        await again.aclose()


@pytest.mark.redis
@pytest.mark.skipif(not REDIS_URL, reason="needs TEST_REDIS_URL")
async def test_an_arq_worker_runs_the_jobs_from_redis(database_url: str) -> None:
    settings = settings_for(database_url, redis_url=REDIS_URL, job_queue=f"spotter:test-jobs:{uuid.uuid4().hex}")
    program = Program()
    registry = program.registry()
    api = await bootstrap(settings)
    try:
        assert isinstance(api.jobs.runner, ArqQueue)  # REDIS_URL chooses arq
        jobs = Jobs(api, api.jobs.runner, registry)
        user_id = await lifter_id(api)
        ids = await enqueue_all(jobs, user_id)
        sessions = history(0.04)
        imported = await jobs.enqueue("import_workouts", user_id, payload=strong_csv(sessions))
        assert (await read(api, user_id, imported.id)).status == "queued"  # nothing runs it in this process
        arq_worker = worker(settings, registry, lambda: bootstrap(settings), burst=True, poll_delay_s=0.05)
        try:
            await arq_worker.main()  # burst: until the queue is empty, retries included
        finally:
            await arq_worker.close()
        await check_outcomes(api, program, user_id, ids)
        done = await ended(api, user_id, imported.id)
        assert done.status == "succeeded" and done.result is not None
        assert done.result["sets_imported"] == all_sets(sessions)
    finally:
        await api.aclose()


@pytest.mark.redis
@pytest.mark.skipif(not REDIS_URL, reason="needs TEST_REDIS_URL")
async def test_python_m_assistant_worker_runs_queued_imports(database_url: str) -> None:
    queue = f"spotter:test-jobs:{uuid.uuid4().hex}"
    settings = settings_for(database_url, redis_url=REDIS_URL, job_queue=queue)
    api = await bootstrap(settings)
    try:
        user_id = await lifter_id(api)
        sessions = history(0.04, seed=9)
        job = await api.jobs.enqueue("import_workouts", user_id, payload=strong_csv(sessions))
        env = {
            **os.environ,
            "ENV": "test",
            "DATABASE_URL": database_url,
            "REDIS_URL": str(REDIS_URL),
            "JOB_QUEUE": queue,
            "JWT_SECRET": "worker-test-secret-" + "x" * 32,
            "LOG_LEVEL": "WARNING",
        }
        done = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-m", "assistant", "worker", "--burst"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        finished = await read(api, user_id, job.id)
        assert finished.status == "succeeded" and finished.result is not None
        assert finished.result["sets_imported"] == all_sets(sessions)
    finally:
        await api.aclose()
