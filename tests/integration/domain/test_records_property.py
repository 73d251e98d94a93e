"""Personal records stay right under any sequence of writes: random programs of log (now and into
the past), plan (sets to do, which logs then fill), complete planned sets, edit (done or planned
again), delete, undo, correct, repeat, batch sync, cancel, reopen and delete a workout run through the
real domain bus, and after every step the stored records equal a brute-force recomputation from
the stored sets (written here from the definition, apart from domain/records.py)."""

from __future__ import annotations

import contextlib
import math
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from domain import commands as c
from domain.errors import DomainError
from domain.models import PersonalRecord, Workout, WorkoutSet

LIFTS = ("barbell-back-squat", "deadlift")
Row = tuple[Any, ...]

weights = st.sampled_from([None, 0.0, 20.0, 40.0, 60.0, 60.5, 100.0, 135.0])
reps = st.sampled_from([None, 0, 1, 3, 5, 8, 12])
set_types = st.sampled_from(["normal", "normal", "normal", "warmup"])
minutes_ago = st.sampled_from([None, None, None, 30, 600, 3000])  # None: now; else into the past

log = st.tuples(
    st.just("log"),
    st.sampled_from(LIFTS),
    weights,
    st.sampled_from(["kg", "lb"]),
    reps,
    set_types,
    st.integers(1, 3),
    minutes_ago,
    st.one_of(st.none(), st.none(), st.integers(0, 5)),  # into which workout
)
edit = st.tuples(
    st.just("edit"),
    st.integers(0, 50),
    st.fixed_dictionaries(
        {},
        optional={
            "weight": weights.filter(bool),
            "reps": reps.filter(bool),
            "set_type": set_types,
            "exercise": st.sampled_from(LIFTS),
            "completed_at": st.sampled_from([5, 100, 4000]),
            "completed": st.booleans(),
        },
    ),
)
plan = st.tuples(
    st.just("plan"),
    st.sampled_from(LIFTS),
    weights.filter(bool),
    reps.filter(bool),
    st.integers(1, 3),
    st.one_of(st.none(), st.integers(0, 5)),  # into which workout
)
complete = st.tuples(st.just("complete"), st.integers(1, 3))
remove = st.tuples(st.just("delete"), st.integers(0, 50))
history_step = st.tuples(st.sampled_from(["undo", "repeat", "correct"]), reps.filter(bool), weights.filter(bool))
workout_step = st.tuples(st.sampled_from(["cancel", "finish", "reopen", "drop_workout", "sync"]), st.integers(0, 5))
steps = st.lists(st.one_of(log, log, plan, complete, edit, remove, history_step, workout_step), min_size=1, max_size=14)


def _e1rm(w: float, r: int) -> float:
    return round(w if r <= 1 else w * (1 + r / 30.0), 3)


def brute_force(sets: list[Row]) -> set[Row]:
    """Record entries from the definition: a set holds a record of a kind when its value beats
    every counted set done before it (same exercise, and same load for reps); a session when its
    volume beats every session that ended before it. Planned sets not yet done count for nothing.
    Rows: (exercise, kind, value, load for reps, set id, current)."""
    counted = [
        s
        for s in sets
        if s[4] and s[4] > 0 and s[5] and s[5] >= 1 and s[6] != "warmup" and s[7] != "cancelled" and s[9]
    ]
    counted.sort(key=lambda s: (s[3], s[8], str(s[0])))  # completed_at, position, id
    found: list[Row] = []
    for exercise in {s[2] for s in counted}:
        mine = [s for s in counted if s[2] == exercise]
        values = {
            "weight": lambda s: s[4],
            "e1rm": lambda s: _e1rm(s[4], s[5]),
            "set_volume": lambda s: round(s[4] * s[5], 3),
            "reps": lambda s: float(s[5]),
        }
        for kind, value in values.items():
            for i, s in enumerate(mine):
                same = [t for t in mine if kind != "reps" or t[4] == s[4]]
                earlier = [t for t in mine[:i] if kind != "reps" or t[4] == s[4]]
                if all(value(s) > value(t) for t in earlier):
                    top = max(value(t) for t in same)
                    found.append((exercise, kind, value(s), s[4] if kind == "reps" else None, s[0], value(s) == top))
        sessions: dict[Any, list[Row]] = {}
        for s in mine:
            sessions.setdefault(s[1], []).append(s)
        volume = {w: round(math.fsum(s[4] * s[5] for s in rows), 3) for w, rows in sessions.items()}
        ended = {w: rows[-1] for w, rows in sessions.items()}
        for w, last in ended.items():
            before = [
                v
                for o, v in volume.items()
                if (ended[o][3], ended[o][8], str(ended[o][0])) < (last[3], last[8], str(last[0]))
            ]
            if all(volume[w] > v for v in before):
                found.append((exercise, "session_volume", volume[w], None, last[0], volume[w] == max(volume.values())))
    return set(found)


