"""What each spoken command does: its call to the domain and the short reply a lifter hears.

Handlers are small async functions `async def finish_workout(cmd, turn) -> Said`, mapped to their
commands in one registry (assistant/executor.py: HANDLERS), as the domain's bus maps its own.
Stateless: the "current exercise" is the exercise of the last set in the active workout, and
undo / repeat / correct act on the user's latest logged batch, so every channel sees the same.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from assistant import generation, goal_reports, period_reports, replies, reports
from assistant.understanding import Reader
from domain import analytics, planned, queries
from domain import commands as dc
from domain.bus import MessageBus
from domain.catalog import AliasIndex
from domain.errors import NotFound
from domain.handlers import programs
from domain.handlers.history import SetsRemoved
from domain.handlers.sets import SetsLogged
from domain.lookups import find_exercise
from domain.uow import UnitOfWork
from intents import commands as ic

Said = tuple[str, dict[str, Any]]  # the reply, and the result for the channel (contracts/commands.md)


@dataclass(frozen=True)
class Turn:
    """What a command runs with: the bus that writes, reads, the catalog, and who said it where."""

    bus: MessageBus
    reader: Reader
    index: AliasIndex
    user_id: uuid.UUID
    source: str = "assistant"
    confirmed: bool = False  # a sweeping command (cancel a workout) was confirmed with a "yes"
    scoped: bool = False  # in a conversation: undo, repeat and correct act only on what it wrote...
    wrote: uuid.UUID | None = None  # ...which is this batch (None: nothing recent)
    generator: generation.Generator | None = None  # workouts (the planner, or a model when configured)
    wrote_kind: str = "sets"  # ...of sets, or of foods eaten ("food")


TIMED_CORRECTION: Said = (
    "That was timed, not counted in reps or a load: say the time or the distance, or log it again.",
    {"status": "needs_clarification", "missing": ["changes"]},
)
NOTHING_WRITTEN: Said = "Nothing I logged just now to change.", {"status": "error", "code": "NOTHING_TO_CHANGE"}


async def log_sets(cmd: ic.LogSets, turn: Turn) -> Said:
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
        notes=cmd.note,
    )
    done: SetsLogged = await turn.bus.handle(dc.LogSets(turn.user_id, entry, cmd.sets, source=turn.source))
    async with turn.reader() as uow:
        today = await planned.done_count(uow, done.workout.id)
    text = f"{replies.describe_sets(done.sets)}."
    text += " Workout started." if done.workout_started else f" Set {today} of the day."
    record = await _new_record(turn, done)
    names = {s.exercise_id: s.exercise.name for s in done.sets}
    met = goal_reports.met(done.goals_met, names)
    goals = {"goals_met": [str(goal.id) for goal in done.goals_met]} if done.goals_met else {}
    return (record or text) + met, _logged(done) | ({"new_pr": True} if record else {}) | goals


async def start_workout(cmd: ic.StartWorkout, turn: Turn) -> Said:
    """ "Start push day": that routine's plan; "start my workout" with a program followed: its next
    day's; else a workout of the lifter's choosing."""
    routine, upcoming = None, None
    async with turn.reader() as uow:
        if cmd.name:
            routine = await queries.routine_named(uow, turn.user_id, cmd.name)
        else:
            upcoming = await _program_day(uow, turn.user_id)
    day = upcoming.day if upcoming is not None else None
    w = await turn.bus.handle(
        dc.StartWorkout(
            turn.user_id,
            routine.name if routine else cmd.name,
            source=turn.source,
            routine_id=routine.id if routine else None,
            program_day_id=day.id if day is not None else None,
        )
    )
    text = f"Started {routine.name if routine else w.name or cmd.name or 'your workout'}"
    if upcoming is not None and day is not None:
        text += f", week {day.week} day {day.day} of {upcoming.program.name}"
    text += "."
    if w.routine_id is not None:
        text += " " + await _next_text(turn)
    routine_id = str(w.routine_id) if w.routine_id else None
    return text, {"status": "ok", "workout_id": str(w.id), "routine_id": routine_id}


async def _program_day(uow: UnitOfWork, user_id: uuid.UUID) -> programs.NextDay | None:
    """The next day of the program the lifter follows, if any is left."""
    try:
        found = await programs.next_day(uow, user_id)
    except NotFound:
        return None
    return None if found.complete else found


async def next_exercise(cmd: ic.NextExercise, turn: Turn) -> Said:
    return await _next_text(turn), {"status": "ok"}


async def finish_workout(cmd: ic.FinishWorkout, turn: Turn) -> Said:
    w = await turn.bus.handle(dc.FinishWorkout(turn.user_id))
    async with turn.reader() as uow:
        done = await queries.workout(uow, turn.user_id, w.id)
    volume, not_done = queries.totals(done.sets)
    unit = await _unit(turn)
    count = len(done.sets) - not_done
    text = f"Workout done: {count} sets" + (f", {replies.in_unit(volume, unit)} moved." if volume else ".")
    return text, {"status": "ok", "workout_id": str(w.id)}


async def cancel_workout(cmd: ic.CancelWorkout, turn: Turn) -> Said:
    if not turn.confirmed:  # sweeping: only after the lifter said yes (see Conversation)
        return "Cancelling a workout needs a yes first.", {"status": "needs_confirmation"}
    w = await turn.bus.handle(dc.CancelWorkout(turn.user_id))
    return "Workout cancelled.", {"status": "ok", "workout_id": str(w.id)}


async def undo_last(cmd: ic.UndoLast, turn: Turn) -> Said:
    if turn.scoped and turn.wrote is None:
        return NOTHING_WRITTEN
    if turn.wrote is not None and turn.wrote_kind == "food":  # "had 2 eggs" / "scratch that"
        gone = await turn.bus.handle(dc.DeleteFoodBatch(turn.user_id, turn.wrote))
        names = " and ".join(r.food_name.split(",")[0] for r in gone) or "nothing"
        return f"Removed {names}.", {"status": "ok", "removed": len(gone), "kind": "food"}
    removed: SetsRemoved = await turn.bus.handle(dc.UndoLastLog(turn.user_id, turn.wrote))
    return f"Removed {replies.describe_sets(removed.sets)}.", {"status": "ok", "removed": len(removed.sets)}


async def repeat_last(cmd: ic.RepeatLast, turn: Turn) -> Said:
    if turn.scoped and (turn.wrote is None or turn.wrote_kind != "sets"):
        return NOTHING_WRITTEN
    logged: SetsLogged = await turn.bus.handle(dc.RepeatLastLog(turn.user_id, cmd.count, turn.wrote))
    return f"{replies.describe_sets(logged.sets)}.", _logged(logged)


async def correct_last(cmd: ic.CorrectLast, turn: Turn) -> Said:
    if turn.scoped and (turn.wrote is None or turn.wrote_kind != "sets"):
        return NOTHING_WRITTEN
    changes = cmd.changes.model_dump(exclude_none=True)  # unsaid fields keep their values
    if turn.wrote is not None and ("reps" in changes or "weight" in changes):
        async with turn.reader() as uow:
            rows = await queries.batch_sets(uow, turn.user_id, turn.wrote)
        if rows and all(r.reps is None and r.weight is None for r in rows):  # a run, a ride, a hold
            return TIMED_CORRECTION
    rows = await turn.bus.handle(dc.CorrectLastLog(turn.user_id, changes, turn.wrote))
    return f"Fixed: {replies.describe_sets(rows)}.", {"status": "ok", "set_ids": [str(r.id) for r in rows]}


async def query_pr(cmd: ic.QueryPr, turn: Turn) -> Said:
    if cmd.period is not None:  # "my best squat this month": from that range only
        found = await period_reports.in_period(turn.reader, turn.user_id, cmd.exercise, cmd.period, best=True)
        return found.text, found.data
    unit = await _unit(turn)
    if cmd.exercise is None:  # "what are my PRs?"
        bests = await reports.best_lifts(turn.reader, turn.user_id, unit)
        return bests.text, bests.data
    async with turn.reader() as uow:  # the records the API shows (GET /analytics/prs)
        ex = await find_exercise(uow, turn.user_id, cmd.exercise)
        standing = await analytics.current_records(uow, turn.user_id, ex.id) if ex is not None else []
    if ex is None:
        return "I don't know that exercise.", {"status": "error"}
    name = replies.short_name(ex.name)
    best = next(iter(analytics.bests(standing)), None)
    if best is None:
        return f"No {name} logged yet.", {"status": "ok", "found": False}
    top = best.heaviest
    text = f"{name} best: {replies.in_unit(top.weight_kg, unit)} × {best.reps}"
    e1rm_kg = best.e1rm.value if best.e1rm is not None else None
    if e1rm_kg:
        text += f" (e1RM {replies.in_unit(e1rm_kg, unit)})"
    return text + ".", {"status": "ok", "found": True, "heaviest_kg": top.weight_kg, "e1rm_kg": e1rm_kg}


async def query_last(cmd: ic.QueryLast, turn: Turn) -> Said:
    if cmd.period is not None:  # "how much did I squat last week": from that range only
        found = await period_reports.in_period(turn.reader, turn.user_id, cmd.exercise, cmd.period, best=False)
        return found.text, found.data
    if cmd.exercise is None:  # "what did I do today?"
        done = await reports.workout_so_far(turn.reader, turn.user_id)
        return done.text, done.data
    async with turn.reader() as uow:
        ex = await find_exercise(uow, turn.user_id, cmd.exercise)
        rows = await queries.last_session(uow, turn.user_id, ex.id) if ex is not None else []
    if ex is None:
        return "I don't know that exercise.", {"status": "error"}
    name = replies.short_name(ex.name)
    if not rows:
        return f"No {name} logged yet.", {"status": "ok", "found": False}
    shown = ", ".join(f"{replies.load(r.weight, r.unit) or 'bodyweight'}×{r.reps}" for r in rows[:6])
    when = rows[0].completed_at.date().isoformat()
    return f"{name} on {when}: {shown}.", {"status": "ok", "found": True, "sets": len(rows)}


async def query_goal(cmd: ic.QueryGoal, turn: Turn) -> Said:
    """ "How close am I to a 315 squat", "how are my goals" (assistant/goal_reports.py)."""
    found = await goal_reports.answer(turn.reader, turn.user_id, cmd)
    return found.text, found.data


async def note_last(cmd: ic.NoteLast, turn: Turn) -> Said:
    """ "Felt heavy": the note (and an effort, when one was said) on every set of the latest log (in a
    conversation, the one it wrote, as correct_last)."""
    changes = {k: v for k, v in {"notes": cmd.note, "rpe": cmd.rpe, "rir": cmd.rir}.items() if v is not None}
    if not changes:
        return "How did it feel?", {"status": "needs_clarification", "missing": ["note"]}
    if turn.scoped and (turn.wrote is None or turn.wrote_kind != "sets"):
        return NOTHING_WRITTEN
    rows = await turn.bus.handle(dc.CorrectLastLog(turn.user_id, changes, turn.wrote))
    said = f"{cmd.note}" + (f", RPE {replies.number(cmd.rpe)}" if cmd.rpe is not None and cmd.note else "")
    text = f"Noted on {replies.describe_sets(rows)}: {said}." if cmd.note else f"Fixed: {replies.describe_sets(rows)}."
    return text, {"status": "ok", "set_ids": [str(r.id) for r in rows]}


async def complete_set(cmd: ic.CompleteSet, turn: Turn) -> Said:
    """ "Mark this set complete": the workout's next planned set(s), done as planned; nothing when none is."""
    async with turn.reader() as uow:
        plan = await planned.next_planned(uow, turn.user_id)
    if plan is None or plan.next is None:
        text = "Nothing planned to check off. Tell me the set instead, like 'bench 135 for 8'."
        return (text if plan is None else f"Everything in {plan.name} is done."), {"status": "nothing_planned"}
    up = plan.next
    if up.target_reps is None and up.exercise.kind != "cardio":
        return f"How many reps of {replies.short_name(up.exercise.name)}?", {
            "status": "needs_clarification",
            "missing": ["reps"],
        }
    count = max(1, min(cmd.count, up.planned - up.done_sets))
    done: SetsLogged = await turn.bus.handle(dc.CompletePlannedSets(turn.user_id, count, source=turn.source))
    text = f"Done: {replies.describe_sets(done.sets)} ({up.done_sets + len(done.sets)} of {up.planned})."
    return text, _logged(done)


