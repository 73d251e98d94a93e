from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Annotated

from fastapi import Body, Query, WebSocket, status

from channels.http import generating
from channels.http.deps import App, Limit, PageNo, Reader, Writer
from channels.http.errors import ApiError
from channels.http.event_socket import EventSocket
from channels.http.limits import at_most
from channels.http.openapi import errors
from channels.http.routers import Router, literal_paths_first
from channels.http.schemas import ListOut, PageMeta, QueryWhen
from channels.http.schemas.generation import GeneratedOut, GenerateIn
from channels.http.schemas.sync import encode_token
from channels.http.schemas.workouts import (
    FINISH_EXAMPLES,
    LOG_SET_EXAMPLES,
    START_EXAMPLES,
    WORKOUT_EXAMPLES,
    FinishIn,
    SetIn,
    SetOut,
    SetsLoggedOut,
    StartIn,
    Status,
    SyncIn,
    SyncOut,
    WorkoutDetailOut,
    WorkoutIn,
    WorkoutOut,
    WorkoutPatch,
)
from domain import commands as c
from domain import queries
from domain.changes import settled_cursor
from domain.handlers.sets import SetsLogged
from domain.handlers.sync import SyncResult
from domain.models import Workout

router = Router(prefix="/workouts", tags=["workouts"])


def detail(w: Workout, shown: int) -> WorkoutDetailOut:
    """A workout whose sets are loaded: the first `shown` of them, the count of all, the volume of
    those done and the count of those planned."""
    volume, planned = queries.totals(w.sets)
    return WorkoutDetailOut(
        **WorkoutOut.model_validate(w).model_dump(),
        sets=[SetOut.of(s) for s in w.sets[:shown]],
        set_count=len(w.sets),
        volume_kg=round(volume, 2),
        planned_count=planned,
    )


def view(found: queries.WorkoutView) -> WorkoutDetailOut:
    return WorkoutDetailOut(
        **WorkoutOut.model_validate(found.workout).model_dump(),
        sets=[SetOut.model_validate(s) for s in found.sets],
        set_count=found.set_count,
        volume_kg=round(found.volume_kg, 2),
        planned_count=found.planned_count,
    )


def check_sets(count: int, spotter: App) -> None:
    most = spotter.settings.max_sets_per_request
    at_most("sets", count, most, "sets in one request", "MAX_SETS_PER_REQUEST")


def entry(s: SetIn) -> c.SetEntry:
    return c.SetEntry(
        exercise=s.exercise,
        reps=s.reps,
        weight=s.weight,
        unit=s.unit,
        rpe=s.rpe,
        rir=s.rir,
        set_type=s.set_type,
        duration_s=s.duration_s,
        distance_m=s.distance_m,
        bodyweight=s.bodyweight,
        added_weight=s.added_weight,
        notes=s.notes,
        client_id=s.client_id,
        completed_at=s.completed_at,
        target_reps=s.target_reps,
        target_weight=s.target_weight,
        target_rpe=s.target_rpe,
        rest_s=s.rest_s,
        completed=s.completed,
        position=s.position,
    )


# The busiest routes first: a request is matched against the routes in order.
@router.post("/{workout_id}/sets", status_code=status.HTTP_201_CREATED)
async def log_sets(
    workout_id: uuid.UUID, body: Annotated[SetIn, Body(openapi_examples=LOG_SET_EXAMPLES)], who: Writer, spotter: App
) -> SetsLoggedOut:
    """Log one set, or `sets` identical ones. Sets done fill the workout's planned sets of the
    exercise first, in order (or the one at `position`: 409 if it is done already), and are added
    after its last set beyond those; `completed: false` plans sets instead. A repeated `client_id`
    updates that set. Into a finished workout, a set without `completed_at` is dated right after
    its last set (its start when it has none)."""
    done: SetsLogged = await spotter.bus.handle(c.LogSets(who.user_id, entry(body), body.sets, workout_id))
    return SetsLoggedOut(
        data=[SetOut.of(s) for s in done.sets],
        workout=WorkoutOut.model_validate(done.workout),
        workout_started=done.workout_started,
    )


