from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Body, status

from channels.http.deps import App, Limit, PageNo, Reader, Writer
from channels.http.errors import ApiError
from channels.http.routers import Router
from channels.http.schemas import ListOut, PageMeta
from channels.http.schemas.routines import ROUTINE_EXAMPLES, RoutineIn, RoutineItemIn, RoutineOut, RoutinePatch
from domain import commands as c
from domain import queries
from domain.handlers.routines import load_routine

router = Router(prefix="/routines", tags=["routines"])


def items(entries: list[RoutineItemIn]) -> tuple[c.RoutineItemEntry, ...]:
    return tuple(
        c.RoutineItemEntry(
            e.exercise,
            e.target_sets,
            e.target_reps,
            e.target_weight,
            e.unit,
            e.rest_seconds,
            e.superset_group,
            e.target_rpe,
            e.notes,
        )
        for e in entries
    )


@router.get("")
async def list_routines(
    who: Reader, spotter: App, limit: Limit, page: PageNo = 1, public: bool = False
) -> ListOut[RoutineOut]:
    """Your routines, or with `public=true` the ones lifters share."""
    async with spotter.reader() as uow:
        found = await queries.routines(uow, who.user_id, public=public, page=page, limit=limit)
        data = [RoutineOut.of(r) for r in found.items]
    return ListOut[RoutineOut](
        data=data, meta=PageMeta(page=page, limit=limit, total=found.total, has_next=found.has_next)
    )


@router.post("", status_code=status.HTTP_201_CREATED)
async def create(
    body: Annotated[RoutineIn, Body(openapi_examples=ROUTINE_EXAMPLES)], who: Writer, spotter: App
) -> RoutineOut:
    """A routine: items in order with their targets; consecutive items of one `superset_group` are
    done in turns when a workout starts from it (POST /workouts/start {routine_id})."""
    r = await spotter.bus.handle(c.CreateRoutine(who.user_id, body.name, body.notes, body.is_public, items(body.items)))
    return RoutineOut.of(r)


@router.get("/{routine_id}")
async def get_routine(routine_id: uuid.UUID, who: Reader, spotter: App) -> RoutineOut:
    async with spotter.reader() as uow:
        return RoutineOut.of(await load_routine(uow, who.user_id, routine_id, own=False))


@router.patch("/{routine_id}")
async def patch(routine_id: uuid.UUID, body: RoutinePatch, who: Writer, spotter: App) -> RoutineOut:
    changes = body.given()
    new_items = changes.pop("items", None)
    if not changes and new_items is None:
        raise ApiError(422, "Nothing to change", [{"field": "body", "message": "give at least one field"}])
    r = await spotter.bus.handle(
        c.UpdateRoutine(who.user_id, routine_id, changes, items(body.items or []) if new_items is not None else None)
    )
    return RoutineOut.of(r)


@router.delete("/{routine_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete(routine_id: uuid.UUID, who: Writer, spotter: App) -> None:
    await spotter.bus.handle(c.DeleteRoutine(who.user_id, routine_id))


@router.post("/{routine_id}/clone", status_code=status.HTTP_201_CREATED)
async def clone(routine_id: uuid.UUID, who: Writer, spotter: App) -> RoutineOut:
    """Copy your own or a public routine into your account."""
    return RoutineOut.of(await spotter.bus.handle(c.CloneRoutine(who.user_id, routine_id)))
