"""Offline batch sync: workouts and sets matched by client_id; a repeat updates, never duplicates.

Each workout and set written adds its event, and the batch a `sync.finished` (domain/events.py)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select

from domain import commands as c
from domain import events as ev
from domain.errors import Conflict, Invalid
from domain.handlers import records
from domain.handlers.sets import apply_values, default_unit, entry_values, new_set, write_sets
from domain.handlers.workouts import check_entries, check_times, status_event
from domain.lookups import active_workout, owned_workout, resolve_exercise
from domain.models import Exercise, User, Workout, WorkoutSet, utcnow
from domain.uow import UnitOfWork
from domain.validation import WORKOUT_STATUSES, Checker

MAX_BATCH = 100


@dataclass(frozen=True)
class SyncResult:
    workouts: list[Workout]
    created: int
    updated: int
    sets_created: int
    sets_updated: int
    started_at: datetime  # when the batch began writing (the position a client reads changes from next)


def _check(cmd: c.SyncWorkouts) -> None:
    check = Checker()
    if not 1 <= len(cmd.workouts) <= MAX_BATCH:
        check.add("workouts", f"send between 1 and {MAX_BATCH} workouts")
    seen: set[str] = set()
    for i, w in enumerate(cmd.workouts):
        if not w.client_id:
            check.add(f"workouts[{i}].client_id", "is required for sync")
        elif w.client_id in seen:
            check.add(f"workouts[{i}].client_id", "appears twice in this batch")
        seen.add(w.client_id)
        check.choice(f"workouts[{i}].status", w.status, WORKOUT_STATUSES)
        check_times(check, w.started_at, w.completed_at)
        check_entries(w.sets, check, f"workouts[{i}].sets")
    check.raise_if_any()


async def sync_workouts(cmd: c.SyncWorkouts, uow: UnitOfWork) -> SyncResult:
    _check(cmd)
    return await uow.retry_on_race(lambda: _sync(cmd, uow))


# One batch of a lifter's at a time (PostgreSQL: the user's row, FOR NO KEY UPDATE, which the foreign
# keys of other writes do not wait for; SQLite writes one unit at a time anyway). Without it, copies
# of a batch sent together each find a workout missing, then its sets half there, and trip over the
# rows the first copy is writing (issue 18, item 8).
_ONE_BATCH_AT_A_TIME = select(User.id).where(User.id == bindparam("user_id")).with_for_update(key_share=True)


async def _sync(cmd: c.SyncWorkouts, uow: UnitOfWork) -> SyncResult:
    started = utcnow()
    await uow.session.execute(_ONE_BATCH_AT_A_TIME, {"user_id": cmd.user_id})
    unit = await default_unit(uow, cmd.user_id)
    created = updated = sets_created = sets_updated = 0
    ids = []
    stale: set[uuid.UUID] = set()  # exercises whose records a changed set or workout status affects
    exercises: dict[str, Exercise] = {}  # each lift looked up once, however many sets name it
    for wi, entry in enumerate(cmd.workouts):
        workout = await uow.session.scalar(
            select(Workout).where(Workout.user_id == cmd.user_id, Workout.client_id == entry.client_id)
        )
        if entry.status == "in_progress":
            active = await active_workout(uow, cmd.user_id)
            if active is not None and (workout is None or active.id != workout.id):
                raise Conflict(
                    "Another workout is already in progress",
                    [{"field": f"workouts[{wi}].status", "message": "finish the active workout first"}],
                )
        was = workout.status if workout is not None else None
        if workout is None:
            workout = Workout(user_id=cmd.user_id, client_id=entry.client_id, source=cmd.source)
            uow.session.add(workout)
            created += 1
        else:
            updated += 1
            if (workout.status == "cancelled") != (entry.status == "cancelled"):
                stale.update(await records.exercises_in(uow, workout.id))
        workout.name, workout.notes, workout.status = entry.name, entry.notes, entry.status
        workout.started_at = entry.started_at or workout.started_at or utcnow()
        workout.completed_at = entry.completed_at or (utcnow() if entry.status == "completed" else None)
        new_rows, changed_rows = [], []
        for si, s in enumerate(entry.sets):
            client_id = s.client_id or f"{entry.client_id}:{si}"
            values = entry_values(s)
            if values["weight"] is not None and values["unit"] is None:
                values["unit"] = unit
            exercise = exercises.get(s.exercise)
            if exercise is None:
                field = f"workouts[{wi}].sets[{si}].exercise"
                exercise = exercises[s.exercise] = await resolve_exercise(uow, cmd.user_id, s.exercise, field)
            row = await uow.session.scalar(
                select(WorkoutSet).where(WorkoutSet.user_id == cmd.user_id, WorkoutSet.client_id == client_id)
            )
            if row is None:
                done = s.completed_at or workout.completed_at or workout.started_at
                new_rows.append(
                    new_set(values | {"completed_at": done}, exercise, user_id=cmd.user_id, client_id=client_id)
                )
                sets_created += 1
            elif row.workout_id != workout.id:
                raise Invalid.field(f"workouts[{wi}].sets[{si}].client_id", "belongs to another workout")
            else:
                stale.update((row.exercise_id, exercise.id))
                planned = not row.completed
                apply_values(row, values, exercise)
                if planned and row.completed and s.completed_at is None:  # done since: in the workout's time
                    row.completed_at = workout.completed_at or workout.started_at
                changed_rows.append(row)
                sets_updated += 1
        await write_sets(uow, workout, new_rows, announce=status_event(was, workout.status))  # flushes the changed sets
        uow.add_event(*(ev.SetUpdated(cmd.user_id, ev.set_data(r), workout.id) for r in changed_rows))
        ids.append(workout.id)
    await records.refresh(uow, cmd.user_id, stale)
    counts = {"created": created, "updated": updated, "sets_created": sets_created, "sets_updated": sets_updated}
    uow.add_event(ev.SyncFinished(cmd.user_id, counts | {"workouts": [str(i) for i in ids]}))
    await uow.commit()
    workouts = [await owned_workout(uow, cmd.user_id, wid, with_sets=True) for wid in ids]
    return SyncResult(workouts, created, updated, sets_created, sets_updated, started)
