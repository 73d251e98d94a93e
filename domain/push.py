"""Web Push subscriptions: the rules for what a browser hands us, and their rows.

A browser's `PushSubscription` names its push service's `endpoint` (an https URL the server POSTs
to) and two keys: `p256dh`, the browser's P-256 public key (65 bytes, uncompressed: 0x04, x, y), and
`auth`, a 16-byte secret. Messages are encrypted to them (aes128gcm, RFC 8291), so keys that are not
those shapes could never be used: they are refused at once (a 422), not found out at the first send.
Each lifter's subscriptions are theirs alone: the same browser subscribing again replaces its keys.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from urllib.parse import urlsplit

from sqlalchemy import delete, func, select, update

from domain.errors import Conflict, Invalid, NotFound
from domain.models import PushSubscription, utcnow
from domain.uow import UnitOfWork

ENDPOINT_MAX = 2000
MOST = 20  # subscriptions (browsers, devices) one account may have


def _b64url(value: str) -> bytes:
    """Base64url, padded or not; ValueError when it is not."""
    text = value.strip()
    if not text or any(c in text for c in "+/ \n"):
        raise ValueError("not base64url")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as exc:
        raise ValueError("not base64url") from exc


def check_endpoint(url: str, *, allow_http: bool = False) -> str:
    """The push service's URL: https (http too with `allow_http`: tests, development), a host, no
    credentials, no fragment."""
    parts = urlsplit(url)
    schemes = ("https", "http") if allow_http else ("https",)
    if len(url) > ENDPOINT_MAX:
        raise Invalid.field("endpoint", f"at most {ENDPOINT_MAX} characters")
    if parts.scheme.lower() not in schemes or not parts.hostname:
        raise Invalid.field("endpoint", "an https URL of a push service (the PushSubscription's endpoint)")
    if parts.username is not None or parts.password is not None or parts.fragment or any(c.isspace() for c in url):
        raise Invalid.field("endpoint", "no credentials, fragment or spaces in the URL")
    return url


def check_keys(p256dh: str, auth: str) -> tuple[str, str]:
    """The subscription's keys, checked: a P-256 public point and a 16-byte secret, base64url."""
    wrong: list[dict[str, str]] = []
    try:
        point = _b64url(p256dh)
        if len(point) != 65 or point[0] != 4:
            raise ValueError
    except ValueError:
        wrong.append({"field": "keys.p256dh", "message": "the browser's P-256 public key (65 bytes), base64url"})
    try:
        if len(_b64url(auth)) != 16:
            raise ValueError
    except ValueError:
        wrong.append({"field": "keys.auth", "message": "the 16-byte auth secret, base64url"})
    if wrong:
        raise Invalid("The subscription's keys are not a browser's", wrong)
    return p256dh.strip().rstrip("="), auth.strip().rstrip("=")


async def subscribe(
    uow: UnitOfWork, user_id: uuid.UUID, endpoint: str, p256dh: str, auth: str, user_agent: str | None
) -> tuple[PushSubscription, bool]:
    """Store the subscription (the same endpoint again: its keys replaced); and whether it is new.
    A browser pushes to whoever subscribed it last: another account's row for the endpoint goes (one
    browser shared by two lifters shows the one signed in now, not both)."""
    await uow.session.execute(
        delete(PushSubscription).where(PushSubscription.endpoint == endpoint, PushSubscription.user_id != user_id)
    )
    found = await uow.session.scalar(
        select(PushSubscription).where(PushSubscription.user_id == user_id, PushSubscription.endpoint == endpoint)
    )
    if found is not None:
        found.p256dh, found.auth, found.user_agent = p256dh, auth, user_agent
        return found, False
    if await count(uow, user_id) >= MOST:
        raise Conflict(f"You have {MOST} push subscriptions already (the most one account may have): remove one")
    row = PushSubscription(user_id=user_id, endpoint=endpoint, p256dh=p256dh, auth=auth, user_agent=user_agent)
    uow.session.add(row)
    await uow.session.flush()
    return row, True


async def count(uow: UnitOfWork, user_id: uuid.UUID) -> int:
    stmt = select(func.count()).select_from(PushSubscription).where(PushSubscription.user_id == user_id)
    return int(await uow.session.scalar(stmt) or 0)


async def listing(uow: UnitOfWork, user_ids: list[uuid.UUID]) -> list[PushSubscription]:
    """Every subscription of these lifters, oldest first."""
    stmt = select(PushSubscription).where(PushSubscription.user_id.in_(user_ids))
    return list((await uow.session.scalars(stmt.order_by(PushSubscription.created_at))).all())


async def remove(
    uow: UnitOfWork, user_id: uuid.UUID, *, endpoint: str | None = None, subscription_id: uuid.UUID | None = None
) -> None:
    """The lifter's subscription with this endpoint (or id) gone; another lifter's is not found."""
    stmt = delete(PushSubscription).where(PushSubscription.user_id == user_id)
    if subscription_id is not None:
        stmt = stmt.where(PushSubscription.id == subscription_id)
    else:
        stmt = stmt.where(PushSubscription.endpoint == endpoint)
    gone = await uow.session.execute(stmt.returning(PushSubscription.id))
    if not gone.all():
        raise NotFound("Push subscription not found")


async def forget(uow: UnitOfWork, subscription_id: uuid.UUID) -> None:
    """The push service said the subscription is gone (404, 410): so is our row."""
    await uow.session.execute(delete(PushSubscription).where(PushSubscription.id == subscription_id))


async def sent(uow: UnitOfWork, subscription_id: uuid.UUID) -> None:
    await uow.session.execute(
        update(PushSubscription).where(PushSubscription.id == subscription_id).values(last_sent_at=utcnow())
    )


__all__ = ["ENDPOINT_MAX", "MOST", "check_endpoint", "check_keys", "count", "forget", "listing", "remove", "subscribe"]
