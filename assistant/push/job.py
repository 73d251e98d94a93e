"""The push job: one notification to one browser, tried until its push service takes it.

Args: `subscription_id`, `type`; the payload is the notification's JSON. A subscription removed
meanwhile (by its owner, or by a 404/410) ends the job quietly; 429, 5xx or no answer is tried again
(PUSH_MAX_TRIES, backoff from JOB_RETRY_BASE_S); any other refusal ends it failed at once.
"""

from __future__ import annotations

import uuid
from typing import Any

from assistant.jobs.context import JobContext
from assistant.push.sender import TTL_S, Push
from assistant.settings import Settings
from domain import push as store
from domain.errors import Conflict
from domain.models import PushSubscription


class PushFailed(Exception):
    """A try that failed for now (429, 5xx, no answer): the job system decides whether another comes."""


def retries(settings: Settings) -> tuple[int, float]:
    return settings.push_max_tries, settings.job_retry_base_s


async def deliver(ctx: JobContext) -> dict[str, Any]:
    spotter = ctx.spotter
    sub_id = uuid.UUID(str(ctx.args["subscription_id"]))
    async with spotter.reader() as uow:
        sub = await uow.session.get(PushSubscription, sub_id)
    if sub is None:
        return {"delivered": False, "reason": "the subscription was removed"}
    sent = await send_to(spotter.push, sub, ctx.payload or "{}", TTL_S.get(str(ctx.args.get("type")), 3600), ctx)
    if sent.ok:
        return {"delivered": True, "status_code": sent.status, "attempt": ctx.attempt}
    if sent.gone:
        return {"delivered": False, "reason": f"the push service answered {sent.status}: subscription removed"}
    if sent.retry:
        raise PushFailed(sent.error or "the push failed")
    raise Conflict(sent.error or "the push service refused the notification")


async def send_to(push: Push, sub: PushSubscription, body: str, ttl_s: int, ctx: JobContext) -> Any:
    """Send, and keep the store in step: the subscription stamped, or removed when its service says gone."""
    sent = await push.send(sub, body, ttl_s)
    if sent.ok or sent.gone:
        async with ctx.spotter.uow() as uow:
            await (store.sent(uow, sub.id) if sent.ok else store.forget(uow, sub.id))
            await uow.commit()
    return sent
