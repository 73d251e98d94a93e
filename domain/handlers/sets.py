"""Logging, changing and removing sets: the one way every channel writes a set."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from domain import commands as c
from domain.errors import Conflict, Invalid, NotFound
from domain.handlers import sets_pg
from domain.handlers.set_target import SETS as _SETS
from domain.handlers.set_target import WORKOUTS as _WORKOUTS
from domain.handlers.set_target import exercise_of, target_select, workout_of
from domain.lookups import (
    active_workout,
    as_uuid,
    next_position,
    owned_set,
    owned_workout,
    resolve_exercise,
    unknown_exercise,
)
from domain.models import Exercise, User, Workout, WorkoutSet, loaded, utcnow
from domain.prepared import Prepared
from domain.units import to_kg
from domain.uow import UnitOfWork
from domain.validation import MAX_SETS_PER_LOG, check_set_values

SET_FIELDS = (
    "reps",
    "weight",
    "unit",
    "rpe",
    "rir",
    "set_type",
    "duration_s",
    "distance_m",
    "bodyweight",
    "added_weight",
    "notes",
    "completed_at",
)


@dataclass(frozen=True)
class SetsLogged:
    workout: Workout
    sets: list[WorkoutSet]
    workout_started: bool


def entry_values(entry: c.SetEntry) -> dict[str, Any]:
    return {name: getattr(entry, name) for name in SET_FIELDS}


async def default_unit(uow: UnitOfWork, user_id: uuid.UUID) -> str:
    user = await uow.session.get(User, user_id)
    return user.unit_pref if user else "lb"


def apply_values(row: WorkoutSet, values: dict[str, Any], exercise: Exercise | None = None) -> None:
    for name, value in values.items():
        if name == "completed_at" and value is None:
            continue
        setattr(row, name, value)
    if exercise is not None:
        row.exercise_id = exercise.id
        row.exercise = exercise
    row.weight_kg = to_kg(row.weight, row.unit)


def _new_set(values: dict[str, Any], **columns: Any) -> dict[str, Any]:
    """Every column of a new set: the entry's values (SET_FIELDS), then `columns`, and its kilograms."""
    row = values | columns
    row["weight_kg"] = to_kg(row["weight"], row["unit"])
    return row


def _as_model(row: dict[str, Any], exercise: Exercise) -> WorkoutSet:
    return loaded(WorkoutSet, row | {"exercise": exercise})


@dataclass(frozen=True)
class _Target:
    workout: Workout
    started: bool  # made by this command (no workout was in progress)
    unit: str  # the lifter's unit, for a weight given without one
    last_position: int
    exercise: Exercise


_INSERT_SETS = Prepared(insert(_SETS))
_BUMP_VERSION = Prepared(
    update(_WORKOUTS)
    .where(_WORKOUTS.c.id == bindparam("workout_id"))
    .values(version=_WORKOUTS.c.version + 1, updated_at=bindparam("now"))
    .returning(_WORKOUTS.c.version)
)
# Built once (every set logged runs one): for the given workout or the one in progress, with the
# exercise named by id or by slug.
_TARGETS = {
    (given, by_id): Prepared(target_select(by_id, given_workout=given))
    for given in (True, False)
    for by_id in (True, False)
}


def _target_query(cmd: c.LogSets) -> tuple[tuple[bool, bool], dict[str, Any]]:
    """Which of `_TARGETS` finds where the command's sets go, and its parameters."""
    ref = cmd.entry.exercise.strip()
    ex_id = as_uuid(ref)
    key = (cmd.workout_id is not None, ex_id is not None)
    return key, {"workout_id": cmd.workout_id, "user_id": cmd.user_id, "ref": ex_id or ref.lower()}


def _target_of(row: Any, cmd: c.LogSets) -> _Target:
    """The target in a row of `_TARGETS`, or why sets cannot go there."""
    exercise = exercise_of(row)
    if exercise is None:
        raise unknown_exercise(cmd.entry.exercise)
    if row.w_status == "cancelled":
        raise Conflict("This workout was cancelled; sets cannot be added to it")
    return _Target(workout_of(row), False, row.unit_pref, row.last, exercise)


async def _lock_workout(uow: UnitOfWork, cmd: c.LogSets) -> None:
    """Lock the workout the sets go into, if it exists, until the unit commits: what is read after
    this (a statement of its own, so a snapshot taken once the lock is held) is its last position
    as no other writer can change it. The other writers of sets lock it first too: the one-statement
    log (sets_pg) and batch sync (which bumps the version before it reads the last position)."""
    w = Workout.__table__.c
    which = w.id == cmd.workout_id if cmd.workout_id is not None else w.status == "in_progress"
    await uow.session.execute(select(w.id).where(w.user_id == cmd.user_id, which).with_for_update())


