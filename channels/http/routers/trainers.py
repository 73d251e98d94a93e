"""A lifter's trainers: invite one, accept a trainer's request, change or end what a trainer may do.

Access follows the grant at once: a trainer's every request reads it again (domain/coaching.py).
What trainers were shown of your data is in your audit log (GET /me/audit, `trainer.read`)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import Body, Query, status

from channels.http.deps import App, Limit, PageNo, Reader, Session
from channels.http.openapi import errors
from channels.http.routers import Router
from channels.http.schemas import ListOut, PageMeta
from channels.http.schemas.coaching import (
    ACCESS_EXAMPLES,
    INVITE_EXAMPLES,
    TRAINER_EXAMPLE,
    TRAINERS_EXAMPLE,
    AccessIn,
    InviteIn,
    TrainerOut,
)
from domain import coaching
from domain import commands as c
from domain.models import TrainerGrant

router = Router(prefix="/me/trainers", tags=["trainers"])
ALL = ("invited", "requested", "active", "ended")
ONE: dict[int | str, dict[str, Any]] = {200: {"content": {"application/json": {"example": TRAINER_EXAMPLE}}}}


async def _shown(spotter: App, grant: TrainerGrant) -> TrainerOut:
    async with spotter.reader() as uow:
        return TrainerOut.of(await coaching.grant_view(uow, grant.id, as_trainer=False))


@router.get("", responses={200: {"content": {"application/json": {"example": TRAINERS_EXAMPLE}}}})
async def list_trainers(
    who: Reader,
    spotter: App,
    limit: Limit,
    page: PageNo = 1,
    status: Annotated[
        Literal["invited", "requested", "active", "ended"] | None, Query(description="only grants in this state")
    ] = None,
) -> ListOut[TrainerOut]:
    """Your trainers and the requests and invitations under way, newest first."""
    async with spotter.reader() as uow:
        found = await coaching.trainers_of(uow, who.user_id, (status,) if status else ALL, page, limit)
    return ListOut[TrainerOut](
        data=[TrainerOut.of(g) for g in found.items],
        meta=PageMeta(page=page, limit=limit, total=found.total, has_next=found.has_next),
    )


@router.post("", status_code=status.HTTP_201_CREATED, responses={**errors(404, 409), 201: ONE[200]})
async def invite(
    body: Annotated[InviteIn, Body(openapi_examples=INVITE_EXAMPLES)], who: Session, spotter: App
) -> TrainerOut:
    """Invite a trainer (an account with the trainer role, by its email) to read your workouts, records
    and metrics, and with `can_write_routines` to assign you routines. `invited` until the trainer
    accepts; `active` at once if that trainer had asked you. 404 if no trainer has that address; 409
    if they coach you already. Sign-in tokens only."""
    grant = await spotter.bus.handle(c.InviteTrainer(who.user_id, body.email, body.can_write_routines))
    return await _shown(spotter, grant)


@router.post("/{grant_id}/accept", responses={**errors(409), 200: ONE[200]})
async def accept(
    grant_id: uuid.UUID,
    who: Session,
    spotter: App,
    body: Annotated[AccessIn | None, Body(openapi_examples=ACCESS_EXAMPLES)] = None,
) -> TrainerOut:
    """Accept a trainer's request (`requested`): they read your training from now on, and assign routines
    with `can_write_routines`. 409 if the grant is not a request. Sign-in tokens only."""
    grant = await spotter.bus.handle(c.AcceptTrainer(who.user_id, grant_id, bool(body and body.can_write_routines)))
    return await _shown(spotter, grant)


@router.patch("/{grant_id}", responses={**errors(409), 200: ONE[200]})
async def change(
    grant_id: uuid.UUID, body: Annotated[AccessIn, Body(openapi_examples=ACCESS_EXAMPLES)], who: Session, spotter: App
) -> TrainerOut:
    """Allow or stop routine writes for an active or invited trainer. Takes effect with the trainer's
    next request. Sign-in tokens only."""
    grant = await spotter.bus.handle(c.ChangeTrainerAccess(who.user_id, grant_id, body.can_write_routines))
    return await _shown(spotter, grant)


@router.delete("/{grant_id}", status_code=status.HTTP_204_NO_CONTENT)
async def end(grant_id: uuid.UUID, who: Session, spotter: App) -> None:
    """End a grant: revoke a trainer's access (refused from their very next request, whatever tokens
    they hold), withdraw an invitation or decline a request. Sign-in tokens only."""
    await spotter.bus.handle(c.EndTrainerGrant(who.user_id, grant_id))
