"""Planned sets: a routine's items as the sets of a workout to do, a logged workout cloned into a
plan, the next planned sets marked done as planned. They are written through the one write path
(handlers/sets.py: write_sets) as sets not yet done (`completed` false), which count nowhere until
a log fills them."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from domain import commands as c
from domain.errors import Conflict, Invalid, NotFound
from domain.handlers.sets import SetsLogged, as_done, default_unit, done_time, lock_workout, new_set, write_sets
from domain.lookups import owned_workout
from domain.models import Routine, RoutineItem, Workout, WorkoutSet, utcnow
from domain.uow import UnitOfWork
from domain.validation import MAX_SETS_PER_LOG


def in_turns(items: Sequence[RoutineItem]) -> list[RoutineItem]:
    """One entry per planned set, in the order the sets are done: an item's sets one after the
    other, except that consecutive items of one superset group take turns (A, B, A, B, A)."""
    out: list[RoutineItem] = []
    i = 0
    while i < len(items):
        end = i + 1
        group = items[i].superset_group
        while group is not None and end < len(items) and items[end].superset_group == group:
            end += 1
        block = items[i:end]
        for turn in range(max(item.target_sets or 1 for item in block)):
            out += [item for item in block if turn < (item.target_sets or 1)]
        i = end
    return out


def _planned(**values: Any) -> dict[str, Any]:
    """The values of a set to do: no reps, load or effort yet, its targets."""
    done_values = dict.fromkeys(("reps", "weight", "rpe", "rir", "duration_s", "distance_m", "notes"))
    return done_values | {"set_type": "normal", "added_weight": False, "completed": False} | values


def routine_sets(routine: Routine, user_id: uuid.UUID) -> list[WorkoutSet]:
    """The routine's items as planned sets (items loaded with their exercises), not yet written."""
    now = utcnow()
    rows = []
    for item in in_turns(routine.items):
        values = _planned(
            unit=item.unit,
            bodyweight=item.target_weight is None and item.exercise.kind == "bodyweight",
            target_reps=item.target_reps,
            target_weight=item.target_weight,
            target_rpe=item.target_rpe,
            rest_s=item.rest_seconds,
            completed_at=now,
        )
        rows.append(new_set(values, item.exercise, user_id=user_id))
    return rows


def _plan_of(row: WorkoutSet, now: Any) -> dict[str, Any]:
    """A set to do like `row`: what was done is the target (what was planned, if it was not done)."""

    def target(done: Any, planned: Any) -> Any:
        return done if row.completed and done is not None else planned

    return _planned(
        unit=row.unit,
        set_type=row.set_type,
        bodyweight=row.bodyweight,
        added_weight=row.added_weight,
        target_reps=target(row.reps, row.target_reps),
        target_weight=target(row.weight, row.target_weight),
        target_rpe=target(row.rpe, row.target_rpe),
        rest_s=row.rest_s,
        completed_at=now,
    )


async def clone_workout(cmd: c.CloneWorkout, uow: UnitOfWork) -> Workout:
    """A new planned workout with the source's exercises, in order, each set's load and reps as its
    targets; start it with PATCH status=in_progress, log into it to fill the plan."""
    source = await owned_workout(uow, cmd.user_id, cmd.workout_id, with_sets=True)
    copy = Workout(
        user_id=cmd.user_id,
        name=source.name,
        status="planned",
        started_at=None,
        source="clone",
        routine_id=source.routine_id,
    )
    uow.session.add(copy)
    now = utcnow()
    rows = [new_set(_plan_of(s, now), s.exercise, user_id=cmd.user_id) for s in source.sets]
    await write_sets(uow, copy, rows)
    await uow.commit()
    return await owned_workout(uow, cmd.user_id, copy.id, with_sets=True)


async def complete_planned_sets(cmd: c.CompletePlannedSets, uow: UnitOfWork) -> SetsLogged:
    """The next planned sets done as planned (see `c.CompletePlannedSets`); 409 when none is left."""
    if not 1 <= cmd.count <= MAX_SETS_PER_LOG:
        raise Invalid.field("count", f"must be between 1 and {MAX_SETS_PER_LOG}")
    workout = await lock_workout(uow, cmd.user_id, cmd.workout_id)
    if workout is None:
        raise Conflict("No workout is in progress") if cmd.workout_id is None else NotFound("Workout not found")
    if workout.status == "cancelled":
        raise Conflict("This workout was cancelled")
    stmt = (
        select(WorkoutSet)
        .where(WorkoutSet.workout_id == workout.id, WorkoutSet.completed.is_(False))
        .options(selectinload(WorkoutSet.exercise))
        .order_by(WorkoutSet.position)
    )
    planned = list((await uow.session.scalars(stmt)).all())
    if not planned:
        raise Conflict("Nothing planned is left in this workout")
    rows = [r for r in planned if r.exercise_id == planned[0].exercise_id][: cmd.count]
    done, batch, unit = await done_time(uow, workout), uuid.uuid4(), await default_unit(uow, cmd.user_id)
    for row in rows:
        as_done(row, done, batch, unit)
    await write_sets(uow, workout, [], rows)
    await uow.commit()
    return SetsLogged(workout, rows, False)
