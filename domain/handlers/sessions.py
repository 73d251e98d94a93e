"""Ending sessions: one of them, or all but the caller's own (each noted in the audit log)."""

from __future__ import annotations

import uuid

from domain import commands as c
from domain.errors import NotFound
from domain.models import AuditEntry, utcnow
from domain.sessions import live_session_ids, revoke_families
from domain.uow import UnitOfWork


async def revoke_session(cmd: c.RevokeSession, uow: UnitOfWork) -> uuid.UUID:
    """Another user's session, or one already ended, is not found."""
    if cmd.session_id not in await live_session_ids(uow, cmd.user_id):
        raise NotFound("Session not found")
    await revoke_families(uow, [cmd.session_id], utcnow())
    uow.session.add(
        AuditEntry(user_id=cmd.user_id, action="session.revoked", entity="session", entity_id=str(cmd.session_id))
    )
    await uow.commit()
    return cmd.session_id


async def revoke_other_sessions(cmd: c.RevokeOtherSessions, uow: UnitOfWork) -> list[uuid.UUID]:
    others = [s for s in await live_session_ids(uow, cmd.user_id) if s != cmd.keep]
    await revoke_families(uow, others, utcnow())
    for session_id in others:
        uow.session.add(
            AuditEntry(
                user_id=cmd.user_id,
                action="session.revoked",
                entity="session",
                entity_id=str(session_id),
                data={"reason": "revoke_others"},
            )
        )
    await uow.commit()
    return others