@router.get("/{workout_id}/sets")
async def list_sets(
    workout_id: uuid.UUID, who: Reader, spotter: App, limit: Limit, page: PageNo = 1
) -> ListOut[SetOut]:
    async with spotter.reader() as uow:
        found = await queries.workout_sets(uow, who.user_id, workout_id, page=page, limit=limit)
    meta = {"page": page, "limit": limit, "total": found.total, "has_next": found.has_next}
    return ListOut[SetOut].model_validate({"data": found.items, "meta": meta})


@router.post("", status_code=status.HTTP_201_CREATED, responses=errors(404))
async def create_workout(
    body: Annotated[WorkoutIn, Body(openapi_examples=WORKOUT_EXAMPLES)], who: Writer, spotter: App
) -> WorkoutDetailOut:
    check_sets(sum(s.sets for s in body.sets), spotter)
    expanded = tuple(entry(s) for s in body.sets for _ in range(s.sets))
    w = await spotter.bus.handle(
        c.CreateWorkout(
            who.user_id,
            body.name,
            body.status,
            body.started_at,
            body.completed_at,
            body.notes,
            "api",
            body.client_id,
            expanded,
            body.routine_id,
        )
    )
    return detail(w, spotter.settings.max_sets_shown)


@router.get("")
async def list_workouts(
    who: Reader,
    spotter: App,
    limit: Limit,
    page: PageNo = 1,
    status: Status | None = None,
    start: QueryWhen | None = Query(default=None, alias="from"),
    end: QueryWhen | None = Query(default=None, alias="to"),
) -> ListOut[WorkoutOut]:
    async with spotter.reader() as uow:
        found = await queries.workouts(uow, who.user_id, status=status, start=start, end=end, page=page, limit=limit)
    return ListOut[WorkoutOut](
        data=[WorkoutOut.model_validate(w) for w in found.items],
        meta=PageMeta(page=page, limit=limit, total=found.total, has_next=found.has_next),
    )


@router.post("/start", status_code=status.HTTP_201_CREATED, responses=errors(404))
async def start(
    who: Writer, spotter: App, body: Annotated[StartIn | None, Body(openapi_examples=START_EXAMPLES)] = None
) -> WorkoutDetailOut:
    """Start a live workout; 409 with the active workout in `details` when one is open. From a
    routine (`routine_id`, yours or public) or a day of your program (`program_day_id`), the
    routine's sets are copied in as planned sets (targets, rest, `completed: false`), superset
    items in turns; logging fills them."""
    body = body or StartIn()
    w = await spotter.bus.handle(
        c.StartWorkout(who.user_id, body.name, body.notes, "api", body.started_at, body.routine_id, body.program_day_id)
    )
    async with spotter.reader() as uow:
        found = await queries.workout_view(uow, who.user_id, w.id, shown=spotter.settings.max_sets_shown)
    return view(found)


@router.get("/active", responses=errors(404))
async def active(who: Reader, spotter: App) -> WorkoutDetailOut:
    async with spotter.reader() as uow:
        found = await queries.active_workout_view(uow, who.user_id, shown=spotter.settings.max_sets_shown)
    if found is None:
        raise ApiError(404, "No workout is in progress")
    return view(found)


@router.post("/batch")
async def batch(body: SyncIn, who: Writer, spotter: App) -> SyncOut:
    """Offline sync: workouts and their sets by client_id. Sending the same batch again changes nothing."""
    most = spotter.settings.max_batch_workouts
    at_most("workouts", len(body.workouts), most, "workouts in one batch", "MAX_BATCH_WORKOUTS")
    check_sets(sum(len(w.sets) for w in body.workouts), spotter)
    workouts = tuple(
        c.WorkoutEntry(
            client_id=w.client_id,
            name=w.name,
            status=w.status,
            started_at=w.started_at,
            completed_at=w.completed_at,
            notes=w.notes,
            sets=tuple(entry(s) for s in w.sets),
        )
        for w in body.workouts
    )
    done: SyncResult = await spotter.bus.handle(c.SyncWorkouts(who.user_id, workouts))
    lag = timedelta(seconds=spotter.settings.sync_lag_s)
    return SyncOut(
        data=[detail(w, spotter.settings.max_sets_shown) for w in done.workouts],
        created=done.created,
        updated=done.updated,
        sets_created=done.sets_created,
        sets_updated=done.sets_updated,
        sync_token=encode_token(settled_cursor(done.started_at, lag)),
    )


