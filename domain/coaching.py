"""Trainers and their clients: who coaches whom, and the one check of a trainer's access.

A lifter and a trainer have at most one grant (models.TrainerGrant). Either side proposes it (the
lifter invites, the trainer requests) and the other accepts; the lifter decides what it allows
(reading always, writing routines if `can_write_routines`) and may end it at any time. Every trainer
request asks the store again (`client_access`): an ended grant ends access with the next request,
whatever tokens the trainer holds. To a trainer, a lifter who is not a client does not exist (404).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from domain.errors import Forbidden, NotFound
from domain.models import AuditEntry, TrainerGrant, User
from domain.queries import Page
from domain.uow import UnitOfWork

INVITED, REQUESTED, ACTIVE, ENDED = "invited", "requested", "active", "ended"
PENDING = (INVITED, REQUESTED)


@dataclass(frozen=True)
class Person:
    id: uuid.UUID
    email: str
    display_name: str | None


@dataclass(frozen=True)
class GrantView:
    """A grant with the person on the other side (the trainer for a lifter, the client for a trainer)."""

    id: uuid.UUID
    status: str
    can_write_routines: bool
    created_at: datetime
    accepted_at: datetime | None
    ended_at: datetime | None
    other: Person


async def client_access(
    uow: UnitOfWork, trainer_id: uuid.UUID, client_id: uuid.UUID, *, write_routines: bool = False
) -> TrainerGrant:
    """The active grant of this client to this trainer: NotFound when there is none (a non-client's
    id looks like no one's), Forbidden when routines are to be written and the client did not allow it."""
    grant = await uow.session.scalar(
        select(TrainerGrant).where(
            TrainerGrant.user_id == client_id, TrainerGrant.trainer_id == trainer_id, TrainerGrant.status == ACTIVE
        )
    )
    if grant is None:
        raise NotFound("No such client")
    if write_routines and not grant.can_write_routines:
        raise Forbidden("This client has not allowed you to write their routines")
    return grant


def noted(client_id: uuid.UUID, action: str, trainer: uuid.UUID, entity: str | None = None, **data: Any) -> AuditEntry:
    """An entry in the client's audit log about their trainer (the client reads it in GET /me/audit)."""
    return AuditEntry(
        user_id=client_id,
        action=action,
        entity=entity,
        entity_id=data.pop("entity_id", None),
        data={"trainer_id": str(trainer), **{k: v for k, v in data.items() if v is not None}},
    )


def _select(other_side: Any) -> Any:
    other = aliased(User)
    stmt = select(TrainerGrant, other.id, other.email, other.display_name, func.count().over())
    return stmt.join(other, other.id == other_side)


def _view(row: Any) -> GrantView:
    g, person_id, email, name = row[:4]
    return GrantView(
        g.id, g.status, g.can_write_routines, g.created_at, g.accepted_at, g.ended_at, Person(person_id, email, name)
    )


async def _views(
    uow: UnitOfWork, side: Any, other_side: Any, who: uuid.UUID, statuses: tuple[str, ...], page: int, limit: int
) -> Page[GrantView]:
    stmt = (
        _select(other_side)
        .where(side == who, TrainerGrant.status.in_(statuses))
        .order_by(TrainerGrant.created_at.desc(), TrainerGrant.id)
    )
    rows = (await uow.session.execute(stmt.offset((page - 1) * limit).limit(limit))).all()
    if rows:
        total = rows[0][-1]
    else:
        counted = select(func.count()).select_from(TrainerGrant).where(side == who, TrainerGrant.status.in_(statuses))
        total = await uow.session.scalar(counted)
    return Page([_view(r) for r in rows], page, limit, int(total or 0))


async def trainers_of(
    uow: UnitOfWork, user_id: uuid.UUID, statuses: tuple[str, ...], page: int, limit: int
) -> Page[GrantView]:
    """A lifter's grants (to whom, and how far), newest first."""
    return await _views(uow, TrainerGrant.user_id, TrainerGrant.trainer_id, user_id, statuses, page, limit)


async def clients_of(
    uow: UnitOfWork, trainer_id: uuid.UUID, statuses: tuple[str, ...], page: int, limit: int
) -> Page[GrantView]:
    """A trainer's grants from lifters, newest first."""
    return await _views(uow, TrainerGrant.trainer_id, TrainerGrant.user_id, trainer_id, statuses, page, limit)


async def grant_view(uow: UnitOfWork, grant_id: uuid.UUID, *, as_trainer: bool) -> GrantView:
    """One grant with the person on the other side (the client for a trainer, else the trainer)."""
    other_side = TrainerGrant.user_id if as_trainer else TrainerGrant.trainer_id
    row = (await uow.session.execute(_select(other_side).where(TrainerGrant.id == grant_id))).first()
    if row is None:
        raise NotFound("Grant not found")
    return _view(row)
