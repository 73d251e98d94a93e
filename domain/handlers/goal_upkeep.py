"""`achieved_at` of goals, kept in the write path: the moment the lifter's data first met a goal.

Why in the write path and not on read: the moment is known where the data changes, so a goal met
by logging a set is met at that set's time, in the same transaction (an announcement or an event
can follow from it, and reads stay reads). It stays cheap: after sets are added, one indexed read
of the lifter's open goals that those sets could meet (goals on the sets' exercises, and workout
counts only when a workout got its first set); nothing more when there are none, which is the
common case. Adding data can only meet goals, so only open ones are looked at. Editing or removing
sets (the paths that recompute records, domain/handlers/records.py: refresh) re-evaluates every goal
on those exercises and every workout count, met or not: a set undone is a set never done, and a goal
it met is open again (or met at a later set). Body weight readings check open body weight goals.
Creating or changing a goal evaluates it at once (a goal already reached when set is met then).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, Select, bindparam, or_, select

from domain import events as ev
from domain.goal_progress import Reads
from domain.goals import COUNTS
from domain.models import Goal, User
from domain.uow import UnitOfWork

_MINE: BindParameter[uuid.UUID] = bindparam("user_id", type_=Goal.user_id.type)
# The open goals sets just added could meet: on their exercises, or workout counts (when `counts`).
_OPEN_FOR_SETS = select(Goal).where(
    Goal.user_id == _MINE,
    Goal.achieved_at.is_(None),
    or_(
        Goal.exercise_id.in_(bindparam("exercise_ids", expanding=True)),
        Goal.kind.in_(COUNTS) & bindparam("counts"),
    ),
)


async def sets_added(
    uow: UnitOfWork, user_id: uuid.UUID, exercise_ids: Iterable[uuid.UUID], *, first_sets: bool
) -> list[Goal]:
    """The open goals sets just added met (`first_sets`: a workout got its first, so it now counts)."""
    keys = {"user_id": user_id, "exercise_ids": list(set(exercise_ids)), "counts": first_sets}
    return await _met(uow, user_id, _OPEN_FOR_SETS, keys, recompute=False)


async def sets_changed(uow: UnitOfWork, user_id: uuid.UUID, exercise_ids: Iterable[uuid.UUID]) -> None:
    """Re-evaluate every goal on these exercises, and the workout counts, after sets were edited or removed."""
    await _check(uow, user_id, or_(Goal.exercise_id.in_(set(exercise_ids)), Goal.kind.in_(COUNTS)), recompute=True)


async def body_weight_logged(uow: UnitOfWork, user_id: uuid.UUID) -> list[Goal]:
    return await _check(uow, user_id, Goal.achieved_at.is_(None), Goal.kind == "body_weight", recompute=False)


async def evaluate(uow: UnitOfWork, user: User, goal: Goal) -> None:
    """A goal just set or changed: met now, met earlier, or not yet."""
    await uow.session.flush()
    goal.achieved_at = await Reads(uow, user).first_met(goal)


async def _check(uow: UnitOfWork, user_id: uuid.UUID, *where: ColumnElement[bool], recompute: bool) -> list[Goal]:
    stmt = select(Goal).where(Goal.user_id == _MINE, *where)
    return await _met(uow, user_id, stmt, {"user_id": user_id}, recompute=recompute)


async def _met(
    uow: UnitOfWork, user_id: uuid.UUID, stmt: Select[Goal], keys: dict[str, Any], *, recompute: bool
) -> list[Goal]:
    """Evaluate the goals `stmt` finds; the newly met ones (with a `goal.met` event each)."""
    await uow.session.flush()  # the sets or readings just written are read below
    goals = list((await uow.session.scalars(stmt, keys)).all())
    if not goals:
        return []
    user = await uow.session.get(User, user_id)
    if user is None:
        return []
    reads, met = Reads(uow, user), []
    for goal in goals:
        when = await reads.first_met(goal)
        if when != goal.achieved_at and (recompute or when is not None):
            newly = goal.achieved_at is None
            goal.achieved_at = when
            if newly:
                met.append(goal)
                uow.add_event(ev.GoalMet(user_id, ev.goal_data(goal)))
    return met
