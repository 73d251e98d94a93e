from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import Field, field_validator

from channels.http.schemas import Id, In, NotNull, Out, When
from domain.models import WorkoutSet

SetType = Literal["normal", "warmup", "failure", "drop", "amrap"]
Status = Literal["planned", "in_progress", "completed", "cancelled"]


class SetIn(In):
    exercise: str = Field(min_length=1, max_length=120, description="slug or id")
    sets: int = Field(default=1, ge=1, le=50, description="log this many identical sets")
    reps: int | None = Field(default=None, ge=0, le=1000)
    weight: float | None = Field(default=None, ge=0, le=3310)
    unit: Literal["lb", "kg"] | None = None
    rpe: float | None = Field(default=None, ge=1, le=10)
    rir: int | None = Field(default=None, ge=0, le=20)
    set_type: SetType = "normal"
    duration_s: int | None = Field(default=None, ge=0, le=86400)
    distance_m: float | None = Field(default=None, ge=0, le=1_000_000)
    bodyweight: bool = False
    added_weight: bool = False
    notes: str | None = Field(default=None, max_length=2000)
    client_id: str | None = Field(default=None, min_length=1, max_length=100)
    completed_at: When | None = Field(
        default=None, description="when it was done; left out: now, or in a finished workout right after its last set"
    )
    target_reps: int | None = Field(default=None, ge=0, le=1000)
    target_weight: float | None = Field(default=None, ge=0, le=3310, description="in `unit`")
    target_rpe: float | None = Field(default=None, ge=1, le=10)
    rest_s: int | None = Field(default=None, ge=0, le=3600, description="rest after the set, in seconds")
    completed: bool = Field(
        default=True, description="false: a planned set, to do (counted in no record, volume or summary until done)"
    )
    position: int | None = Field(
        default=None, ge=1, le=100_000, description="fill the planned set at this position (one set, done)"
    )


class SetPatch(In):
    exercise: NotNull[str] = Field(default=None, min_length=1, max_length=120)
    reps: int | None = Field(default=None, ge=0, le=1000)
    weight: float | None = Field(default=None, ge=0, le=3310)
    unit: Literal["lb", "kg"] | None = None
    rpe: float | None = Field(default=None, ge=1, le=10)
    rir: int | None = Field(default=None, ge=0, le=20)
    set_type: NotNull[SetType] = None
    duration_s: int | None = Field(default=None, ge=0, le=86400)
    distance_m: float | None = Field(default=None, ge=0, le=1_000_000)
    notes: str | None = Field(default=None, max_length=2000)
    completed_at: NotNull[When] = None
    target_reps: int | None = Field(default=None, ge=0, le=1000)
    target_weight: float | None = Field(default=None, ge=0, le=3310)
    target_rpe: float | None = Field(default=None, ge=1, le=10)
    rest_s: int | None = Field(default=None, ge=0, le=3600)
    completed: NotNull[bool] = Field(
        default=None, description="true on a planned set: done (as planned, for the values not given)"
    )


class SetOut(Out):
    id: uuid.UUID
    workout_id: uuid.UUID
    exercise_id: uuid.UUID
    exercise: str
    exercise_name: str
    position: int
    reps: int | None
    weight: float | None
    unit: str | None
    weight_kg: float | None
    rpe: float | None
    rir: int | None
    set_type: str
    duration_s: int | None
    distance_m: float | None
    bodyweight: bool
    added_weight: bool
    notes: str | None
    client_id: str | None
    completed_at: datetime = Field(description="when it was done; a planned set's: when it was planned")
    created_at: datetime
    updated_at: datetime
    target_reps: int | None
    target_weight: float | None
    target_rpe: float | None
    rest_s: int | None
    completed: bool = Field(description="false: planned, to do")

    @classmethod
    def of(cls, row: WorkoutSet) -> SetOut:
        return cls(
            id=row.id,
            workout_id=row.workout_id,
            exercise_id=row.exercise_id,
            exercise=row.exercise.slug,
            exercise_name=row.exercise.name,
            position=row.position,
            reps=row.reps,
            weight=row.weight,
            unit=row.unit,
            weight_kg=row.weight_kg,
            rpe=row.rpe,
            rir=row.rir,
            set_type=row.set_type,
            duration_s=row.duration_s,
            distance_m=row.distance_m,
            bodyweight=row.bodyweight,
            added_weight=row.added_weight,
            notes=row.notes,
            client_id=row.client_id,
            completed_at=row.completed_at,
            created_at=row.created_at,
            updated_at=row.updated_at,
            target_reps=row.target_reps,
            target_weight=row.target_weight,
            target_rpe=row.target_rpe,
            rest_s=row.rest_s,
            completed=row.completed,
        )


def _no_positions(sets: list[SetIn]) -> list[SetIn]:
    """Sets listed with their workout are numbered in the order given: a position would be dropped."""
    if any(s.position is not None for s in sets):
        raise ValueError("sets listed with a workout are numbered in order: leave position out")
    return sets


