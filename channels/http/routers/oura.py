"""Oura's webhook: the callback check (GET with our verification token and a challenge) and
notifications (POST), each signed by Oura: HMAC-SHA256 of `x-oura-timestamp` and the body under
the client secret, in `x-oura-signature`. A forged one is a 403 and reads nothing. A notification
only names a document: the sync reads it with the lifter's own token, so a replay reads again
what is stored once (keyed by the document's id)."""

from __future__ import annotations

import hmac
from typing import Annotated, Literal

from fastapi import BackgroundTasks, Header, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from channels.devices.oura import NAME, signature
from channels.http.deps import App
from channels.http.errors import ApiError
from channels.http.openapi import refused
from channels.http.routers import Router
from channels.http.routers.devices import syncs
from domain import device_queries

router = Router(prefix="/channels/oura", tags=["channels"])


class OuraNotification(BaseModel):
    model_config = ConfigDict(
        extra="ignore",  # Oura may add fields; we read these
        json_schema_extra={
            "examples": [
                {
                    "event_type": "create",
                    "data_type": "sleep",
                    "object_id": "8f9a5221-639e-4a8b-b0b2-bd3e2b5d5f3c",
                    "event_time": "2025-03-03T07:12:00+00:00",
                    "user_id": "oura-user-1",
                }
            ]
        },
    )
    event_type: Literal["create", "update", "delete"]
    data_type: str = Field(max_length=60)
    object_id: str = Field(min_length=1, max_length=200)
    user_id: str = Field(min_length=1, max_length=200)
    event_time: str | None = Field(default=None, max_length=60)


class OuraChallenge(BaseModel):
    challenge: str


@router.get("/webhook", responses=refused("The verification token is not ours"))
async def verify(
    spotter: App,
    verification_token: Annotated[str, Query(max_length=200)],
    challenge: Annotated[str, Query(max_length=200)],
) -> OuraChallenge:
    """Oura checks the callback when a subscription is made: our token must come back, then the
    challenge is echoed."""
    expected = spotter.settings.oura_webhook_verify_token
    if not expected or not hmac.compare_digest(verification_token, expected):
        raise ApiError(403, "Not our subscription")
    return OuraChallenge(challenge=challenge)


@router.post(
    "/webhook", responses=refused("The signature is not Oura's (x-oura-signature over x-oura-timestamp and the body)")
)
async def notification(
    body: OuraNotification,
    spotter: App,
    request: Request,
    background: BackgroundTasks,
    x_oura_signature: Annotated[str, Header(max_length=200)] = "",
    x_oura_timestamp: Annotated[str, Header(max_length=40)] = "",
) -> dict[str, bool]:
    """A document created or changed: read it after the answer (Oura wants one quickly)."""
    secret = spotter.settings.oura_client_secret or ""
    expected = signature(secret, x_oura_timestamp, await request.body())
    if not secret or not hmac.compare_digest(x_oura_signature.upper(), expected):
        raise ApiError(403, "The signature is not Oura's")
    async with spotter.reader() as uow:
        user_id = await device_queries.owner_of(uow, NAME, body.user_id)
    if user_id is not None and body.event_type != "delete":
        record = f"{body.data_type}:{body.object_id}"
        background.add_task(syncs(request).pull, user_id, NAME, "webhook", record)
    return {"ok": True}
