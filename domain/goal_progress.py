"""Where a lifter's goals stand, read from their logs (domain/goals.py says what each kind counts).

`Reads` answers for one lifter: each goal's progress now, and when it was first met (the moment of
the set, workout or reading that reached the target, never before the goal was set). What several
goals share (the lifter's workouts, their body weight readings) is read once per `Reads`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, func, select

from domain import goals as g
from domain.days import LocalDays, monday, streaks, today, zone
from domain.health import standard as metric_standard
from domain.models import BodyMetric, Goal, PersonalRecord, User, Workout, WorkoutSet, utcnow
from domain.uow import UnitOfWork

_PR = PersonalRecord
# done working sets: not warm-ups, not planned sets still to do, not in a cancelled workout
_WORKING = (WorkoutSet.set_type != "warmup", WorkoutSet.completed.is_(True), Workout.status != "cancelled")


class Reads:
    def __init__(self, uow: UnitOfWork, user: User, now: datetime | None = None) -> None:
        self.uow, self.user, self.now = uow, user, now or utcnow()
        self.tz = zone(user.timezone)
        self.local = LocalDays(self.tz)
        self._workouts: list[Any] | None = None
        self._weights: list[tuple[datetime, float]] | None = None

    # What a goal counts -------------------------------------------------------------------------

    async def progress(self, goal: Goal) -> g.Progress:
        kind, unit = goal.kind, goal.unit
        shown_unit = g.SHOWN.get(kind, unit)  # a count (reps, workouts) is shown as one
        if kind == "body_weight":
            readings = await self.weights()
            start, latest = self._baseline(readings, goal.created_at), readings[-1][1] if readings else None
            start, latest = (None if kg is None else g.shown(kind, kg, unit) for kg in (start, latest))
            return g.toward(start, latest, goal.target, goal.direction or "down", shown_unit)
        if kind in ("heaviest", "e1rm"):
            stmt = select(func.max(_PR.value)).where(*self._records(goal), _PR.is_current.is_(True))
            best = await self.uow.session.scalar(stmt)
            return g.rising(g.shown(kind, best, unit) if best is not None else None, goal.target, shown_unit)
        if kind == "reps":
            most = await self.uow.session.scalar(self._sets_at(goal, func.max(WorkoutSet.reps)))
            return g.rising(float(most) if most is not None else None, goal.target, shown_unit)
        if kind == "distance":
            points = await self._distances(goal)
            if (goal.period or "session") == "session":
                sessions: dict[Any, float] = {}
                for _, bucket, metres in points:
                    sessions[bucket] = sessions.get(bucket, 0.0) + metres
                best = max(sessions.values(), default=None)
            else:
                this = self._period(goal.period or "week", self.local(self.now))
                best = sum(m for _, bucket, m in points if bucket == this) if points else None
            return g.rising(g.shown(kind, best, unit) if best is not None else None, goal.target, shown_unit)
        days = await self.training_days()
        as_of = today(self.user, self.now)
        if kind == "workouts_per_week":
            this_week = monday(as_of)
            done = sum(1 for start, _ in days if monday(start) == this_week)
            return g.rising(float(done), goal.target, shown_unit)
        run_days, run_weeks = streaks((d for d, _ in days), as_of)
        return g.rising(float(run_weeks if unit == "weeks" else run_days), goal.target, shown_unit)

    async def first_met(self, goal: Goal) -> datetime | None:
        """When the lifter's data first met the goal, not before it was set; None if it has not."""
        found = await self._first(goal)
        return None if found is None else max(found, goal.created_at)

    async def _first(self, goal: Goal) -> datetime | None:
        kind = goal.kind
        target = g.standard(kind, goal.target, goal.unit)
        if kind == "body_weight":
            return self._weighed_to(await self.weights(), goal, target)
        if kind in ("heaviest", "e1rm"):
            stmt = select(func.min(_PR.achieved_at)).where(*self._records(goal), _PR.value >= target - g.TOLERANCE)
            return await self.uow.session.scalar(stmt)
        if kind == "reps":
            stmt = self._sets_at(goal, func.min(WorkoutSet.completed_at)).where(WorkoutSet.reps >= target)
            return await self.uow.session.scalar(stmt)
        set_day = self.local(goal.created_at)
        if kind == "distance":
            points = await self._distances(goal)
            if (goal.period or "session") != "session":
                first = self._period(goal.period or "week", set_day)
                points = [p for p in points if p[1] >= first]
            return g.first_crossing(points, target)
        days = await self.training_days()
        if kind == "workouts_per_week":
            week = monday(set_day)
            return g.first_crossing(((at, monday(d), 1.0) for d, at in days if monday(d) >= week), target)
        weeks = goal.unit == "weeks"
        moments: dict[date, datetime] = {}
        for d, at in days:
            key = monday(d) if weeks else d
            moments[key] = min(at, moments.get(key, at))
        as_of = monday(set_day) if weeks else set_day
        return g.streak_reached(moments, int(target), 7 if weeks else 1, as_of, goal.created_at)

    # Reads shared by goals ------------------------------------------------------------------------

    async def training_days(self) -> list[tuple[date, datetime]]:
        """Each workout with sets (not cancelled): the local day it started, and when its first set
        was done (the moment it began to count)."""
        if self._workouts is None:
            stmt = (
                select(Workout.started_at, func.min(WorkoutSet.completed_at).label("first_set"))
                .join(WorkoutSet, WorkoutSet.workout_id == Workout.id)
                .where(
                    Workout.user_id == self.user.id,
                    Workout.status != "cancelled",
                    Workout.started_at.is_not(None),
                    WorkoutSet.completed.is_(True),  # a workout of planned sets only is not one trained
                )
                .group_by(Workout.id, Workout.started_at)
            )
            self._workouts = list((await self.uow.session.execute(stmt)).all())
        return [(self.local(r.started_at), r.first_set) for r in self._workouts]

    async def weights(self) -> list[tuple[datetime, float]]:
        """Body weight readings in kg, oldest first."""
        if self._weights is None:
            stmt = (
                select(BodyMetric.recorded_at, BodyMetric.value, BodyMetric.unit)
                .where(BodyMetric.user_id == self.user.id, BodyMetric.metric == "body_weight")
                .order_by(BodyMetric.recorded_at, BodyMetric.created_at)
            )
            rows = (await self.uow.session.execute(stmt)).all()
            self._weights = [(r.recorded_at, metric_standard("body_weight", r.value, r.unit)) for r in rows]
        return self._weights

    # Helpers ----------------------------------------------------------------------------------------

    def _records(self, goal: Goal) -> tuple[Any, ...]:
        kind = "weight" if goal.kind == "heaviest" else goal.kind  # the records' name for the heaviest load
        return (_PR.user_id == self.user.id, _PR.exercise_id == goal.exercise_id, _PR.kind == kind)

    def _sets_at(self, goal: Goal, column: Any) -> Select[Any]:
        """`column` over the working sets of the goal's exercise with reps, at its weight or more (reps goals)."""
        stmt = (
            select(column)
            .join(Workout, Workout.id == WorkoutSet.workout_id)
            .where(
                WorkoutSet.user_id == self.user.id,
                WorkoutSet.exercise_id == goal.exercise_id,
                WorkoutSet.reps.is_not(None),
                *_WORKING,
            )
        )
        if goal.weight is not None:
            stmt = stmt.where(WorkoutSet.weight_kg >= g.kg(goal.weight, goal.unit) - g.TOLERANCE)
        return stmt

    async def _distances(self, goal: Goal) -> list[tuple[datetime, Any, float]]:
        """The goal's exercise's distances: (when, its session or its local week/month, metres)."""
        stmt = (
            select(WorkoutSet.completed_at, WorkoutSet.workout_id, WorkoutSet.distance_m)
            .join(Workout, Workout.id == WorkoutSet.workout_id)
            .where(
                WorkoutSet.user_id == self.user.id,
                WorkoutSet.exercise_id == goal.exercise_id,
                WorkoutSet.distance_m > 0,
                *_WORKING,
            )
        )
        rows = (await self.uow.session.execute(stmt)).all()
        per = goal.period or "session"
        return [
            (
                r.completed_at,
                r.workout_id if per == "session" else self._period(per, self.local(r.completed_at)),
                r.distance_m,
            )
            for r in rows
        ]

    @staticmethod
    def _period(period: str, day: date) -> date:
        return monday(day) if period == "week" else day.replace(day=1)

    @staticmethod
    def _baseline(readings: list[tuple[datetime, float]], set_at: datetime) -> float | None:
        """The reading standing when the goal was set, else the first one after."""
        before = [kg for at, kg in readings if at <= set_at]
        return before[-1] if before else (readings[0][1] if readings else None)

    @staticmethod
    def _weighed_to(readings: list[tuple[datetime, float]], goal: Goal, target: float) -> datetime | None:
        """The first reading from the one standing at the goal's start that meets it."""
        standing = max((i for i, (at, _) in enumerate(readings) if at <= goal.created_at), default=0)
        for at, kg in readings[standing:]:
            if g.reached("body_weight", kg, target, goal.direction):
                return at
        return None
