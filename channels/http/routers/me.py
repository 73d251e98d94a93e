from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Body, Request, Response, status
from fastapi.responses import StreamingResponse

from channels.http.deps import App, Limit, PageNo, Reader, Session, Writer
from channels.http.errors import ApiError
from channels.http.login_limit import counted
from channels.http.openapi import errors
from channels.http.routers import Router
from channels.http.schemas import ListOut, PageMeta
from channels.http.schemas import account_examples as ex
from channels.http.schemas.auth import (
    ERASE_EXAMPLES,
    EXPORT_EXAMPLE,
    ApiKeyCreatedOut,
    ApiKeyIn,
    ApiKeyOut,
    AuditOut,
    ErasedOut,
    EraseIn,
    ProfileIn,
    UserOut,
)
from channels.http.security import caller_scopes
from domain import account, queries
from domain import commands as c
from domain.handlers.account import AccountErased
from domain.handlers.auth import ApiKeyCreated
from domain.models import utcnow

router = Router(prefix="/me", tags=["me"])


@router.get("", responses=ex.answer(ex.USER))
async def get_me(who: Reader, spotter: App) -> UserOut:
    async with spotter.reader() as uow:
        user = await queries.user(uow, who.user_id)
    if user is None:
        raise ApiError(404, "User not found")
    return UserOut.model_validate(user)


@router.patch("", responses=ex.answer(ex.USER))
async def patch_me(
    body: Annotated[ProfileIn, Body(openapi_examples=ex.PROFILE_EXAMPLES)], who: Writer, spotter: App
) -> UserOut:
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


EXPORT_SCHEMA = {
    "type": "object",
    "required": ["exported_at", "tables"],
    "properties": {
        "exported_at": {"type": "string", "format": "date-time"},
        "tables": {
            "type": "object",
            "description": "every row the store holds for you, per table (no password or key hashes)",
            "additionalProperties": {"type": "array", "items": {"type": "object"}},
        },
    },
}


@router.get(
    "/export",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/json": {"schema": EXPORT_SCHEMA, "example": EXPORT_EXAMPLE}}}},
)
async def export_everything(who: Session, spotter: App) -> StreamingResponse:
    """Everything the store holds about you, as one JSON download (streamed table by table; your
    audit log notes the download). Sign-in tokens only: an API key cannot take it."""
    await spotter.bus.handle(c.RecordExport(who.user_id))

    async def document() -> AsyncIterator[bytes]:
        yield b'{"exported_at": ' + json.dumps(utcnow().isoformat()).encode() + b', "tables": {'
        table = None
        async with spotter.reader() as uow:
            async for name, row in account.rows(uow, who.user_id):
                if name != table:
                    yield (b"]" if table else b"") + (b", " if table else b"") + json.dumps(name).encode() + b": ["
                    yield json.dumps(row, default=str).encode()
                    table = name
                else:
                    yield b", " + json.dumps(row, default=str).encode()
        yield (b"]" if table else b"") + b"}}"

    headers = {"Content-Disposition": 'attachment; filename="spotter-export.json"', "Cache-Control": "no-store"}
    return StreamingResponse(document(), media_type="application/json", headers=headers)


@router.delete("", responses={**errors(403), **ex.answer(ex.ERASED)})
async def erase_me(
    who: Session,
    spotter: App,
    request: Request,
    body: Annotated[EraseIn | None, Body(openapi_examples=ERASE_EXAMPLES)] = None,
) -> ErasedOut:
    """Erase the account and everything in it, for good, with a fresh proof: the password again; an
    account without one (made with Google or Apple) gives a code from its authenticator app, or has
    signed in within REAUTH_WINDOW_S (5 minutes). 403 if the proof is wrong (`FORBIDDEN`) or missing
    (`REAUTH_REQUIRED`): nothing is erased. Only an entry saying that an account was erased, and how
    many rows went, is kept. Sign-in tokens only."""
    proof = body or EraseIn()
    async with spotter.reader() as uow:
        keys = await queries.api_key_hashes(uow, who.user_id)
    command = c.EraseAccount(who.user_id, proof.password, caller_scopes(who.user_id, keys), proof.code, who.session_id)
    done: AccountErased = await counted(request, str(who.user_id), command)
    request.app.state.known_users.forget(who.user_id)
    if spotter.conversation is not None:
        await spotter.conversation.forget(who.user_id)
    return ErasedOut(rows=done.rows)


@router.get("/audit", responses=ex.answer(ex.AUDIT))
async def audit_log(who: Session, spotter: App, limit: Limit, page: PageNo = 1) -> ListOut[AuditOut]:
    """Your account's audit log, newest first: sign-ins, API key use (once a minute at most),
    downloads, linked chats and phones, deleted workouts."""
    async with spotter.reader() as uow:
        found = await queries.audit_entries(uow, who.user_id, page, limit)
    return ListOut[AuditOut](
        data=[AuditOut.model_validate(e) for e in found.items],
        meta=PageMeta(page=page, limit=limit, total=found.total, has_next=found.has_next),
    )
