"""Reading a lifter's words with what is known about them: units, bar, own exercises, current lift.

The grammar reads first; the language model (when configured) gets only what it could not read.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from domain import queries
from domain.nutrition.foods import own_foods
from domain.uow import UnitOfWork
from intents import ParseContext, Parser
from intents.commands import LogFood, ParseResult
from intents.food import clarify, settle
from intents.llm import LlmFallback, needs_fallback

Reader = Callable[[], UnitOfWork]  # a unit of work for reads only (Spotter.reader)


async def context_for(reader: Reader, user_id: uuid.UUID) -> dict[str, Any]:
    """What the parser should know about this lifter: units, bar, own exercises, current lift."""
    async with reader() as uow:
        user = await queries.user(uow, user_id)
        custom = await queries.custom_exercises(uow, user_id)
        active = await queries.active_workout_header(uow, user_id)  # no sets: this runs on every message
        last = await queries.latest_set(uow, user_id, active.id) if active else None
        foods = await own_foods(uow, user_id)
    context: dict[str, Any] = {}
    if user is not None:
        context["unit_pref"] = user.unit_pref
        if user.bar_weight:
            context["bar_weight"] = user.bar_weight
    if custom:
        context["custom_exercises"] = [
            {"slug": e.slug, "name": e.name, "aliases": list(e.aliases or []), "kind": e.kind} for e in custom
        ]
    if foods:
        context["custom_foods"] = [{"id": f.id, "name": f.name} for f in foods]
    if last is not None:
        context["exercise"] = last.exercise.slug
        if last.reps and last.weight:
            context["last"] = {"reps": last.reps, "weight": last.weight, "unit": last.unit}
    return context


async def understand(
    reader: Reader, parser: Parser, llm: LlmFallback | None, user_id: uuid.UUID, text: str
) -> ParseResult:
    context = await context_for(reader, user_id)
    return await with_fallback(llm, text, parser.parse(text, context), parser, context)


async def with_fallback(
    llm: LlmFallback | None,
    text: str,
    result: ParseResult,
    parser: Parser | None = None,
    context: dict[str, Any] | None = None,
) -> ParseResult:
    """The grammar first; the language model only for what it could not read (when configured). Foods
    the model names are found again as the grammar finds them, and asked about as it asks
    (intents/food.py: `settle`, `clarify`)."""
    if llm is None or not needs_fallback(result) or not text.strip():
        return result
    answer = await llm.parse(text)
    if answer is None:
        return result
    if parser is not None and any(isinstance(c, LogFood) for c in answer.commands):
        foods = parser.foods(ParseContext.from_dict(context))
        answer.commands = [settle(c, foods) if isinstance(c, LogFood) else c for c in answer.commands]
        first = next(c for c in answer.commands if isinstance(c, LogFood))
        answer.clarification = answer.clarification or clarify(first)
    return answer
