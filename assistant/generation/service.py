"""The generation service: the lifter's history read once, the model's draft when one is configured
and valid, else the planner's plan; saved as a routine when asked."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from assistant.generation.model import PROMPT, WorkoutModel
from domain import commands as dc
from domain import planner, queries, training_history
from domain.bus import MessageBus
from domain.catalog import AliasIndex
from domain.errors import NotFound
from domain.models import Routine
from domain.plan_check import violations
from domain.planner import History, Plan, Request
from domain.units import convert
from domain.uow import UnitOfWork
from intents.model import ModelFailed

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Generated:
    plan: Plan
    source: str  # "planner" or "llm"
    unit: str
    fallback_reason: str | None = None  # the model was asked and failed: why
    prompt_version: str | None = None

    def load(self, kg: float | None) -> float | None:
        """A load in the lifter's unit (loads are rounded to its step already)."""
        shown = convert(kg, "kg", self.unit)
        return None if shown is None else round(shown, 1)


class Generator:
    def __init__(self, reader: Callable[[], UnitOfWork], index: AliasIndex, model: WorkoutModel | None = None) -> None:
        self.reader, self.index, self.model = reader, index, model

    async def history(self, user_id: uuid.UUID, now: datetime | None = None) -> History:
        async with self.reader() as uow:
            user = await queries.user(uow, user_id)
            if user is None:
                raise NotFound("No such user")
            return await training_history.read(uow, user, now)

    async def make(
        self, user_id: uuid.UUID, request: Request, prompt: str = "", now: datetime | None = None
    ) -> Generated:
        history = await self.history(user_id, now)
        made = planner.plan(self.index.entries.values(), request, history)
        problems = violations(made, request, history, self.index.entries)
        if problems:  # never expected (tests/unit/domain/test_planner_property.py): say so loudly
            log.error("planner plan breaks its own rules: %s", problems)
        if self.model is None:
            return Generated(made, "planner", history.unit)
        try:
            drafted = await self.model.draft(request, history, self.index, prompt, made)
        except ModelFailed as exc:
            log.info("workout model failed (%s): the planner's plan stands", exc.reason)
            return Generated(made, "planner", history.unit, exc.reason, PROMPT)
        return Generated(drafted, "llm", history.unit, None, PROMPT)


async def save(bus: MessageBus, user_id: uuid.UUID, made: Generated) -> Routine:
    items = tuple(
        dc.RoutineItemEntry(
            i.slug,
            i.sets,
            i.reps,
            made.load(i.load_kg),
            made.unit if i.load_kg is not None else None,
            i.rest_seconds,
            None,
            i.target_rpe,
            f"{i.seconds} s" if i.seconds else None,
        )
        for i in made.plan.items
    )
    routine: Routine = await bus.handle(dc.SavePlan(user_id, made.plan.name, items))
    return routine


def describe(made: Generated) -> str:
    plan = made.plan
    if not plan.items:
        return f"I found nothing that fits: {'; '.join(plan.notes)}."
    parts = []
    for i in plan.items:
        amount = f"{i.sets}×{i.reps}" if i.reps else f"{i.sets}×{i.seconds}s"
        load = made.load(i.load_kg)
        parts.append(f"{i.name} {amount}" + (f" at {load:g} {made.unit}" if load else ""))
    notes = f" ({'; '.join(plan.notes)})" if plan.notes else ""
    return f"{plan.name} ({plan.minutes} min): " + ", ".join(parts) + "." + notes
