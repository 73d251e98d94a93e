"""Syncs as jobs on every store: one sync per lifter and provider at a time however many workers
try (two at once: one runs, the other is refused), a claim whose worker died lapses (its log marked
interrupted), `sync.finished` when a sync stored something, and incremental syncs by schedule,
none enqueued twice."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from assistant.device_jobs import SYNC_DEVICE, due_syncs
from channels.devices.sync import DeviceSync
from domain import commands as c
from domain.errors import Conflict
from domain.models import DeviceConnection, Job, SyncLog
from tests.fakes.strava import activities
from tests.integration.devices.conftest import StravaWorld, settle
from tests.integration.devices.test_strava import connected, sync


def workers(world: StravaWorld, n: int) -> list[DeviceSync]:
    """`n` device syncs as n worker processes would have them: nothing shared but the store."""
    one: DeviceSync = world.app.state.device_sync
    return [DeviceSync(one.spotter, one.clouds, one.base_urls) for _ in range(n)]


async def test_two_syncs_at_once_one_runs(strava: StravaWorld) -> None:
    who = await connected(strava)
    user = uuid.UUID(who.id)
    strava.fake.items = activities(30)
    strava.fake.script = ["slow"]  # the first call takes a while: both syncs are under way together
    first, second = workers(strava, 2)
    results = await asyncio.gather(
        first.pull(user, "strava", "manual"), second.pull(user, "strava", "manual"), return_exceptions=True
    )
    done = [r for r in results if not isinstance(r, BaseException)]
    refused = [r for r in results if isinstance(r, Conflict)]
    assert len(done) == 1 and len(refused) == 1, results
    assert done[0].status == "ok" and done[0].fetched == 30
    assert "already running" in refused[0].message
    async with strava.app.state.spotter.reader() as uow:
        logs = (await uow.session.scalars(select(SyncLog).where(SyncLog.user_id == user))).all()
        row = await uow.session.scalar(select(DeviceConnection).where(DeviceConnection.user_id == user))
    assert sorted(g.trigger for g in logs) == ["backfill", "manual"]  # the refused one started nothing
    assert row is not None and row.sync_log_id is None and row.sync_lease_until is None  # free again


async def test_a_sync_whose_worker_died_frees_the_connection(strava: StravaWorld) -> None:
    who = await connected(strava)
    user = uuid.UUID(who.id)
    bus = strava.app.state.spotter.bus
    dead = await bus.handle(c.StartDeviceSync(user, "strava", "schedule", lease_s=0.05))
    with pytest.raises(Conflict):  # held meanwhile
        await bus.handle(c.StartDeviceSync(user, "strava", "manual"))
    await asyncio.sleep(0.1)
    strava.fake.items = activities(3)
    assert (await sync(strava, who))["status"] == "ok"
    async with strava.app.state.spotter.reader() as uow:
        old = await uow.session.get(SyncLog, dead.id)
    assert old is not None and old.status == "failed" and "interrupted" in (old.error or "")


async def test_a_sync_that_stores_something_is_announced(strava: StravaWorld) -> None:
    who = await connected(strava)
    user = uuid.UUID(who.id)
    events = strava.app.state.spotter.events
    mark = await events.latest(user) or "0-0"
    strava.fake.items = activities(4)
    log = await sync(strava, who)
    found = [e for e in (await events.since(user, mark)).events if e.type == "sync.finished"]
    mine = [e for e in found if '"provider":"strava"' in e.text]
    assert len(mine) == 1 and '"stored":12' in mine[0].text and log["id"] in mine[0].text  # 4 runs, HR, kcal
    mark = await events.latest(user) or mark
    strava.fake.items = []
    assert (await sync(strava, who))["stored"] == 0  # nothing read: nothing announced
    assert [e for e in (await events.since(user, mark)).events if '"provider":"strava"' in e.text] == []


async def test_incremental_syncs_are_scheduled_once(strava: StravaWorld) -> None:
    who = await connected(strava)
    user = uuid.UUID(who.id)
    spotter = strava.app.state.spotter
    async with spotter.uow() as uow:
        await uow.session.execute(
            update(DeviceConnection)
            .where(DeviceConnection.user_id == user)
            .values(last_sync_at=datetime.now(UTC) - timedelta(hours=2))
        )
        await uow.commit()
    strava.fake.items = activities(2)
    assert await due_syncs(spotter) >= 1
    await due_syncs(spotter)  # queued, running or done: not enqueued again
    await settle(strava.app, who.id)
    async with spotter.reader() as uow:
        jobs = (await uow.session.scalars(select(Job).where(Job.user_id == user, Job.name == SYNC_DEVICE))).all()
    scheduled = [j for j in jobs if j.args.get("trigger") == "schedule"]
    assert len(scheduled) == 1 and scheduled[0].status == "succeeded", [(j.status, j.error) for j in jobs]
    assert scheduled[0].result and scheduled[0].result["stored"] == 6