async def _target(uow: UnitOfWork, cmd: c.LogSets) -> _Target:
    """Where the sets go, and what they are of: one round trip when the workout exists."""
    key, params = _target_query(cmd)
    rows = await uow.fetch(_TARGETS[key], params)
    if rows:
        return _target_of(rows[0], cmd)
    exercise = await resolve_exercise(uow, cmd.user_id, cmd.entry.exercise)  # an unknown one is a 422 first
    if cmd.workout_id is not None:
        raise NotFound("Workout not found")
    workout = Workout(user_id=cmd.user_id, status="in_progress", started_at=utcnow(), source=cmd.source)
    uow.session.add(workout)
    try:
        async with uow.session.begin_nested():
            await uow.session.flush()
    except IntegrityError:  # another request started one a moment ago
        found = await active_workout(uow, cmd.user_id)
        if found is None:
            raise
        unit, last = await default_unit(uow, cmd.user_id), await next_position(uow, found.id) - 1
        return _Target(found, False, unit, last, exercise)
    return _Target(workout, True, await default_unit(uow, cmd.user_id), 0, exercise)


async def _log_in_one_statement(uow: UnitOfWork, cmd: c.LogSets, values: dict[str, Any]) -> SetsLogged | None:
    """The sets through domain/handlers/sets_pg.py (PostgreSQL); None when there is no workout to
    log into, and nothing was written."""
    ref = cmd.entry.exercise.strip()
    ex_id = as_uuid(ref)
    weight, now = values["weight"], utcnow()
    given = {name: values[name] for name in sets_pg.PARAMS if name in values}
    given |= {
        "user_id": cmd.user_id,
        "workout_id": cmd.workout_id,
        "ref": ex_id or ref.lower(),
        "count": cmd.count,
        "unit": values["unit"],
        "unit_from_user": weight is not None and values["unit"] is None,
        "kg_if_lb": to_kg(weight, "lb"),
        "kg_if_kg": to_kg(weight, "kg"),
        "client_id": None,
        "batch_id": uuid.uuid4(),
        "completed_at": values["completed_at"] or now,
        "created_at": now,
        "updated_at": now,
    }
    params = {f"p_{name}": value for name, value in given.items()}
    stmt = sets_pg.STATEMENTS[(cmd.workout_id is not None, ex_id is not None)]
    answer = await uow.run_alone(stmt, params, order=str(cmd.user_id))  # one statement, one transaction
    if not answer:
        return None
    first = answer[0]
    exercise = exercise_of(first)
    if exercise is None:
        raise unknown_exercise(cmd.entry.exercise)
    if first.target_status == "cancelled":
        raise Conflict("This workout was cancelled; sets cannot be added to it")
    workout = workout_of(first)
    common = {k: given[k] for k in ("user_id", "client_id", "batch_id", "completed_at", "created_at", "updated_at")}
    rows = [
        _new_set(
            values | {"unit": r.set_unit},
            **common,
            id=r.set_id,
            workout_id=workout.id,
            exercise_id=exercise.id,
            position=r.set_position,
        )
        for r in answer
    ]
    return SetsLogged(workout, [_as_model(row, exercise) for row in rows], False)


POSITION_TRIES = 5


async def log_sets(cmd: c.LogSets, uow: UnitOfWork) -> SetsLogged:
    """The sets, after the workout's last one. Two logs into one workout at the same moment (two
    devices, two server workers) can both read the same last position: the store keeps one set per
    position (migration 0005) and refuses the second, which is then tried again; the last try goes
    the general way, which on PostgreSQL locks the workout before it reads the last position (and
    holds the lock for longer: under a crowd of writers of one workout, everyone else waits)."""
    for tries_left in range(POSITION_TRIES - 1, -1, -1):
        try:
            return await _log_sets(cmd, uow, quick=tries_left > 0)
        except IntegrityError as e:
            if tries_left == 0 or not _position_taken(e):
                raise
            if not uow.fresh:
                await uow.rollback()
    raise AssertionError("unreachable")


def _position_taken(e: IntegrityError) -> bool:
    said = str(e.orig)
    return "uq_sets_workout_position" in said or "sets.workout_id, sets.position" in said  # PostgreSQL, SQLite


