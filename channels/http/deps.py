"""FastAPI dependencies as Annotated aliases: the app's services and who is calling."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import Depends, Query, Request

from assistant.spotter import Spotter
from channels.http.errors import ApiError
from channels.http.limits import at_most
from channels.http.revocation import RevokedSessions
from channels.http.security import ALL_SCOPES, KnownUsers, Principal, bearer, read_access, still_there
from domain import commands as c
from domain import queries, roles


async def get_spotter(request: Request) -> Spotter:
    spotter: Spotter = request.app.state.spotter
    return spotter


App = Annotated[Spotter, Depends(get_spotter)]


async def get_principal(request: Request) -> Principal:
    """Who is calling. A plain function the scope checks below call (not a nested dependency): every
    level of FastAPI dependencies costs parameter parsing on each request."""
    spotter: Spotter = request.app.state.spotter
    token = bearer(request.headers.get("authorization"))
    if token:
        access = read_access(token, spotter.settings.jwt_secret)
        if access is None:
            raise ApiError(401, "Access token is invalid or expired", headers={"WWW-Authenticate": "Bearer"})
        if access.session_id is not None:  # an ended session's tokens are refused (channels/http/revocation.py)
            revoked: RevokedSessions = request.app.state.revoked_sessions
            if revoked.due:
                await revoked.refresh()
            if access.session_id in revoked:
                raise ApiError(401, "This session was signed out", headers={"WWW-Authenticate": "Bearer"})
        await _still_there(request.app.state.known_users, spotter, access.user_id)
        request.state.user_id = str(access.user_id)  # for the access log line (channels/http/middleware.py)
        return Principal(access.user_id, ALL_SCOPES, "token", access.session_id)
    key = request.headers.get("x-api-key")
    if key:
        async with spotter.reader() as uow:  # one round trip; a write only once a minute per key
            found = await queries.api_key_owner(uow, key)
        if found is None:
            raise ApiError(401, "API key is invalid, revoked or expired")
        request.state.user_id = str(found.user_id)
        if found.stale:
            await spotter.bus.handle(c.TouchApiKey(found.key_id))
        return Principal(found.user_id, tuple(found.scopes), "api_key", key_id=found.key_id)
    raise ApiError(
        401, "Sign in: send 'Authorization: Bearer <token>' or 'X-API-Key'", headers={"WWW-Authenticate": "Bearer"}
    )


async def _still_there(known: KnownUsers, spotter: Spotter, user_id: uuid.UUID) -> None:
    """401 for a validly signed token whose account is gone (one read per user per minute)."""
    if not await still_there(known, spotter, user_id):
        raise ApiError(
            401, "The account this token was issued for no longer exists", headers={"WWW-Authenticate": "Bearer"}
        )


async def _with_scope(request: Request, scope: Literal["read", "write"]) -> Principal:
    principal = await get_principal(request)
    if not principal.can(scope):
        raise ApiError(403, f"This API key lacks the '{scope}' scope")
    return principal


async def reader(request: Request) -> Principal:
    return await _with_scope(request, "read")


async def writer(request: Request) -> Principal:
    return await _with_scope(request, "write")


async def token_only(request: Request) -> Principal:
    principal = await get_principal(request)
    if principal.via != "token":
        raise ApiError(403, "Managing API keys needs a signed-in session, not an API key")
    return principal


Reader = Annotated[Principal, Depends(reader)]
Writer = Annotated[Principal, Depends(writer)]
Session = Annotated[Principal, Depends(token_only)]


async def _with_role(request: Request, principal: Principal, needed: str) -> Principal:
    """403 unless the caller's role includes `needed` (domain/roles.py), read from the store each time."""
    spotter: Spotter = request.app.state.spotter
    async with spotter.reader() as uow:
        await roles.require(uow, principal.user_id, needed)
    return principal


async def trainer_reader(request: Request, who: Reader) -> Principal:
    return await _with_role(request, who, "trainer")


async def trainer_writer(request: Request, who: Writer) -> Principal:
    return await _with_role(request, who, "trainer")


async def admin(request: Request, who: Session) -> Principal:
    return await _with_role(request, who, "admin")


TrainerReader = Annotated[Principal, Depends(trainer_reader)]
TrainerWriter = Annotated[Principal, Depends(trainer_writer)]
Admin = Annotated[Principal, Depends(admin)]


async def page_limit(
    request: Request,
    limit: Annotated[
        int | None, Query(ge=1, le=100, description="items per page: 20 unless given, at most MAX_PAGE_SIZE (100)")
    ] = None,
) -> int:
    """The page size asked for (20 if none, or MAX_PAGE_SIZE if that is smaller), within MAX_PAGE_SIZE."""
    most: int = request.app.state.settings.max_page_size
    if limit is None:
        return min(20, most)
    at_most("limit", limit, most, "items per page", "MAX_PAGE_SIZE")
    return limit


PageNo = Annotated[int, Query(ge=1, le=100_000, description="1-based page")]
Limit = Annotated[int, Depends(page_limit)]
