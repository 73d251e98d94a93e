"""Recommendations from the lifter's own logs: the next session's load per lift, stalled lifts and
deloads, muscles short of volume this week, and an e1RM trend with a forecast to a goal date.

Loads come from domain/progression.py over the same history the planner reads
(domain/training_history.py). A muscle is short when this local week's working sets with it as a
primary muscle are under WEEKLY_SETS (10, a common minimum for growth) for the major groups. The
trend is a least-squares line through each week's best e1RM; its forecast is that line read at the
date (no forecast from fewer than three weeks with sets, or a line that does not rise).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from domain import analytics, training_history
from domain.days import today
from domain.goals import kg
from domain.models import Goal, User
from domain.planner import GOALS
from domain.progression import Prescription, TopSet, prescribe
from domain.uow import UnitOfWork

WEEKLY_SETS = 10
MAJOR = ("chest", "lats", "middle back", "shoulders", "quadriceps", "hamstrings", "glutes", "biceps", "triceps")


@dataclass(frozen=True)
class Advice:
    slug: str
    last: TopSet
    reps: int
    prescription: Prescription


@dataclass(frozen=True)
class Short:
    muscle: str
    sets: int
    target: int


@dataclass(frozen=True)
class Recommendations:
    as_of: date
    goal: str
    lifts: list[Advice]
    short: list[Short]


async def recommendations(uow: UnitOfWork, user: User, goal: str, now: datetime | None = None) -> Recommendations:
    history = await training_history.read(uow, user, now)
    g = GOALS[goal]
    reps = g.reps[0] + (g.reps[1] - g.reps[0]) // 3
    lifts = []
    for slug, tops in sorted(history.top_sets.items()):
        loaded = [t for t in tops if t.weight_kg > 0 and t.reps > 0]
        if loaded:
            lifts.append(Advice(slug, loaded[-1], reps, prescribe(loaded, reps, g.rpe, history.unit)))
    day = today(user, now)
    week = await analytics.summary(uow, user, "week", day, now)
    done = {m.muscle: m.sets for m in week.muscles}
    short = [Short(m, done.get(m, 0), WEEKLY_SETS) for m in MAJOR if done.get(m, 0) < WEEKLY_SETS]
    return Recommendations(day, goal, lifts, short)


@dataclass(frozen=True)
class Trend:
    points: list[tuple[date, float]]  # (Monday, best e1RM kg) of each week with sets
    slope_kg_per_week: float | None
    forecast_date: date
    forecast_kg: float | None
    target_kg: float | None
    reaches_target: date | None  # when the line crosses the target (None: it does not rise, or too few weeks)


def fit(points: list[tuple[date, float]]) -> tuple[float, float] | None:
    """Least squares through (days since the first point, e1RM): (slope per day, value at day 0)."""
    if len(points) < 3:
        return None
    first = points[0][0]
    xs = [(d - first).days for d, _ in points]
    ys = [v for _, v in points]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    if spread == 0:
        return None
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
    return slope, mean_y - slope * mean_x


def trend(points: list[tuple[date, float]], on: date, target_kg: float | None) -> Trend:
    line = fit(points)
    if line is None:
        return Trend(points, None, on, None, target_kg, None)
    slope, start = line
    first = points[0][0]
    forecast = start + slope * (on - first).days
    reaches = None
    if target_kg is not None:
        if points[-1][1] >= target_kg:
            reaches = points[-1][0]
        elif slope > 0:
            reaches = first + timedelta(days=max(0, round((target_kg - start) / slope)))
    return Trend(points, round(slope * 7, 2), on, round(max(forecast, 0.0), 2), target_kg, reaches)


async def open_goal(uow: UnitOfWork, user_id: uuid.UUID, exercise_id: uuid.UUID) -> Goal | None:
    """The lifter's open e1RM (else heaviest) goal on the lift, the soonest deadline first."""
    stmt = select(Goal).where(
        Goal.user_id == user_id,
        Goal.exercise_id == exercise_id,
        Goal.kind.in_(("e1rm", "heaviest")),
        Goal.achieved_at.is_(None),
    )
    goals = list((await uow.session.scalars(stmt)).all())
    goals.sort(key=lambda g: (g.kind != "e1rm", g.deadline or date.max))
    return goals[0] if goals else None


async def e1rm_trend(
    uow: UnitOfWork, user: User, exercise_id: uuid.UUID, weeks: int, on: date | None, target_kg: float | None
) -> tuple[Trend, Goal | None]:
    """Weekly best e1RM over the last `weeks`, the line through it and its forecast at `on` (else the
    open goal's deadline, else four weeks ahead), against `target_kg` (else the open goal's)."""
    last = today(user)
    goal = await open_goal(uow, user.id, exercise_id)
    points = await analytics.progress(uow, user, exercise_id, "week", last - timedelta(weeks=weeks), last)
    when = on or (goal.deadline if goal is not None and goal.deadline else last + timedelta(weeks=4))
    if target_kg is None and goal is not None:
        target_kg = kg(goal.target, goal.unit)
    return trend([(p.start, p.best_e1rm_kg) for p in points if p.best_e1rm_kg > 0], when, target_kg), goal
