"""Spoken answers about goals: "how close am I to a 315 squat", "how are my goals".

A load asked about is weighed against the lift's records (its heaviest and best e1RM, as GET
/analytics/prs has them), reps against the most done in one set at that load or more, a distance
against the longest session; loads are said in the unit asked in, else the lifter's, distances in
km ("10k") or the lifter's (mi for lb), and a goal set on the lift is mentioned. With no lift,
a load is a body weight ("how close am I to 180 pounds"); with nothing named, the open goals.
"""

from __future__ import annotations

import uuid

from assistant import replies
from assistant.reports import Report
from assistant.understanding import Reader
from domain import goals as g
from domain import queries
from domain.goal_progress import Reads
from domain.handlers.goals import GoalState, goals_page
from domain.lookups import find_exercise
from domain.models import Goal, User, utcnow
from domain.uow import UnitOfWork
from intents.commands import QueryGoal

MOST = 3  # goals read out at once


async def answer(reader: Reader, user_id: uuid.UUID, cmd: QueryGoal) -> Report:
    async with reader() as uow:
        user = await queries.user(uow, user_id)
        if user is None:
            return Report("I can't find your account.", {"status": "error"})
        if cmd.exercise is None:
            if cmd.weight is not None:
                return await _body_weight(uow, user, cmd.weight, cmd.unit or user.unit_pref)
            if cmd.reps is not None:
                return Report("Which lift?", {"status": "needs_clarification", "missing": ["exercise"]})
            return await _overview(uow, user)
        ex = await find_exercise(uow, user_id, cmd.exercise)
        if ex is None:
            return Report("I don't know that exercise.", {"status": "error"})
        name = replies.short_name(ex.name)
        goals = (await goals_page(uow, user.id, exercise_id=ex.id, limit=10)).items
        unit = cmd.unit or user.unit_pref
        if cmd.distance_m is not None:
            text, data = await _distance(uow, user, ex.id, name, cmd.distance_m)
        elif cmd.reps is not None:
            text, data = await _reps(uow, user, ex.id, name, cmd.reps, cmd.weight, unit)
        elif cmd.weight is not None:
            text, data = await _load(uow, user, ex.id, name, cmd.weight, unit)
        elif goals:
            return Report(" ".join(_goal_line(s) for s in goals[:MOST]), {"status": "ok", "goals": len(goals)})
        else:
            return Report(f"No {name} goal set yet.", {"status": "ok", "goals": 0})
    mentioned = next((s for s in goals if s.status != "achieved"), None) or next(iter(goals), None)
    if mentioned is not None:
        text += " Your goal: " + _goal_line(mentioned)
    return Report(text, data | {"goals": len(goals)})


async def _load(
    uow: UnitOfWork, user: User, exercise_id: uuid.UUID, name: str, weight: float, unit: str
) -> tuple[str, dict[str, object]]:
    reads = Reads(uow, user)
    heaviest = await reads.progress(_asked("heaviest", exercise_id, weight, unit))
    e1rm = await reads.progress(_asked("e1rm", exercise_id, weight, unit))
    asked = f"{replies.number(weight)} {unit}"
    data: dict[str, object] = {"status": "ok", "heaviest": heaviest.current, "e1rm": e1rm.current, "unit": unit}
    if heaviest.current is None:
        return f"No {name} logged yet: {asked} to go.", data | {"percent": 0.0}
    best = f"best {_amount(heaviest.current, unit)} (e1RM {_amount(e1rm.current or heaviest.current, unit)})"
    data["percent"] = heaviest.percent
    if heaviest.remaining == 0:
        return f"Done: {name} {best}, {asked} or more.", data
    text = f"{name} {best}: {_amount(heaviest.remaining or 0, unit)} to go to {asked} ({_percent(heaviest)})."
    if e1rm.remaining == 0:
        text += " Your e1RM says it's there."
    return text, data


async def _reps(
    uow: UnitOfWork, user: User, exercise_id: uuid.UUID, name: str, reps: int, weight: float | None, unit: str
) -> tuple[str, dict[str, object]]:
    goal = _asked("reps", exercise_id, reps, unit if weight is not None else None)
    goal.weight = weight
    found = await Reads(uow, user).progress(goal)
    at = f" at {replies.number(weight)} {unit}" if weight is not None else ""
    data: dict[str, object] = {"status": "ok", "reps": found.current, "percent": found.percent}
    if found.current is None:
        return f"No {name} sets{at} yet: {reps} reps to go.", data
    most = f"{name}: most {int(found.current)} reps{at}"
    if found.remaining == 0:
        return f"{most}. You've done {reps}.", data
    return f"{most}. {int(found.remaining or 0)} more to {reps} ({_percent(found)}).", data


