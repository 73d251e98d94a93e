"""Web Push subscriptions made and removed (domain/push.py has the rules)."""

from __future__ import annotations

from domain import commands as c
from domain import push as store
from domain.models import PushSubscription
from domain.uow import UnitOfWork


async def subscribe_push(cmd: c.SubscribePush, uow: UnitOfWork) -> tuple[PushSubscription, bool]:
    """The stored subscription, and whether it is new (else its keys were replaced)."""
    endpoint = store.check_endpoint(cmd.endpoint, allow_http=cmd.allow_http)
    p256dh, auth = store.check_keys(cmd.p256dh, cmd.auth)
    agent = (cmd.user_agent or "")[:200] or None
    row, new = await store.subscribe(uow, cmd.user_id, endpoint, p256dh, auth, agent)
    await uow.commit()
    return row, new


async def unsubscribe_push(cmd: c.UnsubscribePush, uow: UnitOfWork) -> None:
    await store.remove(uow, cmd.user_id, endpoint=cmd.endpoint, subscription_id=cmd.subscription_id)
    await uow.commit()
