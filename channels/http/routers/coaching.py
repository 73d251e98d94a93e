"""The trainer's side: clients, requests and invitations, and a client's workouts, records, metrics
and routines, each read noted in the client's audit log.

Every route needs the trainer role (channels/http/deps.py, domain/roles.py) and, for a client's data,
an active grant read from the store on each request (domain/coaching.py): a lifter who is not a
client, and any id that is not that client's, is a 404. The read is noted after the data is read, in
a transaction that checks the grant again, so a grant ended meanwhile shows nothing.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import Body, Query, status

from channels.http.deps import App, Limit, PageNo, TrainerReader, TrainerWriter
from channels.http.openapi import errors
from channels.http.routers import Router
from channels.http.routers.analytics import records_of
from channels.http.routers.routines import items
from channels.http.routers.workouts import view
from channels.http.schemas import ListOut, PageMeta, QueryWhen
from channels.http.schemas import account_examples as ex
from channels.http.schemas import client_examples as cx
from channels.http.schemas.analytics import RecordsOut
from channels.http.schemas.coaching import REQUEST_EXAMPLES, ClientOut, RequestIn
from channels.http.schemas.metrics import Metric, MetricOut
from channels.http.schemas.routines import ROUTINE_EXAMPLES, RoutineIn, RoutineOut
from channels.http.schemas.workouts import Status, WorkoutDetailOut, WorkoutOut
from domain import coaching, queries
from domain import commands as c
from domain.models import TrainerGrant

router = Router(prefix="/trainer", tags=["trainers"])
ALL = ("invited", "requested", "active", "ended")
CLIENT_404 = errors(404)


async def _shown(spotter: App, grant: TrainerGrant) -> ClientOut:
    async with spotter.reader() as uow:
        return ClientOut.of(await coaching.grant_view(uow, grant.id, as_trainer=True))


async def _noted(
    spotter: App, trainer_id: uuid.UUID, client_id: uuid.UUID, entity: str, entity_id: str | None = None
) -> None:
    await spotter.bus.handle(c.RecordTrainerRead(trainer_id, client_id, entity, entity_id))


@router.get("/clients", responses=ex.answer(ex.CLIENTS))
async def clients(
    who: TrainerReader,
    spotter: App,
    limit: Limit,
    page: PageNo = 1,
    status: Annotated[
        Literal["invited", "requested", "active", "ended", "all"],
        Query(description="grants in this state (`invited`: invitations to accept), or `all`"),
    ] = "active",
) -> ListOut[ClientOut]:
    """Your clients (`active` unless `status` says otherwise), with what each allows, newest first."""
    async with spotter.reader() as uow:
        found = await coaching.clients_of(uow, who.user_id, ALL if status == "all" else (status,), page, limit)
    return ListOut[ClientOut](
        data=[ClientOut.of(g) for g in found.items],
        meta=PageMeta(page=page, limit=limit, total=found.total, has_next=found.has_next),
    )


@router.post(
    "/requests", status_code=status.HTTP_201_CREATED, responses={**errors(404, 409), **ex.answer(ex.REQUESTED, 201)}
)
async def request_client(
    body: Annotated[RequestIn, Body(openapi_examples=REQUEST_EXAMPLES)], who: TrainerWriter, spotter: App
) -> ClientOut:
    """Ask a lifter (by their account email) to become your client: `requested` until they accept (POST
    /me/trainers/{id}/accept), or `active` at once if they had invited you. 404 if no account has that
    address, 409 if you coach them or have asked already."""
    grant = await spotter.bus.handle(c.RequestClient(who.user_id, body.email))
    return await _shown(spotter, grant)


@router.post("/invitations/{grant_id}/accept", responses={**errors(409), **ex.answer(ex.CLIENT)})
async def accept_invitation(grant_id: uuid.UUID, who: TrainerWriter, spotter: App) -> ClientOut:
    """Accept a lifter's invitation (`invited`); 409 if the grant is not an invitation."""
    grant = await spotter.bus.handle(c.AcceptClient(who.user_id, grant_id))
    return await _shown(spotter, grant)


@router.delete("/clients/{client_id}", status_code=status.HTTP_204_NO_CONTENT)
async def drop(client_id: uuid.UUID, who: TrainerWriter, spotter: App) -> None:
    """End your grant with this lifter from your side: stop coaching them, decline their invitation or
    withdraw your request. 404 if there is none."""
    await spotter.bus.handle(c.DropClient(who.user_id, client_id))


