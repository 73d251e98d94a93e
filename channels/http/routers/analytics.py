from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query

from channels.http.deps import App, Reader
from channels.http.errors import ApiError
from channels.http.routers import Router
from channels.http.schemas import OneLine
from domain import queries

router = Router(prefix="/analytics", tags=["analytics"])


@router.get("/progress")
async def progress(
    who: Reader, spotter: App, exercise: Annotated[str, Query(min_length=1, max_length=120), OneLine]
) -> dict[str, Any]:
    """A series per day for one lift: heaviest set and best e1RM, in kg and in the user's unit."""
    async with spotter.reader() as uow:
        found = await queries.exercise(uow, who.user_id, exercise)
        if found is None:
            raise ApiError(404, f"No exercise {exercise!r}")
        user = await queries.user(uow, who.user_id)
        points = await queries.progress(uow, who.user_id, found.id)
    unit = user.unit_pref if user else "lb"
    factor = 1 / 0.45359237 if unit == "lb" else 1.0
    return {
        "exercise": found.slug,
        "name": found.name,
        "unit": unit,
        "data": [
            {
                "date": p.day,
                "best_weight_kg": p.best_weight_kg,
                "best_e1rm_kg": p.best_e1rm_kg,
                "sets": p.sets,
                "best_weight": round(p.best_weight_kg * factor, 1),
                "best_e1rm": round(p.best_e1rm_kg * factor, 1),
            }
            for p in points
        ],
    }
