"""Withings' notify callback: Withings checks the URL (HEAD or GET) when a subscription is made,
then POSTs a form naming the user, the kind of data (`appli`) and the time range that changed.

Withings does not sign notifications: the callback URL we subscribe carries a token only this
server and Withings know; a request without it is a 403. A notification only names a range: the
sync reads it with the lifter's own token, so a replay reads again what is stored once.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import BackgroundTasks, Form, Query, Request
from fastapi.responses import Response

from channels.devices.withings import NAME, Withings
from channels.http.deps import App
from channels.http.errors import ApiError
from channels.http.openapi import refused
from channels.http.routers import Router
from channels.http.routers.devices import syncs
from domain import device_queries

router = Router(prefix="/channels/withings", tags=["channels"])
Token = Annotated[str, Query(max_length=200, description="the token in the callback URL we subscribed")]


def _check(request: Request, token: str) -> None:
    cloud = syncs(request).clouds.get(NAME)
    if not isinstance(cloud, Withings) or not hmac.compare_digest(token, cloud.notify_token):
        raise ApiError(403, "Not our subscription")


@router.get("/notify", response_class=Response, responses=refused("The callback token is not ours"))
@router.head("/notify", response_class=Response, include_in_schema=False)  # Withings may check with HEAD
async def check_callback(request: Request, token: Token = "") -> Response:
    """Withings checks the callback URL before it subscribes it: 200 for ours."""
    _check(request, token)
    return Response(status_code=200)


@router.post("/notify", responses=refused("The callback token is not ours"))
async def notify(
    request: Request,
    spotter: App,
    background: BackgroundTasks,
    userid: Annotated[str, Form(min_length=1, max_length=40)],
    startdate: Annotated[int, Form(ge=0)],
    enddate: Annotated[int, Form(ge=0)],
    appli: Annotated[int, Form(ge=0, le=1000)] = 1,
    token: Token = "",
) -> dict[str, bool]:
    """Measures changed for a Withings user in [startdate, enddate]: read that range after the answer."""
    _check(request, token)
    async with spotter.reader() as uow:
        user_id = await device_queries.owner_of(uow, NAME, userid)
    if user_id is not None and enddate >= startdate:
        background.add_task(syncs(request).pull, user_id, NAME, "webhook", f"{startdate}-{enddate}")
    return {"ok": True}
