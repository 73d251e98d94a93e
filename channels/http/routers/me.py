from __future__ import annotations

import uuid

from fastapi import Response, status

from channels.http.deps import App, Reader, Session, Writer
from channels.http.errors import ApiError
from channels.http.routers import Router
from channels.http.schemas.auth import ApiKeyCreatedOut, ApiKeyIn, ApiKeyOut, ProfileIn, UserOut
from domain import commands as c
from domain import queries
from domain.handlers.auth import ApiKeyCreated

router = Router(prefix="/me", tags=["me"])


@router.get("")
async def get_me(who: Reader, spotter: App) -> UserOut:
    async with spotter.reader() as uow:
        user = await queries.user(uow, who.user_id)
    if user is None:
        raise ApiError(404, "User not found")
    return UserOut.model_validate(user)


@router.patch("")
async def patch_me(body: ProfileIn, who: Writer, spotter: App) -> UserOut:
    changes = body.given()
    if not changes:
        raise ApiError(422, "Nothing to change", [{"field": "body", "message": "give at least one field"}])
    user = await spotter.bus.handle(c.UpdateProfile(who.user_id, changes))
    return UserOut.model_validate(user)


@router.get("/api-keys")
async def list_keys(who: Session, spotter: App) -> dict[str, list[ApiKeyOut]]:
    async with spotter.reader() as uow:
        keys = await queries.api_keys(uow, who.user_id)
    return {"data": [ApiKeyOut.model_validate(k) for k in keys]}


@router.post("/api-keys", status_code=status.HTTP_201_CREATED)
async def create_key(body: ApiKeyIn, who: Session, spotter: App, response: Response) -> ApiKeyCreatedOut:
    """The key is shown once; only its hash is stored (`no-store`: not in idempotency records either)."""
    response.headers["Cache-Control"] = "no-store"
    done: ApiKeyCreated = await spotter.bus.handle(
        c.CreateApiKey(who.user_id, body.name, tuple(body.scopes), body.expires_at)
    )
    out = ApiKeyOut.model_validate(done.key).model_dump()
    return ApiKeyCreatedOut(**out, key=done.secret)


@router.delete("/api-keys/{key_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_key(key_id: uuid.UUID, who: Session, spotter: App) -> None:
    await spotter.bus.handle(c.RevokeApiKey(who.user_id, key_id))


@router.post("/link-codes", status_code=status.HTTP_201_CREATED)
async def link_code(who: Session, spotter: App) -> dict[str, str]:
    """A one-time code (10 minutes) to link Telegram ("/start CODE") or a phone ("LINK CODE" by SMS)."""
    issued = await spotter.bus.handle(c.CreateLinkCode(who.user_id))
    return {"code": issued.code, "expires_at": issued.expires_at.isoformat()}
