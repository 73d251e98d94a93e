from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import Field

from channels.http.schemas import In, NotNull, Out
from domain.models import Routine


class RoutineItemIn(In):
    exercise: str = Field(min_length=1, max_length=120, description="slug or id")
    target_sets: int | None = Field(default=None, ge=1, le=50)
    target_reps: int | None = Field(default=None, ge=0, le=1000)
    target_weight: float | None = Field(default=None, ge=0, le=3300)
    unit: Literal["lb", "kg"] | None = None
    rest_seconds: int | None = Field(default=None, ge=0, le=3600)
    superset_group: int | None = Field(
        default=None, ge=1, le=50, description="consecutive items of one group are done in turns (A, B, A, B)"
    )
    target_rpe: float | None = Field(default=None, ge=1, le=10)
    notes: str | None = Field(default=None, max_length=2000)


class RoutineIn(In):
    name: str = Field(min_length=1, max_length=200)
    notes: str | None = Field(default=None, max_length=5000)
    is_public: bool = False
    items: list[RoutineItemIn] = Field(default_factory=list, max_length=50)


class RoutinePatch(In):
    CHANGES = True
    name: NotNull[str] = Field(default=None, min_length=1, max_length=200)
    notes: str | None = Field(default=None, max_length=5000)
    is_public: NotNull[bool] = None
    items: NotNull[list[RoutineItemIn]] = Field(default=None, max_length=50)


class RoutineItemOut(Out):
    id: uuid.UUID
    position: int
    exercise_id: uuid.UUID
    exercise: str
    exercise_name: str
    target_sets: int | None
    target_reps: int | None
    target_weight: float | None
    unit: str | None
    rest_seconds: int | None
    superset_group: int | None
    target_rpe: float | None
    notes: str | None


class RoutineOut(Out):
    id: uuid.UUID
    user_id: uuid.UUID
    name: str
    notes: str | None
    is_public: bool
    created_at: datetime
    updated_at: datetime
    items: list[RoutineItemOut]

    @classmethod
    def of(cls, r: Routine) -> RoutineOut:
        items = [
            RoutineItemOut(
                id=i.id,
                position=i.position,
                exercise_id=i.exercise_id,
                exercise=i.exercise.slug,
                exercise_name=i.exercise.name,
                target_sets=i.target_sets,
                target_reps=i.target_reps,
                target_weight=i.target_weight,
                unit=i.unit,
                rest_seconds=i.rest_seconds,
                superset_group=i.superset_group,
                target_rpe=i.target_rpe,
                notes=i.notes,
            )
            for i in r.items
        ]
        return cls(
            id=r.id,
            user_id=r.user_id,
            name=r.name,
            notes=r.notes,
            is_public=r.is_public,
            created_at=r.created_at,
            updated_at=r.updated_at,
            items=items,
        )


ROUTINE_EXAMPLES = {
    "superset": {
        "summary": "Bench, then dips and presses as a superset (done in turns)",
        "value": {
            "name": "Push day",
            "notes": "heavy week",
            "items": [
                {"exercise": "barbell-bench-press", "target_sets": 3, "target_reps": 5, "target_weight": 185},
                {"exercise": "dip", "target_sets": 3, "target_reps": 10, "superset_group": 1, "rest_seconds": 60},
                {
                    "exercise": "overhead-press",
                    "target_sets": 3,
                    "target_reps": 8,
                    "target_rpe": 8,
                    "superset_group": 1,
                    "notes": "strict",
                },
            ],
        },
    },
}