class WorkoutIn(In):
    name: str | None = Field(default=None, max_length=200)
    status: Status = "completed"
    started_at: When | None = None
    completed_at: When | None = None
    notes: str | None = Field(default=None, max_length=5000)
    client_id: str | None = Field(default=None, min_length=1, max_length=100)
    sets: list[SetIn] = Field(default_factory=list, max_length=500)
    routine_id: Id | None = Field(default=None, description="its sets come first, as planned sets")

    _numbered = field_validator("sets")(_no_positions)


class StartIn(In):
    name: str | None = Field(default=None, max_length=200)
    routine_id: Id | None = Field(default=None, description="its sets are copied in as planned sets")
    program_day_id: Id | None = Field(default=None, description="train this day of a program (its routine)")
    notes: str | None = Field(default=None, max_length=5000)
    started_at: When | None = None


class FinishIn(In):
    completed_at: When | None = Field(
        default=None, description="when it ended (default now): not before its start, not in the future"
    )


class WorkoutPatch(In):
    CHANGES = True
    name: str | None = Field(default=None, max_length=200)
    status: NotNull[Status] = None
    started_at: When | None = Field(default=None, description="null only for a planned workout")
    completed_at: When | None = None
    notes: str | None = Field(default=None, max_length=5000)
    version: int | None = Field(default=None, ge=1, description="the version you read; 409 if it changed")


class WorkoutOut(Out):
    id: uuid.UUID
    name: str | None
    status: str
    started_at: datetime | None
    completed_at: datetime | None
    notes: str | None
    source: str
    client_id: str | None
    version: int
    created_at: datetime
    updated_at: datetime
    routine_id: uuid.UUID | None
    program_day_id: uuid.UUID | None


class WorkoutDetailOut(WorkoutOut):
    sets: list[SetOut] = Field(description="the first MAX_SETS_SHOWN sets (200 by default); GET .../sets pages all")
    set_count: int = Field(description="all the workout's sets, planned ones included")
    volume_kg: float = Field(description="of all the workout's sets done")
    planned_count: int = Field(default=0, description="planned sets still to do")


class SyncWorkoutIn(In):
    client_id: str = Field(min_length=1, max_length=100)
    name: str | None = Field(default=None, max_length=200)
    status: Status = "completed"
    started_at: When | None = None
    completed_at: When | None = None
    notes: str | None = Field(default=None, max_length=5000)
    sets: list[SetIn] = Field(default_factory=list, max_length=500)

    @field_validator("sets")
    @classmethod
    def _one_each(cls, sets: list[SetIn]) -> list[SetIn]:
        if any(s.sets != 1 for s in sets):
            raise ValueError("in a batch, each set entry is one set (sets = 1)")
        return _no_positions(sets)


class SyncIn(In):
    workouts: list[SyncWorkoutIn] = Field(min_length=1, max_length=100)


class SyncOut(Out):
    data: list[WorkoutDetailOut]
    created: int
    updated: int
    sets_created: int
    sets_updated: int
    sync_token: str = Field(
        description="pass as `since` to GET /sync: the changes from just before this upload on (pull before you push)"
    )


class SetsLoggedOut(Out):
    data: list[SetOut]
    workout: WorkoutOut
    workout_started: bool


LOG_SET_EXAMPLES = {
    "loaded": {"summary": "A set of squats", "value": {"exercise": "barbell-back-squat", "reps": 5, "weight": 225}},
    "three": {
        "summary": "Three identical sets, with effort",
        "value": {"exercise": "barbell-bench-press", "sets": 3, "reps": 8, "weight": 60, "unit": "kg", "rpe": 8},
    },
    "timed": {"summary": "A timed hold", "value": {"exercise": "plank", "duration_s": 60}},
    "planned": {
        "summary": "A set planned, to do (counted nowhere until done)",
        "value": {"exercise": "barbell-bench-press", "completed": False, "target_reps": 5, "target_weight": 185},
    },
    "fill": {
        "summary": "The planned set at position 1, done (the seed documents' names)",
        "value": {"exerciseId": "barbell-bench-press", "setNumber": 1, "reps": 5, "weight": 185},
    },
}
WORKOUT_EXAMPLES = {
    "finished": {
        "summary": "A finished workout logged afterwards",
        "value": {
            "name": "Push day",
            "started_at": "2025-03-01T17:30:00Z",
            "completed_at": "2025-03-01T18:25:00Z",
            "sets": [
                {"exercise": "barbell-bench-press", "sets": 3, "reps": 8, "weight": 185},
                {"exercise": "dip", "reps": 12, "bodyweight": True},
            ],
        },
    },
    "planned": {
        "summary": "A workout planned for later, its sets to do",
        "value": {
            "title": "Pull day",
            "status": "planned",
            "sets": [{"exercise": "deadlift", "sets": 3, "completed": False, "target_reps": 5, "target_weight": 315}],
        },
    },
}
START_EXAMPLES = {
    "free": {"summary": "A workout of your own choosing", "value": {"name": "Evening session"}},
    "empty": {"summary": "Nothing given: an unnamed workout, now", "value": {}},
}
FINISH_EXAMPLES = {
    "now": {"summary": "Finished now", "value": {}},
    "earlier": {
        "summary": "Finished earlier (not before its start)",
        "value": {"completed_at": "2025-03-01T18:25:00Z"},
    },
}