@router.get("/{workout_id}")
async def get_workout(workout_id: uuid.UUID, who: Reader, spotter: App) -> WorkoutDetailOut:
    """The workout with its first MAX_SETS_SHOWN sets; `set_count` counts all, GET .../sets pages them."""
    async with spotter.reader() as uow:
        found = await queries.workout_view(uow, who.user_id, workout_id, shown=spotter.settings.max_sets_shown)
    return view(found)


@router.patch("/{workout_id}", responses=errors(409))
async def patch_workout(workout_id: uuid.UUID, body: WorkoutPatch, who: Writer, spotter: App) -> WorkoutOut:
    changes = body.given()
    version = changes.pop("version", None)
    if not changes:
        raise ApiError(422, "Nothing to change", [{"field": "body", "message": "give at least one field"}])
    w = await spotter.bus.handle(c.UpdateWorkout(who.user_id, workout_id, changes, version))
    return WorkoutOut.model_validate(w)


@router.delete("/{workout_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_workout(workout_id: uuid.UUID, who: Writer, spotter: App) -> None:
    await spotter.bus.handle(c.DeleteWorkout(who.user_id, workout_id))


@router.post("/{workout_id}/finish")
async def finish(
    workout_id: uuid.UUID,
    who: Writer,
    spotter: App,
    body: Annotated[FinishIn | None, Body(openapi_examples=FINISH_EXAMPLES)] = None,
) -> WorkoutOut:
    """Finish a live or planned workout, now or at `completed_at`: not in the future, not before its
    start (up to 5 minutes before it is taken as the start: clocks differ); planned sets left undone
    stay planned (and count nowhere)."""
    when = body.completed_at if body is not None else None
    return WorkoutOut.model_validate(await spotter.bus.handle(c.FinishWorkout(who.user_id, workout_id, when)))


@router.post("/{workout_id}/clone", status_code=status.HTTP_201_CREATED)
async def clone(workout_id: uuid.UUID, who: Writer, spotter: App) -> WorkoutDetailOut:
    """A new planned workout with this one's exercises in order, each set's reps, load and effort
    as targets (what was planned, for sets not done); begin it with PATCH `status: in_progress`."""
    w = await spotter.bus.handle(c.CloneWorkout(who.user_id, workout_id))
    return detail(w, spotter.settings.max_sets_shown)


@router.post("/{workout_id}/cancel")
async def cancel(workout_id: uuid.UUID, who: Writer, spotter: App) -> WorkoutOut:
    return WorkoutOut.model_validate(await spotter.bus.handle(c.CancelWorkout(who.user_id, workout_id)))


GENERATE_EXAMPLES = {
    "spoken": {
        "summary": "As said",
        "value": {"prompt": "45 minute upper body strength workout, no overhead pressing"},
    },
    "fields": {
        "summary": "Fields",
        "value": {
            "minutes": 30,
            "focus": "legs",
            "goal": "hypertrophy",
            "equipment": ["dumbbell", "bodyweight"],
            "limitations": "bad knee",
            "save": True,
        },
    },
}


@router.post("/generate", responses=errors(404))
async def generate(
    body: Annotated[GenerateIn, Body(openapi_examples=GENERATE_EXAMPLES)], who: Writer, spotter: App
) -> GeneratedOut:
    """A workout that fits the lifter: the minutes, target muscles, equipment, goal, level and
    limitations (exercises, movement patterns, body parts to spare) are hard constraints, and so is
    the last 48 hours' training (no muscle worked hard is a primary target); lifts the lifter does
    come first, loaded from their own top sets (RPE-aware, a deload after a stall). With
    LLM_BASE_URL a language model drafts it, checked by the same rules (`source` says who made it).
    `prompt` fills what the fields leave unset; `save` stores it as a routine."""
    return await generating.generate(body, who.user_id, spotter)


@router.websocket("/{workout_id}/live")
async def live(ws: WebSocket, workout_id: str) -> None:
    """One workout as it happens: its set, rest and status events and running stats (api.md, "live")."""
    await EventSocket(ws, ws.app.state.spotter, workout_id).run()


literal_paths_first(router)
