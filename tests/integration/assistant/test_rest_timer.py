"""Rest timers as deferred jobs (assistant/rest_timer.py), on SQLite and PostgreSQL, and on Redis with a
real arq worker: a rest set before a restart still ends after it, a new rest cancels the waiting one
(a cancelled job does nothing when its time comes), a deferred job never runs before its time, and a
waiting rest timer does not hold up other jobs (nor they it)."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from assistant.bootstrap import bootstrap
from assistant.events import Published
from assistant.jobs import JobContext, Jobs, JobSpec
from assistant.jobs.arq_queue import worker
from assistant.jobs.registry import JOBS
from assistant.jobs.runner import InProcessRunner, run_once
from assistant.rest_timer import NOTICE, REST_END
from assistant.settings import Settings
from assistant.spotter import Spotter
from domain import commands as c
from domain.models import Job, utcnow
from tests.conftest import REDIS_URL, make_settings


class Heard:
    """The rest events of one lifter that a process's bus delivered, and what its channel was told."""

    def __init__(self, spotter: Spotter, user_id: uuid.UUID) -> None:
        self.user_id = user_id
        self.events: list[dict[str, Any]] = []
        self.told: list[str] = []
        assert spotter.events is not None
        spotter.events.hub.watchers.append(self)

        async def notifier(user_id: uuid.UUID, channel: str, text: str) -> None:
            if user_id == self.user_id:
                self.told.append(text)

        spotter.conversation.on_notify("voice", notifier)

    def __call__(self, event: Published) -> None:
        if event.user_id == self.user_id and event.type.startswith("rest."):
            self.events.append(json.loads(event.text))

    def of(self, kind: str, reason: str | None = None) -> list[dict[str, Any]]:
        return [e for e in self.events if e["type"] == kind and reason in (None, e["data"].get("reason"))]

    async def until(self, kind: str, reason: str | None = None, count: int = 1) -> list[dict[str, Any]]:
        """The events of `kind` once `count` have come (a Redis bus delivers a moment later)."""
        deadline = time.monotonic() + 15
        while len(self.of(kind, reason)) < count:
            assert time.monotonic() < deadline, self.events
            await asyncio.sleep(0.02)
        return self.of(kind, reason)

    async def done(self, count: int = 1) -> list[dict[str, Any]]:
        """The rests that ran out, once `count` have, and the channel was told each time."""
        ended = await self.until("rest.ended", "done", count)
        deadline = time.monotonic() + 5
        while len(self.told) < count:
            assert time.monotonic() < deadline, self.told
            await asyncio.sleep(0.02)
        return ended


def at(value: str) -> datetime:
    return datetime.fromisoformat(value)


async def lifter_id(spotter: Spotter) -> uuid.UUID:
    user = await spotter.bus.handle(
        c.Register(email=f"rest-{uuid.uuid4().hex[:10]}@example.com", password="correct horse battery", unit_pref="kg")
    )
    return uuid.UUID(str(user.id))


async def rest_jobs(spotter: Spotter, user_id: uuid.UUID) -> list[Job]:
    async with spotter.reader() as uow:
        rows = await uow.session.scalars(
            select(Job).where(Job.user_id == user_id, Job.name == REST_END).order_by(Job.created_at)
        )
        return list(rows)


@pytest.fixture
async def settings(database_url: str) -> Settings:
    return make_settings(database_url)


@pytest.fixture
async def spotter(settings: Settings) -> AsyncIterator[Spotter]:
    made = await bootstrap(settings)
    await made.jobs.start()
    yield made
    await made.aclose()


async def test_a_rest_set_before_a_restart_ends_after_it(settings: Settings) -> None:
    first = await bootstrap(settings)
    await first.jobs.start()
    user_id = await lifter_id(first)
    before = Heard(first, user_id)
    await first.conversation.rest.start(user_id, "voice", 1)
    started = await before.until("rest.started")
    assert started[0]["data"]["seconds"] == 1
    await first.aclose()  # the process stops before the rest is over
    (job,) = await rest_jobs(again := await bootstrap(settings), user_id)
    try:
        assert (job.status, job.run_at) == ("queued", at(started[0]["data"]["ends_at"]))
        heard = Heard(again, user_id)
        await again.jobs.start()  # a new process: its runner finds the waiting timer in the store
        (ended,) = await heard.done()
        assert at(ended["at"]) >= at(started[0]["data"]["ends_at"])  # not early
        assert heard.told == [NOTICE]
        for _ in range(100):  # the job is marked done in its own transaction, just after it announced the end
            if (await rest_jobs(again, user_id))[0].status != "running":
                break
            await asyncio.sleep(0.02)
        assert (await rest_jobs(again, user_id))[0].status == "succeeded"
    finally:
        await again.aclose()


