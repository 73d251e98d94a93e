"""Outgoing webhooks: which URLs and events are acceptable, whose webhook is whose, and the delivery log.

A webhook belongs to a lifter and, when made with an API key, to that key too: the key sees and
changes only its own (a signed-in session sees them all), and a revoked or expired key's webhooks
hear nothing. Each try of a delivery is one row of the log; a failed try counts against the
webhook, a delivered one clears the count, and at `disable_after` failures in a row the webhook is
disabled (a PATCH with `enabled: true` turns it on again). Sending is the assistant's
(assistant/webhooks/), which reads and writes through these functions.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy import ColumnElement, and_, delete, func, or_, select, update

from domain.devices import TokenBox
from domain.errors import Invalid, NotFound
from domain.events import TYPES
from domain.models import ApiKey, Webhook, WebhookDelivery, utcnow
from domain.queries import Page, _page
from domain.uow import UnitOfWork

URL_MAX = 2000
EVENT_TYPES_MAX = 20
ERROR_MAX = 500  # the log's error column
FAMILIES = tuple(sorted({t.split(".")[0] for t in TYPES}))
PING = "ping"


def check_url(url: str) -> str:
    """An http(s) URL with a host, no credentials in it and no fragment (anything else is refused)."""
    try:
        parts = urlsplit(url)
        port = parts.port  # a port that is not a number raises here
    except ValueError as exc:
        raise Invalid.field("url", f"is not a URL ({exc})") from exc
    if parts.scheme not in ("http", "https"):
        raise Invalid.field("url", "must be an http or https URL")
    if not parts.hostname:
        raise Invalid.field("url", "must name a host")
    if parts.username is not None or parts.password is not None:
        raise Invalid.field("url", "must not carry credentials: verify the Spotter-Signature header instead")
    if parts.fragment or url.endswith("#"):
        raise Invalid.field("url", "must not have a fragment (#...)")
    if port == 0:
        raise Invalid.field("url", "must not name port 0")
    if len(url) > URL_MAX:
        raise Invalid.field("url", f"must be at most {URL_MAX} characters")
    return url


def check_event_types(types: list[str] | tuple[str, ...]) -> list[str]:
    """Known event types, or a family of them (`set.*`); none: every event."""
    if len(types) > EVENT_TYPES_MAX:
        raise Invalid.field("event_types", f"at most {EVENT_TYPES_MAX}")
    for kind in types:
        if kind not in TYPES and not (kind.endswith(".*") and kind[:-2] in FAMILIES):
            known = ", ".join(TYPES)
            raise Invalid.field("event_types", f"{kind!r} is not an event type (known: {known}; or a family: set.*)")
    return sorted(set(types))


def wants(event_types: list[str], event_type: str) -> bool:
    if not event_types:
        return True
    return event_type in event_types or f"{event_type.split('.')[0]}.*" in event_types


def secrets(box: TokenBox, hook: Webhook, now: datetime | None = None) -> list[str]:
    """The secrets a delivery is signed with: the current one, and the one before it for a while after a rotation."""
    found = [opened] if (opened := open_secret(box, hook.secret)) else []
    until = hook.previous_secret_until
    if hook.previous_secret and until is not None and until > (now or utcnow()):
        previous = open_secret(box, hook.previous_secret)
        if previous:
            found.append(previous)
    return found


def seal_secret(box: TokenBox, secret: str) -> str:
    return box.seal({"secret": secret})


def open_secret(box: TokenBox, sealed: str) -> str | None:
    opened = box.open(sealed)
    return str(opened["secret"]) if opened and "secret" in opened else None


def _whose(user_id: uuid.UUID, key_id: uuid.UUID | None) -> ColumnElement[bool]:
    mine = Webhook.user_id == user_id
    return and_(mine, Webhook.api_key_id == key_id) if key_id is not None else mine


async def owned(uow: UnitOfWork, user_id: uuid.UUID, key_id: uuid.UUID | None, webhook_id: uuid.UUID) -> Webhook:
    """The caller's webhook (`key_id`: an API key's caller sees only that key's); anyone else's is not found."""
    found = await uow.session.scalar(select(Webhook).where(Webhook.id == webhook_id, _whose(user_id, key_id)))
    if found is None:
        raise NotFound("Webhook not found")
    return found


async def count(uow: UnitOfWork, user_id: uuid.UUID) -> int:
    found = await uow.session.scalar(select(func.count()).select_from(Webhook).where(Webhook.user_id == user_id))
    return int(found or 0)


async def listing(
    uow: UnitOfWork, user_id: uuid.UUID, key_id: uuid.UUID | None, page: int, limit: int
) -> Page[Webhook]:
    stmt = select(Webhook).where(_whose(user_id, key_id)).order_by(Webhook.created_at.desc(), Webhook.id)
    found: Page[Webhook] = await _page(uow, stmt, page, limit)
    return found


async def listening(uow: UnitOfWork, user_ids: list[uuid.UUID]) -> list[Webhook]:
    """The enabled webhooks of these lifters, but not those of a revoked or expired API key (one read)."""
    now = utcnow()
    stmt = (
        select(Webhook)
        .outerjoin(ApiKey, ApiKey.id == Webhook.api_key_id)
        .where(
            Webhook.user_id.in_(user_ids),
            Webhook.enabled.is_(True),
            or_(
                Webhook.api_key_id.is_(None),
                and_(ApiKey.revoked_at.is_(None), or_(ApiKey.expires_at.is_(None), ApiKey.expires_at > now)),
            ),
        )
    )
    return list((await uow.session.scalars(stmt)).all())


_OWNERS = select(Webhook.user_id).where(Webhook.enabled.is_(True)).distinct()


async def owners(uow: UnitOfWork) -> list[uuid.UUID]:
    """The lifters who have an enabled webhook (`listening` then says which of them hear an event)."""
    return list((await uow.session.scalars(_OWNERS)).all())


@dataclass(frozen=True)
class Attempt:
    """How one try of a delivery went."""

    event_id: str
    event_type: str
    attempt: int
    ok: bool
    status_code: int | None
    error: str | None
    latency_ms: float
    job_id: uuid.UUID | None = None


async def record(
    uow: UnitOfWork, webhook_id: uuid.UUID, tried: Attempt, *, counts: bool, disable_after: int, keep_days: int
) -> Webhook | None:
    """Log a try; when it `counts` (deliveries, not pings) a failure adds to the webhook's failures
    in a row (disabling it at `disable_after`) and a success clears them. Log rows older than
    `keep_days` go. None when the webhook is gone."""
    now = utcnow()
    row = WebhookDelivery(
        webhook_id=webhook_id,
        event_id=tried.event_id,
        event_type=tried.event_type,
        attempt=tried.attempt,
        ok=tried.ok,
        status_code=tried.status_code,
        error=tried.error[:ERROR_MAX] if tried.error else None,
        latency_ms=round(tried.latency_ms, 1),
        job_id=tried.job_id,
        created_at=now,
    )
    changes: dict[str, object] = {"last_delivery_at": now}
    if counts and tried.ok:
        changes.update(consecutive_failures=0, last_success_at=now)
    elif counts:
        changes["consecutive_failures"] = Webhook.consecutive_failures + 1
    hook = await uow.session.scalar(
        update(Webhook).where(Webhook.id == webhook_id).values(**changes).returning(Webhook)
    )
    if hook is None:
        await uow.rollback()
        return None
    uow.session.add(row)
    if counts and not tried.ok and hook.enabled and hook.consecutive_failures >= disable_after:
        hook.enabled = False
        hook.disabled_reason = f"disabled after {hook.consecutive_failures} failed deliveries in a row"
    await uow.session.execute(
        delete(WebhookDelivery).where(
            WebhookDelivery.webhook_id == webhook_id, WebhookDelivery.created_at < now - timedelta(days=keep_days)
        )
    )
    await uow.commit()
    return hook


async def deliveries(
    uow: UnitOfWork, webhook_id: uuid.UUID, page: int, limit: int, event_id: str | None = None
) -> Page[WebhookDelivery]:
    stmt = select(WebhookDelivery).where(WebhookDelivery.webhook_id == webhook_id)
    if event_id is not None:
        stmt = stmt.where(WebhookDelivery.event_id == event_id)
    stmt = stmt.order_by(WebhookDelivery.created_at.desc(), WebhookDelivery.id)
    found: Page[WebhookDelivery] = await _page(uow, stmt, page, limit)
    return found


__all__ = [
    "EVENT_TYPES_MAX",
    "PING",
    "URL_MAX",
    "Attempt",
    "check_event_types",
    "check_url",
    "deliveries",
    "listening",
    "listing",
    "open_secret",
    "owned",
    "record",
    "seal_secret",
    "secrets",
    "wants",
]
