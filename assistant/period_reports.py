"""Answers to questions about a time range ("how much did I squat last week"), in the lifter's time zone.

The parser gives a period (intents/periods.py); here it becomes UTC instants from the lifter's
own today, and the answer comes from the sets completed in that range only.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from assistant import replies
from assistant.reports import Report
from assistant.understanding import Reader
from domain import queries
from domain.lookups import find_exercise
from domain.models import WorkoutSet
from domain.units import e1rm
from intents.periods import bounds, label


def zone(name: str | None) -> ZoneInfo:
    """The lifter's time zone; UTC when none is set or the name is unknown."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def instants(period: str, tz: ZoneInfo, now: datetime) -> tuple[datetime, datetime] | None:
    """The period as [start, end) in UTC, from local midnights of the lifter's dates."""
    days = bounds(period, now.astimezone(tz).date())
    if days is None:
        return None

    def midnight(day: date) -> datetime:
        return datetime.combine(day, time(), tzinfo=tz).astimezone(UTC)

    return midnight(days[0]), midnight(days[1])


async def in_period(
    reader: Reader, user_id: uuid.UUID, exercise: str | None, period: str, *, best: bool, now: datetime | None = None
) -> Report:
    """What was done (or the best set, when `best`) in the period, of one lift or of all."""
    async with reader() as uow:
        user = await queries.user(uow, user_id)
        ex = await find_exercise(uow, user_id, exercise) if exercise else None
        if exercise and ex is None:
            return Report("I don't know that exercise.", {"status": "error"})
        span = instants(period, zone(user.timezone if user else None), now or datetime.now(UTC))
        if span is None:
            return Report("I can't tell which days you mean.", {"status": "error"})
        rows = await queries.sets_between(uow, user_id, span[0], span[1], ex.id if ex else None)
    unit = user.unit_pref if user else "lb"
    when = label(period)
    name = replies.short_name(ex.name) if ex else None
    data = {"status": "ok", "found": bool(rows), "period": period, "sets": len(rows)}
    if not rows:
        return Report(f"No {name or 'sets'} logged {when}.", data)
    if best:
        return Report(_best_text(rows, name, when, unit), data)
    if name is None:
        return Report(f"{when.capitalize()}: {replies.summary(rows)}", data)
    return Report(_lift_text(rows, name, when), data)


def _lift_text(rows: list[WorkoutSet], name: str, when: str) -> str:
    """One session: its sets; several: how many, and the top set."""
    sessions = {r.workout_id for r in rows}
    if len(sessions) == 1:
        shown = ", ".join(f"{replies.load(r.weight, r.unit) or 'bodyweight'}×{r.reps}" for r in rows[:8])
        return f"{name} {when}: {shown}."
    top = _top(rows)
    text = f"{name} {when}: {len(sessions)} sessions, {len(rows)} sets"
    if top.weight is not None:
        text += f", top {replies.load(top.weight, top.unit)} × {top.reps}"
    return text + "."


def _best_text(rows: list[WorkoutSet], name: str | None, when: str, unit: str) -> str:
    """The heaviest working set in the range, per lift when no lift was named."""
    working = [r for r in rows if r.set_type != "warmup" and r.weight_kg is not None] or rows
    if name is not None:
        top = _top(working)
        if top.weight_kg is None:
            return f"{name} {when}: {len(rows)} sets, none with a load."
        reps = top.reps or 0
        estimate = f" (e1RM {replies.in_unit(e1rm(top.weight_kg, reps), unit)})" if reps > 1 else ""
        return f"{name} best {when}: {replies.in_unit(top.weight_kg, unit)} × {top.reps}{estimate}."
    per_lift: dict[uuid.UUID, WorkoutSet] = {}
    for r in working:
        if r.weight_kg is not None and (r.exercise_id not in per_lift or _key(r) > _key(per_lift[r.exercise_id])):
            per_lift[r.exercise_id] = r
    if not per_lift:
        return f"{when.capitalize()}: {len(rows)} sets, none with a load."
    ordered = sorted(per_lift.values(), key=lambda r: -(r.weight_kg or 0))[:5]
    shown = [f"{replies.short_name(r.exercise.name)} {replies.in_unit(r.weight_kg, unit)} × {r.reps}" for r in ordered]
    return f"Your bests {when}: " + ", ".join(shown) + "."


def _key(row: WorkoutSet) -> tuple[float, float]:
    return (row.weight_kg or 0.0, e1rm(row.weight_kg or 0.0, row.reps or 1))


def _top(rows: list[WorkoutSet]) -> WorkoutSet:
    return max(rows, key=lambda r: (r.weight_kg or 0.0, r.reps or 0))
