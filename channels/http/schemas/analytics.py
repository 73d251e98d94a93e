"""Response shapes of /analytics: records, summary, progress, weekly load, calendar.

Weights and volumes come twice: in kg (`..._kg`, as stored) and in the lifter's unit (`unit`, from
their profile). Estimated one-rep maxes are Epley's (`e1rm_formula`), which records rank by;
Brzycki's estimate of the same set is shown beside the e1RM record for comparison.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Final, Literal

from pydantic import BaseModel, Field

from domain.analytics import RecordRow
from domain.units import KG_PER_LB, brzycki

E1RM_FORMULA: Final = "epley"
Kind = Literal["weight", "e1rm", "set_volume", "session_volume", "reps"]


def in_unit(kg: float, unit: str) -> float:
    return round(kg / KG_PER_LB, 1) if unit == "lb" else round(kg, 2)


class RecordOut(BaseModel):
    """A record: `value` in the lifter's unit (reps for `reps`; load x reps for volumes), the set
    that set it (its load and reps) and when."""

    kind: Kind
    value: float
    value_kg: float | None = Field(description="the value in kg (None for reps)")
    weight: float
    weight_kg: float
    reps: int
    set_id: uuid.UUID
    workout_id: uuid.UUID
    achieved_at: dt.datetime
    brzycki: float | None = Field(
        default=None, description="e1RM records only: Brzycki's estimate of the same set, in the lifter's unit"
    )

    @classmethod
    def of(cls, row: RecordRow, unit: str) -> RecordOut:
        other = brzycki(row.weight_kg, row.reps) if row.kind == "e1rm" else None
        return cls(
            kind=row.kind,
            value=row.value if row.kind == "reps" else in_unit(row.value, unit),
            value_kg=None if row.kind == "reps" else row.value,
            weight=in_unit(row.weight_kg, unit),
            weight_kg=row.weight_kg,
            reps=row.reps,
            set_id=row.set_id,
            workout_id=row.workout_id,
            achieved_at=row.achieved_at,
            brzycki=None if other is None else in_unit(other, unit),
        )


class ExerciseRecordsOut(BaseModel):
    """An exercise's standing records (None: nothing counted yet); `reps_by_weight`, the most reps at
    each load, lightest first."""

    exercise: str
    exercise_id: uuid.UUID
    name: str
    heaviest: RecordOut | None = None
    e1rm: RecordOut | None = None
    set_volume: RecordOut | None = None
    session_volume: RecordOut | None = None
    reps_by_weight: list[RecordOut] = Field(default_factory=list)


class RecordsOut(BaseModel):
    """Every exercise's standing records. e1RM is Epley's, w x (1 + reps / 30), a single being its own
    max; Brzycki's estimate, w x 36 / (37 - reps), is given beside each e1RM record."""

    unit: str
    e1rm_formula: Literal["epley"] = E1RM_FORMULA
    data: list[ExerciseRecordsOut]


class ExerciseHistoryOut(BaseModel):
    """One exercise's standing records and every record set on it, oldest first."""

    unit: str
    e1rm_formula: Literal["epley"] = E1RM_FORMULA
    records: ExerciseRecordsOut
    history: list[RecordOut]


class MuscleOut(BaseModel):
    muscle: str
    sets: int
    volume_kg: float
    volume: float


class StreakOut(BaseModel):
    days: int = Field(description="consecutive days with a workout, up to today (or yesterday)")
    weeks: int = Field(description="consecutive weeks (Monday to Sunday) with a workout, up to this (or last) week")


class ConsistencyOut(BaseModel):
    days_trained: int
    days_elapsed: int = Field(description="days of the period up to today")
    rate: float = Field(description="days_trained / days_elapsed")


class SummaryOut(BaseModel):
    period: Literal["week", "month"]
    start: dt.date
    end: dt.date
    timezone: str
    unit: str
    workouts: int
    sets: int = Field(description="working sets (warm-ups left out)")
    reps: int
    volume_kg: float
    volume: float
    muscle_groups: list[MuscleOut] = Field(description="per primary muscle of the exercises, most volume first")
    streak: StreakOut
    consistency: ConsistencyOut


class TopSetOut(BaseModel):
    weight: float
    weight_kg: float
    reps: int


class ProgressPointOut(BaseModel):
    date: dt.date = Field(description="the local day, or the Monday of the week")
    top_set: TopSetOut
    best_weight: float
    best_weight_kg: float
    best_e1rm: float
    best_e1rm_kg: float
    volume: float
    volume_kg: float
    sets: int
    reps: int


class ProgressOut(BaseModel):
    exercise: str
    name: str
    unit: str
    period: Literal["day", "week"]
    e1rm_formula: Literal["epley"] = E1RM_FORMULA
    data: list[ProgressPointOut]


class RepsPointOut(BaseModel):
    date: dt.date = Field(description="the local day, or the Monday of the week")
    best_reps: int = Field(description="the most reps in one set")
    reps: int = Field(description="all reps of the day or week")
    sets: int


class RepsOut(BaseModel):
    exercise: str
    name: str
    period: Literal["day", "week"]
    data: list[RepsPointOut]


class WeekOut(BaseModel):
    start: dt.date
    volume_kg: float
    volume: float
    sets: int
    workouts: int


class TrendOut(BaseModel):
    slope_kg_per_week: float
    direction: Literal["rising", "flat", "falling"]
    acute_chronic: float | None = Field(description="the last finished week's load over the mean of the last four")


class LoadOut(BaseModel):
    unit: str
    weeks: list[WeekOut] = Field(description="oldest first; the last is the current week, not yet over")
    trend: TrendOut


class CalendarDayOut(BaseModel):
    date: dt.date
    workouts: int
    sets: int
    volume_kg: float
    volume: float


class CalendarOut(BaseModel):
    month: str
    timezone: str
    unit: str
    days_trained: int
    days: list[CalendarDayOut]
