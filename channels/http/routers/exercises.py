from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import Path, Query, status

from channels.http.deps import App, Limit, PageNo, Reader, Writer
from channels.http.errors import ApiError
from channels.http.openapi import errors
from channels.http.routers import Router, literal_paths_first
from channels.http.schemas import ListOut, OneLine, PageMeta
from channels.http.schemas.exercises import ExerciseBatchIn, ExerciseIn, ExerciseOut, ExercisePatch
from domain import commands as c
from domain import queries

router = Router(prefix="/exercises", tags=["exercises"])
Level = Literal["beginner", "intermediate", "expert"]


@router.get("")
async def list_exercises(
    who: Reader,
    spotter: App,
    limit: Limit,
    page: PageNo = 1,
    search: Annotated[str | None, Query(max_length=100, description="typo-tolerant, ranked"), OneLine] = None,
    muscle: Annotated[str | None, Query(max_length=40), OneLine] = None,
    equipment: Annotated[str | None, Query(max_length=40), OneLine] = None,
    category: Annotated[str | None, Query(max_length=40), OneLine] = None,
    level: Annotated[Level | None, Query(description="the catalog's difficulty")] = None,
    favorite: Annotated[bool | None, Query(description="true: only your favorites; false: all but them")] = None,
) -> ListOut[ExerciseOut]:
    async with spotter.reader() as uow:
        found = await queries.exercises(
            uow,
            who.user_id,
            spotter.index,
            spotter.catalog,
            search=search,
            muscle=muscle,
            equipment=equipment,
            category=category,
            level=level,
            favorite=favorite,
            page=page,
            limit=limit,
        )
    return ListOut[ExerciseOut](
        data=[ExerciseOut.of(e) for e in found.items],
        meta=PageMeta(page=page, limit=limit, total=found.total, has_next=found.has_next),
    )


@router.get("/favorites")
async def favorites(who: Reader, spotter: App, limit: Limit, page: PageNo = 1) -> ListOut[ExerciseOut]:
    """Your favorite exercises (as GET /exercises?favorite=true)."""
    async with spotter.reader() as uow:
        found = await queries.exercises(
            uow, who.user_id, spotter.index, spotter.catalog, favorite=True, page=page, limit=limit
        )
    return ListOut[ExerciseOut](
        data=[ExerciseOut.of(e) for e in found.items],
        meta=PageMeta(page=page, limit=limit, total=found.total, has_next=found.has_next),
    )


@router.post("/batch")
async def batch(body: ExerciseBatchIn, who: Reader, spotter: App) -> dict[str, list[ExerciseOut]]:
    """Many exercises by id or slug at once, in the order asked; unknown ones are left out."""
    out = []
    async with spotter.reader() as uow:
        for ref in body.ids:
            found = await queries.exercise(uow, who.user_id, ref)
            if found is not None:
                out.append(ExerciseOut.of(found))
    return {"data": out}


@router.get("/{ref}")
async def get_exercise(ref: Annotated[str, OneLine], who: Reader, spotter: App) -> ExerciseOut:
    async with spotter.reader() as uow:
        found = await queries.exercise(uow, who.user_id, ref)
    if found is None:
        raise ApiError(404, f"No exercise {ref!r}")
    return ExerciseOut.of(found)


@router.put("/{ref}/favorite", status_code=status.HTTP_204_NO_CONTENT)
async def favorite(ref: Annotated[str, OneLine], who: Writer, spotter: App) -> None:
    """Mark an exercise (id or slug, the catalog's or your own) as a favorite; again changes nothing."""
    await spotter.bus.handle(c.FavoriteExercise(who.user_id, ref))


@router.delete("/{ref}/favorite", status_code=status.HTTP_204_NO_CONTENT)
async def unfavorite(ref: Annotated[str, OneLine], who: Writer, spotter: App) -> None:
    """No longer a favorite (204 whether it was one or not; 404 for an unknown exercise)."""
    await spotter.bus.handle(c.UnfavoriteExercise(who.user_id, ref))


@router.post("", status_code=status.HTTP_201_CREATED)
async def create_exercise(body: ExerciseIn, who: Writer, spotter: App) -> ExerciseOut:
    row = await spotter.bus.handle(
        c.CreateExercise(
            who.user_id,
            body.name,
            tuple(body.aliases),
            body.kind,
            body.category,
            body.equipment,
            tuple(body.primary_muscles),
            tuple(body.secondary_muscles),
        )
    )
    return ExerciseOut.of(row)


# One name for the path's parameter on every method (OpenAPI reads /{ref} and /{exercise_id} as two
# paths that clash); a change or deletion is of the lifter's own exercise, named by its id.
OwnRef = Annotated[uuid.UUID, Path(description="the id of one of your own exercises")]


@router.patch("/{ref}", responses=errors(409))
async def patch_exercise(ref: OwnRef, body: ExercisePatch, who: Writer, spotter: App) -> ExerciseOut:
    row = await spotter.bus.handle(c.UpdateExercise(who.user_id, ref, body.given()))
    return ExerciseOut.of(row)


@router.delete("/{ref}", status_code=status.HTTP_204_NO_CONTENT, responses=errors(409))
async def delete_exercise(ref: OwnRef, who: Writer, spotter: App) -> None:
    await spotter.bus.handle(c.DeleteExercise(who.user_id, ref))


literal_paths_first(router)
