"""Small reads the handlers share: owned rows (another user's id is simply not found), exercises."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, Select, bindparam, or_, select
from sqlalchemy.orm import selectinload

from domain.errors import Invalid, NotFound
from domain.models import Exercise, User, Workout, WorkoutSet
from domain.uow import UnitOfWork

# What a set needs of its exercise when shown: not the instructions and muscle lists.
_NAMES = (Exercise.slug, Exercise.name, Exercise.kind)


def as_uuid(value: str | uuid.UUID) -> uuid.UUID | None:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


async def owned_workout(
    uow: UnitOfWork, user_id: uuid.UUID, workout_id: uuid.UUID, *, with_sets: bool = False
) -> Workout:
    stmt = select(Workout).where(Workout.id == workout_id, Workout.user_id == user_id)
    if with_sets:
        stmt = stmt.options(selectinload(Workout.sets).selectinload(WorkoutSet.exercise).load_only(*_NAMES))
    workout = await uow.session.scalar(stmt)
    if workout is None:
        raise NotFound("Workout not found")
    return workout


async def active_workout(uow: UnitOfWork, user_id: uuid.UUID, *, with_sets: bool = False) -> Workout | None:
    stmt = select(Workout).where(Workout.user_id == user_id, Workout.status == "in_progress")
    if with_sets:
        stmt = stmt.options(selectinload(Workout.sets).selectinload(WorkoutSet.exercise).load_only(*_NAMES))
    return await uow.session.scalar(stmt)


async def owned_set(uow: UnitOfWork, user_id: uuid.UUID, set_id: uuid.UUID) -> WorkoutSet:
    row = await uow.session.scalar(
        select(WorkoutSet)
        .where(WorkoutSet.id == set_id, WorkoutSet.user_id == user_id)
        .options(selectinload(WorkoutSet.exercise))
    )
    if row is None:
        raise NotFound("Set not found")
    return row


def visible_to(user_id: uuid.UUID | BindParameter[Any] | None) -> ColumnElement[bool]:
    """The catalog's exercises and the caller's own (`user_id` may be a parameter bound later)."""
    return or_(Exercise.owner_id.is_(None), Exercise.owner_id == user_id)


def _visible_where(key: ColumnElement[bool]) -> Select[Exercise]:
    return select(Exercise).where(key, visible_to(bindparam("user_id")))


# Built once (exercises are looked up on every set logged): by slug, and by id.
_BY_SLUG = _visible_where(Exercise.slug == bindparam("ref"))
_BY_ID = _visible_where(Exercise.id == bindparam("ref", type_=Exercise.id.type))


async def find_exercise(uow: UnitOfWork, user_id: uuid.UUID | None, ref: str) -> Exercise | None:
    """By id or slug; a user's own exercise wins over the catalog's of the same slug."""
    ref = (ref or "").strip()
    ex_id = as_uuid(ref)
    stmt, key = (_BY_ID, ex_id) if ex_id else (_BY_SLUG, ref.lower())
    rows = (await uow.session.scalars(stmt, {"ref": key, "user_id": user_id})).all()
    if not rows:
        return None
    return sorted(rows, key=lambda e: e.owner_id is None)[0]


async def resolve_exercise(uow: UnitOfWork, user_id: uuid.UUID, ref: str, field: str = "exercise") -> Exercise:
    found = await find_exercise(uow, user_id, ref)
    if found is None:
        raise unknown_exercise(ref, field)
    return found


async def exercises_by_id(uow: UnitOfWork, user_id: uuid.UUID, refs: list[str]) -> dict[str, Exercise]:
    """The exercises among `refs` that are ids of the catalog's or the user's own, in one read."""
    ids = {ref: found for ref in refs if (found := as_uuid(ref)) is not None}
    if not ids:
        return {}
    stmt = select(Exercise).where(Exercise.id.in_(set(ids.values())), visible_to(user_id))
    rows = {e.id: e for e in await uow.session.scalars(stmt)}
    return {ref: rows[i] for ref, i in ids.items() if i in rows}


def unknown_exercise(ref: str, field: str = "exercise") -> Invalid:
    return Invalid.field(field, f"unknown exercise {ref!r}: use a slug or id from GET /exercises")


async def user_by_email(uow: UnitOfWork, email: str) -> User | None:
    return await uow.session.scalar(select(User).where(User.email == email.strip().lower()))
