"""The set page: a page of a workout's sets in order, with the workout's total; another lifter's
workout is not found."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from domain import commands as c
from domain.errors import NotFound
from domain.queries import workout_sets
from tests.conftest import Lifter


async def long_workout(app: Any, lifter: Lifter, sets: int = 200) -> uuid.UUID:
    spotter, who = app.state.spotter, uuid.UUID(lifter.id)
    entry = c.SetEntry(exercise="deadlift", reps=5)
    logged = await spotter.bus.handle(c.LogSets(who, entry, count=50))
    for _ in range(sets // 50 - 1):
        await spotter.bus.handle(c.LogSets(who, entry, count=50, workout_id=logged.workout.id))
    return logged.workout.id


async def test_a_page_of_a_long_workout_reports_every_set(app: Any, lifter: Lifter, other: Lifter) -> None:
    spotter, who = app.state.spotter, uuid.UUID(lifter.id)
    workout_id = await long_workout(app, lifter)
    async with spotter.reader() as uow:
        page = await workout_sets(uow, who, workout_id, page=3, limit=20)
        past = await workout_sets(uow, who, workout_id, page=30, limit=20)
        with pytest.raises(NotFound):
            await workout_sets(uow, uuid.UUID(other.id), workout_id)
    assert page.total == 200 and [r["position"] for r in page.items] == list(range(41, 61))
    assert page.items[0]["exercise"] == "deadlift" and page.has_next
    assert past.items == [] and past.total == 200 and not past.has_next