async def test_a_new_rest_cancels_the_waiting_one(spotter: Spotter) -> None:
    user_id = await lifter_id(spotter)
    heard = Heard(spotter, user_id)
    await spotter.conversation.rest.start(user_id, "voice", 30)
    await spotter.conversation.rest.start(user_id, "voice", 1)
    await spotter.conversation.rest.start(user_id, "web", 1)  # another channel's rest is its own
    old, new, web = await rest_jobs(spotter, user_id)
    assert (old.status, new.status, web.status) == ("cancelled", "queued", "queued")
    assert [e["data"]["channel"] for e in await heard.until("rest.ended", "replaced")] == ["voice"]
    assert await spotter.jobs.cancel(old.id) is False  # no longer waiting
    outcome = await run_once(spotter, JOBS, old.id)  # its time come early: a cancelled job does nothing
    assert outcome.status == "skipped" and heard.of("rest.ended", "done") == []
    done = await heard.until("rest.ended", "done", count=2)
    await heard.done()
    assert sorted(e["data"]["channel"] for e in done) == ["voice", "web"]
    assert heard.told == [NOTICE]  # only the voice channel has a notifier here


async def test_a_waiting_rest_timer_does_not_hold_up_other_jobs_nor_they_it(spotter: Spotter) -> None:
    release, ran = asyncio.Event(), list[tuple[str, float]]()

    async def waits(ctx: JobContext) -> dict[str, Any]:
        await release.wait()
        return {}

    async def quick(ctx: JobContext) -> dict[str, Any]:
        ran.append((str(ctx.args["label"]), time.time()))
        return {}

    registry = {**JOBS, "waits": JobSpec(waits), "quick": JobSpec(quick)}
    jobs = Jobs(spotter, InProcessRunner(spotter, registry), registry)
    await jobs.start()
    try:
        user_id = await lifter_id(spotter)
        due = utcnow() + timedelta(seconds=0.4)
        await jobs.enqueue("quick", user_id, run_at=due, label="deferred")
        await jobs.enqueue("waits", user_id)  # a long job takes the queue...
        await jobs.enqueue("quick", user_id, label="now")  # ...and this waits its turn behind it
        deadline = time.monotonic() + 10
        while not ran:
            assert time.monotonic() < deadline
            await asyncio.sleep(0.02)
        assert ran[0][0] == "deferred" and ran[0][1] >= due.timestamp()  # on time, and not early
        release.set()
        while len(ran) < 2:
            assert time.monotonic() < deadline
            await asyncio.sleep(0.02)
        assert ran[1][0] == "now"
    finally:
        release.set()
        await jobs.aclose()


@pytest.mark.redis
@pytest.mark.skipif(not REDIS_URL, reason="needs TEST_REDIS_URL")
async def test_on_redis_a_fresh_worker_ends_a_rest_that_redis_forgot(database_url: str) -> None:
    """The API sets the timers; Redis then loses its queue (a restart without persistence); an arq
    worker started afterwards queues the waiting timer again from the store, runs it at its time, and
    the API process hears `rest.ended` on the bus and tells its voice channel. The replaced timer's
    job, still in arq's queue, does nothing when its time comes."""
    queue = f"spotter:test-jobs:{uuid.uuid4().hex}"
    settings = make_settings(database_url, redis_url=REDIS_URL, job_queue=queue)
    api = await bootstrap(settings)
    try:
        user_id = await lifter_id(api)
        heard = Heard(api, user_id)
        await api.conversation.rest.start(user_id, "voice", 1)
        await api.conversation.rest.start(user_id, "voice", 2)  # replaces the first, still queued in arq
        replaced, waiting = await rest_jobs(api, user_id)
        assert (replaced.status, waiting.status) == ("cancelled", "queued")
        await api.redis.delete(queue, f"arq:job:{waiting.id}")  # Redis forgot the waiting timer
        ends = at((await heard.until("rest.started", count=2))[-1]["data"]["ends_at"])
        arq_worker = worker(settings, JOBS, lambda: bootstrap(settings), burst=True, poll_delay_s=0.05)
        try:
            await arq_worker.main()  # burst: until arq's queue is empty, deferred jobs included
        finally:
            await arq_worker.close()
        (ended,) = await heard.done()
        assert at(ended["at"]) >= ends and heard.told == [NOTICE]
        assert [j.status for j in await rest_jobs(api, user_id)] == ["cancelled", "succeeded"]
        assert len(await heard.until("rest.ended", "replaced")) == 1
    finally:
        await api.aclose()
