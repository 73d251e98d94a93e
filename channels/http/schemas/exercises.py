from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import Field

from channels.http.schemas import In, Out


class ExerciseOut(Out):
    id: uuid.UUID
    slug: str
    name: str
    aliases: list[str]
    kind: str
    category: str | None
    equipment: str | None
    level: str | None
    mechanic: str | None
    force: str | None
    primary_muscles: list[str]
    secondary_muscles: list[str]
    instructions: list[str]
    is_custom: bool
    created_at: datetime


class ExerciseIn(In):
    name: str = Field(min_length=1, max_length=200)
    aliases: list[str] = Field(default_factory=list, max_length=30)
    kind: str = "other"
    category: str | None = Field(default="strength", max_length=40)
    equipment: str | None = Field(default=None, max_length=40)
    primary_muscles: list[str] = Field(default_factory=list, max_length=20)
    secondary_muscles: list[str] = Field(default_factory=list, max_length=20)


class ExercisePatch(In):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    aliases: list[str] | None = Field(default=None, max_length=30)
    kind: str | None = None
    category: str | None = Field(default=None, max_length=40)
    equipment: str | None = Field(default=None, max_length=40)
    primary_muscles: list[str] | None = Field(default=None, max_length=20)
    secondary_muscles: list[str] | None = Field(default=None, max_length=20)


class ExerciseBatchIn(In):
    ids: list[str] = Field(min_length=1, max_length=100)
