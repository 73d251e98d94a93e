"""Undo, repeat and correct the latest log: the sets one command wrote share a batch id. Only sets
done count as logged; undoing a log that filled planned sets puts them back to their plan."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import inspect, select
from sqlalchemy.orm import selectinload

from domain import commands as c
from domain import events as ev
from domain.changes import bury
from domain.errors import Conflict
from domain.handlers import records
from domain.handlers.sets import (
    SET_FIELDS,
    SetsLogged,
    apply_values,
    as_planned,
    carries_plan,
    log_sets,
    touch_workout,
)
from domain.lookups import owned_workout, resolve_exercise
from domain.models import WorkoutSet, utcnow
from domain.uow import UnitOfWork
from domain.validation import MAX_SETS_PER_LOG, check_set_values

RECENT = timedelta(hours=6)  # "scratch that" the next morning must not reach into yesterday


@dataclass(frozen=True)
class SetsRemoved:
    sets: list[WorkoutSet]


async def latest_batch(uow: UnitOfWork, user_id: uuid.UUID, batch_id: uuid.UUID | None = None) -> list[WorkoutSet]:
    """The sets the user's latest log wrote, or those of `batch_id` (what one conversation wrote)."""
    mine = select(WorkoutSet).where(WorkoutSet.user_id == user_id, WorkoutSet.completed.is_(True))
    if batch_id is not None:
        mine = mine.where(WorkoutSet.batch_id == batch_id)
    last = await uow.session.scalar(mine.order_by(WorkoutSet.created_at.desc()).limit(1))
    if last is None:
        raise Conflict("Nothing has been logged yet" if batch_id is None else "Those sets are gone already")
    if last.created_at < utcnow() - RECENT:
        raise Conflict("Nothing logged in the last few hours to change; edit older sets in the app")
    if last.batch_id is None:
        rows = [last]
    else:
        stmt = mine.where(WorkoutSet.batch_id == last.batch_id)
        rows = list((await uow.session.scalars(stmt.order_by(WorkoutSet.position))).all())
    for row in rows:
        await uow.session.refresh(row, ["exercise"])
    return rows


async def undo_last_log(cmd: c.UndoLastLog, uow: UnitOfWork) -> SetsRemoved:
    rows = await latest_batch(uow, cmd.user_id, cmd.batch_id)
    workout = await owned_workout(uow, cmd.user_id, rows[0].workout_id)
    removed, gone = [], []
    for row in rows:
        if carries_plan(row):  # a planned set the log filled: back to its plan
            removed.append(_snapshot(row))
            as_planned(row)
        else:
            removed.append(row)
            gone.append(row)
            await uow.session.delete(row)
    await bury(uow, cmd.user_id, "set", *(row.id for row in gone))
    await touch_workout(uow, workout)
    await records.refresh(uow, cmd.user_id, {row.exercise_id for row in rows})
    uow.add_event(*(ev.SetDeleted(cmd.user_id, ev.gone_set_data(row), workout.id) for row in gone))
    uow.add_event(*(ev.SetUpdated(cmd.user_id, ev.set_data(row), workout.id) for row in rows if row not in gone))
    await uow.commit()
    return SetsRemoved(removed)


_COLUMNS = tuple(c.key for c in inspect(WorkoutSet).columns)


def _snapshot(row: WorkoutSet) -> WorkoutSet:
    """What the set was (a copy, not in the store) before it goes back to its plan."""
    copy = WorkoutSet(**{key: getattr(row, key) for key in _COLUMNS})
    copy.exercise = row.exercise
    return copy


async def repeat_last_log(cmd: c.RepeatLastLog, uow: UnitOfWork) -> SetsLogged:
    rows = await latest_batch(uow, cmd.user_id, cmd.batch_id)
    last = rows[-1]
    entry = c.SetEntry(
        exercise=str(last.exercise_id), **{f: getattr(last, f) for f in SET_FIELDS if f != "completed_at"}
    )
    count = max(1, min(cmd.count, MAX_SETS_PER_LOG))
    workout = await owned_workout(uow, cmd.user_id, last.workout_id)
    target = workout.id if workout.status == "in_progress" else None
    return await log_sets(c.LogSets(cmd.user_id, entry, count, target, "assistant"), uow)


async def correct_last_log(cmd: c.CorrectLastLog, uow: UnitOfWork) -> list[WorkoutSet]:
    rows = await latest_batch(uow, cmd.user_id, cmd.batch_id)
    changes = {k: v for k, v in cmd.changes.items() if k in SET_FIELDS and v is not None}
    exercise = None
    if cmd.changes.get("exercise"):
        exercise = await resolve_exercise(uow, cmd.user_id, str(cmd.changes["exercise"]))
    merged = {name: getattr(rows[0], name) for name in SET_FIELDS} | changes
    check_set_values(merged).raise_if_any()
    were = {row.exercise_id for row in rows}
    for row in rows:
        apply_values(row, changes, exercise)
    await touch_workout(uow, await owned_workout(uow, cmd.user_id, rows[0].workout_id))
    await records.refresh(uow, cmd.user_id, were | {row.exercise_id for row in rows})
    uow.add_event(*(ev.SetUpdated(cmd.user_id, ev.set_data(row), row.workout_id) for row in rows))
    await uow.commit()
    ids = [r.id for r in rows]
    stmt = select(WorkoutSet).where(WorkoutSet.id.in_(ids)).options(selectinload(WorkoutSet.exercise))
    return list((await uow.session.scalars(stmt.order_by(WorkoutSet.position))).all())
