"""Programs: routines in days over weeks, and what comes next (GET /programs/next for the program
you follow, GET /programs/{id}/next for any of yours)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Body, status

from channels.http.deps import App, Limit, PageNo, Reader, Writer
from channels.http.errors import ApiError
from channels.http.openapi import errors
from channels.http.routers import Router, literal_paths_first
from channels.http.schemas import ListOut, PageMeta
from channels.http.schemas.programs import (
    PATCH_EXAMPLES,
    PROGRAM_EXAMPLES,
    NextDayOut,
    ProgramIn,
    ProgramOut,
    ProgramPatch,
    ProgramWeekIn,
)
from domain import commands as c
from domain import queries
from domain.handlers.programs import load_program, next_day

router = Router(prefix="/programs", tags=["programs"])


def days(weeks: list[ProgramWeekIn]) -> tuple[c.ProgramDayEntry, ...]:
    return tuple(
        c.ProgramDayEntry(w + 1, d + 1, day.routine_id, day.notes)
        for w, week in enumerate(weeks)
        for d, day in enumerate(week.days)
    )


@router.get("")
async def list_programs(who: Reader, spotter: App, limit: Limit, page: PageNo = 1) -> ListOut[ProgramOut]:
    async with spotter.reader() as uow:
        found = await queries.programs(uow, who.user_id, page=page, limit=limit)
        data = [ProgramOut.of(p) for p in found.items]
    return ListOut[ProgramOut](
        data=data, meta=PageMeta(page=page, limit=limit, total=found.total, has_next=found.has_next)
    )


@router.post("", status_code=status.HTTP_201_CREATED)
async def create(
    body: Annotated[ProgramIn, Body(openapi_examples=PROGRAM_EXAMPLES)], who: Writer, spotter: App
) -> ProgramOut:
    """A program: `weeks[i].days[j]` trains a routine (yours or public) on week i+1, day j+1.
    `is_active: true` makes it the one you follow (the one you followed stops)."""
    made = await spotter.bus.handle(
        c.CreateProgram(who.user_id, body.name, body.notes, body.is_active, days(body.weeks))
    )
    return ProgramOut.of(made)


@router.get("/next", responses=errors(404))
async def next_of_active(who: Reader, spotter: App) -> NextDayOut:
    """What to train next in the program you follow; 404 when you follow none."""
    async with spotter.reader() as uow:
        return NextDayOut.of(await next_day(uow, who.user_id))


@router.get("/{program_id}")
async def get_program(program_id: uuid.UUID, who: Reader, spotter: App) -> ProgramOut:
    async with spotter.reader() as uow:
        return ProgramOut.of(await load_program(uow, who.user_id, program_id))


@router.get("/{program_id}/next")
async def next_of(program_id: uuid.UUID, who: Reader, spotter: App) -> NextDayOut:
    """The day after the day of your latest finished workout of this program (its first day before
    any), passing over days whose routine was deleted; `complete` after its last day. Start it with
    POST /workouts/start {"program_day_id": day.id}."""
    async with spotter.reader() as uow:
        return NextDayOut.of(await next_day(uow, who.user_id, program_id))


@router.patch("/{program_id}", responses=errors(409))
async def patch(
    program_id: uuid.UUID,
    body: Annotated[ProgramPatch, Body(openapi_examples=PATCH_EXAMPLES)],
    who: Writer,
    spotter: App,
) -> ProgramOut:
    changes = body.given()
    weeks = changes.pop("weeks", None)
    if not changes and weeks is None:
        raise ApiError(422, "Nothing to change", [{"field": "body", "message": "give at least one field"}])
    entries = days(body.weeks or []) if weeks is not None else None
    return ProgramOut.of(await spotter.bus.handle(c.UpdateProgram(who.user_id, program_id, changes, entries)))


@router.delete("/{program_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete(program_id: uuid.UUID, who: Writer, spotter: App) -> None:
    """The program and its days; workouts that trained them stay."""
    await spotter.bus.handle(c.DeleteProgram(who.user_id, program_id))


literal_paths_first(router)
