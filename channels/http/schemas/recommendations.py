"""Response shapes of /analytics/recommendations and /analytics/e1rm-trend (loads in the lifter's
unit, with kg beside)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field


class TopSetIn(BaseModel):
    date: dt.date
    weight: float
    weight_kg: float
    reps: int
    rpe: float | None


class NextLoadOut(BaseModel):
    exercise: str
    last_top_set: TopSetIn
    e1rm: float | None
    e1rm_kg: float | None
    status: Literal["new", "progressing", "holding", "stalled"]
    deload: bool
    next_weight: float | None = Field(description="the next session's top-set load, in `unit`")
    next_weight_kg: float | None
    next_reps: int
    target_rpe: float
    advice: str


class ShortMuscleOut(BaseModel):
    muscle: str
    sets: int = Field(description="working sets this local week with it as a primary muscle")
    target: int
    remaining: int


class RecommendationsOut(BaseModel):
    unit: str
    as_of: dt.date
    goal: str
    exercises: list[NextLoadOut]
    stalled: list[str] = Field(description="lifts with no better e1RM in their last three sessions")
    deloads: list[str] = Field(description="lifts whose next session is a deload")
    muscles_short: list[ShortMuscleOut]


class TrendPointOut(BaseModel):
    week: dt.date
    e1rm: float
    e1rm_kg: float


class E1rmTrendOut(BaseModel):
    exercise: str
    unit: str
    points: list[TrendPointOut]
    slope_per_week: float | None = Field(description="least-squares e1RM gain a week, in `unit` (None: < 3 weeks)")
    forecast_date: dt.date
    forecast: float | None
    forecast_kg: float | None
    target: float | None = Field(description="the target given, else the open e1RM/heaviest goal's")
    goal_id: str | None
    reaches_target_on: dt.date | None = Field(description="when the trend line meets the target (None: it does not)")
    on_track: bool | None = Field(description="the target is met by the forecast date at this rate")
