"""The delivery job: one event to one webhook, tried until the receiver answers 2xx.

Args: `webhook_id`, `event_id`, `type`; the payload is the body, sent as it is on every try. A
failed try is logged and raises, so the job system tries again after WEBHOOK_RETRY_BASE_S, twice as
long each time, WEBHOOK_MAX_TRIES tries in all (JobSpec.policy). A deleted webhook ends the job
quietly; a disabled one (by its owner, or by too many failures in a row) ends it failed at once.
"""

from __future__ import annotations

import uuid
from typing import Any

from assistant.jobs.context import JobContext
from assistant.settings import Settings
from assistant.webhooks.sender import Webhooks
from domain.errors import Conflict
from domain.models import Webhook


class DeliveryFailed(Exception):
    """A try that failed: the job system decides whether another comes."""


def retries(settings: Settings) -> tuple[int, float]:
    return settings.webhook_max_tries, settings.webhook_retry_base_s


async def deliver(ctx: JobContext) -> dict[str, Any]:
    spotter = ctx.spotter
    webhooks: Webhooks = spotter.webhooks
    hook_id = uuid.UUID(str(ctx.args["webhook_id"]))
    async with spotter.reader() as uow:
        hook = await uow.session.get(Webhook, hook_id)
    if hook is None:
        return {"delivered": False, "reason": "the webhook was deleted"}
    if not hook.enabled:
        raise Conflict(f"The webhook is disabled ({hook.disabled_reason or 'by its owner'})")
    event_id, event_type = str(ctx.args["event_id"]), str(ctx.args["type"])
    tried = await webhooks.send(hook, ctx.payload or "{}", event_id, event_type, ctx.attempt, ctx.job_id)
    after = await webhooks.record(hook_id, tried, counts=True)
    if tried.ok:
        return {"delivered": True, "status_code": tried.status_code, "attempt": ctx.attempt}
    if after is None:
        return {"delivered": False, "reason": "the webhook was deleted"}
    if not after.enabled:
        raise Conflict(f"{tried.error}; the webhook is now disabled ({after.disabled_reason})")
    raise DeliveryFailed(tried.error or "the delivery failed")
