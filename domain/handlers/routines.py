"""Routines: ordered exercises with targets; shared when public, cloned to make your own."""

from __future__ import annotations

import uuid

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from domain import commands as c
from domain.errors import NotFound
from domain.lookups import resolve_exercise
from domain.models import Routine, RoutineItem
from domain.uow import UnitOfWork
from domain.validation import UNITS, Checker

MAX_ITEMS = 50


async def load_routine(uow: UnitOfWork, user_id: uuid.UUID, routine_id: uuid.UUID, *, own: bool) -> Routine:
    """Your routine, or (for reading) anyone's public one; otherwise not found."""
    visible = Routine.user_id == user_id if own else or_(Routine.user_id == user_id, Routine.is_public.is_(True))
    stmt = (
        select(Routine)
        .where(Routine.id == routine_id, visible)
        .options(selectinload(Routine.items).selectinload(RoutineItem.exercise))
    )
    routine = await uow.session.scalar(stmt)
    if routine is None:
        raise NotFound("Routine not found")
    return routine


def _check(name: str | None, items: tuple[c.RoutineItemEntry, ...] | None) -> None:
    check = Checker()
    if name is not None and not (1 <= len(name.strip()) <= 200):
        check.add("name", "must be 1 to 200 characters")
    for i, item in enumerate(items or ()):
        check.range(f"items[{i}].target_sets", item.target_sets, 1, 50)
        check.range(f"items[{i}].target_reps", item.target_reps, 0, 1000)
        check.range(f"items[{i}].target_weight", item.target_weight, 0, 3300)
        check.choice(f"items[{i}].unit", item.unit, UNITS)
        check.range(f"items[{i}].rest_seconds", item.rest_seconds, 0, 3600)
    if items is not None and len(items) > MAX_ITEMS:
        check.add("items", f"at most {MAX_ITEMS}")
    check.raise_if_any()


async def _items(uow: UnitOfWork, user_id: uuid.UUID, entries: tuple[c.RoutineItemEntry, ...]) -> list[RoutineItem]:
    out = []
    for i, e in enumerate(entries):
        exercise = await resolve_exercise(uow, user_id, e.exercise, f"items[{i}].exercise")
        out.append(
            RoutineItem(
                exercise_id=exercise.id,
                position=i + 1,
                target_sets=e.target_sets,
                target_reps=e.target_reps,
                target_weight=e.target_weight,
                unit=e.unit,
                rest_seconds=e.rest_seconds,
                superset_group=e.superset_group,
            )
        )
    return out


async def create_routine(cmd: c.CreateRoutine, uow: UnitOfWork) -> Routine:
    _check(cmd.name, cmd.items)
    routine = Routine(user_id=cmd.user_id, name=cmd.name.strip(), notes=cmd.notes, is_public=cmd.is_public)
    routine.items = await _items(uow, cmd.user_id, cmd.items)
    uow.session.add(routine)
    await uow.commit()
    return await load_routine(uow, cmd.user_id, routine.id, own=True)


async def update_routine(cmd: c.UpdateRoutine, uow: UnitOfWork) -> Routine:
    routine = await load_routine(uow, cmd.user_id, cmd.routine_id, own=True)
    _check(cmd.changes.get("name"), cmd.items)
    for key in ("name", "notes", "is_public"):
        if key in cmd.changes and not (key in ("name", "is_public") and cmd.changes[key] is None):
            setattr(routine, key, cmd.changes[key])
    if cmd.items is not None:
        routine.items = await _items(uow, cmd.user_id, cmd.items)
    await uow.commit()
    return await load_routine(uow, cmd.user_id, routine.id, own=True)


async def delete_routine(cmd: c.DeleteRoutine, uow: UnitOfWork) -> None:
    routine = await load_routine(uow, cmd.user_id, cmd.routine_id, own=True)
    await uow.session.delete(routine)
    await uow.commit()


async def clone_routine(cmd: c.CloneRoutine, uow: UnitOfWork) -> Routine:
    source = await load_routine(uow, cmd.user_id, cmd.routine_id, own=False)
    copy = Routine(
        user_id=cmd.user_id,
        name=source.name if source.user_id != cmd.user_id else f"{source.name} (copy)",
        notes=source.notes,
        is_public=False,
    )
    copy.items = [
        RoutineItem(
            exercise_id=i.exercise_id,
            position=i.position,
            target_sets=i.target_sets,
            target_reps=i.target_reps,
            target_weight=i.target_weight,
            unit=i.unit,
            rest_seconds=i.rest_seconds,
            superset_group=i.superset_group,
        )
        for i in source.items
    ]
    uow.session.add(copy)
    await uow.commit()
    return await load_routine(uow, cmd.user_id, copy.id, own=True)
