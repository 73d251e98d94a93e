"""What the planner and the coach read of a lifter's training: each lift's top set per local day over
the last weeks, and working sets per primary muscle in the last 48 hours (one query each).

Counted as analytics counts: working sets (not warm-ups) done (not planned) in workouts not
cancelled. A set's RPE is its own, else 10 - RIR, else unknown.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from domain.days import LocalDays, zone
from domain.models import Exercise, User, Workout, WorkoutSet
from domain.planner import History
from domain.progression import TopSet
from domain.uow import UnitOfWork

WEEKS = 8
RECENT = timedelta(hours=48)

_SETS = (
    select(
        Exercise.slug,
        Exercise.primary_muscles,
        WorkoutSet.completed_at,
        WorkoutSet.weight_kg,
        WorkoutSet.reps,
        WorkoutSet.rpe,
        WorkoutSet.rir,
    )
    .join(Workout, Workout.id == WorkoutSet.workout_id)
    .join(Exercise, Exercise.id == WorkoutSet.exercise_id)
    .where(WorkoutSet.set_type != "warmup", WorkoutSet.completed.is_(True), Workout.status != "cancelled")
)


def _rpe(row: Any) -> float | None:
    if row.rpe is not None:
        return float(row.rpe)
    return 10.0 - row.rir if row.rir is not None else None


async def read(uow: UnitOfWork, user: User, now: datetime | None = None, weeks: int = WEEKS) -> History:
    """The lifter's history up to `now`: top sets per lift and day, oldest first; recent sets per muscle."""
    now = now or datetime.now(UTC)
    stmt = _SETS.where(
        WorkoutSet.user_id == user.id,
        WorkoutSet.completed_at >= now - timedelta(weeks=weeks),
        WorkoutSet.completed_at <= now,
    ).order_by(WorkoutSet.completed_at)
    rows = (await uow.session.execute(stmt)).all()
    local = LocalDays(zone(user.timezone))
    tops: dict[str, dict[Any, TopSet]] = defaultdict(dict)
    recent: dict[str, int] = defaultdict(int)
    for r in rows:
        day = local(r.completed_at)
        top = TopSet(day, float(r.weight_kg or 0.0), int(r.reps or 0), _rpe(r))
        best = tops[r.slug].get(day)
        if best is None or (top.weight_kg, top.reps) > (best.weight_kg, best.reps):
            tops[r.slug][day] = top
        if _aware(r.completed_at) >= now - RECENT:
            for muscle in r.primary_muscles or ():
                recent[muscle] += 1
    return History(
        top_sets={slug: tuple(days[d] for d in sorted(days)) for slug, days in tops.items()},
        recent_sets=dict(recent),
        unit=user.unit_pref if user.unit_pref in ("kg", "lb") else "kg",
    )


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)
