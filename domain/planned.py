"""Reads of the plan of the workout in progress: what comes next, a lift's planned sets still to
do, how many sets are done (the assistant's "what's next", "mark this set complete", "bench next")."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from domain.lookups import active_workout
from domain.models import Exercise, Routine, Workout, WorkoutSet
from domain.uow import UnitOfWork

_DONE = WorkoutSet.completed.is_(True)


@dataclass(frozen=True)
class NextUp:
    """The exercise of the next planned set: its targets, and how many of its planned sets are done."""

    exercise: Exercise
    planned: int
    done_sets: int
    target_reps: int | None
    target_weight: float | None
    unit: str | None


@dataclass(frozen=True)
class Plan:
    """The plan of the workout in progress: its name (the routine's, else the workout's) and what
    comes next (None once every planned set is done)."""

    name: str
    next: NextUp | None


def _planned(row: WorkoutSet) -> bool:
    """A set of the plan: still to do, or done but carrying targets."""
    return not row.completed or any(
        v is not None for v in (row.target_reps, row.target_weight, row.target_rpe, row.rest_s)
    )


async def next_planned(uow: UnitOfWork, user_id: uuid.UUID) -> Plan | None:
    """For the workout in progress, its plan; None when there is no workout or it has no planned sets."""
    workout = await active_workout(uow, user_id)
    if workout is None:
        return None
    stmt = (
        select(WorkoutSet)
        .where(WorkoutSet.workout_id == workout.id)
        .options(selectinload(WorkoutSet.exercise))
        .order_by(WorkoutSet.position)
    )
    plan = [r for r in (await uow.session.scalars(stmt)).all() if _planned(r)]
    if not plan:
        return None
    routine = await uow.session.scalar(select(Routine.name).where(Routine.id == workout.routine_id))
    name = routine or workout.name or "your plan"
    todo = next((r for r in plan if not r.completed), None)
    if todo is None:
        return Plan(name, None)
    same = [r for r in plan if r.exercise_id == todo.exercise_id]
    done = sum(1 for r in same if r.completed)
    return Plan(name, NextUp(todo.exercise, len(same), done, todo.target_reps, todo.target_weight, todo.unit))


async def planned_sets_of(uow: UnitOfWork, user_id: uuid.UUID, exercise_id: uuid.UUID) -> list[WorkoutSet]:
    """The planned sets still to do of one exercise in the workout in progress, in order."""
    stmt = (
        select(WorkoutSet)
        .join(Workout, Workout.id == WorkoutSet.workout_id)
        .where(
            Workout.user_id == user_id,
            Workout.status == "in_progress",
            WorkoutSet.exercise_id == exercise_id,
            WorkoutSet.completed.is_(False),
        )
        .order_by(WorkoutSet.position)
    )
    return list((await uow.session.scalars(stmt)).all())


async def done_count(uow: UnitOfWork, workout_id: uuid.UUID) -> int:
    """How many sets of the workout are done."""
    stmt = select(func.count()).where(WorkoutSet.workout_id == workout_id, _DONE)
    return int(await uow.session.scalar(stmt) or 0)
