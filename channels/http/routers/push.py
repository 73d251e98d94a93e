"""Web push: the server's VAPID public key, and your browsers' subscriptions to notifications
(records, goals met, rest over, reminders). How pushes are sent: assistant/push/ and the README."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import Body, Header, Query, Response, status

import assistant.webhooks.address as address
from assistant.spotter import Spotter
from channels.http.deps import App, Reader, Writer
from channels.http.errors import ApiError
from channels.http.openapi import errors
from channels.http.routers import Router
from channels.http.schemas import OneLine
from channels.http.schemas.push import (
    KEY_EXAMPLE,
    SUBSCRIBE_EXAMPLES,
    SUBSCRIPTION_EXAMPLE,
    KeyOut,
    SubscriptionIn,
    SubscriptionOut,
)
from domain import commands as c
from domain import push as store

router = Router(prefix="/push", tags=["push"])


def _example(value: Any, code: int = 200) -> dict[int | str, dict[str, Any]]:
    return {code: {"content": {"application/json": {"example": value}}}}


def _public_endpoint(url: str, spotter: Spotter) -> None:
    if spotter.settings.push_allow_private:
        return
    if (why := address.literal_refusal(url)) is not None:
        raise ApiError(422, "The endpoint is not a push service", [{"field": "endpoint", "message": why}])


@router.get("/key", responses=_example(KEY_EXAMPLE))
async def public_key(spotter: App) -> KeyOut:
    """The server's VAPID public key (no sign-in needed): pass it to `PushManager.subscribe` as
    `applicationServerKey`, then POST the subscription to /push/subscriptions."""
    return KeyOut(public_key=spotter.push.public_key)


@router.get("/subscriptions", responses=_example([SUBSCRIPTION_EXAMPLE]))
async def list_subscriptions(who: Reader, spotter: App) -> list[SubscriptionOut]:
    """Your browsers subscribed to notifications, oldest first."""
    async with spotter.reader() as uow:
        found = await store.listing(uow, [who.user_id])
    return [SubscriptionOut.model_validate(s) for s in found]


@router.post(
    "/subscriptions",
    status_code=status.HTTP_201_CREATED,
    responses={**_example(SUBSCRIPTION_EXAMPLE, 201), **_example(SUBSCRIPTION_EXAMPLE), **errors(409)},
)
async def subscribe(
    body: Annotated[SubscriptionIn, Body(openapi_examples=SUBSCRIBE_EXAMPLES)],
    who: Writer,
    spotter: App,
    response: Response,
    user_agent: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> SubscriptionOut:
    """Send notifications to this browser (its `PushSubscription` as `toJSON()` gives it): 201, or
    200 when it was subscribed already (its keys replaced). 422 for an endpoint that is not https, or
    keys that are not a browser's (65-byte P-256 point, 16-byte secret); 409 past 20 subscriptions."""
    _public_endpoint(body.endpoint, spotter)
    row, new = await spotter.bus.handle(
        c.SubscribePush(
            who.user_id,
            body.endpoint,
            body.keys.p256dh,
            body.keys.auth,
            user_agent,
            allow_http=spotter.settings.push_allow_private,
        )
    )
    if not new:
        response.status_code = status.HTTP_200_OK
    return SubscriptionOut.model_validate(row)


@router.delete("/subscriptions", status_code=status.HTTP_204_NO_CONTENT, responses=errors(404))
async def unsubscribe(
    who: Writer,
    spotter: App,
    endpoint: Annotated[
        str, Query(min_length=1, max_length=store.ENDPOINT_MAX, description="the subscription's endpoint"), OneLine
    ],
) -> None:
    """No more notifications to this browser (after `PushSubscription.unsubscribe()`). Another
    lifter's subscription is a 404."""
    await spotter.bus.handle(c.UnsubscribePush(who.user_id, endpoint=endpoint))


@router.delete("/subscriptions/{subscription_id}", status_code=status.HTTP_204_NO_CONTENT, responses=errors(404))
async def delete_subscription(subscription_id: uuid.UUID, who: Writer, spotter: App) -> None:
    """Remove one of your subscriptions by its id (a browser you no longer use)."""
    await spotter.bus.handle(c.UnsubscribePush(who.user_id, subscription_id=subscription_id))