async def plan_exercise(cmd: ic.PlanExercise, turn: Turn) -> Said:
    """ "Add bench press to my workout": says what comes next, its planned sets when the workout has
    some (else how it went last time); writes nothing (the conversation keeps it)."""
    if cmd.exercise is None:
        return "Which exercise?", {"status": "needs_clarification", "missing": ["exercise"]}
    async with turn.reader() as uow:
        ex = await find_exercise(uow, turn.user_id, cmd.exercise)
        todo = await planned.planned_sets_of(uow, turn.user_id, ex.id) if ex is not None else []
        rows = await queries.last_session(uow, turn.user_id, ex.id) if ex is not None and not todo else []
    if ex is None:
        return "I don't know that exercise.", {"status": "error"}
    text = f"{replies.short_name(ex.name)} next."
    if todo:
        first = todo[0]
        shape = f"{len(todo)}×{first.target_reps}" if first.target_reps else f"{len(todo)} sets"
        load = f" at {replies.load(first.target_weight, first.unit)}" if first.target_weight else ""
        text += f" Planned: {shape}{load}."
    elif rows:
        last = rows[-1]
        text += f" Last time: {replies.load(last.weight, last.unit) or 'bodyweight'} × {last.reps}."
    return text + " Tell me each set, like '8 at 135'.", {"status": "ok", "exercise": ex.slug}


