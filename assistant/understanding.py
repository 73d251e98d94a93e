"""Reading a lifter's words with what is known about them: units, bar, own exercises, current lift.

The grammar reads first; the language model (when configured) gets only what it could not read.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from domain import queries
from domain.uow import UnitOfWork
from intents import Parser
from intents.commands import ParseResult
from intents.llm import LlmFallback, needs_fallback

Reader = Callable[[], UnitOfWork]  # a unit of work for reads only (Spotter.reader)


async def context_for(reader: Reader, user_id: uuid.UUID) -> dict[str, Any]:
    """What the parser should know about this lifter: units, bar, own exercises, current lift."""
    async with reader() as uow:
        user = await queries.user(uow, user_id)
        custom = await queries.custom_exercises(uow, user_id)
        active = await queries.active_workout_header(uow, user_id)  # no sets: this runs on every message
        last = await queries.latest_set(uow, user_id, active.id) if active else None
    context: dict[str, Any] = {}
    if user is not None:
        context["unit_pref"] = user.unit_pref
        if user.bar_weight:
            context["bar_weight"] = user.bar_weight
    if custom:
        context["custom_exercises"] = [
            {"slug": e.slug, "name": e.name, "aliases": list(e.aliases or []), "kind": e.kind} for e in custom
        ]
    if last is not None:
        context["exercise"] = last.exercise.slug
        if last.reps and last.weight:
            context["last"] = {"reps": last.reps, "weight": last.weight, "unit": last.unit}
    return context


async def understand(
    reader: Reader, parser: Parser, llm: LlmFallback | None, user_id: uuid.UUID, text: str
) -> ParseResult:
    return await with_fallback(llm, text, parser.parse(text, await context_for(reader, user_id)))


async def with_fallback(llm: LlmFallback | None, text: str, result: ParseResult) -> ParseResult:
    """The grammar first; the language model only for what it could not read (when configured)."""
    if llm is None or not needs_fallback(result) or not text.strip():
        return result
    return await llm.parse(text) or result