async def stored(spotter: Any, user_id: uuid.UUID) -> tuple[list[Row], set[Row]]:
    async with spotter.reader() as uow:
        sets = (
            await uow.session.execute(
                select(
                    WorkoutSet.id,
                    WorkoutSet.workout_id,
                    WorkoutSet.exercise_id,
                    WorkoutSet.completed_at,
                    WorkoutSet.weight_kg,
                    WorkoutSet.reps,
                    WorkoutSet.set_type,
                    Workout.status,
                    WorkoutSet.position,
                    WorkoutSet.completed,
                )
                .join(Workout, Workout.id == WorkoutSet.workout_id)
                .where(WorkoutSet.user_id == user_id)
            )
        ).all()
        records = (
            await uow.session.execute(
                select(
                    PersonalRecord.exercise_id,
                    PersonalRecord.kind,
                    PersonalRecord.value,
                    PersonalRecord.weight_kg,
                    PersonalRecord.set_id,
                    PersonalRecord.is_current,
                ).where(PersonalRecord.user_id == user_id)
            )
        ).all()
    kept = {(r[0], r[1], r[2], r[3] if r[1] == "reps" else None, r[4], r[5]) for r in records}
    assert len(kept) == len(records)  # no entry twice
    return [tuple(s) for s in sets], kept


async def run(spotter: Any, user_id: uuid.UUID, step: tuple[Any, ...], sets: list[Row]) -> None:
    bus, now = spotter.bus, datetime.now(UTC)
    name = step[0]
    if name == "log":
        _, lift, weight, unit, count_reps, set_type, count, ago, into = step
        when = None if ago is None else now - timedelta(minutes=ago)
        entry = c.SetEntry(lift, reps=count_reps, weight=weight, unit=unit, set_type=set_type, completed_at=when)
        await bus.handle(c.LogSets(user_id, entry, count, _workout(sets, into) if into is not None else None))
    elif name == "plan":
        _, lift, weight, count_reps, count, into = step
        entry = c.SetEntry(lift, target_weight=weight, target_reps=count_reps, unit="kg", completed=False)
        await bus.handle(c.LogSets(user_id, entry, count, _workout(sets, into) if into is not None else None))
    elif name == "complete":
        await bus.handle(c.CompletePlannedSets(user_id, step[1]))
    elif name == "edit" and sets:
        changes = dict(step[2])
        if "completed_at" in changes:
            changes["completed_at"] = now - timedelta(minutes=changes["completed_at"])
        await bus.handle(c.UpdateSet(user_id, sets[step[1] % len(sets)][0], changes or {"reps": 2}))
    elif name == "delete" and sets:
        await bus.handle(c.DeleteSet(user_id, sets[step[1] % len(sets)][0]))
    elif name == "undo":
        await bus.handle(c.UndoLastLog(user_id))
    elif name == "repeat":
        await bus.handle(c.RepeatLastLog(user_id, 2))
    elif name == "correct":
        await bus.handle(c.CorrectLastLog(user_id, {"reps": step[1], "weight": step[2]}))
    elif name == "sync":
        entry = c.SetEntry(LIFTS[step[1] % 2], reps=5, weight=50.0 + 10 * step[1], unit="kg")
        started = now - timedelta(minutes=(5, 60, 900, 2000, 4000, 9000)[step[1]])
        done = c.WorkoutEntry(f"w{step[1]}", status="completed", started_at=started, sets=(entry,) * 2)
        await bus.handle(c.SyncWorkouts(user_id, (done,)))
    elif sets:
        workout = _workout(sets, step[1])
        if name == "cancel":
            await bus.handle(c.CancelWorkout(user_id, workout))
        elif name == "finish":
            await bus.handle(c.FinishWorkout(user_id, workout))
        elif name == "reopen":
            await bus.handle(c.UpdateWorkout(user_id, workout, {"status": "completed"}))
        else:
            await bus.handle(c.DeleteWorkout(user_id, workout))


def _workout(sets: list[Row], index: int) -> uuid.UUID | None:
    """One of the lifter's workouts that have sets (None: there is none, log into the current one)."""
    ids = sorted({s[1] for s in sets}, key=str)
    return ids[index % len(ids)] if ids else None


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(program=steps)
# A workout that gets a set after another workout's: it is now the later session (its old entry goes).
@example(
    program=[
        ("log", LIFTS[0], 100.0, "kg", 5, "normal", 1, 600, None),
        ("sync", 2),
        ("log", LIFTS[0], 20.0, "kg", 1, "normal", 1, None, None),
    ]
)
# A set logged into the past, below a later record and above what came before it.
@example(
    program=[
        ("log", LIFTS[0], 100.0, "kg", 5, "normal", 1, None, None),
        ("log", LIFTS[0], 60.0, "kg", 8, "normal", 2, 3000, None),
    ]
)
# Planned sets filled by a log, completed as planned, one put back to its plan by undo.
@example(
    program=[
        ("plan", LIFTS[0], 100.0, 5, 3, None),
        ("log", LIFTS[0], 60.0, "kg", 8, "normal", 1, None, None),
        ("complete", 2),
        ("undo", 5, 20.0),
        ("edit", 0, {"completed": True}),
    ]
)
async def test_records_equal_a_recomputation_from_the_sets_after_every_write(app: Any, program: list[Any]) -> None:
    spotter = app.state.spotter
    user = await spotter.bus.handle(c.Register(f"pr-{uuid.uuid4().hex[:10]}@example.com", "correct horse battery"))
    user_id = user.id
    sets: list[Row] = []
    for step in program:
        with contextlib.suppress(DomainError):  # a refused write (nothing to undo...) must change nothing
            await run(spotter, user_id, step, sets)
        sets, records = await stored(spotter, user_id)
        assert records == brute_force(sets), step
