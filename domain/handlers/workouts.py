"""Workouts: start, record after the fact, change, finish, cancel, delete. A cancelled workout's
sets do not count for records: cancelling, deleting or reopening one recomputes them. A workout
started or made from a routine (or a program's day) gets the routine's sets as planned sets. Each
change adds its event (domain/events.py); a deleted workout leaves a tombstone (domain/changes.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError

from domain import commands as c
from domain import events as ev
from domain.changes import bury
from domain.errors import Conflict, Invalid
from domain.handlers import records
from domain.handlers.plans import routine_sets
from domain.handlers.programs import load_day
from domain.handlers.routines import load_routine
from domain.handlers.sets import default_unit, entry_values, new_set, touch_workout, write_sets
from domain.lookups import active_workout, owned_workout, resolve_exercise
from domain.models import AuditEntry, Exercise, Routine, Workout, utcnow
from domain.uow import UnitOfWork
from domain.validation import WORKOUT_STATUSES, Checker, check_not_null, check_set_values

WORKOUT_FIELDS = ("name", "notes", "started_at", "completed_at", "status")
CLOCK_SKEW = timedelta(minutes=5)  # a client's clock a little ahead is not a time in the future


def describe(workout: Workout) -> dict[str, Any]:
    return {
        "id": str(workout.id),
        "name": workout.name,
        "status": workout.status,
        "started_at": workout.started_at.isoformat() if workout.started_at else None,
    }


async def _plan(uow: UnitOfWork, cmd: c.StartWorkout) -> tuple[Routine | None, Any]:
    """The routine a start names (yours or public, else 404), itself or through a program's day
    (yours, else 404), and the day."""
    routine_id, day = cmd.routine_id, None
    if cmd.program_day_id is not None:
        day = await load_day(uow, cmd.user_id, cmd.program_day_id)
        if day.routine_id is None:
            raise Invalid.field("program_day_id", "this day's routine was deleted: give the day another one")
        if routine_id is not None and routine_id != day.routine_id:
            raise Invalid.field("routine_id", "is not the routine of that program day (leave it out)")
        routine_id = day.routine_id
    if routine_id is None:
        return None, day
    return await load_routine(uow, cmd.user_id, routine_id, own=False), day


async def start_workout(cmd: c.StartWorkout, uow: UnitOfWork) -> Workout:
    routine, day = await _plan(uow, cmd)
    active = await active_workout(uow, cmd.user_id)
    if active is not None:
        raise Conflict(
            "A workout is already in progress",
            [{"field": "active_workout", "message": "finish or cancel it first", "active_workout": describe(active)}],
        )
    workout = Workout(
        user_id=cmd.user_id,
        name=cmd.name or (routine.name if routine is not None else None),
        notes=cmd.notes,
        source=cmd.source,
        status="in_progress",
        started_at=cmd.started_at or utcnow(),
        routine_id=routine.id if routine is not None else None,
        program_day_id=day.id if day is not None else None,
    )
    uow.session.add(workout)
    try:
        async with uow.session.begin_nested():
            await uow.session.flush()
    except IntegrityError as exc:
        raise Conflict("A workout is already in progress") from exc
    uow.add_event(ev.workout_event(ev.WorkoutStarted, workout))
    if routine is not None:
        await write_sets(uow, workout, routine_sets(routine, cmd.user_id))
    await uow.commit()
    return workout


async def add_entries(
    uow: UnitOfWork, workout: Workout, user_id: Any, entries: tuple[c.SetEntry, ...], announce: type[ev.Event]
) -> None:
    """A workout's sets as a client listed them, through the one write path (`announce`: the
    workout's event)."""
    rows = []
    unit = None
    exercises: dict[str, Exercise] = {}  # each lift looked up once, however many sets name it
    for i, entry in enumerate(entries):
        values = entry_values(entry)
        if values["weight"] is not None and values["unit"] is None:
            unit = unit or await default_unit(uow, user_id)
            values["unit"] = unit
        exercise = exercises.get(entry.exercise)
        if exercise is None:
            exercise = exercises[entry.exercise] = await resolve_exercise(
                uow, user_id, entry.exercise, f"sets[{i}].exercise"
            )
        done = entry.completed_at or workout.completed_at or workout.started_at or utcnow()
        rows.append(new_set(values | {"completed_at": done}, exercise, user_id=user_id, client_id=entry.client_id))
    await write_sets(uow, workout, rows, announce=announce)


