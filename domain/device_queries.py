"""Reads of device sync: a lifter's connections, one connection's tokens, its sync logs."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select

from domain.devices import TokenBox
from domain.models import BodyMetric, DeviceConnection, SyncLog, Workout
from domain.queries import Page, _page
from domain.uow import UnitOfWork


@dataclass(frozen=True)
class Linked:
    """A connection as a sync needs it: the tokens opened."""

    user_id: uuid.UUID
    provider: str
    status: str
    tokens: dict[str, Any] | None
    expires_at: datetime | None
    cursor: str | None
    last_sync_at: datetime | None
    sync_lease_until: datetime | None = None  # a sync holds the connection until then

    def busy(self, now: datetime) -> bool:
        """Whether a sync is running (its claim has not lapsed)."""
        return self.sync_lease_until is not None and self.sync_lease_until > now


async def connections(uow: UnitOfWork, user_id: uuid.UUID) -> dict[str, DeviceConnection]:
    rows = await uow.session.scalars(select(DeviceConnection).where(DeviceConnection.user_id == user_id))
    return {row.provider: row for row in rows}


async def connection(uow: UnitOfWork, box: TokenBox, user_id: uuid.UUID, provider: str) -> Linked | None:
    row = await uow.session.scalar(
        select(DeviceConnection).where(DeviceConnection.user_id == user_id, DeviceConnection.provider == provider)
    )
    if row is None:
        return None
    tokens = box.open(row.tokens) if row.tokens else None
    return Linked(
        row.user_id,
        row.provider,
        row.status,
        tokens,
        row.expires_at,
        row.cursor,
        row.last_sync_at,
        row.sync_lease_until,
    )


async def owner_of(uow: UnitOfWork, provider: str, external_user_id: str) -> uuid.UUID | None:
    """The lifter whose account at the provider this is (webhooks name the provider's user)."""
    found: uuid.UUID | None = await uow.session.scalar(
        select(DeviceConnection.user_id).where(
            DeviceConnection.provider == provider, DeviceConnection.external_user_id == external_user_id
        )
    )
    return found


async def sync_logs(uow: UnitOfWork, user_id: uuid.UUID, provider: str, page: int, limit: int) -> Page[SyncLog]:
    stmt = (
        select(SyncLog)
        .where(SyncLog.user_id == user_id, SyncLog.provider == provider)
        .order_by(SyncLog.started_at.desc(), SyncLog.id)
    )
    return await _page(uow, stmt, page, limit)


async def synced_counts(uow: UnitOfWork, user_id: uuid.UUID, provider: str) -> tuple[int, int]:
    """How many readings and workouts the provider's syncs have stored."""
    metrics = await uow.session.scalar(
        select(func.count()).where(BodyMetric.user_id == user_id, BodyMetric.source == provider)
    )
    workouts = await uow.session.scalar(
        select(func.count()).where(Workout.user_id == user_id, Workout.source == provider)
    )
    return int(metrics or 0), int(workouts or 0)


async def due(
    uow: UnitOfWork, providers: list[str], synced_before: datetime, now: datetime, limit: int = 1000
) -> list[tuple[uuid.UUID, str]]:
    """Connected lifters of these providers not synced since `synced_before`, no sync running."""
    if not providers:
        return []
    rows = await uow.session.execute(
        select(DeviceConnection.user_id, DeviceConnection.provider)
        .where(
            DeviceConnection.provider.in_(providers),
            DeviceConnection.status == "connected",
            or_(DeviceConnection.last_sync_at.is_(None), DeviceConnection.last_sync_at < synced_before),
            or_(DeviceConnection.sync_lease_until.is_(None), DeviceConnection.sync_lease_until < now),
        )
        .order_by(DeviceConnection.last_sync_at)
        .limit(limit)
    )
    return [(r.user_id, r.provider) for r in rows]
