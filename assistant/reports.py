"""Short spoken or written reports of what a lifter has done: the workout so far, their best lifts."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from assistant import replies
from assistant.understanding import Reader
from domain import queries


@dataclass(frozen=True)
class Report:
    text: str
    data: dict[str, Any] = field(default_factory=dict)


async def workout_so_far(reader: Reader, user_id: uuid.UUID, *, most: int = 4) -> Report:
    """The workout in progress, or the last one finished: 'Today: 4 sets: Back Squat 3×5 at 225 lb...'."""
    async with reader() as uow:
        workout = await queries.latest_workout_with_sets(uow, user_id)
    if workout is None:
        return Report("Nothing logged yet.", {"status": "ok", "found": False})
    when = "Today" if workout.status == "in_progress" else f"Last workout ({workout.started_at:%b %-d})"
    data = {"status": "ok", "found": True, "workout_id": str(workout.id), "sets": len(workout.sets)}
    return Report(f"{when}: {replies.summary(list(workout.sets), most=most)}", data)


async def best_lifts(reader: Reader, user_id: uuid.UUID, unit: str, *, most: int = 5) -> Report:
    """The heaviest set of each lift logged, heaviest first: 'Your bests: Deadlift 405 lb × 1, ...'."""
    found = []
    async with reader() as uow:
        for exercise in await queries.logged_exercises(uow, user_id):
            best = await queries.best_lifts(uow, user_id, exercise.id)
            if best is not None and best.heaviest is not None and best.heaviest.weight_kg:
                found.append((best.heaviest.weight_kg, exercise, best.heaviest))
    if not found:
        return Report("No PRs yet: log some sets first.", {"status": "ok", "found": False})
    found.sort(key=lambda f: -f[0])
    shown = [f"{replies.short_name(ex.name)} {replies.in_unit(kg, unit)} × {top.reps}" for kg, ex, top in found[:most]]
    data = {"status": "ok", "found": True, "lifts": [ex.slug for _, ex, _ in found[:most]]}
    return Report("Your bests: " + ", ".join(shown) + ".", data)
