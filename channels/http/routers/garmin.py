"""Garmin's notifications, one URL for every summary type (set it for each in Garmin's endpoint
configuration): pushes carry the summaries, pings a `callbackURL` to read them from, and
deregistrations say a lifter disconnected at Garmin.

Garmin does not sign notifications: each must carry our `garmin-client-id` header, and a ping's
callback must be on Garmin's API (we never fetch a URL elsewhere); otherwise a 403 and nothing is
done. Users not connected here are skipped. Summaries are keyed by `summaryId`: a replayed push or
ping stores nothing twice.
"""

from __future__ import annotations

import hmac
import uuid
from typing import Annotated, Any

from fastapi import BackgroundTasks, Header, Request
from pydantic import BaseModel, ConfigDict, Field

from channels.devices.base import Batch
from channels.devices.garmin import KINDS, NAME, Garmin, summaries
from channels.http.deps import App
from channels.http.errors import ApiError
from channels.http.openapi import refused
from channels.http.routers import Router
from channels.http.routers.devices import syncs
from domain import commands as c
from domain import device_queries

router = Router(prefix="/channels/garmin", tags=["channels"])
Items = list[dict[str, Any]]
MAX_ITEMS = 1000


class GarminNotification(BaseModel):
    model_config = ConfigDict(
        extra="ignore",  # summary types we do not keep
        json_schema_extra={
            "examples": [
                {"dailies": [{"userId": "g-1", "summaryId": "d-1", "calendarDate": "2025-03-03", "steps": 8012}]},
                {
                    "sleeps": [
                        {
                            "userId": "g-1",
                            "callbackURL": "https://apis.garmin.com/wellness-api/rest/sleeps?uploadStartTimeInSeconds=1741000000&uploadEndTimeInSeconds=1741003600",
                        }
                    ]
                },
            ]
        },
    )
    dailies: Items = Field(default_factory=list, max_length=MAX_ITEMS)
    sleeps: Items = Field(default_factory=list, max_length=MAX_ITEMS)
    activities: Items = Field(default_factory=list, max_length=MAX_ITEMS)
    bodyComps: Items = Field(default_factory=list, max_length=MAX_ITEMS)
    hrv: Items = Field(default_factory=list, max_length=MAX_ITEMS)
    bloodPressures: Items = Field(default_factory=list, max_length=MAX_ITEMS)
    userMetrics: Items = Field(default_factory=list, max_length=MAX_ITEMS)
    deregistrations: Items = Field(default_factory=list, max_length=MAX_ITEMS)


@router.post("/push", responses=refused("Not our garmin-client-id, or a callback URL that is not Garmin's"))
async def notification(
    body: GarminNotification,
    spotter: App,
    request: Request,
    background: BackgroundTasks,
    garmin_client_id: Annotated[str, Header(max_length=200)] = "",
) -> dict[str, bool]:
    """Store pushed summaries and read pinged ones, after the answer (Garmin wants one within 30 s)."""
    runner = syncs(request)
    garmin = runner.clouds.get(NAME)
    if not isinstance(garmin, Garmin) or not hmac.compare_digest(garmin_client_id, garmin.client_id):
        raise ApiError(403, "Not our Garmin app")
    pings: list[tuple[str, str, str]] = []  # (Garmin user, kind, callback path)
    pushed: dict[str, Batch] = {}
    for kind in KINDS:
        for item in getattr(body, kind):
            user = str(item.get("userId") or "")
            if "callbackURL" in item:
                path = garmin.callback_path(str(item["callbackURL"]))
                if path is None:
                    raise ApiError(403, "A callback URL that is not Garmin's")
                pings.append((user, kind, path))
            else:
                pushed.setdefault(user, Batch()).extend(summaries(kind, [item]))
    owners: dict[str, uuid.UUID | None] = {}
    async with spotter.reader() as uow:
        for user in {u for u, _, _ in pings} | pushed.keys() | {str(d.get("userId")) for d in body.deregistrations}:
            owners[user] = await device_queries.owner_of(uow, NAME, user) if user else None
    for d in body.deregistrations:
        if (owner := owners.get(str(d.get("userId")))) is not None:
            await spotter.bus.handle(c.SetDeviceStatus(owner, NAME, "disconnected"))
    for user, batch in pushed.items():
        if (owner := owners.get(user)) is not None and len(batch):
            background.add_task(runner.deliver, owner, NAME, batch)
    for user, kind, path in pings:
        if (owner := owners.get(user)) is not None:
            background.add_task(runner.pull, owner, NAME, "webhook", f"{kind}|{path}")
    return {"ok": True}
