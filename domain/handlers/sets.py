"""Logging, changing and removing sets.

`write_sets` is the one way new sets go into a workout, for every writer (REST, batch sync, a workout
created with its sets, the assistant, and later importers and device sync): in the caller's
transaction it locks the workout's row (`touch_workout`; on SQLite the unit already holds the
store's write lock), numbers the sets after the workout's last one, inserts them and counts one
more change to the workout, and keeps the lifter's personal records current (handlers/records.py).
Because the lock comes first, two writers of one workout take turns and never share a position.
Changing or removing a set recomputes the records of its exercise in the same transaction.
Each change adds its events (domain/events.py) to the unit, published once it commits; a removed
set leaves a tombstone for delta sync (domain/changes.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, func, insert, inspect, select, update

from domain import commands as c
from domain import events as ev
from domain.changes import bury
from domain.errors import Conflict, Invalid, NotFound
from domain.handlers import records
from domain.lookups import owned_set, owned_workout, resolve_exercise
from domain.models import Exercise, User, Workout, WorkoutSet, utcnow
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


_UNIT_PREF = select(User.unit_pref).where(User.id == bindparam("user_id"))


async def default_unit(uow: UnitOfWork, user_id: uuid.UUID) -> str:
    unit = await uow.session.scalar(_UNIT_PREF, {"user_id": user_id})
    return unit or "lb"


def apply_values(row: WorkoutSet, values: dict[str, Any], exercise: Exercise | None = None) -> None:
    for name, value in values.items():
        if name == "completed_at" and value is None:
            continue
        setattr(row, name, value)
    if exercise is not None:
        row.exercise_id = exercise.id
        row.exercise = exercise
    row.weight_kg = to_kg(row.weight, row.unit)


def new_set(values: dict[str, Any], exercise: Exercise, **columns: Any) -> WorkoutSet:
    """A set not yet written, every column given: the entry's values, its exercise and `columns`
    (user_id, ...); write_sets numbers it."""
    now = utcnow()
    row = WorkoutSet(
        **{"id": uuid.uuid4(), "client_id": None, "batch_id": None, "created_at": now, "updated_at": now} | columns
    )
    apply_values(row, values, exercise)
    return row


_SET_COLUMNS = tuple(c.key for c in inspect(WorkoutSet).columns)
_LAST_POSITION = select(func.coalesce(func.max(WorkoutSet.position), 0)).where(
    WorkoutSet.workout_id == bindparam("workout_id")
)


async def lock_workout(uow: UnitOfWork, user_id: uuid.UUID, workout_id: uuid.UUID | None) -> Workout | None:
    """The lifter's workout (`workout_id`, or the one in progress), its row locked until the unit
    commits and one more change counted (version, `updated_at`), in one statement; None if there is
    no such workout. A unit counts once per workout, however often it locks it."""
    which = Workout.id == workout_id if workout_id is not None else Workout.status == "in_progress"
    known = next((w for w in uow.locked if w.user_id == user_id and (workout_id is None or w.id == workout_id)), None)
    if known is not None and (workout_id is not None or known.status == "in_progress"):
        return known
    await uow.session.flush()  # a workout made in this unit is in the store before it is locked
    stmt = (
        update(Workout)
        .where(Workout.user_id == user_id, which)
        .values(version=Workout.version + 1, updated_at=utcnow())
        .returning(Workout)
        .execution_options(populate_existing=True)
    )
    workout = (await uow.session.scalars(stmt)).one_or_none()
    if workout is not None:
        uow.locked.append(workout)
    return workout


async def touch_workout(uow: UnitOfWork, workout: Workout) -> None:
    """Lock `workout` and count one more change to it (see `lock_workout`)."""
    await lock_workout(uow, workout.user_id, workout.id)


async def write_sets(
    uow: UnitOfWork, workout: Workout, sets: Sequence[WorkoutSet], announce: type[ev.Event] | None = None
) -> None:
    """Lock the workout, number `sets` after its last set, insert them, bump its version, bring the
    records up to date; the caller commits. Events: `announce` of the workout (its start, say), a
    `set.logged` for each set, then any record they set."""
    await touch_workout(uow, workout)
    if announce is not None:
        uow.add_event(ev.workout_event(announce, workout))
    last = await uow.session.scalar(_LAST_POSITION, {"workout_id": workout.id})
    for position, row in enumerate(sets, start=int(last or 0) + 1):
        row.workout_id, row.position = workout.id, position
    if sets:  # a bulk insert: the rows are complete (new_set), a flush would only cost time
        await uow.session.execute(insert(WorkoutSet), [{k: getattr(r, k) for k in _SET_COLUMNS} for r in sets])
        uow.add_event(*ev.sets_logged(workout, sets))
        await records.sets_added(uow, workout, sets)


async def log_sets(cmd: c.LogSets, uow: UnitOfWork) -> SetsLogged:
    """`count` sets into the given workout, or the one in progress (started if there is none). A
    `client_id` seen before updates that set instead (an offline client retrying)."""
    values = entry_values(cmd.entry)
    check = check_set_values(values)
    if not 1 <= cmd.count <= MAX_SETS_PER_LOG:
        check.add("sets", f"must be between 1 and {MAX_SETS_PER_LOG}")
    if cmd.entry.client_id is not None and cmd.count != 1:
        check.add("client_id", "only one set may carry a client_id")
    check.raise_if_any()
    return await uow.retry_on_race(lambda: _log_sets(cmd, uow, dict(values)))


async def _log_sets(cmd: c.LogSets, uow: UnitOfWork, values: dict[str, Any]) -> SetsLogged:
    exercise = await resolve_exercise(uow, cmd.user_id, cmd.entry.exercise)
    if values["weight"] is not None and values["unit"] is None:
        values["unit"] = await default_unit(uow, cmd.user_id)
    if cmd.entry.client_id is not None:
        existing = await uow.session.scalar(
            select(WorkoutSet).where(WorkoutSet.user_id == cmd.user_id, WorkoutSet.client_id == cmd.entry.client_id)
        )
        if existing is not None:
            was = existing.exercise_id
            apply_values(existing, values, exercise)
            workout = await owned_workout(uow, cmd.user_id, existing.workout_id)
            await touch_workout(uow, workout)
            await records.refresh(uow, cmd.user_id, [was, exercise.id])
            uow.add_event(ev.SetUpdated(cmd.user_id, ev.set_data(existing), workout.id))
            await uow.commit()
            return SetsLogged(workout, [existing], False)
    workout, started = await _workout_for(uow, cmd)
    done, batch = cmd.entry.completed_at or utcnow(), uuid.uuid4()
    rows = [
        new_set(
            values | {"completed_at": done},
            exercise,
            user_id=cmd.user_id,
            client_id=cmd.entry.client_id,
            batch_id=batch,
        )
        for _ in range(cmd.count)
    ]
    await write_sets(uow, workout, rows, ev.WorkoutStarted if started else None)
    await uow.commit()
    return SetsLogged(workout, rows, started)


async def _workout_for(uow: UnitOfWork, cmd: c.LogSets) -> tuple[Workout, bool]:
    """The workout the sets go into, already locked, and whether this command starts it."""
    workout = await lock_workout(uow, cmd.user_id, cmd.workout_id)
    if workout is not None:
        if workout.status == "cancelled":
            raise Conflict("This workout was cancelled; sets cannot be added to it")
        return workout, False
    if cmd.workout_id is not None:
        raise NotFound("Workout not found")
    workout = Workout(user_id=cmd.user_id, status="in_progress", started_at=utcnow(), source=cmd.source)
    uow.session.add(workout)
    return workout, True


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
    was = row.exercise_id
    apply_values(row, changes, exercise)
    await touch_workout(uow, await owned_workout(uow, cmd.user_id, row.workout_id))
    await records.refresh(uow, cmd.user_id, [was, row.exercise_id])
    uow.add_event(ev.SetUpdated(cmd.user_id, ev.set_data(row), row.workout_id))
    await uow.commit()
    return row


async def delete_set(cmd: c.DeleteSet, uow: UnitOfWork) -> WorkoutSet:
    row = await owned_set(uow, cmd.user_id, cmd.set_id)
    workout = await owned_workout(uow, cmd.user_id, row.workout_id)
    await uow.session.delete(row)
    bury(uow, cmd.user_id, "set", row.id)
    await touch_workout(uow, workout)
    await records.refresh(uow, cmd.user_id, [row.exercise_id])
    uow.add_event(ev.SetDeleted(cmd.user_id, ev.gone_set_data(row), workout.id))
    await uow.commit()
    return row
