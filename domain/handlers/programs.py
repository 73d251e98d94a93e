"""Programs: routines in training days over weeks (week 1 day 1, week 1 day 2, ...), and what comes
next for the lifter.

A lifter follows at most one program at a time (`is_active`; making one active leaves the others).
A workout started from a program day (POST /workouts/start with `program_day_id`) trains that day;
the next day is the one after the day of the lifter's latest finished workout of the program (the
first day when none is finished yet), passing over days whose routine was deleted; after the last
day the program is complete. Changing a program's days keeps the days that stay (by week and day),
so its progress stays too.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from domain import commands as c
from domain.errors import Conflict, NotFound
from domain.models import Program, ProgramDay, Routine, Workout
from domain.uow import UnitOfWork
from domain.validation import Checker, check_not_null

MAX_WEEKS, MAX_DAYS_PER_WEEK = 52, 7
NAME_MAX = 200


async def load_program(uow: UnitOfWork, user_id: uuid.UUID, program_id: uuid.UUID) -> Program:
    """The lifter's program with its days and their routines; another lifter's is not found."""
    stmt = (
        select(Program)
        .where(Program.id == program_id, Program.user_id == user_id)
        .options(selectinload(Program.days).selectinload(ProgramDay.routine))
        .execution_options(populate_existing=True)
    )
    program = await uow.session.scalar(stmt)
    if program is None:
        raise NotFound("Program not found")
    return program


async def load_day(uow: UnitOfWork, user_id: uuid.UUID, day_id: uuid.UUID) -> ProgramDay:
    """A day of one of the lifter's programs; another lifter's is not found."""
    stmt = (
        select(ProgramDay)
        .join(Program, Program.id == ProgramDay.program_id)
        .where(ProgramDay.id == day_id, Program.user_id == user_id)
    )
    day = await uow.session.scalar(stmt)
    if day is None:
        raise NotFound("Program day not found")
    return day


def where(d: c.ProgramDayEntry) -> str:
    """A day as the API lists it: weeks[0].days[1] is week 1, day 2."""
    return f"weeks[{d.week - 1}].days[{d.day - 1}]"


def _check(name: str | None, days: tuple[c.ProgramDayEntry, ...] | None) -> None:
    check = Checker()
    if name is not None and not (1 <= len(name.strip()) <= NAME_MAX):
        check.add("name", f"must be 1 to {NAME_MAX} characters")
    seen: set[tuple[int, int]] = set()
    for d in days or ():
        if not (1 <= d.week <= MAX_WEEKS and 1 <= d.day <= MAX_DAYS_PER_WEEK):
            check.add(where(d), f"weeks are 1 to {MAX_WEEKS}, days 1 to {MAX_DAYS_PER_WEEK}")
        elif (d.week, d.day) in seen:
            check.add(where(d), f"week {d.week} day {d.day} is given twice")
        seen.add((d.week, d.day))
    if days is not None and len(days) > MAX_WEEKS * MAX_DAYS_PER_WEEK:
        check.add("days", f"at most {MAX_WEEKS * MAX_DAYS_PER_WEEK}")
    check.raise_if_any()


async def _check_routines(uow: UnitOfWork, user_id: uuid.UUID, days: tuple[c.ProgramDayEntry, ...]) -> None:
    """Each day's routine is the lifter's own or a public one (else 422 naming the day)."""
    wanted = {d.routine_id for d in days}
    if not wanted:
        return
    stmt = select(Routine.id).where(
        Routine.id.in_(wanted), or_(Routine.user_id == user_id, Routine.is_public.is_(True))
    )
    found = set((await uow.session.scalars(stmt)).all())
    check = Checker()
    for d in days:
        if d.routine_id not in found:
            check.add(f"{where(d)}.routine_id", "no such routine of yours (or public): see GET /routines")
    check.raise_if_any()


def _set_days(program: Program, days: tuple[c.ProgramDayEntry, ...]) -> None:
    """The program's days become `days`; a day that stays (same week and day) is kept, with its progress."""
    kept = {(d.week, d.day): d for d in program.days}
    program.days = [
        _day(kept.get((e.week, e.day)) or ProgramDay(week=e.week, day=e.day), e)
        for e in sorted(days, key=lambda e: (e.week, e.day))
    ]