async def log_metric(cmd: ic.LogMetric, turn: Turn) -> Said:
    row = await turn.bus.handle(dc.LogMetric(turn.user_id, cmd.metric, cmd.value, cmd.unit, source=turn.source))
    return replies.metric(row.metric, row.value, row.unit), {"status": "ok", "metric_id": str(row.id)}


async def generate_workout(cmd: ic.GenerateWorkout, turn: Turn) -> Said:
    """The same service as POST /workouts/generate; saved as a routine unless only asked what to do."""
    asked = generation.Asked(cmd.minutes, cmd.focus, [], cmd.equipment, cmd.goal, None, cmd.limitations)
    request = generation.request_from(asked, turn.index, strict=False)
    generator = turn.generator or generation.Generator(turn.reader, turn.index)
    made = await generator.make(turn.user_id, request, prompt=_asked_text(cmd))
    result: dict[str, Any] = {"status": "ok", "source": made.source, "routine_id": None}
    text = generation.describe(made)
    if made.plan.items and cmd.save:
        routine = await generation.save(turn.bus, turn.user_id, made)
        result["routine_id"] = str(routine.id)
        text += f" Saved as a routine: say 'start {routine.name.lower()}' to begin."
    elif made.plan.items:
        text += " Say 'save today's workout' to keep it as a routine."
    return text, result


