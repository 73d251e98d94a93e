"""Strava's webhook: the subscription check (GET with hub.challenge) and activity events (POST).

Strava does not sign events: the subscription is proved when it is made (our verify token comes
back) and each event must name our subscription id; anything else is a 403. An event only tells
which activity changed: the sync reads it from Strava with the athlete's own token, so a forged
or replayed event can at most cause a read of what is there (stored once, keyed by its id).
"""

from __future__ import annotations

import hmac
from typing import Annotated, Literal

from fastapi import Query
from pydantic import BaseModel, ConfigDict, Field

from assistant.device_jobs import SYNC_DEVICE
from channels.devices.strava import NAME
from channels.http.deps import App
from channels.http.errors import ApiError
from channels.http.routers import Router
from domain import commands as c
from domain import device_queries

router = Router(prefix="/channels/strava", tags=["channels"])


class StravaEvent(BaseModel):
    model_config = ConfigDict(extra="ignore")  # Strava may add fields; we read these
    object_type: Literal["activity", "athlete"]
    object_id: int
    aspect_type: Literal["create", "update", "delete"]
    owner_id: int
    subscription_id: int
    event_time: int | None = None
    updates: dict[str, str] = Field(default_factory=dict)


class Challenge(BaseModel):
    hub_challenge: str = Field(alias="hub.challenge")


@router.get("/webhook")
async def validate(
    spotter: App,
    mode: Annotated[str, Query(alias="hub.mode", max_length=40)],
    token: Annotated[str, Query(alias="hub.verify_token", max_length=200)],
    challenge: Annotated[str, Query(alias="hub.challenge", max_length=200)],
) -> Challenge:
    """Strava checks the subscription: our verify token must come back, then the challenge is echoed."""
    expected = spotter.settings.strava_webhook_verify_token
    if mode != "subscribe" or not expected or not hmac.compare_digest(token, expected):
        raise ApiError(403, "Not our subscription")
    return Challenge(**{"hub.challenge": challenge})


@router.post("/webhook")
async def event(body: StravaEvent, spotter: App) -> dict[str, bool]:
    """An activity created or changed: read it, by a job (Strava wants an answer within 2 s). An
    athlete who revoked access is marked disconnected."""
    expected = spotter.settings.strava_subscription_id
    if expected is None or body.subscription_id != expected:
        raise ApiError(403, "The event names another subscription")
    async with spotter.reader() as uow:
        user_id = await device_queries.owner_of(uow, NAME, str(body.owner_id))
    if user_id is None:
        return {"ok": True}  # an athlete who is not (or no longer) connected here
    if body.object_type == "athlete":
        if body.updates.get("authorized") == "false":
            await spotter.bus.handle(c.SetDeviceStatus(user_id, NAME, "disconnected"))
        return {"ok": True}
    if body.aspect_type != "delete":
        await spotter.jobs.enqueue(
            SYNC_DEVICE, user_id, provider=NAME, trigger="webhook", record_id=str(body.object_id)
        )
    return {"ok": True}
