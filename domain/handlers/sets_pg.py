"""A logged set in one round trip on PostgreSQL.

The general path (domain/handlers/sets.py) reads where the sets go, inserts them and bumps the
workout's version: BEGIN, three statements and COMMIT, five round trips and five turns of the
async driver for the commonest write there is. On PostgreSQL the same work is one statement with
data-modifying CTEs, run in autocommit (one statement is one transaction, atomic as before):

    target: the workout (its row locked), the lifter's unit, its last position and the exercise asked for
    ins:    the sets, inserted only if the target allows it (exercise known, workout not cancelled)
    bump:   the workout's version, bumped only if something was inserted

and the answer carries what the handler needs to report either the sets or why there are none.
Every parameter is named `p_...`: SQLAlchemy adds a SET for each execute parameter that is named
like a column of an UPDATE's table, even in a CTE.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Boolean,
    Float,
    Integer,
    Select,
    String,
    bindparam,
    case,
    cast,
    func,
    insert,
    literal_column,
    select,
    true,
    update,
)

from domain.handlers.set_target import SETS as _SETS
from domain.handlers.set_target import SHOWN, target_select
from domain.handlers.set_target import WORKOUTS as _WORKOUTS
from domain.prepared import Prepared

# What the statement computes per set; every other column is a parameter `p_<column>`, the same
# for every set.
_COMPUTED = {"id", "workout_id", "exercise_id", "position", "unit", "weight_kg"}
PARAMS = tuple(c.key for c in _SETS.c if c.key not in _COMPUTED)


def _p(name: str, type_: Any = None) -> Any:
    return bindparam(f"p_{name}", type_=type_)


def log_statement(exercise_by_id: bool, *, given_workout: bool) -> Select[Any]:
    # The workout's row is locked first: a log that waits here for another writer of the workout
    # cannot have inserted anything yet, so it never holds a position that writer then waits for.
    target = target_select(
        exercise_by_id, given_workout=given_workout, prefix="p_", whole_workout=False, lock=True
    ).cte("target")
    # A weight given without a unit is in the lifter's unit; kilograms are computed in Python for
    # both units (the same rounding as every other write) and picked here.
    unit = case((_p("unit_from_user", Boolean()), target.c.unit_pref), else_=_p("unit", String()))
    weight_kg = case((unit == "lb", cast(_p("kg_if_lb"), Float)), else_=cast(_p("kg_if_kg"), Float))
    series = func.generate_series(1, _p("count", Integer())).table_valued("i").render_derived(name="n")
    per_set = {
        "id": func.gen_random_uuid(),
        "workout_id": target.c.w_id,
        "exercise_id": target.c.ex_id,
        "position": target.c.last + series.c.i,
        "unit": unit,
        "weight_kg": weight_kg,
    }
    columns = [c.key for c in _SETS.c]
    rows = (
        select(*(per_set[k] if k in per_set else _p(k, _SETS.c[k].type) for k in columns))
        .select_from(target)
        .join(series, true())
        .where(target.c.w_status != "cancelled", target.c.ex_id.is_not(None))
    )
    ins = (
        insert(_SETS)
        .from_select(columns, rows)
        .returning(_SETS.c.id, _SETS.c.workout_id, _SETS.c.position, _SETS.c.unit, _SETS.c.weight_kg)
        .cte("ins")
    )
    bump = (
        update(_WORKOUTS)
        .where(_WORKOUTS.c.id == select(ins.c.workout_id).limit(1).scalar_subquery())
        .values(version=_WORKOUTS.c.version + 1, updated_at=_p("updated_at", _WORKOUTS.c.updated_at.type))
        .returning(*_WORKOUTS.c)
        .cte("bump")
    )
    return (
        select(
            target.c.w_status.label("target_status"),
            *(target.c[f"ex_{k}"] for k in SHOWN),
            ins.c.id.label("set_id"),
            ins.c.position.label("set_position"),
            ins.c.unit.label("set_unit"),
            ins.c.weight_kg.label("set_weight_kg"),
            *(c.label(f"w_{c.key}") for c in bump.c),
        )
        .select_from(target)
        .outerjoin(ins, true())
        .outerjoin(bump, true())
        .order_by(literal_column("set_position"))
    )


STATEMENTS = {
    (given, by_id): Prepared(log_statement(by_id, given_workout=given))
    for given in (True, False)
    for by_id in (True, False)
}
