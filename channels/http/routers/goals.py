"""Goals: set, read with their progress from the logs, change, remove (owner only)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Body, Query, status

from channels.http.deps import App, Limit, PageNo, Reader, Writer
from channels.http.errors import ApiError
from channels.http.openapi import errors
from channels.http.routers import Router
from channels.http.schemas import ListOut, OneLine, PageMeta
from channels.http.schemas.goals import GOAL_EXAMPLES, PATCH_EXAMPLES, GoalIn, GoalOut, GoalPatch, GoalStatus, Kind
from domain import commands as c
from domain import queries
from domain.handlers.goals import GoalState, goals_page, load_goal
from domain.queries import Page

router = Router(prefix="/goals", tags=["goals"])

ExerciseRef = Annotated[str | None, Query(min_length=1, max_length=120, description="slug or id"), OneLine]


@router.get("")
async def list_goals(
    who: Reader,
    spotter: App,
    limit: Limit,
    page: PageNo = 1,
    status: GoalStatus | None = None,
    kind: Kind | None = None,
    exercise: ExerciseRef = None,
) -> ListOut[GoalOut]:
    """Your goals, newest first, each with its progress now (in the goal's unit)."""
    async with spotter.reader() as uow:
        found: Page[GoalState] = Page([], page, limit, 0)
        ex = await queries.exercise(uow, who.user_id, exercise) if exercise is not None else None
        if exercise is None or ex is not None:  # an exercise you cannot see has no goals of yours
            exercise_id = ex.id if ex is not None else None
            found = await goals_page(
                uow, who.user_id, status=status, kind=kind, exercise_id=exercise_id, page=page, limit=limit
            )
    return ListOut[GoalOut](
        data=[GoalOut.of(s) for s in found.items],
        meta=PageMeta(page=page, limit=limit, total=found.total, has_next=found.has_next),
    )


@router.post("", status_code=status.HTTP_201_CREATED)
async def create_goal(
    body: Annotated[GoalIn, Body(openapi_examples=GOAL_EXAMPLES)], who: Writer, spotter: App
) -> GoalOut:
    """Set a goal. Met when your logs first reach the target (`achieved_at`; at once if they already do)."""
    state = await spotter.bus.handle(
        c.CreateGoal(
            who.user_id,
            body.kind,
            body.target,
            body.exercise,
            body.unit,
            body.weight,
            body.direction,
            body.period,
            body.deadline,
            body.name,
        )
    )
    return GoalOut.of(state)


@router.get("/{goal_id}", responses=errors(404))
async def get_goal(goal_id: uuid.UUID, who: Reader, spotter: App) -> GoalOut:
    async with spotter.reader() as uow:
        return GoalOut.of(await load_goal(uow, who.user_id, goal_id))


@router.patch("/{goal_id}", responses=errors(404))
async def update_goal(
    goal_id: uuid.UUID, body: Annotated[GoalPatch, Body(openapi_examples=PATCH_EXAMPLES)], who: Writer, spotter: App
) -> GoalOut:
    """Change a goal's target, unit, load, direction, period, deadline or name (its kind and exercise
    stay: set another goal for those); whether and when it was met is worked out again."""
    changes = body.given()
    if not changes:
        raise ApiError(422, "Nothing to change", [{"field": "body", "message": "give at least one field"}])
    return GoalOut.of(await spotter.bus.handle(c.UpdateGoal(who.user_id, goal_id, changes)))


@router.delete("/{goal_id}", status_code=status.HTTP_204_NO_CONTENT, responses=errors(404))
async def delete_goal(goal_id: uuid.UUID, who: Writer, spotter: App) -> None:
    await spotter.bus.handle(c.DeleteGoal(who.user_id, goal_id))
