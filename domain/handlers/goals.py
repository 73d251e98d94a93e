"""Setting, changing and removing goals, and reading them with their progress (domain/goals.py).

A goal on an exercise names it as sets do (a catalog slug, or an id of the catalog's or the
lifter's own). Units left out are the lifter's (`unit_pref`: lb and mi, or kg and km); a body
weight goal left without a direction goes down when the latest reading is above the target and up
when below. Another lifter's goal is not found.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import selectinload

from domain import commands as c
from domain import goals as g
from domain.days import today
from domain.errors import NotFound
from domain.goal_progress import Reads
from domain.handlers import goal_upkeep
from domain.lookups import find_exercise, unknown_exercise
from domain.models import Exercise, Goal, User, utcnow
from domain.queries import Page, page_of
from domain.uow import UnitOfWork
from domain.validation import Checker

FIELDS = ("target", "unit", "weight", "direction", "period", "deadline", "name")
DISTANCE_KINDS = ("cardio", "other")  # exercises a distance goal may be on (a lifter's own are "other")
NAME_MAX = 200


Status = Literal["open", "achieved", "missed"]  # missed: the deadline passed before the goal was met


@dataclass(frozen=True)
class GoalState:
    goal: Goal
    progress: g.Progress
    status: Status


def status_of(goal: Goal, day: date) -> Status:
    if goal.achieved_at is not None:
        return "achieved"
    return "missed" if goal.deadline is not None and goal.deadline < day else "open"


async def _user(uow: UnitOfWork, user_id: uuid.UUID) -> User:
    user = await uow.session.get(User, user_id)
    if user is None:
        raise NotFound("No such user")
    return user


async def create_goal(cmd: c.CreateGoal, uow: UnitOfWork) -> GoalState:
    user = await _user(uow, cmd.user_id)
    values: dict[str, Any] = {name: getattr(cmd, name) for name in FIELDS} | {"kind": cmd.kind}
    values["exercise"] = cmd.exercise
    if values["unit"] is None and cmd.kind in g.KINDS and (cmd.kind != "reps" or cmd.weight is not None):
        values["unit"] = g.default_unit(cmd.kind, user.unit_pref)  # a reps goal's unit is its weight's
    reads = Reads(uow, user)
    if cmd.kind == "body_weight" and values["direction"] is None:
        values["direction"] = await _direction(reads, cmd.target, values["unit"])
    check = g.check_goal(values, today(user))
    if cmd.kind == "body_weight" and values["direction"] is None and cmd.target is not None:
        check.add("direction", "say down or up: no body weight reading tells which")
    exercise = await _exercise(uow, check, user.id, cmd.kind, cmd.exercise)
    _check_name(check, cmd.name)
    check.raise_if_any()
    now = utcnow()
    goal = Goal(
        user_id=user.id,
        kind=cmd.kind,
        exercise_id=exercise.id if exercise is not None else None,
        created_at=now,
        updated_at=now,
        **{name: values[name] for name in FIELDS},
    )
    goal.name = _name(cmd.name)
    uow.session.add(goal)
    await goal_upkeep.evaluate(uow, user, goal)
    await uow.commit()
    return await load_goal(uow, user.id, goal.id)


async def update_goal(cmd: c.UpdateGoal, uow: UnitOfWork) -> GoalState:
    user = await _user(uow, cmd.user_id)
    goal = await _owned(uow, user.id, cmd.goal_id)
    changes = {k: v for k, v in cmd.changes.items() if k in FIELDS}
    values = {name: getattr(goal, name) for name in FIELDS} | changes | {"kind": goal.kind}
    values["exercise"] = goal.exercise_id
    values["deadline"] = changes.get("deadline")  # a deadline kept as it was may have passed
    check = g.check_goal(values, today(user))
    if goal.kind == "body_weight" and values["direction"] is None:
        check.add("direction", "must not be null: say down or up")
    for name in ("target", "unit"):
        if name in changes and changes[name] is None and (name == "target" or g.UNITS[goal.kind]):
            check.add(name, "must not be null")
    _check_name(check, changes.get("name"))
    check.raise_if_any()
    for name, value in changes.items():
        setattr(goal, name, _name(value) if name == "name" else value)
    goal.updated_at = utcnow()
    await goal_upkeep.evaluate(uow, user, goal)
    await uow.commit()
    return await load_goal(uow, user.id, goal.id)


async def delete_goal(cmd: c.DeleteGoal, uow: UnitOfWork) -> None:
    goal = await _owned(uow, cmd.user_id, cmd.goal_id)
    await uow.session.delete(goal)
    await uow.commit()


async def _direction(reads: Reads, target: float | None, unit: str | None) -> str | None:
    """Down when the latest body weight is above the target, up when below; None when unknown."""
    weights = await reads.weights()
    if not weights or target is None or unit not in g.KG:
        return None
    latest, goal_kg = weights[-1][1], g.standard("body_weight", target, unit)
    return None if abs(latest - goal_kg) < g.TOLERANCE else "down" if latest > goal_kg else "up"


async def _exercise(uow: UnitOfWork, check: Checker, user_id: uuid.UUID, kind: str, ref: str | None) -> Exercise | None:
    if ref is None:
        return None
    found = await find_exercise(uow, user_id, ref)
    if found is None:
        check.details.extend(unknown_exercise(ref).details)
    elif kind == "distance" and found.kind not in DISTANCE_KINDS:
        check.add("exercise", f"a distance goal needs a cardio exercise ({found.slug} is {found.kind})")
    return found


def _name(name: str | None) -> str | None:
    return (name or "").strip() or None


def _check_name(check: Checker, name: str | None) -> None:
    if name is not None and len(name.strip()) > NAME_MAX:
        check.add("name", f"must be at most {NAME_MAX} characters")


async def _owned(uow: UnitOfWork, user_id: uuid.UUID, goal_id: uuid.UUID) -> Goal:
    goal = await uow.session.scalar(select(Goal).where(Goal.id == goal_id, Goal.user_id == user_id))
    if goal is None:
        raise NotFound("Goal not found")
    return goal


# Reads ------------------------------------------------------------------------------------------

_WITH_EXERCISE = selectinload(Goal.exercise)


async def load_goal(uow: UnitOfWork, user_id: uuid.UUID, goal_id: uuid.UUID) -> GoalState:
    user = await _user(uow, user_id)
    stmt = select(Goal).where(Goal.id == goal_id, Goal.user_id == user_id).options(_WITH_EXERCISE)
    goal = await uow.session.scalar(stmt.execution_options(populate_existing=True))
    if goal is None:
        raise NotFound("Goal not found")
    return (await states(uow, user, [goal]))[0]


async def goals_page(
    uow: UnitOfWork,
    user_id: uuid.UUID,
    *,
    status: str | None = None,
    kind: str | None = None,
    exercise_id: uuid.UUID | None = None,
    page: int = 1,
    limit: int = 20,
) -> Page[GoalState]:
    """The lifter's goals, newest first, with their progress."""
    user = await _user(uow, user_id)
    stmt = select(Goal).where(Goal.user_id == user_id).options(_WITH_EXERCISE)
    if status is not None:
        stmt = stmt.where(_status_is(status, today(user)))
    if kind is not None:
        stmt = stmt.where(Goal.kind == kind)
    if exercise_id is not None:
        stmt = stmt.where(Goal.exercise_id == exercise_id)
    found = await page_of(uow, stmt.order_by(Goal.created_at.desc(), Goal.id), page, limit)
    return Page(await states(uow, user, found.items), found.page, found.limit, found.total)


def _status_is(status: str, day: date) -> ColumnElement[bool]:
    if status == "achieved":
        return Goal.achieved_at.is_not(None)
    missed = and_(Goal.deadline.is_not(None), Goal.deadline < day)
    if status == "missed":
        return and_(Goal.achieved_at.is_(None), missed)
    return and_(Goal.achieved_at.is_(None), or_(Goal.deadline.is_(None), Goal.deadline >= day))


async def states(uow: UnitOfWork, user: User, found: list[Goal]) -> list[GoalState]:
    reads, day = Reads(uow, user), today(user)
    return [GoalState(goal, await reads.progress(goal), status_of(goal, day)) for goal in found]
