"""Reads of a lifter's training over time, in the lifter's own days (the time zone of their profile).

A set belongs to the local day it was completed on (a set at 23:30 UTC is on the next day in Berlin);
a workout to the day it started. Counted here: working sets (not warm-ups) done (not planned sets
still to do) in workouts that were not cancelled; volume is load x reps in kg. A training day is a
day a workout with sets done started: streaks and the calendar count those. Records are read from
the table the write path keeps (domain/handlers/records.py).
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, exists, func, select

from domain.days import LocalDays, midnight, monday, period_days, streaks, today, zone
from domain.handlers.records import COUNTED
from domain.models import Exercise, PersonalRecord, User, Workout, WorkoutSet
from domain.units import epley
from domain.uow import UnitOfWork

# Records -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Named:
    """What a record shows of its exercise."""

    id: uuid.UUID
    slug: str
    name: str


@dataclass(frozen=True)
class RecordRow:
    """A record entry as read (domain/models.py: PersonalRecord)."""

    kind: str
    value: float
    weight_kg: float
    reps: int
    set_id: uuid.UUID
    workout_id: uuid.UUID
    achieved_at: datetime
    is_current: bool


@dataclass(frozen=True)
class Record:
    exercise: Named
    entry: RecordRow


_PR = PersonalRecord
_ROW = (_PR.kind, _PR.value, _PR.weight_kg, _PR.reps, _PR.set_id, _PR.workout_id, _PR.achieved_at, _PR.is_current)


async def current_records(uow: UnitOfWork, user_id: uuid.UUID, exercise_id: uuid.UUID | None = None) -> list[Record]:
    """The records standing now, of every exercise (or one), with their exercises' names (columns
    only: a lifter has hundreds of records, one per load for the most reps)."""
    stmt = (
        select(Exercise.id, Exercise.slug, Exercise.name, *_ROW)
        .join(Exercise, Exercise.id == _PR.exercise_id)
        .where(_PR.user_id == user_id, _PR.is_current.is_(True))
        .order_by(Exercise.name, _PR.kind, _PR.weight_kg)
    )
    if exercise_id is not None:
        stmt = stmt.where(_PR.exercise_id == exercise_id)
    named: dict[uuid.UUID, Named] = {}
    found = []
    for row in (await uow.session.execute(stmt)).all():
        ex = named.get(row[0]) or named.setdefault(row[0], Named(row[0], row[1], row[2]))
        found.append(Record(ex, RecordRow(*row[3:])))
    return found


async def record_history(uow: UnitOfWork, user_id: uuid.UUID, exercise_id: uuid.UUID) -> list[RecordRow]:
    """Every record the lifter set on one exercise, oldest first."""
    stmt = (
        select(*_ROW)
        .where(_PR.user_id == user_id, _PR.exercise_id == exercise_id)
        .order_by(_PR.achieved_at, _PR.kind, _PR.weight_kg)
    )
    return [RecordRow(*row) for row in (await uow.session.execute(stmt)).all()]


@dataclass(frozen=True)
class Best:
    """An exercise's heaviest load with the most reps done at it, and its best e1RM (the records the
    assistant speaks)."""

    exercise: Named
    heaviest: RecordRow
    reps: int
    e1rm: RecordRow | None


def bests(records: list[Record]) -> list[Best]:
    """Per exercise in `records` (current ones), its best lifts, heaviest first."""
    found: dict[uuid.UUID, dict[str, Any]] = {}
    for r in records:
        mine = found.setdefault(r.exercise.id, {"exercise": r.exercise, "reps": {}})
        if r.entry.kind in ("weight", "e1rm"):
            mine[r.entry.kind] = r.entry
        elif r.entry.kind == "reps":
            mine["reps"][r.entry.weight_kg] = r.entry.reps
    made = [
        Best(f["exercise"], f["weight"], f["reps"].get(f["weight"].weight_kg, f["weight"].reps), f.get("e1rm"))
        for f in found.values()
        if "weight" in f
    ]
    return sorted(made, key=lambda b: (-b.heaviest.value, b.exercise.name))


async def new_heaviest(uow: UnitOfWork, user_id: uuid.UUID, set_ids: list[uuid.UUID]) -> PersonalRecord | None:
    """The heaviest-load record one of these sets set and that still stands, if it beat an earlier
    one (a lift's first sets set records but beat nothing)."""
    stmt = select(PersonalRecord).where(
        PersonalRecord.user_id == user_id,
        PersonalRecord.set_id.in_(set_ids),
        PersonalRecord.kind == "weight",
        PersonalRecord.is_current.is_(True),
    )
    found = await uow.session.scalar(stmt)
    if found is None:
        return None
    earlier = select(func.count()).where(
        PersonalRecord.user_id == user_id,
        PersonalRecord.exercise_id == found.exercise_id,
        PersonalRecord.kind == "weight",
        PersonalRecord.value < found.value,
    )
    return found if await uow.session.scalar(earlier) else None


# Sets over a span of days --------------------------------------------------------------------------

_WORKING = (
    select(
        WorkoutSet.completed_at,
        WorkoutSet.weight_kg,
        WorkoutSet.reps,
        WorkoutSet.workout_id,
        WorkoutSet.exercise_id,
    )
    .join(Workout, Workout.id == WorkoutSet.workout_id)
    .where(
        WorkoutSet.user_id == bindparam("user_id"),
        WorkoutSet.completed_at >= bindparam("start"),
        WorkoutSet.completed_at < bindparam("end"),
        WorkoutSet.set_type != "warmup",
        WorkoutSet.completed.is_(True),
        Workout.status != "cancelled",
    )
)
_STARTS = select(Workout.started_at).where(
    Workout.user_id == bindparam("user_id"),
    Workout.status != "cancelled",
    Workout.started_at.is_not(None),
    exists().where(WorkoutSet.workout_id == Workout.id, WorkoutSet.completed.is_(True)),
)


def volume(weight_kg: float | None, reps: int | None) -> float:
    return (weight_kg or 0.0) * (reps or 0)


_LOADS = _WORKING.with_only_columns(WorkoutSet.completed_at, WorkoutSet.weight_kg, WorkoutSet.reps)


async def working_sets(
    uow: UnitOfWork, user_id: uuid.UUID, first: date, last: date, tz: ZoneInfo, *, lifts: bool = True
) -> list[Any]:
    """Working sets completed on the local days first..last (rows: completed_at, weight_kg, reps, and
    with `lifts` workout_id and exercise_id: ids cost time to read, thousands of them)."""
    span = {"user_id": user_id, "start": midnight(first, tz), "end": midnight(last + timedelta(days=1), tz)}
    return list((await uow.session.execute(_WORKING if lifts else _LOADS, span)).all())


async def training_days(
    uow: UnitOfWork, user_id: uuid.UUID, tz: ZoneInfo, until: date | None = None, since: date | None = None
) -> list[date]:
    """The local days a workout with sets started on (one per workout, oldest first), from `since`
    up to `until`."""
    stmt = _STARTS
    if since is not None:
        stmt = stmt.where(Workout.started_at >= midnight(since, tz))
    if until is not None:
        stmt = stmt.where(Workout.started_at < midnight(until + timedelta(days=1), tz))
    starts = (await uow.session.scalars(stmt.order_by(Workout.started_at), {"user_id": user_id})).all()
    local = LocalDays(tz)
    return [local(s) for s in starts if s is not None]


# Summary ------------------------------------------------------------------------------------------


@dataclass
class MuscleVolume:
    muscle: str
    sets: int = 0
    volume_kg: float = 0.0


@dataclass
class Summary:
    period: str
    start: date
    end: date
    timezone: str
    workouts: int = 0
    sets: int = 0
    reps: int = 0
    volume_kg: float = 0.0
    days_trained: int = 0
    days_elapsed: int = 0
    streak_days: int = 0
    streak_weeks: int = 0
    muscles: list[MuscleVolume] = field(default_factory=list)


async def summary(uow: UnitOfWork, user: User, period: str, day: date, now: datetime | None = None) -> Summary:
    """The week or month holding the local `day`: workouts started, working sets done, reps,
    volume, volume per primary muscle, training days of the days elapsed, and the streaks."""
    tz = zone(user.timezone)
    first, last = period_days(period, day)
    as_of = min(last, today(user, now))
    found = Summary(period, first, last, str(tz))
    rows = await working_sets(uow, user.id, first, last, tz)
    found.sets = len(rows)
    found.reps = sum(r.reps or 0 for r in rows)
    found.volume_kg = round(math.fsum(volume(r.weight_kg, r.reps) for r in rows), 2)
    found.muscles = await _by_muscle(uow, rows)
    days = await training_days(uow, user.id, tz, as_of)
    in_period = [d for d in days if first <= d <= last]
    found.workouts, found.days_trained = len(in_period), len(set(in_period))
    found.days_elapsed = max(0, (as_of - first).days + 1)
    found.streak_days, found.streak_weeks = streaks(days, as_of)
    return found


async def _by_muscle(uow: UnitOfWork, rows: list[Any]) -> list[MuscleVolume]:
    """Sets and volume per primary muscle of their exercises (a set counts for each of them)."""
    ids = {r.exercise_id for r in rows}
    if not ids:
        return []
    stmt = select(Exercise.id, Exercise.primary_muscles).where(Exercise.id.in_(ids))
    muscles = {row.id: list(row.primary_muscles or []) for row in (await uow.session.execute(stmt)).all()}
    found: dict[str, MuscleVolume] = {}
    for r in rows:
        for muscle in muscles.get(r.exercise_id, []):
            group = found.setdefault(muscle, MuscleVolume(muscle))
            group.sets += 1
            group.volume_kg += volume(r.weight_kg, r.reps)
    ranked = sorted(found.values(), key=lambda m: (-m.volume_kg, -m.sets, m.muscle))
    for m in ranked:
        m.volume_kg = round(m.volume_kg, 2)
    return ranked


# Progress, load, calendar ---------------------------------------------------------------------------


# The counted sets of `progress` (as records count them: domain/handlers/records.py), only the columns it uses.
_PROGRESS = COUNTED.with_only_columns(WorkoutSet.completed_at, WorkoutSet.weight_kg, WorkoutSet.reps).where(
    WorkoutSet.completed_at >= bindparam("start"), WorkoutSet.completed_at < bindparam("end")
)


@dataclass
class Point:
    """One day or week of one exercise: its top set (heaviest, then most reps), best e1RM, volume."""

    start: date
    top_weight_kg: float = 0.0
    top_reps: int = 0
    best_e1rm_kg: float = 0.0
    volume_kg: float = 0.0
    sets: int = 0
    reps: int = 0


async def progress(
    uow: UnitOfWork, user: User, exercise_id: uuid.UUID, bucket: str, first: date, last: date
) -> list[Point]:
    """Per local day or week (`bucket`) from `first` to `last`: the exercise's counted sets (as
    records count them), oldest first."""
    tz = zone(user.timezone)
    local = LocalDays(tz)
    span = {"start": midnight(first, tz), "end": midnight(last + timedelta(days=1), tz)}
    rows = (await uow.session.execute(_PROGRESS, {"user_id": user.id, "exercise_id": exercise_id} | span)).all()
    points: dict[date, Point] = {}
    for r in rows:
        day = local(r.completed_at)
        key = monday(day) if bucket == "week" else day
        point = points.get(key) or points.setdefault(key, Point(key))
        if (r.weight_kg, r.reps) > (point.top_weight_kg, point.top_reps):
            point.top_weight_kg, point.top_reps = r.weight_kg, r.reps
        point.best_e1rm_kg = max(point.best_e1rm_kg, round(epley(r.weight_kg, r.reps), 2))
        point.volume_kg += volume(r.weight_kg, r.reps)
        point.sets, point.reps = point.sets + 1, point.reps + r.reps
    for p in points.values():
        p.volume_kg = round(p.volume_kg, 2)
    return sorted(points.values(), key=lambda p: p.start)


# Sets without a load (pull-ups, push-ups, dips at bodyweight): reps are what they measure.
_UNLOADED = (
    select(WorkoutSet.completed_at, WorkoutSet.reps)
    .join(Workout, Workout.id == WorkoutSet.workout_id)
    .where(
        WorkoutSet.user_id == bindparam("user_id"),
        WorkoutSet.exercise_id == bindparam("exercise_id"),
        (WorkoutSet.weight_kg.is_(None)) | (WorkoutSet.weight_kg == 0),
        WorkoutSet.reps >= 1,
        WorkoutSet.set_type != "warmup",
        WorkoutSet.completed.is_(True),
        Workout.status != "cancelled",
        WorkoutSet.completed_at >= bindparam("start"),
        WorkoutSet.completed_at < bindparam("end"),
    )
)


@dataclass
class RepsPoint:
    """One day or week of one exercise's sets without a load: the most reps in a set, all reps, sets."""

    start: date
    best_reps: int = 0
    reps: int = 0
    sets: int = 0


async def rep_progress(
    uow: UnitOfWork, user: User, exercise_id: uuid.UUID, bucket: str, first: date, last: date
) -> list[RepsPoint]:
    """Per local day or week from `first` to `last`: the exercise's working sets done without a load
    (what `progress` leaves out), oldest first."""
    tz = zone(user.timezone)
    local = LocalDays(tz)
    span = {"start": midnight(first, tz), "end": midnight(last + timedelta(days=1), tz)}
    rows = (await uow.session.execute(_UNLOADED, {"user_id": user.id, "exercise_id": exercise_id} | span)).all()
    points: dict[date, RepsPoint] = {}
    for r in rows:
        day = local(r.completed_at)
        key = monday(day) if bucket == "week" else day
        point = points.get(key) or points.setdefault(key, RepsPoint(key))
        point.best_reps = max(point.best_reps, r.reps)
        point.reps, point.sets = point.reps + r.reps, point.sets + 1
    return sorted(points.values(), key=lambda p: p.start)


@dataclass(frozen=True)
class Week:
    start: date
    volume_kg: float
    sets: int
    workouts: int


async def weekly_load(uow: UnitOfWork, user: User, weeks: int, now: datetime | None = None) -> list[Week]:
    """The last `weeks` local weeks up to this one, oldest first: volume and working sets done, and
    workouts started (weeks without training are listed with zeros)."""
    tz = zone(user.timezone)
    local = LocalDays(tz)
    this_week = monday(today(user, now))
    first = this_week - timedelta(days=7 * (weeks - 1))
    rows = await working_sets(uow, user.id, first, this_week + timedelta(days=6), tz, lifts=False)
    starts = await training_days(uow, user.id, tz, since=first)
    load = {first + timedelta(days=7 * i): [0.0, 0, 0] for i in range(weeks)}
    for r in rows:
        week = load.get(monday(local(r.completed_at)))
        if week is not None:
            week[0] += volume(r.weight_kg, r.reps)
            week[1] += 1
    for d in starts:
        if monday(d) in load:
            load[monday(d)][2] += 1
    return [Week(start, round(v[0], 2), int(v[1]), int(v[2])) for start, v in load.items()]


@dataclass(frozen=True)
class Trend:
    """How the load moves: the least-squares slope over the finished weeks (kg per week), its
    direction, and the acute:chronic ratio (the last finished week against the mean of the four
    finished weeks up to it)."""

    slope_kg_per_week: float
    direction: str
    acute_chronic: float | None


def trend(weeks: list[Week]) -> Trend:
    done = [w.volume_kg for w in weeks[:-1]]  # the current week is not over
    if len(done) < 2:
        return Trend(0.0, "flat", None)
    n = len(done)
    mean_x, mean_y = (n - 1) / 2, sum(done) / n
    spread = sum((i - mean_x) ** 2 for i in range(n))
    slope = sum((i - mean_x) * (y - mean_y) for i, y in enumerate(done)) / spread
    direction = "flat"
    if mean_y > 0 and abs(slope) > 0.02 * mean_y:  # more than 2% of the mean week, each week
        direction = "rising" if slope > 0 else "falling"
    chronic = sum(done[-4:]) / len(done[-4:])
    return Trend(round(slope, 2), direction, round(done[-1] / chronic, 2) if chronic > 0 else None)


@dataclass(frozen=True)
class Day:
    day: date
    workouts: int
    sets: int
    volume_kg: float


async def calendar(uow: UnitOfWork, user: User, month: date) -> list[Day]:
    """The days of a local month with training: workouts started, working sets and volume done."""
    tz = zone(user.timezone)
    local = LocalDays(tz)
    first, last = period_days("month", month)
    days: dict[date, list[float]] = {}
    for d in await training_days(uow, user.id, tz, last, first):
        days.setdefault(d, [0, 0, 0.0])[0] += 1
    for r in await working_sets(uow, user.id, first, last, tz, lifts=False):
        entry = days.setdefault(local(r.completed_at), [0, 0, 0.0])
        entry[1] += 1
        entry[2] += volume(r.weight_kg, r.reps)
    return [Day(d, int(v[0]), int(v[1]), round(v[2], 2)) for d, v in sorted(days.items())]