def _asked_text(cmd: ic.GenerateWorkout) -> str:
    """What was asked, in words, for a model's prompt (the command keeps no transcript)."""
    said = [f"{cmd.minutes} minutes" if cmd.minutes else "", cmd.focus or "", cmd.goal or "", *cmd.equipment]
    text = "a workout for today: " + " ".join(w for w in said if w)
    return text + (f"; {cmd.limitations}" if cmd.limitations else "")


async def start_rest(cmd: ic.StartRest, turn: Turn) -> Said:
    return replies.rest(cmd.seconds), {"status": "ok", "seconds": cmd.seconds}


async def help_(cmd: ic.Help, turn: Turn) -> Said:
    return replies.HELP, {"status": "ok"}


async def unknown(cmd: ic.Unknown, turn: Turn) -> Said:
    return replies.UNKNOWN, {"status": "not_understood"}


async def _next_text(turn: Turn) -> str:
    async with turn.reader() as uow:
        plan = await planned.next_planned(uow, turn.user_id)
    if plan is None:
        return "No routine for this workout, so it's your pick."
    if plan.next is None:
        return f"That's everything in {plan.name}. Say finish workout when you're done."
    up = plan.next
    shape = f"{up.planned}×{up.target_reps}" if up.target_reps else f"{up.planned} sets"
    load = f" at {replies.load(up.target_weight, up.unit)}" if up.target_weight else ""
    done = f" ({up.done_sets} done)" if up.done_sets else ""
    return f"Next: {replies.short_name(up.exercise.name)} {shape}{load}{done}."


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
        "batch_id": str(done.sets[0].batch_id) if done.sets and done.sets[0].batch_id else None,
    }


async def _new_record(turn: Turn, done: SetsLogged) -> str | None:
    """ "New squat PR: 235 lb × 5 (e1RM 274)" when a logged set set a heaviest-load record that beat an
    earlier one (the records GET /analytics/prs shows)."""
    async with turn.reader() as uow:
        record = await analytics.new_heaviest(uow, turn.user_id, [s.id for s in done.sets])
    top = next((s for s in done.sets if record is not None and s.id == record.set_id), None)
    if top is None or not top.reps:
        return None
    estimate = replies.e1rm_text(top.weight or 0, top.reps)
    name = replies.short_name(top.exercise.name)
    return f"New {name} PR: {replies.load(top.weight, top.unit)} × {top.reps}{estimate}."
