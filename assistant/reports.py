"""Short spoken or written reports of what a lifter has done: the workout so far, their best lifts."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from assistant import replies
from assistant.understanding import Reader
from domain import analytics, queries


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
    done = sorted((s for s in workout.sets if s.completed), key=lambda s: (s.created_at, s.position))
    data = {"status": "ok", "found": True, "workout_id": str(workout.id), "sets": len(done)}
    if not done:  # a finished workout whose plan was never done
        return Report(f"{when}: nothing done.", data)
    return Report(f"{when}: {replies.summary(done, most=most)}", data)


async def best_lifts(reader: Reader, user_id: uuid.UUID, unit: str, *, most: int = 5) -> Report:
    """The heaviest load of each lift (with the most reps done at it), heaviest first, from the
    records GET /analytics/prs shows: 'Your bests: Deadlift 405 lb × 1, ...'."""
    async with reader() as uow:
        found = analytics.bests(await analytics.current_records(uow, user_id))[:most]
    if not found:
        return Report("No PRs yet: log some sets first.", {"status": "ok", "found": False})
    shown = [
        f"{replies.short_name(b.exercise.name)} {replies.in_unit(b.heaviest.value, unit)} × {b.reps}" for b in found
    ]
    data = {"status": "ok", "found": True, "lifts": [b.exercise.slug for b in found]}
    return Report("Your bests: " + ", ".join(shown) + ".", data)
