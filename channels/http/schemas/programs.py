"""Programs: routines in training days over weeks (`weeks[i].days[j]` is week i+1, day j+1)."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import ConfigDict, Field

from channels.http.schemas import Id, In, NotNull, Out
from domain.handlers.programs import MAX_DAYS_PER_WEEK, MAX_WEEKS, NextDay
from domain.models import Program, ProgramDay


class ProgramDayIn(In):
    routine_id: Id = Field(description="one of your routines, or a public one")
    notes: str | None = Field(default=None, max_length=2000)


class ProgramWeekIn(In):
    days: list[ProgramDayIn] = Field(min_length=1, max_length=MAX_DAYS_PER_WEEK, description="in training order")


class ProgramIn(In):
    name: str = Field(min_length=1, max_length=200)
    notes: str | None = Field(default=None, max_length=5000)
    is_active: bool = Field(default=False, description="the program you follow (one at a time: the others stop)")
    weeks: list[ProgramWeekIn] = Field(default_factory=list, max_length=MAX_WEEKS)


class ProgramPatch(In):
    CHANGES = True
    name: NotNull[str] = Field(default=None, min_length=1, max_length=200)
    notes: str | None = Field(default=None, max_length=5000)
    is_active: NotNull[bool] = None
    weeks: NotNull[list[ProgramWeekIn]] = Field(
        default=None, max_length=MAX_WEEKS, description="all the weeks; a day that stays keeps its progress"
    )


class ProgramDayOut(Out):
    id: uuid.UUID = Field(description="start it with POST /workouts/start {program_day_id}")
    week: int
    day: int
    routine_id: uuid.UUID | None = Field(description="null once the routine was deleted (the day is passed over)")
    routine_name: str | None
    notes: str | None

    @classmethod
    def of(cls, d: ProgramDay) -> ProgramDayOut:
        name = d.routine.name if d.routine is not None else None
        return cls(id=d.id, week=d.week, day=d.day, routine_id=d.routine_id, routine_name=name, notes=d.notes)


class ProgramWeekOut(Out):
    week: int
    days: list[ProgramDayOut]


class ProgramOut(Out):
    id: uuid.UUID
    name: str
    notes: str | None
    is_active: bool
    weeks: list[ProgramWeekOut]
    day_count: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, p: Program) -> ProgramOut:
        weeks: dict[int, list[ProgramDayOut]] = {}
        for d in p.days:
            weeks.setdefault(d.week, []).append(ProgramDayOut.of(d))
        return cls(
            id=p.id,
            name=p.name,
            notes=p.notes,
            is_active=p.is_active,
            weeks=[ProgramWeekOut(week=w, days=days) for w, days in sorted(weeks.items())],
            day_count=len(p.days),
            created_at=p.created_at,
            updated_at=p.updated_at,
        )


PATCH_EXAMPLES = {
    "follow": {"summary": "Follow this program (the one followed before stops)", "value": {"is_active": True}},
    "weeks": {
        "summary": "All its weeks anew (days that stay keep their progress)",
        "value": {"weeks": [{"days": [{"routine_id": "9e8d7c6b-5a4f-4e3d-2c1b-0a9f8e7d6c5b", "notes": "heavy"}]}]},
    },
}


class NextDayOut(Out):
    """Where you stand in a program: the day to train next (null once complete)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "program_id": "0b6f4c1e-1d2a-4c3b-9e8f-7a6b5c4d3e2f",
                    "program_name": "Summer block",
                    "complete": False,
                    "day": {
                        "id": "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d",
                        "week": 1,
                        "day": 2,
                        "routine_id": "9e8d7c6b-5a4f-4e3d-2c1b-0a9f8e7d6c5b",
                        "routine_name": "Pull",
                        "notes": None,
                    },
                    "days_done": 1,
                    "days_total": 12,
                    "last_done_at": "2025-03-01T18:25:00Z",
                }
            ]
        }
    )

    program_id: uuid.UUID
    program_name: str
    complete: bool = Field(description="every day is done: nothing comes next")
    day: ProgramDayOut | None = Field(description="the day after the day of your latest finished workout of it")
    days_done: int = Field(description="days with a finished workout")
    days_total: int
    last_done_at: datetime | None

    @classmethod
    def of(cls, n: NextDay) -> NextDayOut:
        return cls(
            program_id=n.program.id,
            program_name=n.program.name,
            complete=n.complete,
            day=ProgramDayOut.of(n.day) if n.day is not None else None,
            days_done=n.days_done,
            days_total=len(n.program.days),
            last_done_at=n.last_done_at,
        )


PROGRAM_EXAMPLES = {
    "simple": {
        "summary": "A program to fill in later (weeks: [{days: [{routine_id}, ...]}, ...])",
        "value": {"name": "Summer block", "notes": "three days a week", "is_active": True},
    },
    "seed": {
        "summary": "The seed documents' names",
        "value": {"title": "Winter block", "description": "from an old export", "weeks": []},
    },
}
