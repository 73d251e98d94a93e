"""A workout's running figures for its live socket (`workout.stats`), and which workout is live."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import bindparam, func, select

from domain.models import Workout, WorkoutSet
from domain.uow import UnitOfWork

_ACTIVE = select(Workout.id).where(Workout.user_id == bindparam("user_id"), Workout.status == "in_progress")
_OWNED = select(Workout.id, Workout.status, Workout.started_at, Workout.completed_at, Workout.version).where(
    Workout.id == bindparam("workout_id"), Workout.user_id == bindparam("user_id")
)
_FIGURES = select(
    func.count(),
    func.coalesce(func.sum(func.coalesce(WorkoutSet.weight_kg, 0) * func.coalesce(WorkoutSet.reps, 0)), 0),
    func.coalesce(func.sum(WorkoutSet.reps), 0),
    func.count(func.distinct(WorkoutSet.exercise_id)),
    func.max(WorkoutSet.completed_at),
).where(WorkoutSet.workout_id == bindparam("workout_id"))


async def active_workout_id(uow: UnitOfWork, user_id: uuid.UUID) -> uuid.UUID | None:
    found: uuid.UUID | None = await uow.session.scalar(_ACTIVE, {"user_id": user_id})
    return found


async def owns_workout(uow: UnitOfWork, user_id: uuid.UUID, workout_id: uuid.UUID) -> bool:
    return (await uow.session.execute(_OWNED, {"workout_id": workout_id, "user_id": user_id})).first() is not None


async def workout_stats(uow: UnitOfWork, user_id: uuid.UUID, workout_id: uuid.UUID) -> dict[str, Any] | None:
    """Sets, volume (kg), reps and exercises so far, the last set's time, the status; None if the
    workout is not the lifter's (any more)."""
    head = (await uow.session.execute(_OWNED, {"workout_id": workout_id, "user_id": user_id})).first()
    if head is None:
        return None
    sets, volume, reps, exercises, last = (await uow.session.execute(_FIGURES, {"workout_id": workout_id})).one()
    return {
        "workout_id": str(workout_id),
        "status": head.status,
        "version": head.version,
        "set_count": int(sets or 0),
        "volume_kg": round(float(volume or 0), 2),
        "reps": int(reps or 0),
        "exercises": int(exercises or 0),
        "started_at": head.started_at.isoformat() if head.started_at else None,
        "last_set_at": last.isoformat() if last is not None else None,
    }
