"""Workout generation: the local planner over the catalog (an LLM may take over when configured)."""

from __future__ import annotations

import uuid

from domain import commands as dc
from domain.bus import MessageBus
from domain.catalog import AliasIndex
from domain.models import Routine
from domain.planner import Plan, plan


def draft(
    index: AliasIndex, minutes: int | None, focus: str | None, equipment: list[str], level: str | None = None
) -> Plan:
    return plan(index.entries.values(), minutes, focus, equipment, level)


async def save(bus: MessageBus, user_id: uuid.UUID, made: Plan) -> Routine:
    items = tuple(dc.RoutineItemEntry(i.slug, i.sets, i.reps, None, None, i.rest_seconds) for i in made.items)
    routine: Routine = await bus.handle(dc.SavePlan(user_id, made.name, items))
    return routine


def describe(made: Plan) -> str:
    parts = [f"{i.name} {i.sets}×{i.reps}" if i.reps else f"{i.name} {i.sets}×{i.seconds}s" for i in made.items]
    return f"{made.name} ({made.minutes} min): " + ", ".join(parts) + "."