@router.get("/clients/{client_id}/workouts", responses={**CLIENT_404, **ex.answer(cx.WORKOUTS)})
async def client_workouts(
    client_id: uuid.UUID,
    who: TrainerReader,
    spotter: App,
    limit: Limit,
    page: PageNo = 1,
    status: Status | None = None,
    start: QueryWhen | None = Query(default=None, alias="from"),
    end: QueryWhen | None = Query(default=None, alias="to"),
) -> ListOut[WorkoutOut]:
    """A client's workouts, newest first (as GET /workouts shows the lifter). Noted in their audit log."""
    async with spotter.reader() as uow:
        await coaching.client_access(uow, who.user_id, client_id)
        found = await queries.workouts(uow, client_id, status=status, start=start, end=end, page=page, limit=limit)
        data = [WorkoutOut.model_validate(w) for w in found.items]
    await _noted(spotter, who.user_id, client_id, "workouts")
    return ListOut[WorkoutOut](
        data=data, meta=PageMeta(page=page, limit=limit, total=found.total, has_next=found.has_next)
    )


@router.get("/clients/{client_id}/workouts/{workout_id}", responses={**CLIENT_404, **ex.answer(cx.WORKOUT)})
async def client_workout(
    client_id: uuid.UUID, workout_id: uuid.UUID, who: TrainerReader, spotter: App
) -> WorkoutDetailOut:
    """One of a client's workouts with its sets; another lifter's workout is a 404. Noted in their audit log."""
    async with spotter.reader() as uow:
        await coaching.client_access(uow, who.user_id, client_id)
        found = await queries.workout_view(uow, client_id, workout_id, shown=spotter.settings.max_sets_shown)
        shown = view(found)
    await _noted(spotter, who.user_id, client_id, "workout", str(workout_id))
    return shown


@router.get("/clients/{client_id}/records", responses={**CLIENT_404, **ex.answer(cx.RECORDS)})
async def client_records(client_id: uuid.UUID, who: TrainerReader, spotter: App) -> RecordsOut:
    """A client's standing records per exercise, in the client's unit. Noted in their audit log."""
    async with spotter.reader() as uow:
        await coaching.client_access(uow, who.user_id, client_id)
    shown = await records_of(spotter, client_id)
    await _noted(spotter, who.user_id, client_id, "records")
    return shown


@router.get("/clients/{client_id}/metrics", responses={**CLIENT_404, **ex.answer(cx.METRICS)})
async def client_metrics(
    client_id: uuid.UUID,
    who: TrainerReader,
    spotter: App,
    limit: Limit,
    page: PageNo = 1,
    metric: Metric | None = None,
    start: QueryWhen | None = Query(default=None, alias="from"),
    end: QueryWhen | None = Query(default=None, alias="to"),
) -> ListOut[MetricOut]:
    """A client's body and health readings, newest first (of one `metric` if given). Noted in their audit log."""
    async with spotter.reader() as uow:
        await coaching.client_access(uow, who.user_id, client_id)
        found = await queries.body_metrics(uow, client_id, metric=metric, start=start, end=end, page=page, limit=limit)
        data = [MetricOut.model_validate(m) for m in found.items]
    await _noted(spotter, who.user_id, client_id, "metrics")
    return ListOut[MetricOut](
        data=data, meta=PageMeta(page=page, limit=limit, total=found.total, has_next=found.has_next)
    )


@router.get("/clients/{client_id}/routines", responses={**CLIENT_404, **ex.answer(cx.ROUTINES)})
async def client_routines(
    client_id: uuid.UUID, who: TrainerReader, spotter: App, limit: Limit, page: PageNo = 1
) -> ListOut[RoutineOut]:
    """A client's routines. Noted in their audit log."""
    async with spotter.reader() as uow:
        await coaching.client_access(uow, who.user_id, client_id)
        found = await queries.routines(uow, client_id, page=page, limit=limit)
        data = [RoutineOut.of(r) for r in found.items]
    await _noted(spotter, who.user_id, client_id, "routines")
    return ListOut[RoutineOut](
        data=data, meta=PageMeta(page=page, limit=limit, total=found.total, has_next=found.has_next)
    )


@router.post(
    "/clients/{client_id}/routines",
    status_code=status.HTTP_201_CREATED,
    responses={**errors(403, 404), **ex.answer(cx.ROUTINE_OUT, 201)},
)
async def assign_routine(
    client_id: uuid.UUID,
    body: Annotated[RoutineIn, Body(openapi_examples=ROUTINE_EXAMPLES)],
    who: TrainerWriter,
    spotter: App,
) -> RoutineOut:
    """Assign a routine: it is written into the client's routines (exercises by slug or id, the client's
    own custom ones too), and the client's audit log says who wrote it. 403 unless the client allowed
    routine writes (`can_write_routines`)."""
    routine = c.CreateRoutine(client_id, body.name, body.notes, False, items(body.items))
    r = await spotter.bus.handle(c.AssignRoutine(who.user_id, client_id, routine))
    return RoutineOut.of(r)
