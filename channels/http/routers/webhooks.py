"""Outgoing webhooks: subscribe a URL to your events, read its delivery log, ping it, rotate its secret.

A webhook made with an API key belongs to that key (the key sees and changes only its own; a
signed-in session sees all of the account's). Another lifter's webhook, or another key's, is a 404.
How deliveries are signed and retried: assistant/webhooks/ and the README.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import Body, Query, status

import assistant.webhooks.address as address
from assistant.spotter import Spotter
from channels.http.deps import App, Limit, PageNo, Reader, Writer
from channels.http.errors import ApiError
from channels.http.openapi import errors
from channels.http.routers import Router
from channels.http.schemas import ListOut, OneLine, PageMeta
from channels.http.schemas.webhooks import (
    CREATE_EXAMPLES,
    CREATED_EXAMPLE,
    DELIVERY_EXAMPLE,
    PATCH_EXAMPLES,
    PING_EXAMPLE,
    WEBHOOK_EXAMPLE,
    DeliveryOut,
    PingOut,
    WebhookCreatedOut,
    WebhookIn,
    WebhookOut,
    WebhookPatch,
)
from domain import commands as c
from domain import webhooks as store
from domain.handlers.webhooks import WebhookCreated

router = Router(prefix="/webhooks", tags=["webhooks"])


ONE_PAGE = {"page": 1, "limit": 20, "total": 1, "has_next": False}


def _example(value: Any) -> dict[int | str, dict[str, Any]]:
    return {200: {"content": {"application/json": {"example": value}}}}


def _public_url(url: str, spotter: Spotter) -> None:
    if spotter.settings.webhook_allow_private:
        return
    if (why := address.literal_refusal(url)) is not None:
        raise ApiError(422, "The webhook URL is not a public address", [{"field": "url", "message": why}])


def _created(made: WebhookCreated) -> WebhookCreatedOut:
    out = WebhookOut.model_validate(made.webhook)
    return WebhookCreatedOut(**out.model_dump(), secret=made.secret)


@router.get("", responses=_example({"data": [WEBHOOK_EXAMPLE], "meta": ONE_PAGE}))
async def list_webhooks(who: Reader, spotter: App, limit: Limit, page: PageNo = 1) -> ListOut[WebhookOut]:
    """Your webhooks, newest first (with an API key: those made with it)."""
    async with spotter.reader() as uow:
        found = await store.listing(uow, who.user_id, who.key_id, page, limit)
    return ListOut[WebhookOut](
        data=[WebhookOut.model_validate(h) for h in found.items],
        meta=PageMeta(page=page, limit=limit, total=found.total, has_next=found.has_next),
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses={201: {"content": {"application/json": {"example": CREATED_EXAMPLE}}}, **errors(409)},
)
async def create_webhook(
    body: Annotated[WebhookIn, Body(openapi_examples=CREATE_EXAMPLES)], who: Writer, spotter: App
) -> WebhookCreatedOut:
    """Send your events (`event_types`, or all) to `url` as signed JSON POSTs. The answer carries the
    signing `secret`, shown this once. 409 past MAX_WEBHOOKS webhooks; 422 for a URL on this machine
    or a private network (a name is checked again at each delivery, against every address it has)."""
    _public_url(body.url, spotter)
    made = await spotter.bus.handle(
        c.CreateWebhook(
            who.user_id, body.url, tuple(body.event_types), body.name, who.key_id, spotter.settings.max_webhooks
        )
    )
    spotter.webhooks.changed()
    return _created(made)


@router.get("/{webhook_id}", responses={**_example(WEBHOOK_EXAMPLE), **errors(404)})
async def get_webhook(webhook_id: uuid.UUID, who: Reader, spotter: App) -> WebhookOut:
    async with spotter.reader() as uow:
        return WebhookOut.model_validate(await store.owned(uow, who.user_id, who.key_id, webhook_id))


@router.patch("/{webhook_id}", responses={**_example(WEBHOOK_EXAMPLE), **errors(404)})
async def update_webhook(
    webhook_id: uuid.UUID,
    body: Annotated[WebhookPatch, Body(openapi_examples=PATCH_EXAMPLES)],
    who: Writer,
    spotter: App,
) -> WebhookOut:
    """Change its URL, name or event types, or turn it off and on (`enabled`; on again after it was
    disabled for failing, its count of failures starts over)."""
    changes = body.given()
    if not changes:
        raise ApiError(422, "Nothing to change", [{"field": "body", "message": "give at least one field"}])
    if "event_types" in changes:
        changes["event_types"] = tuple(changes["event_types"])
    if "url" in changes:
        _public_url(changes["url"], spotter)
    hook = await spotter.bus.handle(c.UpdateWebhook(who.user_id, webhook_id, changes, who.key_id))
    spotter.webhooks.changed()
    return WebhookOut.model_validate(hook)


@router.delete("/{webhook_id}", status_code=status.HTTP_204_NO_CONTENT, responses=errors(404))
async def delete_webhook(webhook_id: uuid.UUID, who: Writer, spotter: App) -> None:
    """No more deliveries (those waiting for a retry end quietly); its log goes with it."""
    await spotter.bus.handle(c.DeleteWebhook(who.user_id, webhook_id, who.key_id))
    spotter.webhooks.changed()


@router.post("/{webhook_id}/rotate-secret", responses={**_example(CREATED_EXAMPLE), **errors(404)})
async def rotate_secret(webhook_id: uuid.UUID, who: Writer, spotter: App) -> WebhookCreatedOut:
    """A new signing secret, shown this once. For WEBHOOK_SECRET_GRACE_HOURS (24) the old one signs
    too: each delivery carries a `v1=` for either, so your receiver can switch over meanwhile."""
    grace = spotter.settings.webhook_secret_grace_hours
    made = await spotter.bus.handle(c.RotateWebhookSecret(who.user_id, webhook_id, who.key_id, grace))
    return _created(made)


@router.post("/{webhook_id}/ping", responses={**_example(PING_EXAMPLE), **errors(404)})
async def ping_webhook(webhook_id: uuid.UUID, who: Writer, spotter: App) -> PingOut:
    """Send a `ping` event now, once, signed like every delivery, and answer how it went (also when
    the receiver failed: see `ok`). It is logged, and works on a disabled webhook too, without
    counting as a failure or clearing them."""
    async with spotter.reader() as uow:
        hook = await store.owned(uow, who.user_id, who.key_id, webhook_id)
    tried = await spotter.webhooks.ping(hook)
    return PingOut(
        event_id=tried.event_id,
        ok=tried.ok,
        status_code=tried.status_code,
        error=tried.error,
        latency_ms=round(tried.latency_ms, 1),
    )


@router.get(
    "/{webhook_id}/deliveries",
    responses={**_example({"data": [DELIVERY_EXAMPLE], "meta": ONE_PAGE}), **errors(404)},
)
async def list_deliveries(
    webhook_id: uuid.UUID,
    who: Reader,
    spotter: App,
    limit: Limit,
    page: PageNo = 1,
    event_id: Annotated[
        str | None, Query(min_length=1, max_length=64, description="only this event's tries"), OneLine
    ] = None,
) -> ListOut[DeliveryOut]:
    """Every try of every delivery (and ping), newest first: status code, error, latency, attempt.
    Kept WEBHOOK_LOG_DAYS (30)."""
    async with spotter.reader() as uow:
        await store.owned(uow, who.user_id, who.key_id, webhook_id)
        found = await store.deliveries(uow, webhook_id, page, limit, event_id)
    return ListOut[DeliveryOut](
        data=[DeliveryOut.model_validate(d) for d in found.items],
        meta=PageMeta(page=page, limit=limit, total=found.total, has_next=found.has_next),
    )
