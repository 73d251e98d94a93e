"""Outgoing webhooks: made, changed, removed, their secret renewed (domain/webhooks.py has the rules).

The signing secret is made here, sealed by the `token_box` dependency before it reaches a row, and
handed back once (`WebhookCreated.secret`); nobody can read it again, only rotate it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from domain import commands as c
from domain import webhooks as store
from domain.devices import TokenBox
from domain.errors import Conflict, Invalid
from domain.models import AuditEntry, Webhook, utcnow
from domain.security import new_secret
from domain.uow import UnitOfWork

SECRET_PREFIX = "whsec_"
NAME_MAX = 200


@dataclass(frozen=True)
class WebhookCreated:
    webhook: Webhook
    secret: str  # shown once


def _audit(uow: UnitOfWork, hook: Webhook, action: str) -> None:
    uow.session.add(AuditEntry(user_id=hook.user_id, action=action, entity="webhook", entity_id=str(hook.id)))


def _name(name: str | None) -> str | None:
    if name is not None and len(name) > NAME_MAX:
        raise Invalid.field("name", f"at most {NAME_MAX} characters")
    return name or None


async def create_webhook(cmd: c.CreateWebhook, uow: UnitOfWork, *, token_box: TokenBox) -> WebhookCreated:
    url = store.check_url(cmd.url)
    types = store.check_event_types(cmd.event_types)
    if await store.count(uow, cmd.user_id) >= cmd.most:
        raise Conflict(f"You have {cmd.most} webhooks already (the most one account may have): delete one first")
    secret = new_secret(SECRET_PREFIX)
    hook = Webhook(
        user_id=cmd.user_id,
        api_key_id=cmd.api_key_id,
        url=url,
        name=_name(cmd.name),
        event_types=types,
        secret=store.seal_secret(token_box, secret),
        enabled=True,
        consecutive_failures=0,
    )
    uow.session.add(hook)
    await uow.session.flush()
    _audit(uow, hook, "webhook.created")
    await uow.commit()
    return WebhookCreated(hook, secret)


async def update_webhook(cmd: c.UpdateWebhook, uow: UnitOfWork) -> Webhook:
    hook = await store.owned(uow, cmd.user_id, cmd.api_key_id, cmd.webhook_id)
    changes = cmd.changes
    if "url" in changes:
        hook.url = store.check_url(changes["url"])
    if "name" in changes:
        hook.name = _name(changes["name"])
    if "event_types" in changes:
        hook.event_types = store.check_event_types(changes["event_types"])
    if "enabled" in changes:
        hook.enabled = bool(changes["enabled"])
        if hook.enabled:  # turned on again: a fresh count of failures
            hook.consecutive_failures, hook.disabled_reason = 0, None
        else:
            hook.disabled_reason = "disabled by its owner"
    hook.updated_at = utcnow()
    await uow.commit()
    return hook


async def delete_webhook(cmd: c.DeleteWebhook, uow: UnitOfWork) -> None:
    hook = await store.owned(uow, cmd.user_id, cmd.api_key_id, cmd.webhook_id)
    _audit(uow, hook, "webhook.deleted")
    await uow.session.delete(hook)
    await uow.commit()


async def rotate_webhook_secret(cmd: c.RotateWebhookSecret, uow: UnitOfWork, *, token_box: TokenBox) -> WebhookCreated:
    hook = await store.owned(uow, cmd.user_id, cmd.api_key_id, cmd.webhook_id)
    secret = new_secret(SECRET_PREFIX)
    if cmd.grace_hours > 0:
        hook.previous_secret = hook.secret
        hook.previous_secret_until = utcnow() + timedelta(hours=cmd.grace_hours)
    else:
        hook.previous_secret, hook.previous_secret_until = None, None
    hook.secret = store.seal_secret(token_box, secret)
    hook.updated_at = utcnow()
    _audit(uow, hook, "webhook.secret_rotated")
    await uow.commit()
    return WebhookCreated(hook, secret)
