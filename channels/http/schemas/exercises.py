from __future__ import annotations

import uuid
import weakref
from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field

from channels.http.schemas import In, NotNull, Out
from domain.models import Exercise


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

    @classmethod
    def of(cls, row: Exercise) -> ExerciseOut:
        """A catalog row is the same for every caller and is not changed while it is loaded (search
        serves the rows kept in memory), so its output is built once per loaded row."""
        if row.owner_id is not None:
            return cls.model_validate(row)
        made = _CATALOG_OUT.get(row)
        if made is None:
            made = _CATALOG_OUT[row] = cls.model_validate(row)
        return made


_CATALOG_OUT: weakref.WeakKeyDictionary[Exercise, ExerciseOut] = weakref.WeakKeyDictionary()


Kind = Literal["barbell", "dumbbell", "machine", "cable", "bodyweight", "kettlebell", "band", "cardio", "other"]
# The store's column widths: a longer name or label would not fit (PostgreSQL refuses it).
Name = Annotated[str, Field(min_length=1, max_length=200)]
Label = Annotated[str, Field(min_length=1, max_length=40)]


class ExerciseIn(In):
    name: Name
    aliases: list[Name] = Field(default_factory=list, max_length=30)
    kind: Kind = "other"
    category: str | None = Field(default="strength", max_length=40)
    equipment: str | None = Field(default=None, max_length=40)
    primary_muscles: list[Label] = Field(default_factory=list, max_length=20)
    secondary_muscles: list[Label] = Field(default_factory=list, max_length=20)


class ExercisePatch(In):
    name: NotNull[Name] = None
    aliases: NotNull[list[Name]] = Field(default=None, max_length=30)
    kind: NotNull[Kind] = None
    category: str | None = Field(default=None, max_length=40)
    equipment: str | None = Field(default=None, max_length=40)
    primary_muscles: NotNull[list[Label]] = Field(default=None, max_length=20)
    secondary_muscles: NotNull[list[Label]] = Field(default=None, max_length=20)


class ExerciseBatchIn(In):
    ids: list[Annotated[str, Field(max_length=120)]] = Field(min_length=1, max_length=100)
