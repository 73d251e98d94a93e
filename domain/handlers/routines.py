"""Routines: ordered exercises with targets (sets, reps, load, RPE, rest), notes, and superset
groups (consecutive items of one group are done in turns); shared when public, cloned to make
your own. Starting a workout from one copies its sets in as planned sets (handlers/plans.py)."""

from __future__ import annotations

import uuid

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from domain import commands as c
from domain.errors import NotFound
from domain.lookups import resolve_exercise
from domain.models import Routine, RoutineItem
from domain.uow import UnitOfWork
from domain.validation import UNITS, Checker, check_not_null

MAX_ITEMS = 50
NAME_MAX = 200  # the store's name column
COPY = " (copy)"


def copy_name(name: str) -> str:
    """ "Push day" -> "Push day (copy)", the name cut short first when the whole would not fit."""
    return name[: NAME_MAX - len(COPY)].rstrip() + COPY


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
    if name is not None and not (1 <= len(name.strip()) <= NAME_MAX):
        check.add("name", f"must be 1 to {NAME_MAX} characters")
    for i, item in enumerate(items or ()):
        check.range(f"items[{i}].target_sets", item.target_sets, 1, 50)
        check.range(f"items[{i}].target_reps", item.target_reps, 0, 1000)
        check.range(f"items[{i}].target_weight", item.target_weight, 0, 3300)
        check.choice(f"items[{i}].unit", item.unit, UNITS)
        check.range(f"items[{i}].rest_seconds", item.rest_seconds, 0, 3600)
        check.range(f"items[{i}].target_rpe", item.target_rpe, 1, 10)
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
                target_rpe=e.target_rpe,
                notes=e.notes,
            )
        )
    return out


async def create_routine(cmd: c.CreateRoutine, uow: UnitOfWork) -> Routine:
    routine = await add_routine(cmd, uow)
    await uow.commit()
    return await load_routine(uow, cmd.user_id, routine.id, own=True)


async def add_routine(cmd: c.CreateRoutine, uow: UnitOfWork) -> Routine:
    """The routine checked and added to the session (the caller commits; a trainer's assignment too)."""
    _check(cmd.name, cmd.items)
    routine = Routine(user_id=cmd.user_id, name=cmd.name.strip(), notes=cmd.notes, is_public=cmd.is_public)
    routine.items = await _items(uow, cmd.user_id, cmd.items)
    uow.session.add(routine)
    await uow.session.flush()
    return routine


async def update_routine(cmd: c.UpdateRoutine, uow: UnitOfWork) -> Routine:
    routine = await load_routine(uow, cmd.user_id, cmd.routine_id, own=True)
    _check(cmd.changes.get("name"), cmd.items)
    changes = {k: v for k, v in cmd.changes.items() if k in ("name", "notes", "is_public")}
    check_not_null(changes, Routine)
    for key, value in changes.items():
        setattr(routine, key, value.strip() if key == "name" else value)
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
        name=source.name if source.user_id != cmd.user_id else copy_name(source.name),
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
            target_rpe=i.target_rpe,
            notes=i.notes,
        )
        for i in source.items
    ]
    uow.session.add(copy)
    await uow.commit()
    return await load_routine(uow, cmd.user_id, copy.id, own=True)


async def save_plan(cmd: c.SavePlan, uow: UnitOfWork) -> Routine:
    return await create_routine(c.CreateRoutine(cmd.user_id, cmd.name, "Generated by Spotter", False, cmd.items), uow)
