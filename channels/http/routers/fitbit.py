"""Fitbit's subscriber endpoint (Google Health API for Fitbit devices): the verification check
(GET with `verify`: 204 for our code, 404 for any other, as Fitbit expects) and notifications
(POST, a list), signed by Fitbit in `X-Fitbit-Signature` (HMAC-SHA1 of the body under
`<client secret>&`, base64). A forged one is a 404, as Fitbit advises, and reads nothing. A
notification names a collection and a day: the sync reads that day with the lifter's own token, so
a replay stores nothing twice."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import BackgroundTasks, Body, Header, Query, Request, status
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from channels.devices.fitbit import NAME, signature
from channels.http.deps import App
from channels.http.errors import ApiError
from channels.http.openapi import refused
from channels.http.routers import Router
from channels.http.routers.devices import syncs
from domain import commands as c
from domain import device_queries

router = Router(prefix="/channels/fitbit", tags=["channels"])


class FitbitNotification(BaseModel):
    model_config = ConfigDict(extra="ignore")
    collectionType: str = Field(max_length=40)
    date: str | None = Field(default=None, max_length=10)
    ownerId: str = Field(min_length=1, max_length=40)
    ownerType: str = Field(default="user", max_length=20)
    subscriptionId: str | None = Field(default=None, max_length=60)


EXAMPLE = [{"collectionType": "sleep", "date": "2025-03-03", "ownerId": "ABC123", "ownerType": "user"}]


@router.get(
    "/webhook",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=refused("Not our verification code", 404),
)
async def verify(spotter: App, verify: Annotated[str, Query(max_length=200)]) -> Response:
    """Fitbit checks the subscriber: 204 for our verification code, 404 for any other."""
    expected = spotter.settings.fitbit_subscriber_verify_code
    if not expected or not hmac.compare_digest(verify, expected):
        raise ApiError(404, "Not our subscriber")
    return Response(status_code=204)


@router.post(
    "/webhook",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=refused("The signature is not Fitbit's (X-Fitbit-Signature)", 404),
)
async def notifications(
    body: Annotated[list[FitbitNotification], Body(max_length=500, examples=[EXAMPLE])],
    spotter: App,
    request: Request,
    background: BackgroundTasks,
    x_fitbit_signature: Annotated[str, Header(max_length=200)] = "",
) -> Response:
    """Collections changed on days: read each after the answer (Fitbit wants one within 5 s)."""
    secret = spotter.settings.fitbit_client_secret or ""
    if not secret or not hmac.compare_digest(x_fitbit_signature, signature(secret, await request.body())):
        raise ApiError(404, "The signature is not Fitbit's")
    seen: set[tuple[str, str, str]] = set()  # the same day named twice in one delivery: read once
    async with spotter.reader() as uow:
        owners = {n.ownerId: await device_queries.owner_of(uow, NAME, n.ownerId) for n in body}
    for n in body:
        owner = owners[n.ownerId]
        if owner is None:
            continue
        if n.collectionType == "userRevokedAccess":
            await spotter.bus.handle(c.SetDeviceStatus(owner, NAME, "disconnected"))
        elif n.date and (n.ownerId, n.collectionType, n.date) not in seen:
            seen.add((n.ownerId, n.collectionType, n.date))
            background.add_task(syncs(request).pull, owner, NAME, "webhook", f"{n.collectionType}:{n.date}")
    return Response(status_code=204)
