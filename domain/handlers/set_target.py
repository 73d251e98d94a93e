"""Where logged sets go and what they are of, read in one statement of plain columns.

The workout (given, or the one in progress), the lifter's unit, the workout's last position and
the exercise named (by id or slug; the lifter's own before the catalog's), as one row of columns
`w_<workout column>`, `last`, `unit_pref` and `ex_<exercise column>`: no ORM identity map or
loading pass for the commonest write there is. Used as is (domain/handlers/sets.py) and as the
first CTE of PostgreSQL's one-statement log (domain/handlers/sets_pg.py).
"""

from __future__ import annotations

import operator
import typing
from typing import Any

from sqlalchemy import JSON, Select, Table, and_, bindparam, func, select

from domain.lookups import chosen_exercise
from domain.models import Exercise, User, Workout, WorkoutSet, loaded

SETS = typing.cast(Table, WorkoutSet.__table__)
WORKOUTS = typing.cast(Table, Workout.__table__)
_EXERCISES = typing.cast(Table, Exercise.__table__)
# What a set shows of its exercise: not the lists (aliases, muscles, instructions), which are JSON
# for the driver to parse on every set logged.
SHOWN = tuple(c.key for c in _EXERCISES.c if not isinstance(c.type, JSON))


def target_select(
    exercise_by_id: bool, *, given_workout: bool, prefix: str = "", whole_workout: bool = True, lock: bool = False
) -> Select[Any]:
    """Parameters `workout_id` (if given), `user_id` and `ref`, each name after `prefix`. Without
    `whole_workout`, only the workout's id and status. With `lock`, the workout's row is locked
    (FOR UPDATE) before anything is read from it."""
    w = WORKOUTS.c
    user = bindparam(f"{prefix}user_id", type_=w.user_id.type)
    where = (
        and_(w.id == bindparam(f"{prefix}workout_id", type_=w.id.type), w.user_id == user)
        if given_workout
        else and_(w.user_id == user, w.status == "in_progress")
    )
    last = select(func.coalesce(func.max(SETS.c.position), 0)).where(SETS.c.workout_id == w.id).scalar_subquery()
    ex = _EXERCISES.alias("ex")
    found = (
        select(
            *(c.label(f"w_{c.key}") for c in (w if whole_workout else (w.id, w.status))),
            last.label("last"),
            User.unit_pref.label("unit_pref"),
            *(ex.c[k].label(f"ex_{k}") for k in SHOWN),
        )
        .join(User, User.id == w.user_id)
        .outerjoin(ex, ex.c.id == chosen_exercise(exercise_by_id, prefix=prefix))
        .where(where)
    )
    return found.with_for_update(of=WORKOUTS) if lock else found


# A row's values by label in one call (a quarter of reading them one by one with getattr)
_EXERCISE_VALUES = operator.itemgetter(*(f"ex_{k}" for k in SHOWN))
_WORKOUT_KEYS = tuple(c.key for c in WORKOUTS.c)
_WORKOUT_VALUES = operator.itemgetter(*(f"w_{k}" for k in _WORKOUT_KEYS))


def exercise_of(row: Any) -> Exercise | None:
    """The exercise in a row, as a detached object without its lists (None: no such exercise)."""
    if row.ex_id is None:
        return None
    return loaded(Exercise, dict(zip(SHOWN, _EXERCISE_VALUES(row._mapping), strict=True)))


def workout_of(row: Any) -> Workout:
    """The workout in a row, as a detached object."""
    return loaded(Workout, dict(zip(_WORKOUT_KEYS, _WORKOUT_VALUES(row._mapping), strict=True)))