def _day(row: ProgramDay, entry: c.ProgramDayEntry) -> ProgramDay:
    row.routine_id, row.notes = entry.routine_id, entry.notes
    return row


async def _only_active(uow: UnitOfWork, user_id: uuid.UUID, program_id: uuid.UUID) -> None:
    """The lifter's other programs stop being active (one is followed at a time)."""
    await uow.session.execute(
        update(Program)
        .where(Program.user_id == user_id, Program.id != program_id, Program.is_active.is_(True))
        .values(is_active=False)
        .execution_options(synchronize_session=False)
    )


async def _commit(uow: UnitOfWork) -> None:
    try:
        await uow.commit()
    except IntegrityError as exc:  # another program was made active at the same moment
        await uow.rollback()
        raise Conflict("Another program was made active at the same time; try again") from exc


async def create_program(cmd: c.CreateProgram, uow: UnitOfWork) -> Program:
    _check(cmd.name, cmd.days)
    await _check_routines(uow, cmd.user_id, cmd.days)
    program = Program(
        id=uuid.uuid4(), user_id=cmd.user_id, name=cmd.name.strip(), notes=cmd.notes, is_active=cmd.is_active
    )
    program.days = []
    _set_days(program, cmd.days)
    if cmd.is_active:
        await _only_active(uow, cmd.user_id, program.id)
    uow.session.add(program)
    await _commit(uow)
    return await load_program(uow, cmd.user_id, program.id)


async def update_program(cmd: c.UpdateProgram, uow: UnitOfWork) -> Program:
    program = await load_program(uow, cmd.user_id, cmd.program_id)
    _check(cmd.changes.get("name"), cmd.days)
    changes = {k: v for k, v in cmd.changes.items() if k in ("name", "notes", "is_active")}
    check_not_null(changes, Program)
    if cmd.days is not None:
        await _check_routines(uow, cmd.user_id, cmd.days)
        _set_days(program, cmd.days)
    for key, value in changes.items():
        setattr(program, key, value.strip() if key == "name" else value)
    if changes.get("is_active"):
        await _only_active(uow, cmd.user_id, program.id)
    await _commit(uow)
    return await load_program(uow, cmd.user_id, program.id)


async def delete_program(cmd: c.DeleteProgram, uow: UnitOfWork) -> None:
    program = await load_program(uow, cmd.user_id, cmd.program_id)
    await uow.session.delete(program)
    await uow.commit()


@dataclass(frozen=True)
class NextDay:
    """Where the lifter stands in a program: the day to train next (None once complete), how many
    of its days have a finished workout, and when the latest was finished."""

    program: Program
    day: ProgramDay | None
    days_done: int
    last_done_at: datetime | None

    @property
    def complete(self) -> bool:
        return self.day is None


async def next_day(uow: UnitOfWork, user_id: uuid.UUID, program_id: uuid.UUID | None = None) -> NextDay:
    """The next day of the program (the lifter's active one when no id is given: 404 if none)."""
    if program_id is None:
        program_id = await uow.session.scalar(
            select(Program.id).where(Program.user_id == user_id, Program.is_active.is_(True))
        )
        if program_id is None:
            raise NotFound("No program is active: make one active with PATCH /programs/{id} is_active=true")
    program = await load_program(uow, user_id, program_id)
    ids = [d.id for d in program.days]
    stmt = (
        select(Workout.program_day_id, Workout.completed_at)
        .where(Workout.user_id == user_id, Workout.status == "completed", Workout.program_day_id.in_(ids))
        .order_by(Workout.completed_at.desc())
    )
    finished = (await uow.session.execute(stmt)).all() if ids else []
    order = {day_id: i for i, day_id in enumerate(ids)}
    after = order[finished[0].program_day_id] + 1 if finished else 0
    upcoming = next((d for d in program.days[after:] if d.routine_id is not None), None)
    last = finished[0].completed_at if finished else None
    return NextDay(program, upcoming, len({row.program_day_id for row in finished}), last)


__all__ = ["NextDay", "create_program", "delete_program", "load_day", "load_program", "next_day", "update_program"]
