"""Workouts imported from another app's export (Strong, Hevy), one batch per transaction.

Each workout and set carries a client_id made from the file (assistant/importing), so importing the
same file again finds them all and writes nothing: an existing workout keeps its fields and version,
an existing set its values (a lifter may have corrected it here since). Sets not yet stored go in
through the one write path (positions, the workout's version, personal records): new workouts all
at once (`write_new_workouts`), sets missing from one stored before one workout at a time
(`write_sets`); a workout comes with its real start and end. Batches are written oldest first by the importer, so each
one's sets come after every set before them and records are extended, not recomputed.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, select

from domain import commands as c
from domain.handlers.sets import default_unit, entry_values, new_row, new_set, write_new_workouts, write_sets
from domain.handlers.workouts import check_entries, check_times
from domain.lookups import exercises_by_id, resolve_exercise
from domain.models import User, Workout, WorkoutSet
from domain.uow import UnitOfWork
from domain.validation import Checker

MAX_WORKOUTS, MAX_SETS = 100, 5000  # one batch (one transaction)
STATUSES = ("completed", "cancelled")  # history: nothing in progress or planned comes from an export


@dataclass(frozen=True)
class WorkoutsImported:
    workouts_created: int
    workouts_existing: int
    sets_created: int
    sets_existing: int


def _check(cmd: c.ImportWorkouts) -> None:
    check = Checker()
    if not 1 <= len(cmd.workouts) <= MAX_WORKOUTS:
        check.add("workouts", f"send between 1 and {MAX_WORKOUTS} workouts")
    if sum(len(w.sets) for w in cmd.workouts) > MAX_SETS:
        check.add("workouts", f"at most {MAX_SETS} sets in one batch")
    seen: set[str] = set()
    for i, w in enumerate(cmd.workouts):
        if not w.client_id or w.client_id in seen:
            check.add(f"workouts[{i}].client_id", "is required and must be unique in the batch")
        seen.add(w.client_id)
        check.choice(f"workouts[{i}].status", w.status, STATUSES)
        if w.started_at is None:
            check.add(f"workouts[{i}].started_at", "is required")
        check_times(check, w.started_at, w.completed_at)
        check_entries(w.sets, check, f"workouts[{i}].sets")
        if any(not s.client_id for s in w.sets):
            check.add(f"workouts[{i}].sets", "every set needs a client_id")
    check.raise_if_any()


async def import_workouts(cmd: c.ImportWorkouts, uow: UnitOfWork) -> WorkoutsImported:
    _check(cmd)
    return await uow.retry_on_race(lambda: _import(cmd, uow))


# One import batch of a lifter's at a time (as domain/handlers/sync.py does for offline batches).
_ONE_AT_A_TIME = select(User.id).where(User.id == bindparam("user_id")).with_for_update(key_share=True)


async def _import(cmd: c.ImportWorkouts, uow: UnitOfWork) -> WorkoutsImported:
    await uow.session.execute(_ONE_AT_A_TIME, {"user_id": cmd.user_id})
    workout_ids = [w.client_id for w in cmd.workouts]
    found = await uow.session.scalars(
        select(Workout).where(Workout.user_id == cmd.user_id, Workout.client_id.in_(workout_ids))
    )
    stored = {w.client_id: w for w in found}
    set_ids = [s.client_id for w in cmd.workouts for s in w.sets]
    known = set(
        await uow.session.scalars(
            select(WorkoutSet.client_id).where(WorkoutSet.user_id == cmd.user_id, WorkoutSet.client_id.in_(set_ids))
        )
    )
    unit = await default_unit(uow, cmd.user_id)
    exercises = await exercises_by_id(uow, cmd.user_id, list({s.exercise for w in cmd.workouts for s in w.sets}))
    created = sets_created = sets_existing = 0
    fresh: list[tuple[Workout, list[dict[str, Any]]]] = []
    for wi, entry in enumerate(cmd.workouts):
        workout = stored.get(entry.client_id)
        is_new = workout is None
        if workout is None:
            workout = Workout(
                id=uuid.uuid4(),
                user_id=cmd.user_id,
                client_id=entry.client_id,
                name=entry.name,
                notes=entry.notes,
                status=entry.status,
                source=cmd.source,
                started_at=entry.started_at,
                completed_at=entry.completed_at or entry.started_at,
            )
            uow.session.add(workout)
            created += 1
        rows: list[Any] = []  # a new workout's as plain values, a stored one's as ORM rows (write_sets)
        make = new_row if is_new else new_set
        for si, s in enumerate(entry.sets):
            if s.client_id in known:
                sets_existing += 1
                continue
            values = entry_values(s)
            if values["weight"] is not None and values["unit"] is None:
                values["unit"] = unit
            exercise = exercises.get(s.exercise)
            if exercise is None:
                field = f"workouts[{wi}].sets[{si}].exercise"
                exercise = exercises[s.exercise] = await resolve_exercise(uow, cmd.user_id, s.exercise, field)
            done = s.completed_at or workout.completed_at or workout.started_at
            rows.append(make(values | {"completed_at": done}, exercise, user_id=cmd.user_id, client_id=s.client_id))
        sets_created += len(rows)
        if is_new:
            fresh.append((workout, rows))
        elif rows:  # an earlier import of this workout lacked these sets
            await write_sets(uow, workout, rows)
    await write_new_workouts(uow, fresh)
    await uow.commit()
    return WorkoutsImported(created, len(cmd.workouts) - created, sets_created, sets_existing)
