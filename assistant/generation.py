"""Workout generation: the local planner over the catalog (an LLM may take over when configured)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from domain import commands as dc
from domain.models import Routine
from domain.planner import Plan, plan

if TYPE_CHECKING:
    from assistant.spotter import Spotter


def draft(
    spotter: Spotter, minutes: int | None, focus: str | None, equipment: list[str], level: str | None = None
) -> Plan:
    return plan(spotter.index.entries.values(), minutes, focus, equipment, level)


async def save(spotter: Spotter, user_id: uuid.UUID, made: Plan) -> Routine:
    items = tuple(dc.RoutineItemEntry(i.slug, i.sets, i.reps, None, None, i.rest_seconds) for i in made.items)
    routine: Routine = await spotter.bus.handle(dc.SavePlan(user_id, made.name, items))
    return routine


def describe(made: Plan) -> str:
    parts = [f"{i.name} {i.sets}×{i.reps}" if i.reps else f"{i.name} {i.sets}×{i.seconds}s" for i in made.items]
    return f"{made.name} ({made.minutes} min): " + ", ".join(parts) + "."
