"""Sessions: a login and every refresh token rotated from it (one refresh-token family). The family's
id is the session id that access tokens carry (`sid`), so ending a session ends its access tokens too.

A session is live while its newest refresh token is neither spent, revoked nor expired. Its "last
seen" is when that token was issued: the last sign-in or refresh, which a client in use makes at
least every ACCESS_TOKEN_TTL_S; its address is the one that refresh came from.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.orm import aliased

from domain.models import RefreshToken, utcnow
from domain.queries import Page
from domain.uow import UnitOfWork


@dataclass(frozen=True)
class SessionView:
    id: uuid.UUID
    device_name: str | None
    created_at: datetime
    last_seen_at: datetime
    address: str | None


def _live(user_id: uuid.UUID, now: datetime) -> list[ColumnElement[bool]]:
    return [
        RefreshToken.user_id == user_id,
        RefreshToken.used_at.is_(None),
        RefreshToken.revoked_at.is_(None),
        RefreshToken.expires_at > now,
    ]


async def live_sessions(uow: UnitOfWork, user_id: uuid.UUID, page: int, limit: int) -> Page[SessionView]:
    """The user's live sessions, the one seen last first."""
    now = utcnow()
    first = aliased(RefreshToken)
    started = select(func.min(first.created_at)).where(first.family_id == RefreshToken.family_id).scalar_subquery()
    stmt = (
        select(RefreshToken.family_id, RefreshToken.device_name, started, RefreshToken.created_at, RefreshToken.address)
        .where(*_live(user_id, now))
        .order_by(RefreshToken.created_at.desc(), RefreshToken.family_id)
    )
    rows = (await uow.session.execute(stmt.offset((page - 1) * limit).limit(limit))).all()
    total = await uow.session.scalar(select(func.count()).select_from(RefreshToken).where(*_live(user_id, now)))
    return Page([SessionView(*row) for row in rows], page, limit, int(total or 0))


async def live_session_ids(uow: UnitOfWork, user_id: uuid.UUID) -> list[uuid.UUID]:
    stmt = select(RefreshToken.family_id).where(*_live(user_id, utcnow())).distinct()
    return list((await uow.session.scalars(stmt)).all())


async def revoked_since(uow: UnitOfWork, since: datetime) -> list[uuid.UUID]:
    """Sessions revoked after `since` (by any process: replicas poll this, see channels/http/revocation.py)."""
    stmt = select(RefreshToken.family_id).where(RefreshToken.revoked_at > since).distinct()
    return list((await uow.session.scalars(stmt)).all())


async def revoke_families(uow: UnitOfWork, families: Sequence[uuid.UUID], now: datetime) -> None:
    """Every refresh token of these sessions revoked (the caller commits)."""
    if families:
        await uow.session.execute(
            update(RefreshToken)
            .where(RefreshToken.family_id.in_(list(families)), RefreshToken.revoked_at.is_(None))
            .values(revoked_at=now)
        )