async def _log_sets(cmd: c.LogSets, uow: UnitOfWork, *, quick: bool = True) -> SetsLogged:
    """`quick`: into a workout that exists, in one statement or one shared transaction (below)."""
    values = entry_values(cmd.entry)
    check = check_set_values(values)
    if not 1 <= cmd.count <= MAX_SETS_PER_LOG:
        check.add("sets", f"must be between 1 and {MAX_SETS_PER_LOG}")
    if cmd.entry.client_id is not None and cmd.count != 1:
        check.add("client_id", "only one set may carry a client_id")
    check.raise_if_any()
    if cmd.entry.client_id is not None:
        existing = await uow.session.scalar(
            select(WorkoutSet).where(WorkoutSet.user_id == cmd.user_id, WorkoutSet.client_id == cmd.entry.client_id)
        )
        if existing is not None:  # an offline client retrying: update, never duplicate
            exercise = await resolve_exercise(uow, cmd.user_id, cmd.entry.exercise)
            if values["weight"] is not None and values["unit"] is None:
                values["unit"] = await default_unit(uow, cmd.user_id)
            apply_values(existing, values, exercise)
            workout = await owned_workout(uow, cmd.user_id, existing.workout_id)
            workout.version += 1
            await uow.commit()
            return SetsLogged(workout, [existing], False)
    elif uow.fresh and quick:
        # The commonest write there is, into a workout that exists: PostgreSQL in one statement,
        # SQLite in one transaction of plain statements; else (no workout to log into) the general
        # path below starts one or says why.
        if uow.dialect == "postgresql":
            done = await _log_in_one_statement(uow, cmd, values)
        else:
            done = await uow.transaction(lambda conn: _log_in_one_transaction(conn, cmd, values), shared=True)
        if done is not None:
            return done
    if uow.dialect == "postgresql":
        await _lock_workout(uow, cmd)
    target = await _target(uow, cmd)
    rows = _rows_for(cmd, values, target)
    version = await uow.commit_after(lambda conn: _insert_and_bump(conn, rows, target.workout.id))
    return _logged(target, rows, version)


def _log_in_one_transaction(conn: Connection, cmd: c.LogSets, values: dict[str, Any]) -> SetsLogged | None:
    """Target, insert and version bump on one connection, in the caller's transaction, as prepared
    statements on its cursor (SQLite); None when there is no workout to log into, and nothing was
    written."""
    key, params = _target_query(cmd)
    found = _TARGETS[key].rows(conn, params)
    if not found:
        return None
    target = _target_of(found[0], cmd)
    rows = _rows_for(cmd, dict(values), target)  # the caller's values untouched: this may run again
    _INSERT_SETS.run_many(conn, rows)
    (version,) = _BUMP_VERSION.rows(conn, {"workout_id": target.workout.id, "now": rows[0]["updated_at"]})[0]
    return _logged(target, rows, int(version))


def _rows_for(cmd: c.LogSets, values: dict[str, Any], target: _Target) -> list[dict[str, Any]]:
    """Every column of the sets to insert."""
    if values["weight"] is not None and values["unit"] is None:
        values["unit"] = target.unit
    batch, now = uuid.uuid4(), utcnow()
    return [
        _new_set(
            values,
            id=uuid.uuid4(),
            workout_id=target.workout.id,
            user_id=cmd.user_id,
            exercise_id=target.exercise.id,
            position=target.last_position + 1 + i,
            batch_id=batch,
            client_id=cmd.entry.client_id,
            completed_at=cmd.entry.completed_at or now,
            created_at=now,
            updated_at=now,
        )
        for i in range(cmd.count)
    ]


# Two plain statements rather than a unit-of-work flush (a third of this command's time): the rows
# are written as built, and the workout's version is bumped in the database. They and the commit run
# in one go: SQLite's write lock is held from the insert to the commit, nothing between.
def _insert_and_bump(conn: Connection, rows: list[dict[str, Any]], workout_id: uuid.UUID) -> int:
    _INSERT_SETS.run_many(conn, rows)
    (version,) = _BUMP_VERSION.rows(conn, {"workout_id": workout_id, "now": rows[0]["updated_at"]})[0]
    return int(version)


def _logged(target: _Target, rows: list[dict[str, Any]], version: int) -> SetsLogged:
    workout = target.workout
    set_committed_value(workout, "version", version)
    set_committed_value(workout, "updated_at", rows[0]["updated_at"])
    return SetsLogged(workout, [_as_model(row, target.exercise) for row in rows], target.started)


async def update_set(cmd: c.UpdateSet, uow: UnitOfWork) -> WorkoutSet:
    row = await owned_set(uow, cmd.user_id, cmd.set_id)
    changes = {k: v for k, v in cmd.changes.items() if k in SET_FIELDS}
    merged = {name: getattr(row, name) for name in SET_FIELDS} | changes
    check_set_values(merged).raise_if_any()
    exercise = None
    if cmd.changes.get("exercise"):
        exercise = await resolve_exercise(uow, cmd.user_id, str(cmd.changes["exercise"]))
    if changes.get("weight") is not None and merged.get("unit") is None:
        changes["unit"] = await default_unit(uow, cmd.user_id)
    if not changes and exercise is None:
        raise Invalid("Nothing to change", [{"field": "body", "message": "give at least one field to change"}])
    apply_values(row, changes, exercise)
    workout = await owned_workout(uow, cmd.user_id, row.workout_id)
    workout.version += 1
    await uow.commit()
    return row


async def delete_set(cmd: c.DeleteSet, uow: UnitOfWork) -> WorkoutSet:
    row = await owned_set(uow, cmd.user_id, cmd.set_id)
    workout = await owned_workout(uow, cmd.user_id, row.workout_id)
    await uow.session.delete(row)
    workout.version += 1
    await uow.commit()
    return row
