"""The lifter's records and training over time (domain/analytics.py), in their unit and local days."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Annotated, Literal

from fastapi import Query
from pydantic import AfterValidator, BeforeValidator

from channels.http.deps import App, Reader
from channels.http.errors import ApiError
from channels.http.openapi import errors
from channels.http.routers import Router
from channels.http.schemas import OneLine, text
from channels.http.schemas.analytics import (
    CalendarDayOut,
    CalendarOut,
    ConsistencyOut,
    ExerciseHistoryOut,
    ExerciseRecordsOut,
    LoadOut,
    MuscleOut,
    ProgressOut,
    ProgressPointOut,
    RecordOut,
    RecordsOut,
    RepsOut,
    RepsPointOut,
    StreakOut,
    SummaryOut,
    TopSetOut,
    TrendOut,
    WeekOut,
    in_unit,
)
from channels.http.schemas.recommendations import (
    E1rmTrendOut,
    NextLoadOut,
    RecommendationsOut,
    ShortMuscleOut,
    TopSetIn,
    TrendPointOut,
)
from domain import analytics, queries
from domain import recommendations as coach
from domain.models import Exercise, User
from domain.units import KG_PER_LB
from domain.uow import UnitOfWork

router = Router(prefix="/analytics", tags=["analytics"])

ExerciseRef = Annotated[str, Query(min_length=1, max_length=120, description="slug or id"), OneLine]
Month = Annotated[
    str | None,
    Query(pattern=r"^(19|2\d)\d{2}-(0[1-9]|1[0-2])$", description="YYYY-MM (1900-2999); this month if left out"),
]
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)  # training days: far from date's own limits


def _on_a_calendar(day: date | None) -> date | None:
    if day is not None and not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"must be between {FIRST_DAY} and {LAST_DAY}")
    return day


ON_A_CALENDAR = {"pattern": text.DAY_PATTERN}  # the document says it too


Day = Annotated[date | None, BeforeValidator(text.iso_day), AfterValidator(_on_a_calendar)]
FromDay = Annotated[
    Day, Query(alias="from", description="first local day; a year before `to`", json_schema_extra=ON_A_CALENDAR)
]
ToDay = Annotated[
    Day, Query(alias="to", description="last local day; today if left out", json_schema_extra=ON_A_CALENDAR)
]


def _span(user: User, start: date | None, end: date | None) -> tuple[date, date]:
    """The local days asked for: `to` defaults to today, `from` to a year before it; 422 when reversed."""
    last = end or analytics.today(user)
    first = start or last - timedelta(days=365)
    if first > last:
        raise ApiError(422, "'from' is after 'to'", [{"field": "from", "message": "must not be after 'to'"}])
    return first, last


async def _user(uow: UnitOfWork, user_id: uuid.UUID) -> User:
    user = await queries.user(uow, user_id)
    if user is None:
        raise ApiError(404, "No such user")
    return user


async def _exercise(uow: UnitOfWork, user: User, ref: str) -> Exercise:
    """The exercise by slug or id, if the lifter can see it (another lifter's is not found)."""
    found = await queries.exercise(uow, user.id, ref)
    if found is None:
        raise ApiError(404, f"No exercise {ref!r}")
    return found


def _records(exercise: analytics.Named, rows: list[analytics.RecordRow], unit: str) -> ExerciseRecordsOut:
    out = ExerciseRecordsOut(exercise=exercise.slug, exercise_id=exercise.id, name=exercise.name)
    for row in sorted(rows, key=lambda r: (r.kind, r.weight_kg)):
        shown = RecordOut.of(row, unit)
        if row.kind == "reps":
            out.reps_by_weight.append(shown)
        else:
            setattr(out, "heaviest" if row.kind == "weight" else row.kind, shown)
    return out


@router.get("/prs")
async def personal_records(who: Reader, spotter: App) -> RecordsOut:
    """Every exercise's standing records: heaviest, best e1RM (Epley), best set and session volume, and
    the most reps at each load. Warm-ups and cancelled workouts do not count."""
    return await records_of(spotter, who.user_id)


async def records_of(spotter: App, user_id: uuid.UUID) -> RecordsOut:
    """A lifter's standing records, per exercise, in their unit (their own, or a client's for a trainer)."""
    async with spotter.reader() as uow:
        user = await _user(uow, user_id)
        found = await analytics.current_records(uow, user.id)
    grouped: dict[uuid.UUID, tuple[analytics.Named, list[analytics.RecordRow]]] = {}
    for r in found:
        grouped.setdefault(r.exercise.id, (r.exercise, []))[1].append(r.entry)
    data = [_records(ex, rows, user.unit_pref) for ex, rows in grouped.values()]
    return RecordsOut(unit=user.unit_pref, data=data)


@router.get("/prs/{exercise}", responses=errors(404))
async def exercise_records(exercise: Annotated[str, OneLine], who: Reader, spotter: App) -> ExerciseHistoryOut:
    """One exercise's standing records and its record history (each record, the set that set it, when)."""
    async with spotter.reader() as uow:
        user = await _user(uow, who.user_id)
        ex = await _exercise(uow, user, exercise)
        history = await analytics.record_history(uow, user.id, ex.id)
    unit = user.unit_pref
    standing = [r for r in history if r.is_current]
    return ExerciseHistoryOut(
        unit=unit,
        records=_records(analytics.Named(ex.id, ex.slug, ex.name), standing, unit),
        history=[RecordOut.of(r, unit) for r in history],
    )


@router.get("/summary")
async def summary(
    who: Reader,
    spotter: App,
    period: Literal["week", "month"] = "week",
    day: Annotated[
        Day,
        Query(
            alias="date", description="a local day in the period; today if left out", json_schema_extra=ON_A_CALENDAR
        ),
    ] = None,
) -> SummaryOut:
    """The week (Monday to Sunday) or month in the lifter's time zone: workouts, working sets, reps,
    volume, volume per primary muscle, streaks and consistency."""
    async with spotter.reader() as uow:
        user = await _user(uow, who.user_id)
        found = await analytics.summary(uow, user, period, day or analytics.today(user))
    unit = user.unit_pref
    rate = found.days_trained / found.days_elapsed if found.days_elapsed else 0.0
    return SummaryOut(
        period=period,
        start=found.start,
        end=found.end,
        timezone=found.timezone,
        unit=unit,
        workouts=found.workouts,
        sets=found.sets,
        reps=found.reps,
        volume_kg=found.volume_kg,
        volume=in_unit(found.volume_kg, unit),
        muscle_groups=[
            MuscleOut(muscle=m.muscle, sets=m.sets, volume_kg=m.volume_kg, volume=in_unit(m.volume_kg, unit))
            for m in found.muscles
        ],
        streak=StreakOut(days=found.streak_days, weeks=found.streak_weeks),
        consistency=ConsistencyOut(
            days_trained=found.days_trained, days_elapsed=found.days_elapsed, rate=round(rate, 3)
        ),
    )


@router.get("/progress", responses=errors(404))
async def progress(
    who: Reader,
    spotter: App,
    exercise: ExerciseRef,
    period: Literal["day", "week"] = "day",
    start: FromDay = None,
    end: ToDay = None,
) -> ProgressOut:
    """One exercise per local day or week: top set (heaviest, then most reps), best e1RM (Epley), volume."""
    async with spotter.reader() as uow:
        user = await _user(uow, who.user_id)
        ex = await _exercise(uow, user, exercise)
        first, last = _span(user, start, end)
        points = await analytics.progress(uow, user, ex.id, period, first, last)
    unit = user.unit_pref
    return ProgressOut(
        exercise=ex.slug,
        name=ex.name,
        unit=unit,
        period=period,
        data=[
            ProgressPointOut(
                date=p.start,
                top_set=TopSetOut(weight=in_unit(p.top_weight_kg, unit), weight_kg=p.top_weight_kg, reps=p.top_reps),
                best_weight=in_unit(p.top_weight_kg, unit),
                best_weight_kg=p.top_weight_kg,
                best_e1rm=in_unit(p.best_e1rm_kg, unit),
                best_e1rm_kg=p.best_e1rm_kg,
                volume=in_unit(p.volume_kg, unit),
                volume_kg=p.volume_kg,
                sets=p.sets,
                reps=p.reps,
            )
            for p in points
        ],
    )


REPS_EXAMPLE = {
    "exercise": "pull-up",
    "name": "Pull-Up",
    "period": "day",
    "data": [
        {"date": "2026-03-02", "best_reps": 10, "reps": 27, "sets": 3},
        {"date": "2026-03-05", "best_reps": 12, "reps": 30, "sets": 3},
    ],
}


@router.get("/reps", responses={**errors(404), 200: {"content": {"application/json": {"example": REPS_EXAMPLE}}}})
async def reps(
    who: Reader,
    spotter: App,
    exercise: ExerciseRef,
    period: Literal["day", "week"] = "day",
    start: FromDay = None,
    end: ToDay = None,
) -> RepsOut:
    """One exercise's working sets done without a load (pull-ups, push-ups) per local day or week:
    the most reps in a set, all reps, sets. `/progress` counts the loaded sets; this the others."""
    async with spotter.reader() as uow:
        user = await _user(uow, who.user_id)
        ex = await _exercise(uow, user, exercise)
        first, last = _span(user, start, end)
        points = await analytics.rep_progress(uow, user, ex.id, period, first, last)
    return RepsOut(
        exercise=ex.slug,
        name=ex.name,
        period=period,
        data=[RepsPointOut(date=p.start, best_reps=p.best_reps, reps=p.reps, sets=p.sets) for p in points],
    )


@router.get("/load")
async def load(
    who: Reader, spotter: App, weeks: Annotated[int, Query(ge=2, le=104, description="weeks up to this one")] = 12
) -> LoadOut:
    """Weekly training load (volume of working sets) in local weeks, with its trend."""
    async with spotter.reader() as uow:
        user = await _user(uow, who.user_id)
        found = await analytics.weekly_load(uow, user, weeks)
    unit, moving = user.unit_pref, analytics.trend(found)
    return LoadOut(
        unit=unit,
        weeks=[
            WeekOut(
                start=w.start,
                volume_kg=w.volume_kg,
                volume=in_unit(w.volume_kg, unit),
                sets=w.sets,
                workouts=w.workouts,
            )
            for w in found
        ],
        trend=TrendOut(
            slope_kg_per_week=moving.slope_kg_per_week,
            direction=moving.direction,
            acute_chronic=moving.acute_chronic,
        ),
    )


@router.get("/calendar")
async def calendar(who: Reader, spotter: App, month: Month = None) -> CalendarOut:
    """The days of a local month with training: workouts started, working sets and volume."""
    async with spotter.reader() as uow:
        user = await _user(uow, who.user_id)
        first = date.fromisoformat(month + "-01") if month else analytics.today(user).replace(day=1)
        days = await analytics.calendar(uow, user, first)
    unit = user.unit_pref
    return CalendarOut(
        month=first.strftime("%Y-%m"),
        timezone=str(analytics.zone(user.timezone)),
        unit=unit,
        days_trained=sum(1 for d in days if d.workouts),
        days=[
            CalendarDayOut(
                date=d.day, workouts=d.workouts, sets=d.sets, volume_kg=d.volume_kg, volume=in_unit(d.volume_kg, unit)
            )
            for d in days
        ],
    )


@router.get("/recommendations")
async def recommendations(
    who: Reader,
    spotter: App,
    goal: Annotated[
        Literal["strength", "hypertrophy", "endurance"], Query(description="the rep range and RPE loads are for")
    ] = "hypertrophy",
) -> RecommendationsOut:
    """From the last 8 weeks of logs: each lift's next top-set load (its e1RM with reps in reserve,
    one step up after a set done at or under the target RPE, held after a grinder), stalled lifts
    (no better e1RM in three sessions) and their 10% deloads, and the major muscles short of 10
    working sets this local week."""
    async with spotter.reader() as uow:
        user = await _user(uow, who.user_id)
        found = await coach.recommendations(uow, user, goal)
    unit = user.unit_pref
    lifts = []
    for a in found.lifts:
        p = a.prescription
        lifts.append(
            NextLoadOut(
                exercise=a.slug,
                last_top_set=TopSetIn(
                    date=a.last.day,
                    weight=in_unit(a.last.weight_kg, unit),
                    weight_kg=round(a.last.weight_kg, 2),
                    reps=a.last.reps,
                    rpe=a.last.rpe,
                ),
                e1rm=None if p.e1rm_kg is None else in_unit(p.e1rm_kg, unit),
                e1rm_kg=p.e1rm_kg,
                status=p.status,
                deload=p.status == "stalled",
                next_weight=None if p.load_kg is None else in_unit(p.load_kg, unit),
                next_weight_kg=None if p.load_kg is None else round(p.load_kg, 2),
                next_reps=a.reps,
                target_rpe=p.target_rpe,
                advice=p.reason,
            )
        )
    return RecommendationsOut(
        unit=unit,
        as_of=found.as_of,
        goal=found.goal,
        exercises=lifts,
        stalled=[x.exercise for x in lifts if x.status == "stalled"],
        deloads=[x.exercise for x in lifts if x.deload],
        muscles_short=[
            ShortMuscleOut(muscle=m.muscle, sets=m.sets, target=m.target, remaining=m.target - m.sets)
            for m in found.short
        ],
    )


@router.get("/e1rm-trend", responses=errors(404))
async def e1rm_trend(
    who: Reader,
    spotter: App,
    exercise: ExerciseRef,
    weeks: Annotated[int, Query(ge=3, le=104, description="weeks of history the line is fitted to")] = 12,
    day: Annotated[
        Day,
        Query(
            alias="date",
            description="the forecast date; else the open goal's deadline, else four weeks ahead",
            json_schema_extra=ON_A_CALENDAR,
        ),
    ] = None,
    target: Annotated[float | None, Query(gt=0, le=3300, description="an e1RM to reach, in your unit")] = None,
) -> E1rmTrendOut:
    """Each week's best e1RM (Epley) on one lift, the least-squares line through it, its forecast at
    a date and when it meets the target (given, or the lift's open e1RM/heaviest goal)."""
    async with spotter.reader() as uow:
        user = await _user(uow, who.user_id)
        ex = await _exercise(uow, user, exercise)
        unit = user.unit_pref
        target_kg = None if target is None else (target * KG_PER_LB if unit == "lb" else target)
        found, goal = await coach.e1rm_trend(uow, user, ex.id, weeks, day, target_kg)
    on_track = None
    if found.target_kg is not None:
        on_track = found.reaches_target is not None and found.reaches_target <= found.forecast_date
    return E1rmTrendOut(
        exercise=ex.slug,
        unit=unit,
        points=[TrendPointOut(week=d, e1rm=in_unit(v, unit), e1rm_kg=round(v, 2)) for d, v in found.points],
        slope_per_week=None if found.slope_kg_per_week is None else in_unit(found.slope_kg_per_week, unit),
        forecast_date=found.forecast_date,
        forecast=None if found.forecast_kg is None else in_unit(found.forecast_kg, unit),
        forecast_kg=found.forecast_kg,
        target=None if found.target_kg is None else in_unit(found.target_kg, unit),
        goal_id=None if goal is None else str(goal.id),
        reaches_target_on=found.reaches_target,
        on_track=on_track,
    )
