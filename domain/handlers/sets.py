"""Logging, changing and removing sets.

`write_sets` is the one way new sets go into a workout, for every writer (REST, batch sync, a workout
created with its sets, the assistant, and later importers and device sync): in the caller's
transaction it locks the workout's row (`touch_workout`; on SQLite the unit already holds the
store's write lock), numbers the sets after the workout's last one, inserts them and counts one
more change to the workout, and keeps the lifter's personal records current (handlers/records.py).
Because the lock comes first, two writers of one workout take turns and never share a position.
Changing or removing a set recomputes the records of its exercise in the same transaction.

Planned sets (`completed` false: a routine's, a cloned workout's, a client's plan) count nowhere
until done. A log fills them: sets of an exercise logged into a workout complete its planned sets of
that exercise in order (or the one at `position`) before any new set is added (handlers/plans.py:
complete_planned_sets marks them done as planned). A set logged into a finished workout without a
time takes a time inside it (right after its last set done, else its start), not now.

`write_new_workouts` is the same for many workouts made in one transaction (an import's batch).

Each change adds its events (domain/events.py) to the unit, published once it commits; a removed
set leaves a tombstone for delta sync (domain/changes.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import bindparam, func, insert, inspect, select, update

from domain import commands as c
from domain import events as ev
from domain.changes import bury
from domain.errors import Conflict, Invalid, NotFound
from domain.handlers import goal_upkeep, records
from domain.lookups import owned_set, owned_workout, resolve_exercise
from domain.models import Exercise, Goal, User, Workout, WorkoutSet, utcnow
from domain.units import convert, to_kg
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
PLAN_FIELDS = ("target_reps", "target_weight", "target_rpe", "rest_s")
WRITABLE = (*SET_FIELDS, *PLAN_FIELDS, "completed")  # what a write may give of a set
DONE_VALUES = ("reps", "weight", "rpe", "rir", "duration_s", "distance_m", "notes")  # what a plan goes back without


@dataclass(frozen=True)
class SetsLogged:
    workout: Workout
    sets: list[WorkoutSet]
    workout_started: bool
    goals_met: list[Goal] = field(default_factory=list)  # goals these sets met (domain/handlers/goal_upkeep.py)


def entry_values(entry: c.SetEntry) -> dict[str, Any]:
    return {name: getattr(entry, name) for name in WRITABLE}


_UNIT_PREF = select(User.unit_pref).where(User.id == bindparam("user_id"))


async def default_unit(uow: UnitOfWork, user_id: uuid.UUID) -> str:
    unit = await uow.session.scalar(_UNIT_PREF, {"user_id": user_id})
    return unit or "lb"


def apply_values(row: WorkoutSet, values: dict[str, Any], exercise: Exercise | None = None) -> None:
    """`values` on `row` (a completed_at of None keeps the row's); a target weight follows a change
    of unit, so the plan keeps its load."""
    unit = values.get("unit")
    if unit is not None and row.unit is not None and unit != row.unit and "target_weight" not in values:
        row.target_weight = convert(row.target_weight, row.unit, unit)
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
    defaults = {"id": uuid.uuid4(), "client_id": None, "batch_id": None, "completed": True}
    row = WorkoutSet(**defaults | {"created_at": now, "updated_at": now} | columns)
    apply_values(row, values, exercise)
    if row.completed is None:
        row.completed = True
    return row


def as_done(row: WorkoutSet, done: Any, batch: uuid.UUID | None, unit: str) -> None:
    """Mark a planned set done at `done`: the values it lacks are its targets ("done as planned"),
    and it counts as logged now (its batch, `created_at`: what undo and repeat act on)."""
    if row.reps is None and row.duration_s is None and row.distance_m is None:
        row.reps = row.target_reps
    if row.weight is None and row.target_weight is not None:
        row.weight, row.unit = row.target_weight, row.unit or unit
    row.weight_kg = to_kg(row.weight, row.unit)
    row.completed, row.completed_at, row.batch_id, row.created_at = True, done, batch, utcnow()


def as_planned(row: WorkoutSet) -> None:
    """A filled planned set back to its plan (undo): no values, not done."""
    for name in DONE_VALUES:
        setattr(row, name, None)
    row.weight_kg, row.completed, row.batch_id, row.client_id = None, False, None, None


def carries_plan(row: WorkoutSet) -> bool:
    return any(getattr(row, name) is not None for name in PLAN_FIELDS)


def new_row(values: dict[str, Any], exercise: Exercise, **columns: Any) -> dict[str, Any]:
    """`new_set` as the row's plain values (no ORM object: an import writes tens of thousands)."""
    now = utcnow()
    row = dict.fromkeys(_SET_COLUMNS) | {"id": uuid.uuid4(), "created_at": now, "updated_at": now, "completed": True}
    row |= columns
    row |= {k: v for k, v in values.items() if v is not None or k != "completed_at"}
    row["exercise_id"], row["weight_kg"] = exercise.id, to_kg(row["weight"], row["unit"])
    return row


_SET_COLUMNS = tuple(c.key for c in inspect(WorkoutSet).columns)
_SETS_TABLE = WorkoutSet.metadata.tables["sets"]
# A workout's last position, and how many of its sets are planned (still to do).
_POSITIONS = select(
    func.coalesce(func.max(WorkoutSet.position), 0), func.count().filter(WorkoutSet.completed.is_(False))
).where(WorkoutSet.workout_id == bindparam("workout_id"))


async def positions(uow: UnitOfWork, workout: Workout) -> tuple[int, int]:
    """(the last position in `workout`, 0 when empty; how many of its sets are planned)."""
    last, planned = (await uow.session.execute(_POSITIONS, {"workout_id": workout.id})).one()
    return int(last or 0), int(planned or 0)


# The workout locked and one more change counted, in one statement: by id, or the one in progress.
# Built once, as every statement a log runs: building one costs more than running it on SQLite.
_BUMP = (
    update(Workout)
    .values(version=Workout.version + 1, updated_at=bindparam("now"))
    .returning(Workout)
    .execution_options(populate_existing=True)
)
_LOCK_BY_ID = _BUMP.where(Workout.user_id == bindparam("owner"), Workout.id == bindparam("workout"))
_LOCK_ACTIVE = _BUMP.where(Workout.user_id == bindparam("owner"), Workout.status == "in_progress")


async def lock_workout(uow: UnitOfWork, user_id: uuid.UUID, workout_id: uuid.UUID | None) -> Workout | None:
    """The lifter's workout (`workout_id`, or the one in progress), its row locked until the unit
    commits and one more change counted (version, `updated_at`), in one statement; None if there is
    no such workout. A unit counts once per workout, however often it locks it."""
    known = next((w for w in uow.locked if w.user_id == user_id and (workout_id is None or w.id == workout_id)), None)
    if known is not None and (workout_id is not None or known.status == "in_progress"):
        return known
    await uow.session.flush()  # a workout made in this unit is in the store before it is locked
    stmt, keys = (_LOCK_ACTIVE, {}) if workout_id is None else (_LOCK_BY_ID, {"workout": workout_id})
    workout = (await uow.session.scalars(stmt, keys | {"owner": user_id, "now": utcnow()})).one_or_none()
    if workout is not None:
        uow.locked.append(workout)
    return workout


async def touch_workout(uow: UnitOfWork, workout: Workout) -> None:
    """Lock `workout` and count one more change to it (see `lock_workout`)."""
    if workout.id is None:  # made in this unit, not yet in the store: without an id it is not "the active one"
        await uow.session.flush()
    await lock_workout(uow, workout.user_id, workout.id)


async def write_sets(
    uow: UnitOfWork,
    workout: Workout,
    sets: Sequence[WorkoutSet],
    filled: Sequence[WorkoutSet] = (),
    *,
    announce: type[ev.Event] | None = None,
    last: int | None = None,
) -> list[Goal]:
    """Lock the workout, number `sets` after its last set, insert them, write the planned sets
    `filled` (now done), bump its version, bring the records and goals up to date; the caller
    commits. Returns the goals these sets met. Events: `announce` of the workout (its start, say),
    a `set.logged` for each set done, then any record they set. `last`: the workout's last position
    as the caller read it after locking the workout (`positions`), read here if not given."""
    await touch_workout(uow, workout)
    if announce is not None:
        uow.add_event(ev.workout_event(announce, workout))
    if last is None:
        last = (await positions(uow, workout))[0]
    for position, row in enumerate(sets, start=last + 1):
        row.workout_id, row.position = workout.id, position
    if sets:  # a bulk insert: the rows are complete (new_set), a flush would only cost time
        await uow.session.execute(insert(WorkoutSet), [{k: getattr(r, k) for k in _SET_COLUMNS} for r in sets])
    if filled:
        await uow.session.flush()
    done = [*filled, *sets]
    if not done:
        return []
    uow.add_event(*ev.sets_logged(workout, done))
    await records.sets_added(uow, workout, done)
    # maybe the workout's first sets done: it may now count as a workout (goals that count workouts;
    # a planned set filled says nothing of the others, so those goals are checked then too)
    first = not last or bool(filled)
    return await goal_upkeep.sets_added(uow, workout.user_id, {r.exercise_id for r in done}, first_sets=first)


_LAST_DONE = select(func.max(WorkoutSet.completed_at)).where(
    WorkoutSet.workout_id == bindparam("workout_id"), WorkoutSet.completed.is_(True)
)


async def done_time(uow: UnitOfWork, workout: Workout) -> datetime:
    """When a set logged into `workout` without a time was done: now, unless the workout is
    finished; then right after its last set done (its start when it has none)."""
    if workout.status != "completed":
        return utcnow()
    last = await uow.session.scalar(_LAST_DONE, {"workout_id": workout.id})
    found = last or workout.started_at or workout.completed_at or utcnow()
    return found if found.tzinfo else found.replace(tzinfo=UTC)


_PLANNED_OF = (
    select(WorkoutSet)
    .where(
        WorkoutSet.workout_id == bindparam("workout_id"),
        WorkoutSet.exercise_id == bindparam("exercise_id"),
        WorkoutSet.completed.is_(False),
    )
    .order_by(WorkoutSet.position)
    .limit(bindparam("n"))
)
_AT_POSITION = select(WorkoutSet).where(
    WorkoutSet.workout_id == bindparam("workout_id"), WorkoutSet.position == bindparam("position")
)


async def planned_to_fill(
    uow: UnitOfWork, workout: Workout, exercise: Exercise, count: int, position: int | None
) -> list[WorkoutSet]:
    """The planned sets a log of `count` sets of `exercise` fills: the one at `position`, or the
    first `count` planned sets of the exercise."""
    if position is None:
        keys = {"workout_id": workout.id, "exercise_id": exercise.id, "n": count}
        return list((await uow.session.scalars(_PLANNED_OF, keys)).all())
    row = await uow.session.scalar(_AT_POSITION, {"workout_id": workout.id, "position": position})
    if row is None:
        raise Invalid.field("position", f"this workout has no set {position}")
    if row.completed:
        raise Conflict(f"Set {position} is done already; change it with PATCH /sets/{row.id}")
    return [row]


async def write_new_workouts(uow: UnitOfWork, writes: Sequence[tuple[Workout, Sequence[dict[str, Any]]]]) -> None:
    """`write_sets` for many workouts made in this unit (an import batch), in a few statements: no
    other transaction sees them yet, so they need no lock; each one's sets are numbered from 1 and
    counted as one change (version 2, as a workout created with its sets); the workouts go in with one
    flush, all sets with one insert, and records are brought up to date together."""
    now = utcnow()
    rows: list[dict[str, Any]] = []
    for workout, sets in writes:
        if inspect(workout).persistent:
            raise ValueError("write_new_workouts takes workouts made in this unit only; use write_sets")
        workout.version, workout.updated_at = 2, now
        for position, row in enumerate(sets, start=1):
            row["workout_id"], row["position"] = workout.id, position
        rows += sets
    user_ids = {w.user_id for w, _ in writes}
    latest = {u: await uow.session.scalar(records.LATEST_COUNTED, {"user_id": u}) for u in user_ids}
    await uow.session.flush()
    if rows:  # the table's insert, one executemany (the ORM's splits thousands of rows into many)
        await uow.session.execute(insert(_SETS_TABLE), rows)
    for user_id in user_ids:
        mine = [(w, s) for w, s in writes if w.user_id == user_id]
        await records.new_workouts_added(uow, user_id, mine, latest[user_id])
        lifts = {row["exercise_id"] for _, sets in mine for row in sets}
        await goal_upkeep.sets_added(uow, user_id, lifts, first_sets=True)


async def log_sets(cmd: c.LogSets, uow: UnitOfWork) -> SetsLogged:
    """`count` sets into the given workout, or the one in progress (started if there is none). A
    `client_id` seen before updates that set instead (an offline client retrying)."""
    values = entry_values(cmd.entry)
    check = check_set_values(values)
    if not 1 <= cmd.count <= MAX_SETS_PER_LOG:
        check.add("sets", f"must be between 1 and {MAX_SETS_PER_LOG}")
    if cmd.entry.client_id is not None and cmd.count != 1:
        check.add("client_id", "only one set may carry a client_id")
    if cmd.entry.position is not None and (cmd.count != 1 or not cmd.entry.completed):
        check.add("position", "names one planned set to fill: log one set (sets = 1), done (completed = true)")
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
            was, planned = existing.exercise_id, not existing.completed
            apply_values(existing, values, exercise)
            workout = await owned_workout(uow, cmd.user_id, existing.workout_id)
            await touch_workout(uow, workout)
            if planned and existing.completed:  # a planned set sent again, done
                done = values["completed_at"] or await done_time(uow, workout)
                as_done(existing, done, existing.batch_id, values["unit"] or await default_unit(uow, cmd.user_id))
            await records.refresh(uow, cmd.user_id, [was, exercise.id])
            uow.add_event(ev.SetUpdated(cmd.user_id, ev.set_data(existing), workout.id))
            await uow.commit()
            return SetsLogged(workout, [existing], False)
    workout, started = await _workout_for(uow, cmd)
    batch = uuid.uuid4()
    last, to_do = await positions(uow, workout) if not started else (0, 0)
    if not cmd.entry.completed:  # planning: sets to do, counted nowhere yet
        done, filled = cmd.entry.completed_at or utcnow(), []
    else:
        done = cmd.entry.completed_at or await done_time(uow, workout)
        wanted = to_do > 0 or cmd.entry.position is not None  # a position names a set: 422 if there is none
        filled = await planned_to_fill(uow, workout, exercise, cmd.count, cmd.entry.position) if wanted else []
    unit = (values["unit"] or await default_unit(uow, cmd.user_id)) if filled else ""
    given = {k: v for k, v in values.items() if v is not None or k in DONE_VALUES}
    for row in filled:  # a load without a unit is in the plan's unit
        apply_values(row, given | ({"unit": row.unit} if cmd.entry.unit is None and row.unit else {}), exercise)
        as_done(row, done, batch, unit)
        row.client_id = cmd.entry.client_id
        check_set_values({name: getattr(row, name) for name in WRITABLE}).raise_if_any()  # in the plan's unit
    rows = [
        new_set(
            values | {"completed_at": done},
            exercise,
            user_id=cmd.user_id,
            client_id=cmd.entry.client_id,
            batch_id=batch,
        )
        for _ in range(cmd.count - len(filled))
    ]
    met = await write_sets(uow, workout, rows, filled, announce=ev.WorkoutStarted if started else None, last=last)
    await uow.commit()
    return SetsLogged(workout, [*filled, *rows], started, met)


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
    """Change a set; `completed: true` on a planned set marks it done (as planned, for the values
    not given), `completed: false` makes a set planned again."""
    row = await owned_set(uow, cmd.user_id, cmd.set_id)
    changes = {k: v for k, v in cmd.changes.items() if k in WRITABLE}
    merged = {name: getattr(row, name) for name in WRITABLE} | changes
    check_set_values(merged).raise_if_any()
    exercise = None
    if cmd.changes.get("exercise"):
        exercise = await resolve_exercise(uow, cmd.user_id, str(cmd.changes["exercise"]))
    if changes.get("weight") is not None and merged.get("unit") is None:
        changes["unit"] = await default_unit(uow, cmd.user_id)
    if not changes and exercise is None:
        raise Invalid("Nothing to change", [{"field": "body", "message": "give at least one field to change"}])
    was, completing = row.exercise_id, changes.get("completed") is True and not row.completed
    apply_values(row, changes, exercise)
    workout = await owned_workout(uow, cmd.user_id, row.workout_id)
    await touch_workout(uow, workout)
    if completing:
        done = changes.get("completed_at") or await done_time(uow, workout)
        as_done(row, done, row.batch_id, row.unit or await default_unit(uow, cmd.user_id))
    await records.refresh(uow, cmd.user_id, [was, row.exercise_id])
    uow.add_event(ev.SetUpdated(cmd.user_id, ev.set_data(row), row.workout_id))
    await uow.commit()
    return row


async def delete_set(cmd: c.DeleteSet, uow: UnitOfWork) -> WorkoutSet:
    row = await owned_set(uow, cmd.user_id, cmd.set_id)
    workout = await owned_workout(uow, cmd.user_id, row.workout_id)
    await uow.session.delete(row)
    await bury(uow, cmd.user_id, "set", row.id)
    await touch_workout(uow, workout)
    await records.refresh(uow, cmd.user_id, [row.exercise_id])
    uow.add_event(ev.SetDeleted(cmd.user_id, ev.gone_set_data(row), workout.id))
    await uow.commit()
    return row