def check_entries(entries: tuple[c.SetEntry, ...], check: Checker, prefix: str = "sets") -> None:
    for i, entry in enumerate(entries):
        check.details += check_set_values(entry_values(entry), f"{prefix}[{i}].").details


def check_times(check: Checker, started: Any, completed: Any) -> None:
    if started is not None and completed is not None and completed < started:
        check.add("completed_at", "must not be before started_at")


async def create_workout(cmd: c.CreateWorkout, uow: UnitOfWork) -> Workout:
    check = Checker()
    check.choice("status", cmd.status, WORKOUT_STATUSES)
    check_times(check, cmd.started_at, cmd.completed_at)
    check_entries(cmd.sets, check)
    check.raise_if_any()
    routine = await load_routine(uow, cmd.user_id, cmd.routine_id, own=False) if cmd.routine_id else None
    if cmd.status == "in_progress" and await active_workout(uow, cmd.user_id) is not None:
        raise Conflict("A workout is already in progress")
    now = utcnow()
    workout = Workout(
        user_id=cmd.user_id,
        name=cmd.name,
        status=cmd.status,
        notes=cmd.notes,
        source=cmd.source,
        client_id=cmd.client_id,
        started_at=cmd.started_at or (None if cmd.status == "planned" else now),
        completed_at=cmd.completed_at or (now if cmd.status == "completed" else None),
        routine_id=cmd.routine_id,
    )
    uow.session.add(workout)
    try:
        async with uow.session.begin_nested():
            await uow.session.flush()
    except IntegrityError as exc:
        raise Conflict(
            "A workout with this client_id already exists", [{"field": "client_id", "message": "already used"}]
        ) from exc
    if routine is not None:
        await write_sets(uow, workout, routine_sets(routine, cmd.user_id))
    if cmd.sets:
        await add_entries(uow, workout, cmd.user_id, cmd.sets, status_event(None, workout.status))
    else:
        uow.add_event(ev.workout_event(status_event(None, workout.status), workout))
    await uow.commit()
    return await owned_workout(uow, cmd.user_id, workout.id, with_sets=True)


async def update_workout(cmd: c.UpdateWorkout, uow: UnitOfWork) -> Workout:
    workout = await owned_workout(uow, cmd.user_id, cmd.workout_id)
    await touch_workout(uow, workout)  # locked: no other change lands between the check and the write
    if cmd.expected_version is not None and cmd.expected_version != workout.version - 1:
        raise Conflict(
            "The workout changed since you read it",
            [{"field": "version", "message": f"current version is {workout.version - 1}"}],
        )
    changes = {k: v for k, v in cmd.changes.items() if k in WORKOUT_FIELDS}
    if changes.get("status") == "in_progress" and workout.started_at is None and "started_at" not in changes:
        changes["started_at"] = utcnow()  # a planned workout begun now
    check_not_null(changes, Workout)
    check = Checker()
    check.choice("status", changes.get("status"), WORKOUT_STATUSES)
    if changes.get("status", workout.status) != "planned" and changes.get("started_at", workout.started_at) is None:
        check.add("started_at", "must not be null unless the workout is planned")
    check_times(check, changes.get("started_at", workout.started_at), changes.get("completed_at", workout.completed_at))
    check.raise_if_any()
    reopening = changes.get("status") == "in_progress" and workout.status != "in_progress"
    if reopening and await active_workout(uow, cmd.user_id) is not None:
        raise Conflict("Another workout is already in progress")
    counted, was = workout.status != "cancelled", workout.status
    for key, value in changes.items():
        setattr(workout, key, value)
    if changes.get("status") == "completed" and workout.completed_at is None:
        workout.completed_at = utcnow()
    if counted != (workout.status != "cancelled"):  # its sets stop (or start) counting for records
        await records.refresh(uow, cmd.user_id, await records.exercises_in(uow, workout.id))
    await uow.session.flush()  # its new times, for the event
    uow.add_event(ev.workout_event(status_event(was, workout.status), workout))
    await uow.commit()
    return workout


