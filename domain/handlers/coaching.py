"""Trainers and clients: proposing, accepting, changing and ending a grant; a trainer's reads noted
in the client's audit log; routines a trainer assigns; roles set by an admin. Every step the client
should know of is an entry in the client's audit log (domain/coaching.py says how access works), and
every step of a grant an event told to both parties (trainer.invited, .requested, .granted,
.access_changed, .ended: their sockets, webhooks and push hear it)."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from domain import coaching, roles
from domain import commands as c
from domain import events as ev
from domain.coaching import ACTIVE, ENDED, INVITED, REQUESTED
from domain.errors import Conflict, Invalid, NotFound
from domain.handlers.routines import add_routine, load_routine
from domain.models import AuditEntry, Routine, TrainerGrant, User, utcnow
from domain.uow import UnitOfWork


async def _by_email(uow: UnitOfWork, email: str) -> User | None:
    return await uow.session.scalar(select(User).where(User.email == email.strip().lower()))


async def _pair(uow: UnitOfWork, client: User, trainer: User) -> TrainerGrant | None:
    return await uow.session.scalar(
        select(TrainerGrant).where(TrainerGrant.user_id == client.id, TrainerGrant.trainer_id == trainer.id)
    )


def _activate(grant: TrainerGrant) -> None:
    grant.status, grant.accepted_at, grant.ended_at = ACTIVE, utcnow(), None


async def invite_trainer(cmd: c.InviteTrainer, uow: UnitOfWork) -> TrainerGrant:
    """An invitation, or (the trainer had asked already) an active grant at once."""
    trainer = await _by_email(uow, cmd.trainer_email)
    if trainer is None or not roles.includes(trainer.role, "trainer"):
        raise NotFound("No trainer has this email address")
    if trainer.id == cmd.user_id:
        raise Invalid.field("email", "you cannot be your own trainer")
    client = await uow.session.get(User, cmd.user_id)
    if client is None:
        raise NotFound("User not found")
    grant = await _pair(uow, client, trainer)
    if grant is not None and grant.status == ACTIVE:
        raise Conflict("This trainer coaches you already (PATCH /me/trainers/{id} changes what they may do)")
    if grant is None:
        grant = TrainerGrant(user_id=client.id, trainer_id=trainer.id, status=INVITED)
        uow.session.add(grant)
    grant.can_write_routines = cmd.can_write_routines
    if grant.status == REQUESTED:  # both have asked: agreed
        _activate(grant)
    else:
        grant.status, grant.ended_at = INVITED, None
    await uow.session.flush()
    action = "trainer.granted" if grant.status == ACTIVE else "trainer.invited"
    uow.add_event(*ev.grant_events(ev.TrainerGranted if grant.status == ACTIVE else ev.TrainerInvited, grant))
    uow.session.add(
        coaching.noted(
            client.id,
            action,
            trainer.id,
            "trainer_grant",
            entity_id=str(grant.id),
            can_write_routines=grant.can_write_routines,
        )
    )
    await uow.commit()
    return grant


async def request_client(cmd: c.RequestClient, uow: UnitOfWork) -> TrainerGrant:
    """A request to the lifter, or (the lifter had invited this trainer) an active grant at once."""
    await roles.require(uow, cmd.trainer_id, "trainer")
    client = await _by_email(uow, cmd.client_email)
    if client is None:
        raise NotFound("No account has this email address")
    if client.id == cmd.trainer_id:
        raise Invalid.field("email", "you cannot be your own client")
    trainer = await uow.session.get(User, cmd.trainer_id)
    assert trainer is not None  # its role was just read
    grant = await _pair(uow, client, trainer)
    if grant is not None and grant.status in (ACTIVE, REQUESTED):
        raise Conflict("You coach this lifter already" if grant.status == ACTIVE else "You have asked already")
    if grant is None:
        grant = TrainerGrant(user_id=client.id, trainer_id=trainer.id, status=REQUESTED, can_write_routines=False)
        uow.session.add(grant)
    if grant.status == INVITED:
        _activate(grant)
    else:
        grant.status, grant.ended_at, grant.can_write_routines = REQUESTED, None, False
    await uow.session.flush()
    action = "trainer.granted" if grant.status == ACTIVE else "trainer.requested"
    uow.add_event(*ev.grant_events(ev.TrainerGranted if grant.status == ACTIVE else ev.TrainerRequested, grant))
    uow.session.add(
        coaching.noted(
            client.id, action, trainer.id, "trainer_grant", entity_id=str(grant.id), trainer_email=trainer.email
        )
    )
    await uow.commit()
    return grant


async def _lifters(uow: UnitOfWork, user_id: uuid.UUID, grant_id: uuid.UUID) -> TrainerGrant:
    grant = await uow.session.get(TrainerGrant, grant_id)
    if grant is None or grant.user_id != user_id:
        raise NotFound("Grant not found")
    return grant


async def accept_trainer(cmd: c.AcceptTrainer, uow: UnitOfWork) -> TrainerGrant:
    grant = await _lifters(uow, cmd.user_id, cmd.grant_id)
    if grant.status != REQUESTED:
        raise Conflict(f"Only a trainer's request can be accepted; this grant is {grant.status}")
    grant.can_write_routines = cmd.can_write_routines
    _activate(grant)
    uow.add_event(*ev.grant_events(ev.TrainerGranted, grant))
    uow.session.add(
        coaching.noted(
            grant.user_id,
            "trainer.granted",
            grant.trainer_id,
            "trainer_grant",
            entity_id=str(grant.id),
            can_write_routines=grant.can_write_routines,
        )
    )
    await uow.commit()
    return grant


async def accept_client(cmd: c.AcceptClient, uow: UnitOfWork) -> TrainerGrant:
    await roles.require(uow, cmd.trainer_id, "trainer")
    grant = await uow.session.get(TrainerGrant, cmd.grant_id)
    if grant is None or grant.trainer_id != cmd.trainer_id:
        raise NotFound("Invitation not found")
    if grant.status != INVITED:
        raise Conflict(f"Only a lifter's invitation can be accepted; this grant is {grant.status}")
    _activate(grant)
    uow.add_event(*ev.grant_events(ev.TrainerGranted, grant))
    uow.session.add(
        coaching.noted(grant.user_id, "trainer.accepted", grant.trainer_id, "trainer_grant", entity_id=str(grant.id))
    )
    await uow.commit()
    return grant


async def change_trainer_access(cmd: c.ChangeTrainerAccess, uow: UnitOfWork) -> TrainerGrant:
    grant = await _lifters(uow, cmd.user_id, cmd.grant_id)
    if grant.status not in (ACTIVE, INVITED):
        raise Conflict(f"This grant is {grant.status}: nothing to change")
    grant.can_write_routines = cmd.can_write_routines
    uow.add_event(*ev.grant_events(ev.TrainerAccessChanged, grant))
    uow.session.add(
        coaching.noted(
            grant.user_id,
            "trainer.access_changed",
            grant.trainer_id,
            "trainer_grant",
            entity_id=str(grant.id),
            can_write_routines=cmd.can_write_routines,
        )
    )
    await uow.commit()
    return grant


async def _end(uow: UnitOfWork, grant: TrainerGrant, by: str) -> None:
    if grant.status == ENDED:
        raise NotFound("Grant not found")  # ended already: nothing left to end
    _ending(uow, grant, by)
    await uow.commit()


def _ending(uow: UnitOfWork, grant: TrainerGrant, by: str) -> None:
    """The grant ended, told to both parties and in the client's audit log (the caller commits)."""
    grant.status, grant.ended_at, grant.can_write_routines = ENDED, utcnow(), False
    uow.add_event(*ev.grant_events(ev.TrainerEnded, grant, by=by))
    uow.session.add(
        coaching.noted(
            grant.user_id, "trainer.ended", grant.trainer_id, "trainer_grant", entity_id=str(grant.id), by=by
        )
    )


