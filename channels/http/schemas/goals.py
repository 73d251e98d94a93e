"""Goals and their progress (domain/goals.py says each kind and what it counts)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from channels.http.schemas import Day, In, NotNull, Out
from domain.handlers.goals import GoalState

Kind = Literal["body_weight", "heaviest", "e1rm", "reps", "distance", "workouts_per_week", "streak"]
GoalUnit = Literal["kg", "lb", "km", "mi", "m", "days", "weeks"]
Direction = Literal["down", "up"]
Period = Literal["session", "week", "month"]
GoalStatus = Literal["open", "achieved", "missed"]

KIND_SAID = (
    "body_weight (target weight, direction down or up), heaviest (load on an exercise), e1rm (estimated"
    " one-rep max on an exercise), reps (in one set of an exercise, at `weight` or more), distance (on a"
    " cardio exercise: one session, or a week's or month's total), workouts_per_week, streak (days or weeks)"
)
UNIT_SAID = (
    "kg or lb (weights), km, mi or m (distance), days or weeks (streak), none for workouts_per_week;"
    " left out: the lifter's (lb and mi, or kg and km) and days"
)


class GoalIn(In):
    kind: Kind = Field(description=KIND_SAID)
    target: float = Field(gt=0, le=10_000_000, description="in `unit`; reps, workouts and streaks are counts")
    exercise: str | None = Field(default=None, min_length=1, max_length=120, description="slug or id")
    unit: GoalUnit | None = Field(default=None, description=UNIT_SAID)
    weight: float | None = Field(default=None, ge=0, le=3310, description="reps goals: the load, in `unit`")
    direction: Direction | None = Field(
        default=None, description="body_weight: down or up; left out: from the latest reading to the target"
    )
    period: Period | None = Field(default=None, description="distance: session (the default), week or month")
    deadline: Day | None = Field(default=None, description="not before today")
    name: str | None = Field(default=None, max_length=200)


class GoalPatch(In):
    CHANGES = True
    target: NotNull[float] = Field(default=None, gt=0, le=10_000_000)
    unit: NotNull[GoalUnit] = None
    weight: float | None = Field(default=None, ge=0, le=3310)
    direction: NotNull[Direction] = None
    period: NotNull[Period] = None
    deadline: Day | None = None
    name: str | None = Field(default=None, max_length=200)


class ProgressOut(BaseModel):
    current: float | None = Field(description="where the lifter stands now, in `unit`; null: nothing logged yet")
    target: float
    unit: str | None
    percent: float = Field(ge=0, le=100)
    remaining: float | None = Field(description="to go, never below 0; null when not known yet")
    start: float | None = Field(default=None, description="body_weight: the reading the goal started from")


GOAL_OUT_EXAMPLE: dict[str, JsonValue] = {
    "id": "5b0c7a4e-3f7e-4c1e-9a57-0d7f1b2a9c31",
    "kind": "heaviest",
    "name": "Three plates",
    "exercise": "barbell-back-squat",
    "exercise_id": "0b7d7f0e-8a53-4d0a-9a62-6f2f4f1d2e11",
    "exercise_name": "Barbell Back Squat",
    "target": 315,
    "unit": "lb",
    "weight": None,
    "direction": None,
    "period": None,
    "deadline": "2025-06-01",
    "status": "open",
    "achieved_at": None,
    "created_at": "2025-03-01T18:00:00Z",
    "updated_at": "2025-03-01T18:00:00Z",
    "progress": {"current": 295, "target": 315, "unit": "lb", "percent": 93.7, "remaining": 20, "start": None},
}


class GoalOut(Out):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [GOAL_OUT_EXAMPLE]})
    id: uuid.UUID
    kind: str
    name: str | None
    exercise: str | None = Field(description="the exercise's slug")
    exercise_id: uuid.UUID | None
    exercise_name: str | None
    target: float
    unit: str | None
    weight: float | None
    direction: str | None
    period: str | None
    deadline: date | None
    status: GoalStatus = Field(description="achieved once met; missed when the deadline passed first")
    achieved_at: datetime | None = Field(description="when the lifter's data first met it")
    created_at: datetime
    updated_at: datetime
    progress: ProgressOut

    @classmethod
    def of(cls, state: GoalState) -> GoalOut:
        goal, p = state.goal, state.progress
        return cls(
            id=goal.id,
            kind=goal.kind,
            name=goal.name,
            exercise=goal.exercise.slug if goal.exercise is not None else None,
            exercise_id=goal.exercise_id,
            exercise_name=goal.exercise.name if goal.exercise is not None else None,
            target=goal.target,
            unit=goal.unit,
            weight=goal.weight,
            direction=goal.direction,
            period=goal.period,
            deadline=goal.deadline,
            status=state.status,
            achieved_at=goal.achieved_at,
            created_at=goal.created_at,
            updated_at=goal.updated_at,
            progress=ProgressOut(
                current=p.current, target=p.target, unit=p.unit, percent=p.percent, remaining=p.remaining, start=p.start
            ),
        )


GOAL_EXAMPLES = {
    "squat": {
        "summary": "A 315 lb squat by summer",
        "value": {"kind": "heaviest", "exercise": "barbell-back-squat", "target": 315, "unit": "lb"},
    },
    "e1rm": {
        "summary": "A 140 kg estimated bench max",
        "value": {"kind": "e1rm", "exercise": "barbell-bench-press", "target": 140, "unit": "kg"},
    },
    "reps": {
        "summary": "20 pull-ups in one set",
        "value": {"kind": "reps", "exercise": "pull-up", "target": 20},
    },
    "cut": {
        "summary": "Down to 80 kg",
        "value": {"kind": "body_weight", "target": 80, "unit": "kg", "direction": "down"},
    },
    "run": {"summary": "A 10k run", "value": {"kind": "distance", "exercise": "running", "target": 10, "unit": "km"}},
    "month": {
        "summary": "100 km of cycling a month",
        "value": {"kind": "distance", "exercise": "cycling", "target": 100, "unit": "km", "period": "month"},
    },
    "weekly": {"summary": "Four workouts a week", "value": {"kind": "workouts_per_week", "target": 4}},
    "streak": {"summary": "Train 8 weeks in a row", "value": {"kind": "streak", "target": 8, "unit": "weeks"}},
}
PATCH_EXAMPLES = {
    "target": {"summary": "Raise the bar", "value": {"target": 335}},
    "deadline": {"summary": "A new deadline, no name", "value": {"deadline": "2025-09-01", "name": None}},
}
