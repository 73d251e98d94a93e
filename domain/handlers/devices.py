"""Device connections and their sync logs (domain/devices.py says what a provider is).

Tokens are sealed by the `token_box` dependency before they reach a row. A sync claims its
connection while it runs (`sync_log_id`, `sync_lease_until`): one sync per lifter and provider at a
time across processes; a claim whose worker died lapses, and its log is marked interrupted. A sync
that stored something is announced (`sync.finished`, with the provider) once its log is closed. Disconnecting keeps the
synced readings and workouts, or deletes them (personal records are refreshed as for any deleted
workout); the sealed tokens are always dropped.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import ColumnElement, delete, or_, select, update

from domain import commands as c
from domain import events as ev
from domain.changes import bury
from domain.devices import PROVIDERS, STATUSES, TRIGGERS, TokenBox
from domain.errors import Conflict, Invalid, NotFound
from domain.handlers import records
from domain.models import AuditEntry, BodyMetric, DeviceAlias, DeviceConnection, SyncLog, Workout, WorkoutSet, utcnow
from domain.uow import UnitOfWork


def _provider(name: str) -> None:
    if name not in PROVIDERS:
        raise Invalid.field("provider", f"must be one of {', '.join(PROVIDERS)}")


async def _connection(uow: UnitOfWork, user_id: uuid.UUID, provider: str) -> DeviceConnection:
    _provider(provider)
    found = await uow.session.scalar(
        select(DeviceConnection).where(DeviceConnection.user_id == user_id, DeviceConnection.provider == provider)
    )
    if found is None:
        raise NotFound(f"{provider} is not connected")
    return found


async def connect_device(cmd: c.ConnectDevice, uow: UnitOfWork, *, token_box: TokenBox) -> DeviceConnection:
    _provider(cmd.provider)

    async def work() -> DeviceConnection:
        row = await uow.session.scalar(
            select(DeviceConnection).where(
                DeviceConnection.user_id == cmd.user_id, DeviceConnection.provider == cmd.provider
            )
        )
        if row is None:
            row = DeviceConnection(user_id=cmd.user_id, provider=cmd.provider)
            uow.session.add(row)
        row.status, row.scopes, row.expires_at = "connected", list(cmd.scopes), cmd.expires_at
        row.tokens = token_box.seal(cmd.tokens) if cmd.tokens else None
        row.external_user_id = cmd.external_user_id or row.external_user_id
        uow.session.add(
            AuditEntry(user_id=cmd.user_id, action="device.connected", entity="device", entity_id=cmd.provider)
        )
        await uow.commit()
        return row

    return await uow.retry_on_race(work)


async def update_device_tokens(cmd: c.UpdateDeviceTokens, uow: UnitOfWork, *, token_box: TokenBox) -> None:
    row = await _connection(uow, cmd.user_id, cmd.provider)
    row.tokens, row.expires_at, row.status = token_box.seal(cmd.tokens), cmd.expires_at, "connected"
    await uow.commit()


async def set_device_status(cmd: c.SetDeviceStatus, uow: UnitOfWork) -> None:
    if cmd.status not in STATUSES:
        raise Invalid.field("status", f"must be one of {', '.join(STATUSES)}")
    row = await _connection(uow, cmd.user_id, cmd.provider)
    row.status = cmd.status
    await uow.commit()


async def advance_device_cursor(cmd: c.AdvanceDeviceCursor, uow: UnitOfWork) -> None:
    row = await _connection(uow, cmd.user_id, cmd.provider)
    row.cursor, row.last_sync_at = cmd.cursor, utcnow()
    await uow.commit()


async def disconnect_device(cmd: c.DisconnectDevice, uow: UnitOfWork) -> None:
    row = await _connection(uow, cmd.user_id, cmd.provider)
    await uow.session.delete(row)
    await uow.session.execute(delete(DeviceAlias).where(*_aliases_of(cmd.user_id, cmd.provider)))
    if not cmd.keep_data:
        readings = (BodyMetric.user_id == cmd.user_id, BodyMetric.source == cmd.provider)
        await _forget_readings(uow, cmd.user_id, readings, announce=False)
        synced = select(Workout.id).where(Workout.user_id == cmd.user_id, Workout.source == cmd.provider)
        await _forget_workouts(uow, cmd.user_id, list(await uow.session.scalars(synced)), announce=False)
    uow.session.add(
        AuditEntry(
            user_id=cmd.user_id,
            action="device.disconnected",
            entity="device",
            entity_id=cmd.provider,
            data={"keep_data": cmd.keep_data},
        )
    )
    await uow.commit()


async def forget_device_records(cmd: c.ForgetDeviceRecords, uow: UnitOfWork) -> int:
    """Delete the readings and workouts stored under these record ids of the provider (a session's
    heart rate and calories with it); ids never stored are ignored. The number of records deleted."""
    _provider(cmd.provider)
    ids = set(cmd.record_ids)
    if cmd.aliases:
        named = select(DeviceAlias.record_id).where(
            *_aliases_of(cmd.user_id, cmd.provider), DeviceAlias.alias.in_(set(cmd.aliases))
        )
        ids |= set(await uow.session.scalars(named))
    if not ids:
        return 0
    await uow.session.execute(
        delete(DeviceAlias).where(*_aliases_of(cmd.user_id, cmd.provider), DeviceAlias.record_id.in_(ids))
    )
    extras = {f"{i}:{kind}" for i in ids for kind in ("hr", "kcal")}
    mine = (BodyMetric.user_id == cmd.user_id, BodyMetric.source == cmd.provider)
    gone = await _forget_readings(uow, cmd.user_id, (*mine, BodyMetric.external_id.in_(ids | extras)), announce=True)
    readings = [r for r in gone if r.external_id in ids]
    client_ids = [f"{cmd.provider}:{i}" for i in ids]
    workouts = list(
        await uow.session.scalars(
            select(Workout.id).where(
                Workout.user_id == cmd.user_id, Workout.source == cmd.provider, Workout.client_id.in_(client_ids)
            )
        )
    )
    await _forget_workouts(uow, cmd.user_id, workouts, announce=True)
    await uow.commit()
    return len(readings) + len(workouts)


async def keep_device_aliases(cmd: c.KeepDeviceAliases, uow: UnitOfWork) -> None:
    """Note each (alias, record id) not noted yet; an alias noted for another record moves to this one."""
    _provider(cmd.provider)
    if cmd.aliases:
        await uow.retry_on_race(lambda: _keep_aliases(cmd, uow))


async def _keep_aliases(cmd: c.KeepDeviceAliases, uow: UnitOfWork) -> None:
    wanted = dict(cmd.aliases)
    mine = _aliases_of(cmd.user_id, cmd.provider)
    known = {
        a.alias: a for a in await uow.session.scalars(select(DeviceAlias).where(*mine, DeviceAlias.alias.in_(wanted)))
    }
    for alias, record_id in wanted.items():
        row = known.get(alias)
        if row is None:
            uow.session.add(DeviceAlias(user_id=cmd.user_id, provider=cmd.provider, alias=alias, record_id=record_id))
        elif row.record_id != record_id:
            row.record_id = record_id
    await uow.commit()


def _aliases_of(user_id: uuid.UUID, provider: str) -> tuple[ColumnElement[bool], ...]:
    return DeviceAlias.user_id == user_id, DeviceAlias.provider == provider


async def _forget_readings(
    uow: UnitOfWork, user_id: uuid.UUID, where: tuple[ColumnElement[bool], ...], *, announce: bool
) -> list[Any]:
    """Delete the readings `where` finds, each leaving a tombstone for delta sync, and a
    `metric.deleted` event each if `announce` (not for a device disconnected with its data: one
    change the lifter made, possibly of a million readings). The rows deleted."""
    found = (await uow.session.execute(select(*_GONE_READING).where(*where))).all()
    if not found:
        return []
    ids = [r.id for r in found]
    for start in range(0, len(ids), _CHUNK):
        await uow.session.execute(delete(BodyMetric).where(BodyMetric.id.in_(ids[start : start + _CHUNK])))
    await bury(uow, user_id, "metric", *ids)
    if announce:
        uow.add_event(*(ev.MetricDeleted(user_id, ev.gone_metric_data(r)) for r in found))
    return list(found)


async def _forget_workouts(uow: UnitOfWork, user_id: uuid.UUID, workouts: list[uuid.UUID], *, announce: bool) -> None:
    """Delete these synced workouts and their sets, each workout leaving a tombstone (and a
    `workout.deleted` event if `announce`); the records of their exercises recomputed."""
    if not workouts:
        return
    exercises = set(
        await uow.session.scalars(select(WorkoutSet.exercise_id).where(WorkoutSet.workout_id.in_(workouts)).distinct())
    )
    await uow.session.execute(delete(WorkoutSet).where(WorkoutSet.workout_id.in_(workouts)))
    await uow.session.execute(delete(Workout).where(Workout.id.in_(workouts)))
    await bury(uow, user_id, "workout", *workouts)
    await records.refresh(uow, user_id, exercises)
    if announce:
        uow.add_event(*(ev.WorkoutDeleted(user_id, {"id": str(w)}, w) for w in workouts))


_GONE_READING = (BodyMetric.id, BodyMetric.external_id, BodyMetric.metric, BodyMetric.recorded_at, BodyMetric.source)
_CHUNK = 500  # ids per DELETE ... IN (...): under SQLite's and psycopg's parameter limits


async def start_device_sync(cmd: c.StartDeviceSync, uow: UnitOfWork) -> SyncLog:
    if cmd.trigger not in TRIGGERS:
        raise Invalid.field("trigger", f"must be one of {', '.join(TRIGGERS)}")
    row = await _connection(uow, cmd.user_id, cmd.provider)
    before, now = row.sync_log_id, utcnow()
    log = SyncLog(user_id=cmd.user_id, provider=cmd.provider, trigger=cmd.trigger, status="running", started_at=now)
    uow.session.add(log)
    await uow.session.flush()
    claimed = await uow.session.scalar(
        update(DeviceConnection)
        .where(
            DeviceConnection.id == row.id,
            or_(DeviceConnection.sync_lease_until.is_(None), DeviceConnection.sync_lease_until < now),
        )
        .values(sync_log_id=log.id, sync_lease_until=now + timedelta(seconds=cmd.lease_s))
        .returning(DeviceConnection.id)
        .execution_options(synchronize_session=False)
    )
    if claimed is None:
        await uow.rollback()
        raise Conflict(f"A sync of {cmd.provider} is already running")
    if before is not None:  # a sync whose claim lapsed (its worker died): it ended there
        await uow.session.execute(
            update(SyncLog)
            .where(SyncLog.id == before, SyncLog.status == "running")
            .values(status="failed", error="interrupted: its worker stopped", finished_at=now)
            .execution_options(synchronize_session=False)
        )
    await uow.commit()
    return log


async def finish_device_sync(cmd: c.FinishDeviceSync, uow: UnitOfWork) -> None:
    log = await uow.session.get(SyncLog, cmd.log_id)
    if log is None:
        raise NotFound("no such sync")
    log.status, log.fetched, log.stored, log.finished_at = cmd.status, cmd.fetched, cmd.stored, utcnow()
    log.error = cmd.error[:2000] if cmd.error else None
    await uow.session.execute(
        update(DeviceConnection)
        .where(DeviceConnection.sync_log_id == log.id)
        .values(sync_log_id=None, sync_lease_until=None)
        .execution_options(synchronize_session=False)
    )
    if cmd.stored > 0:
        data = {"provider": log.provider, "trigger": log.trigger, "status": cmd.status, "sync_log_id": str(log.id)}
        uow.add_event(ev.SyncFinished(log.user_id, data | {"fetched": cmd.fetched, "stored": cmd.stored}))
    await uow.commit()
