"""Carrying out parsed commands for one user, with a short reply.

One registry maps every command to its handler (assistant/handlers.py), as the domain's bus does,
so all the assistant can do is read in one place.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from assistant import handlers as h
from assistant import nutrition
from assistant.handlers import Said, Turn
from domain.errors import DomainError
from intents import commands as ic
from intents.commands import ParseResult

Handler = Callable[[Any, Turn], Awaitable[Said]]

HANDLERS: dict[type[ic.Command], Handler] = {
    ic.LogSets: h.log_sets,
    ic.StartWorkout: h.start_workout,
    ic.NextExercise: h.next_exercise,
    ic.FinishWorkout: h.finish_workout,
    ic.CancelWorkout: h.cancel_workout,
    ic.UndoLast: h.undo_last,
    ic.RepeatLast: h.repeat_last,
    ic.CorrectLast: h.correct_last,
    ic.QueryPr: h.query_pr,
    ic.QueryLast: h.query_last,
    ic.QueryGoal: h.query_goal,
    ic.NoteLast: h.note_last,
    ic.CompleteSet: h.complete_set,
    ic.PlanExercise: h.plan_exercise,
    ic.LogMetric: h.log_metric,
    ic.LogFood: nutrition.log_food,
    ic.QueryNutrition: nutrition.query_nutrition,
    ic.GenerateWorkout: h.generate_workout,
    ic.StartRest: h.start_rest,
    ic.Help: h.help_,
    ic.Unknown: h.unknown,
}
NOT_SUPPORTED: Said = "I understood that, but can't do it by voice yet.", {"status": "not_supported"}


@dataclass
class Outcome:
    reply: str
    results: list[dict[str, Any]] = field(default_factory=list)


async def execute(turn: Turn, parsed: ParseResult) -> Outcome:
    if parsed.clarification is not None:
        return Outcome(
            parsed.clarification.question, [{"status": "needs_clarification", "missing": parsed.clarification.missing}]
        )
    lines, results = [], []
    for cmd in parsed.commands:
        handler = HANDLERS.get(type(cmd))
        try:
            reply, result = await handler(cmd, turn) if handler is not None else NOT_SUPPORTED
        except DomainError as exc:
            reply, result = exc.message, {"status": "error", "code": exc.code, "message": exc.message}
        lines.append(reply)
        results.append({"intent": cmd.intent, **result})
    return Outcome(" ".join(line for line in lines if line), results)


__all__ = ["HANDLERS", "Outcome", "Turn", "execute"]