_ENTERED: dict[str, type[ev.Event]] = {
    "completed": ev.WorkoutFinished,
    "cancelled": ev.WorkoutCancelled,
    "in_progress": ev.WorkoutStarted,
}


def status_event(was: str | None, now: str) -> type[ev.Event]:
    """The event of a workout's change from status `was` (None: a new workout) to `now`: a workout
    recorded whole after the fact is created, not finished."""
    if was == now or (was is None and now != "in_progress"):
        return ev.WorkoutCreated if was is None else ev.WorkoutUpdated
    return _ENTERED.get(now, ev.WorkoutUpdated)


async def _open(uow: UnitOfWork, user_id: Any, workout_id: Any) -> Workout:
    if workout_id is None:
        workout = await active_workout(uow, user_id)
        if workout is None:
            raise Conflict("No workout is in progress")
        return workout
    return await owned_workout(uow, user_id, workout_id)


async def finish_workout(cmd: c.FinishWorkout, uow: UnitOfWork) -> Workout:
    """Done now, or at `completed_at`: not in the future, nor before the start (a time a few minutes
    before it, a client's clock behind the server's, is the start)."""
    workout = await _open(uow, cmd.user_id, cmd.workout_id)
    if workout.status not in ("in_progress", "planned"):
        raise Conflict(f"This workout is already {workout.status}")
    now = utcnow()
    done = _aware(cmd.completed_at) or now
    check = Checker()
    if done > now + CLOCK_SKEW:
        check.add("completed_at", "must not be in the future")
    if workout.started_at is not None and done < workout.started_at - CLOCK_SKEW:
        check.add("completed_at", f"must not be before the workout's start ({workout.started_at.isoformat()})")
    check.raise_if_any()
    if workout.started_at is not None:
        done = max(done, workout.started_at)  # a client's clock a little behind the server's
    workout.status, workout.completed_at = "completed", done
    workout.started_at = workout.started_at or workout.completed_at
    await touch_workout(uow, workout)
    uow.add_event(ev.workout_event(ev.WorkoutFinished, workout))
    await uow.commit()
    return workout


def _aware(when: datetime | None) -> datetime | None:
    """A time without a zone is UTC (as the store keeps it)."""
    return when.replace(tzinfo=UTC) if when is not None and when.tzinfo is None else when


async def cancel_workout(cmd: c.CancelWorkout, uow: UnitOfWork) -> Workout:
    workout = await _open(uow, cmd.user_id, cmd.workout_id)
    if workout.status not in ("in_progress", "planned"):
        raise Conflict(f"This workout is already {workout.status}")
    workout.status = "cancelled"
    await touch_workout(uow, workout)
    await records.refresh(uow, cmd.user_id, await records.exercises_in(uow, workout.id))
    uow.add_event(ev.workout_event(ev.WorkoutCancelled, workout))
    await uow.commit()
    return workout


async def delete_workout(cmd: c.DeleteWorkout, uow: UnitOfWork) -> None:
    workout = await owned_workout(uow, cmd.user_id, cmd.workout_id)
    exercises = await records.exercises_in(uow, workout.id)
    await uow.session.delete(workout)
    await records.refresh(uow, cmd.user_id, exercises)
    uow.session.add(
        AuditEntry(user_id=cmd.user_id, action="workout.deleted", entity="workout", entity_id=str(workout.id))
    )
    await bury(uow, cmd.user_id, "workout", workout.id)
    uow.add_event(ev.WorkoutDeleted(cmd.user_id, {"id": str(workout.id)}, workout.id))
    await uow.commit()
