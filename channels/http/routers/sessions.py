"""The account's sessions (devices signed in): list them, sign one out, sign out all but this one.

A session is a sign-in and the refresh tokens rotated from it (domain/sessions.py). Ending one
revokes its refresh token and its access tokens: refused at once by this process and within
SESSION_REVOCATION_POLL_S by the others (channels/http/revocation.py). Sign-in tokens only.
"""

from __future__ import annotations

import uuid

from fastapi import Request, status

from channels.http.deps import App, Limit, PageNo, Session
from channels.http.revocation import RevokedSessions
from channels.http.routers import Router, literal_paths_first
from channels.http.schemas import ListOut, PageMeta
from channels.http.schemas import account_examples as ex
from channels.http.schemas.accounts import SESSIONS_EXAMPLE, SessionOut, SessionsRevokedOut, example
from domain import commands as c
from domain import sessions

router = Router(prefix="/me/sessions", tags=["me"])


def _ended(request: Request, session_ids: list[uuid.UUID]) -> None:
    revoked: RevokedSessions = request.app.state.revoked_sessions
    revoked.add(session_ids)


@router.get("", responses=example(SESSIONS_EXAMPLE))
async def list_sessions(who: Session, spotter: App, limit: Limit, page: PageNo = 1) -> ListOut[SessionOut]:
    """Where the account is signed in, the session seen last first: device name (as given at login),
    when it signed in, when it was last seen (its last sign-in or token refresh) and from which
    address; `current` marks the session of this request's token."""
    async with spotter.reader() as uow:
        found = await sessions.live_sessions(uow, who.user_id, page, limit)
    return ListOut[SessionOut](
        data=[SessionOut(**vars(s), current=s.id == who.session_id) for s in found.items],
        meta=PageMeta(page=page, limit=limit, total=found.total, has_next=found.has_next),
    )


@router.post("/revoke-others", responses=ex.answer(ex.REVOKED_OTHERS))
async def revoke_others(who: Session, spotter: App, request: Request) -> SessionsRevokedOut:
    """Sign out every other session (lost phone, shared computer); this one stays signed in."""
    ended: list[uuid.UUID] = await spotter.bus.handle(c.RevokeOtherSessions(who.user_id, who.session_id))
    _ended(request, ended)
    return SessionsRevokedOut(revoked=len(ended))


@router.delete("/{session_id}", status_code=status.HTTP_204_NO_CONTENT)
async def revoke(session_id: uuid.UUID, who: Session, spotter: App, request: Request) -> None:
    """Sign one session out (this one too, if it is named). Another account's session, or one
    already ended, is 404."""
    ended: uuid.UUID = await spotter.bus.handle(c.RevokeSession(who.user_id, session_id))
    _ended(request, [ended])


literal_paths_first(router)
