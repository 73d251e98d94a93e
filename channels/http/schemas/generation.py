"""POST /workouts/generate: what a lifter asks for, and the plan (who made it, loads in their unit)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from channels.http.schemas import In, Out

Pattern = Literal[
    "overhead_press", "overhead", "deep_knee_flexion", "hip_hinge", "spinal_loading", "jumping", "dip",
    "upright_row", "hanging", "front_rack",
]  # fmt: skip
BodyPart = Literal["shoulder", "knee", "lower back", "hip", "elbow", "wrist", "ankle", "neck"]
Equipment = Literal[
    "barbell", "dumbbell", "kettlebell", "band", "cable", "machine", "bodyweight", "pull-up bar", "bench",
    "medicine ball", "exercise ball",
]  # fmt: skip


class GenerateIn(In):
    prompt: str | None = Field(
        default=None, max_length=500, description="what the lifter said; fills what the fields leave unset"
    )
    minutes: int | None = Field(default=None, ge=10, le=120, description="the time budget (45 if unset)")
    equipment: list[Equipment] = Field(default_factory=list, max_length=11, description="none: a full gym")
    focus: str | None = Field(
        default=None,
        max_length=80,
        description='muscle-group words: "upper body", "push", "pull", "legs", "posterior chain", "core", '
        '"cardio", ... or muscles, joined by "and" or commas; an unknown word is a 422',
    )
    muscles: list[str] = Field(default_factory=list, max_length=17, description="target muscles or group words")
    goal: Literal["strength", "hypertrophy", "endurance"] | None = Field(
        default=None, description="strength 3-6 reps, 2-5 min rest; hypertrophy 6-12, 1-2.5 min; endurance 12-20"
    )
    level: Literal["beginner", "intermediate", "expert"] | None = None
    limitations: str | None = Field(
        default=None, max_length=500, description='as said: "no overhead pressing, bad knee, avoid deadlifts"'
    )
    avoid_exercises: list[str] = Field(default_factory=list, max_length=50, description="slugs never to plan")
    avoid_patterns: list[Pattern] = Field(default_factory=list, max_length=10)
    spare: list[BodyPart] = Field(default_factory=list, max_length=8, description="body parts not to load")
    save: bool = Field(default=False, description="also store the plan as one of your routines")


class GeneratedItemOut(Out):
    exercise: str
    name: str
    target_sets: int
    target_reps: int | None
    seconds: int | None
    rest_seconds: int
    target_rpe: float | None
    target_weight: float | None = Field(description="in `unit`; null: no loaded history (pick a load)")
    target_weight_kg: float | None
    note: str | None


class LimitsOut(Out):
    exercises: list[str]
    patterns: list[str]
    spare: list[str]


class GeneratedOut(Out):
    name: str
    minutes: int
    estimated_minutes: float
    focus: str
    goal: str
    level: str
    unit: str
    source: Literal["planner", "llm"] = Field(description="who made the plan")
    fallback_reason: str | None = Field(description="the model was asked and failed: why the planner's plan stands")
    prompt_version: str | None
    limits: LimitsOut
    notes: list[str]
    items: list[GeneratedItemOut]
    routine_id: str | None
