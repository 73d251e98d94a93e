"""Personal records kept current in the transaction of every write of sets (domain/records.py says
what a record is).

Sets added after every other counted set of their exercise (a set logged now, the common case)
extend the history: two reads (the latest counted sets and the workout's, in one round trip; the
standing records they could beat) and a write only when a record falls. Anything else (a set
logged into the past, an edit, a deletion, an undo, a workout cancelled or deleted) recomputes
that lifter's history on the exercise from its sets: simple, and the same computation a test
checks every write against (tests/integration/domain/test_records_property.py). An import's batch
of new workouts extends the history of each exercise once for all of them (`new_workouts_added`).
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, literal, or_, select, union_all, update

from domain import events as ev
from domain.handlers import goal_upkeep
from domain.models import PersonalRecord, Workout, WorkoutSet
from domain.records import Entry, Lift, Slot, counts, current, extend, history, session_entry, slot, volume_of
from domain.uow import UnitOfWork

_LIFT = (
    WorkoutSet.id,
    WorkoutSet.workout_id,
    WorkoutSet.completed_at,
    WorkoutSet.position,
    WorkoutSet.weight_kg,
    WorkoutSet.reps,
)
# Counted sets (domain/records.py: counts) of one exercise...
_COUNTED_OF = (
    select(*_LIFT)
    .join(Workout, Workout.id == WorkoutSet.workout_id)
    .where(
        WorkoutSet.exercise_id == bindparam("exercise_id"),
        WorkoutSet.weight_kg > 0,
        WorkoutSet.reps >= 1,
        WorkoutSet.set_type != "warmup",
        WorkoutSet.completed.is_(True),
        Workout.status != "cancelled",
    )
)
# ...a lifter's,
COUNTED = _COUNTED_OF.where(WorkoutSet.user_id == bindparam("user_id"))
_LATEST = COUNTED.order_by(WorkoutSet.completed_at.desc()).limit(bindparam("n")).subquery()
# One round trip: the latest `n` counted sets (part 0) and the loads of the workout's (part 1: only
# load and reps, found by the workout alone; SQLite would otherwise read every set of the lift).
_IN_WORKOUT = _COUNTED_OF.with_only_columns(
    *(literal(None, c.type).label(c.key) for c in _LIFT[:4]), WorkoutSet.weight_kg, WorkoutSet.reps, literal(1)
).where(WorkoutSet.workout_id == bindparam("workout_id"))
_AROUND = union_all(select(*_LATEST.c, literal(0).label("part")), _IN_WORKOUT)
_PR = PersonalRecord
# The standing records new sets could beat, and every session entry (the previous best session).
_STANDING = select(_PR.id, _PR.kind, _PR.value, _PR.weight_kg, _PR.workout_id, _PR.is_current).where(
    _PR.user_id == bindparam("user_id"),
    _PR.exercise_id == bindparam("exercise_id"),
    or_(
        _PR.kind == "session_volume",
        _PR.is_current.is_(True) & or_(_PR.kind != "reps", _PR.weight_kg.in_(bindparam("weights", expanding=True))),
    ),
)


# The latest counted set of each of a lifter's exercises, leaving out some workouts (those just written).
_LATEST_OF = (
    select(WorkoutSet.exercise_id, func.max(WorkoutSet.completed_at).label("completed_at"))
    .join(Workout, Workout.id == WorkoutSet.workout_id)
    .where(
        WorkoutSet.user_id == bindparam("user_id"),
        WorkoutSet.exercise_id.in_(bindparam("exercise_ids", expanding=True)),
        WorkoutSet.workout_id.not_in(bindparam("workout_ids", expanding=True)),
        WorkoutSet.weight_kg > 0,
        WorkoutSet.reps >= 1,
        WorkoutSet.set_type != "warmup",
        WorkoutSet.completed.is_(True),
        Workout.status != "cancelled",
    )
    .group_by(WorkoutSet.exercise_id)
)
# The time of a lifter's latest counted set of any exercise (before a batch is written): read from the
# newest end of the (user, completed_at) index, so it costs a few rows however long the history.
LATEST_COUNTED = (
    select(WorkoutSet.completed_at)
    .join(Workout, Workout.id == WorkoutSet.workout_id)
    .where(
        WorkoutSet.user_id == bindparam("user_id"),
        WorkoutSet.weight_kg > 0,
        WorkoutSet.reps >= 1,
        WorkoutSet.set_type != "warmup",
        WorkoutSet.completed.is_(True),  # a planned set, still to do, is counted nowhere
        Workout.status != "cancelled",
    )
    .order_by(WorkoutSet.completed_at.desc())
    .limit(1)
)
# The standing records of some of a lifter's exercises (a session's standing entry is the best
# session so far: each entry beats every one before it).
_STANDING_OF = select(
    _PR.id, _PR.exercise_id, _PR.kind, _PR.value, _PR.weight_kg, _PR.workout_id, _PR.is_current
).where(
    _PR.user_id == bindparam("user_id"),
    _PR.exercise_id.in_(bindparam("exercise_ids", expanding=True)),
    _PR.is_current.is_(True),
)


def _aware(when: datetime) -> datetime:
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def lift_of(row: Any) -> Lift:
    done = row.completed_at if row.completed_at.tzinfo else row.completed_at.replace(tzinfo=UTC)
    return Lift(row.id, row.workout_id, done, row.position, float(row.weight_kg), int(row.reps))


async def sets_added(uow: UnitOfWork, workout: Workout, rows: Sequence[WorkoutSet]) -> None:
    """Records after `rows` were inserted into `workout` (domain/handlers/sets.py: write_sets)."""
    if workout.status == "cancelled":
        return
    added: dict[uuid.UUID, list[Lift]] = {}
    for row in rows:
        if counts(row.weight_kg, row.reps, row.set_type, None, row.completed):
            added.setdefault(row.exercise_id, []).append(lift_of(row))
    for exercise_id, lifts in added.items():
        if not await _extend(uow, workout.user_id, workout.id, exercise_id, lifts):
            await refresh(uow, workout.user_id, [exercise_id])


async def new_workouts_added(
    uow: UnitOfWork,
    user_id: uuid.UUID,
    writes: Sequence[tuple[Workout, Sequence[dict[str, Any]]]],
    latest_before: datetime | None,
) -> None:
    """Records after the sets of workouts made in this unit were inserted (write_new_workouts): per
    exercise, when the new sets come after every other counted set, the history is extended by all of
    them at once, sessions in the order they ended (the same entries `sets_added` would note workout by
    workout, in a few statements for the lot); otherwise that exercise is recomputed. `latest_before`:
    the lifter's latest counted set before these were written (LATEST_COUNTED); when every new set
    comes after it, no exercise needs its own look."""
    added: dict[uuid.UUID, list[Lift]] = {}
    for workout, written in writes:
        if workout.status == "cancelled":
            continue
        for row in written:
            if counts(row["weight_kg"], row["reps"], row["set_type"], None):
                lift = Lift(
                    row["id"], row["workout_id"], row["completed_at"], row["position"], row["weight_kg"], row["reps"]
                )
                added.setdefault(row["exercise_id"], []).append(lift)
    if not added:
        return
    keys = {"user_id": user_id, "exercise_ids": list(added)}
    first = min(lift.completed_at for lifts in added.values() for lift in lifts)
    latest: dict[uuid.UUID, datetime] = {}
    if latest_before is not None and _aware(latest_before) >= first:  # some exercise may have later sets
        found = await uow.session.execute(_LATEST_OF, keys | {"workout_ids": [w.id for w, _ in writes]})
        latest = {exercise_id: done for exercise_id, done in found.all()}
    standing: dict[uuid.UUID, list[Any]] = {}
    for record in (await uow.session.execute(_STANDING_OF, keys)).all():
        standing.setdefault(record.exercise_id, []).append(record)
    stale: list[uuid.UUID] = []
    demote: set[uuid.UUID] = set()
    rows: list[dict[str, Any]] = []
    for exercise_id, lifts in added.items():
        new = sorted(lifts, key=lambda lift: lift.order)
        before = latest.get(exercise_id)
        if before is not None and _aware(before) >= new[0].completed_at:
            stale.append(exercise_id)
            continue
        mine = standing.get(exercise_id, [])
        bests = {slot(r.kind, r.weight_kg): r.value for r in mine if r.is_current and r.kind != "session_volume"}
        entries = extend(bests, new)
        beaten = {slot(r.kind, r.weight_kg): r.id for r in mine if r.is_current}
        demote |= {beaten[e.slot] for e in entries if e.slot in beaten}
        sessions: dict[uuid.UUID, list[Lift]] = {}
        for lift in new:
            sessions.setdefault(lift.workout_id, []).append(lift)
        best = max((r.value for r in mine if r.kind == "session_volume"), default=-math.inf)  # the standing one
        for done in sorted(sessions.values(), key=lambda s: s[-1].order):
            entry = session_entry(volume_of((lift.weight_kg, lift.reps) for lift in done), done[-1], best)
            if entry is not None:
                entries.append(entry)
                best = entry.value
                demote |= {r.id for r in mine if r.kind == "session_volume" and r.is_current}
        rows += _rows(user_id, exercise_id, entries)
    if demote:
        await uow.session.execute(update(_PR).where(_PR.id.in_(demote)).values(is_current=False))
    if rows:
        await uow.session.execute(insert(_PR), rows)
    if stale:
        await refresh(uow, user_id, stale)


async def _extend(
    uow: UnitOfWork, user_id: uuid.UUID, workout_id: uuid.UUID, exercise_id: uuid.UUID, new: list[Lift]
) -> bool:
    """Extend the history with `new` when they come after every other counted set (and the workout
    is the latest session or a new one); False when they do not, and nothing was written."""
    keys = {"user_id": user_id, "exercise_id": exercise_id}
    found = (await uow.session.execute(_AROUND, keys | {"workout_id": workout_id, "n": len(new) + 1})).all()
    new_ids = {lift.id for lift in new}
    before = [r for r in found if r.part == 0 and r.id not in new_ids]
    session = [(float(r.weight_kg), int(r.reps)) for r in found if r.part == 1]  # the new sets' too
    if before:
        latest = max(before, key=lambda r: r.completed_at)
        if latest.completed_at >= min(lift.completed_at for lift in new):
            return False
        if len(session) > len(new) and latest.workout_id != workout_id:
            return False
    weights = sorted({lift.weight_kg for lift in new})
    standing = (await uow.session.execute(_STANDING, keys | {"weights": weights})).all()
    bests = {slot(r.kind, r.weight_kg): r.value for r in standing if r.is_current and r.kind != "session_volume"}
    beaten_values = dict(bests)
    entries = extend(bests, sorted(new, key=lambda lift: lift.order))
    beaten = {slot(r.kind, r.weight_kg): r.id for r in standing if r.is_current}
    demote = {beaten[e.slot] for e in entries if e.slot in beaten}
    sessions = [r for r in standing if r.kind == "session_volume"]
    previous = max((r.value for r in sessions if r.workout_id != workout_id), default=-math.inf)
    last = max(new, key=lambda lift: lift.order)  # after every other counted set: the session's last
    best_session = session_entry(volume_of(session), last, previous)
    written = entries
    if best_session is not None:
        entries.append(best_session)
        mine = [r.id for r in sessions if r.workout_id == workout_id]
        if len(mine) == 1:  # the session's entry so far: brought up to date in place
            await uow.session.execute(_SESSION_GREW, {"entry_id": mine[0], **_changed(best_session)})
            written = entries[:-1]
        elif mine:
            await uow.session.execute(delete(_PR).where(_PR.id.in_(mine)))
        demote |= {r.id for r in sessions if r.is_current and r.workout_id != workout_id}
        if previous > -math.inf:
            beaten_values[best_session.slot] = previous
    _announce(uow, user_id, exercise_id, entries, beaten_values)
    if demote:
        await uow.session.execute(update(_PR).where(_PR.id.in_(demote)).values(is_current=False))
    await _insert(uow, user_id, exercise_id, written)
    return True


# A session's entry, its volume grown by the sets just added (the newest entry of its slot: current).
_SESSION_GREW = (
    update(_PR)
    .where(_PR.id == bindparam("entry_id"))
    .values(
        value=bindparam("new_value"),
        weight_kg=bindparam("new_weight_kg"),
        reps=bindparam("new_reps"),
        set_id=bindparam("new_set_id"),
        achieved_at=bindparam("new_achieved_at"),
        is_current=True,
    )
)


def _changed(entry: Entry) -> dict[str, Any]:
    return {
        "new_value": entry.value,
        "new_weight_kg": entry.weight_kg,
        "new_reps": entry.reps,
        "new_set_id": entry.set_id,
        "new_achieved_at": entry.achieved_at,
    }


def _announce(
    uow: UnitOfWork, user_id: uuid.UUID, exercise_id: uuid.UUID, entries: list[Entry], before: dict[Slot, float]
) -> None:
    """A `pr.set` event for each record the new sets leave standing that beat an earlier one."""
    for at, entry in current(entries).items():
        if at in before:
            data = {
                "exercise_id": str(exercise_id),
                "kind": entry.kind,
                "value": entry.value,
                "previous": before[at],
                "weight_kg": entry.weight_kg,
                "reps": entry.reps,
                "set_id": str(entry.set_id),
                "achieved_at": entry.achieved_at.isoformat(),
            }
            uow.add_event(ev.PersonalRecordSet(user_id, data, entry.workout_id))


async def refresh(uow: UnitOfWork, user_id: uuid.UUID, exercise_ids: Iterable[uuid.UUID]) -> None:
    """Recompute the lifter's history on each exercise from its sets (after pending changes are flushed),
    then the goals that read them (domain/handlers/goal_upkeep.py)."""
    await uow.session.flush()
    exercise_ids = set(exercise_ids)
    for exercise_id in exercise_ids:
        keys = {"user_id": user_id, "exercise_id": exercise_id}
        entries = history(lift_of(r) for r in (await uow.session.execute(COUNTED, keys)).all())
        await uow.session.execute(delete(_PR).where(_PR.user_id == user_id, _PR.exercise_id == exercise_id))
        await _insert(uow, user_id, exercise_id, entries)
    await goal_upkeep.sets_changed(uow, user_id, exercise_ids)


_EXERCISES_IN = select(WorkoutSet.exercise_id).where(WorkoutSet.workout_id == bindparam("workout_id")).distinct()


async def exercises_in(uow: UnitOfWork, workout_id: uuid.UUID) -> list[uuid.UUID]:
    """The exercises a workout has sets of (to recompute after the workout changes whether it counts)."""
    await uow.session.flush()
    return list((await uow.session.scalars(_EXERCISES_IN, {"workout_id": workout_id})).all())


async def _insert(uow: UnitOfWork, user_id: uuid.UUID, exercise_id: uuid.UUID, entries: list[Entry]) -> None:
    rows = _rows(user_id, exercise_id, entries)
    if rows:
        await uow.session.execute(insert(_PR), rows)


def _rows(user_id: uuid.UUID, exercise_id: uuid.UUID, entries: list[Entry]) -> list[dict[str, Any]]:
    standing = {id(e) for e in current(entries).values()}
    return [
        {
            "id": uuid.uuid4(),
            "user_id": user_id,
            "exercise_id": exercise_id,
            "kind": e.kind,
            "value": e.value,
            "weight_kg": e.weight_kg,
            "reps": e.reps,
            "set_id": e.set_id,
            "workout_id": e.workout_id,
            "achieved_at": e.achieved_at,
            "is_current": id(e) in standing,
        }
        for e in entries
    ]