async def _distance(
    uow: UnitOfWork, user: User, exercise_id: uuid.UUID, name: str, metres: float
) -> tuple[str, dict[str, object]]:
    unit = "km" if user.unit_pref == "kg" or metres % 1000 == 0 else "mi"
    asked = g.shown("distance", metres, unit)
    found = await Reads(uow, user).progress(_asked("distance", exercise_id, asked, unit))
    data: dict[str, object] = {"status": "ok", "longest": found.current, "unit": unit, "percent": found.percent}
    goal = f"{_amount(asked, unit)}"
    if found.current is None:
        return f"No {name} logged yet: {goal} to go.", data
    longest = f"{name}: longest {_amount(found.current, unit)} in one session"
    if found.remaining == 0:
        return f"{longest}. You've done {goal}.", data
    return f"{longest}. {_amount(found.remaining, unit)} more to {goal} ({_percent(found)}).", data


async def _body_weight(uow: UnitOfWork, user: User, weight: float, unit: str) -> Report:
    reads = Reads(uow, user)
    readings = await reads.weights()
    if not readings:
        return Report("No body weight logged yet.", {"status": "ok", "found": False})
    latest = readings[-1][1]
    direction = "down" if latest > g.kg(weight, unit) else "up"
    found = await reads.progress(_asked("body_weight", None, weight, unit, direction))
    now = _amount(found.current or 0, unit)
    if found.remaining == 0:
        return Report(f"You weigh {now}: there.", {"status": "ok", "found": True})
    change = "lose" if direction == "down" else "gain"
    text = f"You weigh {now}: {_amount(found.remaining or 0, unit)} to {change}."
    return Report(text, {"status": "ok", "found": True})


async def _overview(uow: UnitOfWork, user: User) -> Report:
    found = await goals_page(uow, user.id, status="open", limit=MOST)
    if not found.items:
        done = (await goals_page(uow, user.id, status="achieved", limit=1)).total
        text = "No open goals." if done else "No goals set yet."
        return Report(text + " Set one in the app (POST /goals).", {"status": "ok", "goals": 0})
    text = " ".join(_goal_line(s) for s in found.items)
    if found.total > MOST:
        text += f" And {found.total - MOST} more."
    return Report(text, {"status": "ok", "goals": found.total})


def _asked(
    kind: str, exercise_id: uuid.UUID | None, target: float, unit: str | None, direction: str | None = None
) -> Goal:
    """A goal for the question alone (never stored): what the lifter asked about, as a goal reads it."""
    return Goal(kind=kind, exercise_id=exercise_id, target=target, unit=unit, direction=direction, created_at=utcnow())


def met(goals: list[Goal], names: dict[uuid.UUID, str]) -> str:
    """ " Goal met: Squat 315 lb!" for goals just met (`names`: exercise names by id)."""
    said = [describe(goal, names.get(goal.exercise_id, "") if goal.exercise_id else None) for goal in goals]
    return "".join(f" Goal met: {what}!" for what in said)


def _goal_line(state: GoalState) -> str:
    """ "Squat 315 lb: 95%, 15 lb to go." """
    goal, p = state.goal, state.progress
    what = describe(goal)
    if state.status == "achieved":
        return f"{what}: met."
    left = f", {_amount(p.remaining, p.unit)} to go" if p.remaining else ""
    due = f" (due {goal.deadline:%b %-d})" if goal.deadline is not None and state.status == "open" else ""
    missed = " Missed its deadline." if state.status == "missed" else ""
    return f"{what}: {_percent(p)}{left}{due}.{missed}"


def describe(goal: Goal, exercise_name: str | None = None) -> str:
    """ "Squat 315 lb", "4 workouts a week" (`exercise_name`: the goal's exercise's, when it is not loaded)."""
    if exercise_name is None and goal.exercise_id is not None and goal.exercise is not None:
        exercise_name = goal.exercise.name
    name = replies.short_name(exercise_name or "")
    target = replies.number(goal.target)
    if goal.kind == "heaviest":
        return f"{name} {target} {goal.unit}"
    if goal.kind == "e1rm":
        return f"{name} e1RM {target} {goal.unit}"
    if goal.kind == "reps":
        at = f" at {replies.number(goal.weight)} {goal.unit}" if goal.weight is not None else ""
        return f"{name} {target} reps{at}"
    if goal.kind == "distance":
        per = {"week": " a week", "month": " a month"}.get(goal.period or "session", "")
        return f"{name} {target} {goal.unit}{per}"
    if goal.kind == "body_weight":
        return f"Body weight {target} {goal.unit}"
    if goal.kind == "workouts_per_week":
        return f"{target} workouts a week"
    return f"{target}-{(goal.unit or 'days').rstrip('s')} streak"


def _amount(value: float | None, unit: str | None) -> str:
    shown = replies.number(round(value or 0, 1))
    return f"{shown} {unit}" if unit else shown


def _percent(p: g.Progress) -> str:
    return f"{replies.number(round(p.percent))}%"