async def end_trainer_grant(cmd: c.EndTrainerGrant, uow: UnitOfWork) -> None:
    """Access ends with the commit: every trainer request reads the grant again (no cache)."""
    await _end(uow, await _lifters(uow, cmd.user_id, cmd.grant_id), "client")


async def drop_client(cmd: c.DropClient, uow: UnitOfWork) -> None:
    grant = await uow.session.scalar(
        select(TrainerGrant).where(TrainerGrant.trainer_id == cmd.trainer_id, TrainerGrant.user_id == cmd.client_id)
    )
    if grant is None:
        raise NotFound("No such client")
    await _end(uow, grant, "trainer")


async def record_trainer_read(cmd: c.RecordTrainerRead, uow: UnitOfWork) -> None:
    """Checked again in the transaction that notes it: a grant ended since the data was read shows nothing."""
    await coaching.client_access(uow, cmd.trainer_id, cmd.client_id)
    uow.session.add(coaching.noted(cmd.client_id, "trainer.read", cmd.trainer_id, cmd.entity, entity_id=cmd.entity_id))
    await uow.commit()


async def assign_routine(cmd: c.AssignRoutine, uow: UnitOfWork) -> Routine:
    await coaching.client_access(uow, cmd.trainer_id, cmd.client_id, write_routines=True)
    if cmd.routine.user_id != cmd.client_id:
        raise Invalid.field("routine", "must be the client's")
    routine = await add_routine(cmd.routine, uow)
    uow.session.add(
        coaching.noted(
            cmd.client_id,
            "trainer.routine_assigned",
            cmd.trainer_id,
            "routine",
            entity_id=str(routine.id),
            name=routine.name,
        )
    )
    await uow.commit()
    return await load_routine(uow, cmd.client_id, routine.id, own=True)


async def set_role(cmd: c.SetRole, uow: UnitOfWork) -> User:
    """An admin (or the command line) gives an account a role; taking `trainer` away ends its grants
    at once (ended, told to each client: a role given back later does not bring them back)."""
    if cmd.admin_id is not None:
        await roles.require(uow, cmd.admin_id, "admin")
    role = roles.check_role(cmd.role)
    user = await uow.session.get(User, cmd.user_id)
    if user is None:
        raise NotFound("User not found")
    before, user.role = user.role, role
    uow.session.add(
        AuditEntry(
            user_id=user.id,
            action="user.role_changed",
            entity="user",
            entity_id=str(user.id),
            data={"from": before, "to": role, "by": str(cmd.admin_id) if cmd.admin_id else "cli"},
        )
    )
    if roles.includes(before, "trainer") and not roles.includes(role, "trainer"):
        held = select(TrainerGrant).where(TrainerGrant.trainer_id == user.id, TrainerGrant.status != ENDED)
        for grant in (await uow.session.scalars(held)).all():
            _ending(uow, grant, "role_removed")
    await uow.commit()
    return user
