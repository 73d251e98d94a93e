"""Carrying out parsed commands for one user through the domain's handlers, with a short reply.

Stateless: the "current exercise" is the exercise of the last set in the active workout, and
undo / repeat / correct act on the user's latest logged batch, so every channel sees the same.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from assistant import generation, replies, reports
from assistant.understanding import Reader
from domain import commands as dc
from domain import queries
from domain.bus import MessageBus
from domain.catalog import AliasIndex
from domain.errors import DomainError
from domain.handlers.history import SetsRemoved
from domain.handlers.sets import SetsLogged
from domain.lookups import find_exercise
from intents import commands as ic
from intents.commands import ParseResult


@dataclass(frozen=True)
class Turn:
    """What a command runs with: the bus that writes, reads, the catalog, and who said it where."""

    bus: MessageBus
    reader: Reader
    index: AliasIndex
    user_id: uuid.UUID
    source: str = "assistant"
    confirmed: bool = False  # a sweeping command (cancel a workout) was confirmed with a "yes"


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
        try:
            reply, result = await _one(turn, cmd)
        except DomainError as exc:
            reply, result = exc.message, {"status": "error", "code": exc.code, "message": exc.message}
        lines.append(reply)
        results.append({"intent": cmd.intent, **result})
    return Outcome(" ".join(line for line in lines if line), results)


async def _one(turn: Turn, cmd: ic.Command) -> tuple[str, dict[str, Any]]:
    bus, user_id, source = turn.bus, turn.user_id, turn.source
    if isinstance(cmd, ic.LogSets):
        return await _log(turn, cmd)
    if isinstance(cmd, ic.StartWorkout):
        routine = None
        if cmd.name:
            async with turn.reader() as uow:
                routine = await queries.routine_named(uow, user_id, cmd.name)
        w = await bus.handle(
            dc.StartWorkout(
                user_id,
                routine.name if routine else cmd.name,
                source=source,
                routine_id=routine.id if routine else None,
            )
        )
        text = f"Started {routine.name if routine else cmd.name or 'your workout'}."
        if routine is not None:
            text += " " + await _next_text(turn)
        return text, {"status": "ok", "workout_id": str(w.id), "routine_id": str(routine.id) if routine else None}
    if isinstance(cmd, ic.NextExercise):
        return await _next_text(turn), {"status": "ok"}
    if isinstance(cmd, ic.FinishWorkout):
        w = await bus.handle(dc.FinishWorkout(user_id))
        async with turn.reader() as uow:
            done = await queries.workout(uow, user_id, w.id)
        volume = sum((s.weight_kg or 0) * (s.reps or 0) for s in done.sets)
        unit = await _unit(turn)
        text = f"Workout done: {len(done.sets)} sets" + (f", {replies.in_unit(volume, unit)} moved." if volume else ".")
        return text, {"status": "ok", "workout_id": str(w.id)}
    if isinstance(cmd, ic.UndoLast):
        removed: SetsRemoved = await bus.handle(dc.UndoLastLog(user_id))
        return f"Removed {replies.describe_sets(removed.sets)}.", {"status": "ok", "removed": len(removed.sets)}
    if isinstance(cmd, ic.RepeatLast):
        logged: SetsLogged = await bus.handle(dc.RepeatLastLog(user_id, cmd.count))
        return f"{replies.describe_sets(logged.sets)}.", _logged(logged)
    if isinstance(cmd, ic.CorrectLast):
        changes = cmd.changes.model_dump(exclude_none=True)  # unsaid fields keep their values
        rows = await bus.handle(dc.CorrectLastLog(user_id, changes))
        return f"Fixed: {replies.describe_sets(rows)}.", {"status": "ok", "set_ids": [str(r.id) for r in rows]}
    if isinstance(cmd, ic.QueryPr | ic.QueryLast):
        return await _query(turn, cmd)
    if isinstance(cmd, ic.LogMetric):
        row = await bus.handle(dc.LogMetric(user_id, cmd.metric, cmd.value, cmd.unit, source=source))
        return replies.metric(row.metric, row.value, row.unit), {"status": "ok", "metric_id": str(row.id)}
    if isinstance(cmd, ic.GenerateWorkout):
        made = generation.draft(turn.index, cmd.minutes, cmd.focus, cmd.equipment)
        routine = await generation.save(turn.bus, user_id, made)
        text = generation.describe(made) + f" Saved as a routine: say 'start {routine.name.lower()}' to begin."
        return text, {"status": "ok", "routine_id": str(routine.id)}
    if isinstance(cmd, ic.StartRest):
        return replies.rest(cmd.seconds), {"status": "ok", "seconds": cmd.seconds}
    if isinstance(cmd, ic.Help):
        return replies.HELP, {"status": "ok"}
    if isinstance(cmd, ic.Unknown):
        return replies.UNKNOWN, {"status": "not_understood"}
    if isinstance(cmd, ic.CancelWorkout):
        if not turn.confirmed:  # sweeping: only after the lifter said yes (see Conversation)
            return "Cancelling a workout needs a yes first.", {"status": "needs_confirmation"}
        w = await bus.handle(dc.CancelWorkout(user_id))
        return "Workout cancelled.", {"status": "ok", "workout_id": str(w.id)}
    return "I understood that, but can't do it by voice yet.", {"status": "not_supported"}


async def _next_text(turn: Turn) -> str:
    async with turn.reader() as uow:
        routine, up = await queries.next_in_routine(uow, turn.user_id)
    if routine is None:
        return "No routine for this workout, so it's your pick."
    if up is None:
        return f"That's everything in {routine.name}. Say finish workout when you're done."
    item = up.item
    shape = f"{item.target_sets or 1}×{item.target_reps}" if item.target_reps else f"{item.target_sets or 1} sets"
    load = f" at {replies.load(item.target_weight, item.unit)}" if item.target_weight else ""
    done = f" ({up.done_sets} done)" if up.done_sets else ""
    return f"Next: {replies.short_name(item.exercise.name)} {shape}{load}{done}."


async def _unit(turn: Turn) -> str:
    async with turn.reader() as uow:
        user = await queries.user(uow, turn.user_id)
    return user.unit_pref if user else "lb"


def _logged(done: SetsLogged) -> dict[str, Any]:
    return {
        "status": "ok",
        "workout_id": str(done.workout.id),
        "workout_started": done.workout_started,
        "set_ids": [str(s.id) for s in done.sets],
    }


async def _log(turn: Turn, cmd: ic.LogSets) -> tuple[str, dict[str, Any]]:
    user_id = turn.user_id
    if cmd.exercise is None:
        return "Which exercise was that?", {"status": "needs_clarification", "missing": ["exercise"]}
    entry = dc.SetEntry(
        exercise=cmd.exercise,
        reps=cmd.reps,
        weight=cmd.weight,
        unit=cmd.unit,
        rpe=cmd.rpe,
        rir=cmd.rir,
        set_type=cmd.set_type,
        duration_s=cmd.duration_s,
        distance_m=cmd.distance_m,
        bodyweight=cmd.bodyweight,
        added_weight=cmd.added_weight,
    )
    done: SetsLogged = await turn.bus.handle(dc.LogSets(user_id, entry, cmd.sets, source=turn.source))
    async with turn.reader() as uow:
        today = await queries.workout_sets(uow, user_id, done.workout.id, limit=1)
    text = f"{replies.describe_sets(done.sets)}."
    text += " Workout started." if done.workout_started else f" Set {today.total} of the day."
    record = await _new_record(turn, done)
    return (record or text), _logged(done) | ({"new_pr": True} if record else {})


async def _new_record(turn: Turn, done: SetsLogged) -> str | None:
    """ "New squat PR: 235 lb × 5 (e1RM 274)" when a logged set beats every earlier one."""
    top = max(done.sets, key=lambda s: (s.weight_kg or 0, s.reps or 0))
    if top.weight_kg is None or not top.reps or top.set_type == "warmup":
        return None
    async with turn.reader() as uow:
        heaviest, _ = await queries.previous_best_kg(uow, turn.user_id, top.exercise_id, [s.id for s in done.sets])
    if heaviest is None or top.weight_kg <= heaviest + 1e-6:
        return None
    estimate = replies.e1rm_text(top.weight or 0, top.reps)
    name = replies.short_name(top.exercise.name)
    return f"New {name} PR: {replies.load(top.weight, top.unit)} × {top.reps}{estimate}."


async def _query(turn: Turn, cmd: ic.QueryPr | ic.QueryLast) -> tuple[str, dict[str, Any]]:
    user_id = turn.user_id
    if cmd.exercise is None and isinstance(cmd, ic.QueryLast):  # "what did I do today?"
        done = await reports.workout_so_far(turn.reader, user_id)
        return done.text, done.data
    unit = await _unit(turn)
    if cmd.exercise is None:  # "what are my PRs?"
        bests = await reports.best_lifts(turn.reader, user_id, unit)
        return bests.text, bests.data
    async with turn.reader() as uow:
        ex = await find_exercise(uow, user_id, cmd.exercise)
        if ex is None:
            return "I don't know that exercise.", {"status": "error"}
        name = replies.short_name(ex.name)
        if isinstance(cmd, ic.QueryPr):
            best = await queries.best_lifts(uow, user_id, ex.id)
            if best is None or best.heaviest is None:
                return f"No {name} logged yet.", {"status": "ok", "found": False}
            top = best.heaviest
            text = f"{name} best: {replies.in_unit(top.weight_kg, unit)} × {top.reps}"
            if best.e1rm_kg:
                text += f" (e1RM {replies.in_unit(best.e1rm_kg, unit)})"
            return text + ".", {"status": "ok", "found": True, "heaviest_kg": top.weight_kg, "e1rm_kg": best.e1rm_kg}
        rows = await queries.last_session(uow, user_id, ex.id)
    if not rows:
        return f"No {name} logged yet.", {"status": "ok", "found": False}
    shown = ", ".join(f"{replies.load(r.weight, r.unit) or 'bodyweight'}×{r.reps}" for r in rows[:6])
    when = rows[0].completed_at.date().isoformat()
    return f"{name} on {when}: {shown}.", {"status": "ok", "found": True, "sets": len(rows)}
