"""A lifter's whole history read for export, a page of workouts at a time (oldest first).

Pages are found by the last workout's (start, id) rather than by offset, so each costs the same
however deep the history; each page's sets come in one more read, in workout and position order,
with the names of their exercises.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select

from domain.models import Exercise, Workout, WorkoutSet
from domain.uow import UnitOfWork

PAGE = 200  # workouts per read
SET_COLUMNS = (
    WorkoutSet.workout_id,
    WorkoutSet.position,
    Exercise.slug,
    Exercise.name,
    WorkoutSet.reps,
    WorkoutSet.weight,
    WorkoutSet.unit,
    WorkoutSet.weight_kg,
    WorkoutSet.rpe,
    WorkoutSet.rir,
    WorkoutSet.set_type,
    WorkoutSet.duration_s,
    WorkoutSet.distance_m,
    WorkoutSet.notes,
    WorkoutSet.completed_at,
)


async def workouts_page(
    uow: UnitOfWork,
    user_id: uuid.UUID,
    after: tuple[datetime, uuid.UUID] | None,
    *,
    include_cancelled: bool,
    limit: int = PAGE,
) -> list[Workout]:
    """Started workouts (not planned ones) after `after` (a start and id), oldest first."""
    stmt = select(Workout).where(Workout.user_id == user_id, Workout.started_at.is_not(None))
    if not include_cancelled:
        stmt = stmt.where(Workout.status != "cancelled")
    if after is not None:
        started, last = after
        stmt = stmt.where(or_(Workout.started_at > started, and_(Workout.started_at == started, Workout.id > last)))
    stmt = stmt.order_by(Workout.started_at, Workout.id).limit(limit)
    return list((await uow.session.scalars(stmt)).all())


async def sets_of(uow: UnitOfWork, user_id: uuid.UUID, workout_ids: Sequence[uuid.UUID]) -> list[Any]:
    """The sets of these workouts, each with its exercise's slug and name, in workout and position order."""
    if not workout_ids:
        return []
    stmt = (
        select(*SET_COLUMNS)
        .join(Exercise, Exercise.id == WorkoutSet.exercise_id)
        .where(WorkoutSet.user_id == user_id, WorkoutSet.workout_id.in_(list(workout_ids)))
        .order_by(WorkoutSet.workout_id, WorkoutSet.position)
    )
    return list((await uow.session.execute(stmt)).all())
