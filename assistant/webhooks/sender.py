"""Outgoing webhooks: committed events to delivery jobs (`dispatch`), and one signed POST (`send`).

`dispatch` runs where the events were committed, after the event bus has them (Spotter.publish), so
each event becomes jobs once however many replicas hear it: one read of the lifters' enabled
webhooks (none: nothing more), then one job per event and webhook that wants it, stored together.
Each event gets an id here (a UUID, in the body and the `Spotter-Event-Id` header), the same for every
webhook and every try: a receiver that keeps the ids it has processed handles each event once,
though a try whose answer was lost is sent again (delivery is at least once).

Most lifters have no webhook: the lifters who have an enabled one are read at most once every
LISTENERS_TTL_S (one small read), and events of anyone else go no further; this process reads them
again as soon as it changes a webhook (`changed`). Another replica's new webhook may so miss the
events of its first LISTENERS_TTL_S.

`send` POSTs the body with one httpx client for the process (its pool reused; no redirects followed,
every phase bounded by WEBHOOK_TIMEOUT_S). A 2xx answer is delivered; any other, or no answer, fails.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import httpx

import assistant.webhooks.address as address
from assistant.webhooks.signing import HEADER, signature_header
from domain import webhooks as store
from domain.events import Event
from domain.models import Webhook, utcnow

if TYPE_CHECKING:
    from assistant.spotter import Spotter

log = logging.getLogger("spotter.webhooks")
DELIVER = "deliver_webhook"  # the job's name (assistant/jobs/registry.py)
USER_AGENT = "Spotter-Webhooks/1"
LISTENERS_TTL_S = 1.0  # how long "no webhook is enabled anywhere" is believed without a read


def body_of(event_id: str, message: dict[str, Any]) -> str:
    return json.dumps({"id": event_id, **message}, separators=(",", ":"))


def ping_body(hook: Webhook) -> str:
    message = {
        "type": store.PING,
        "user_id": str(hook.user_id),
        "workout_id": None,
        "at": utcnow().isoformat(),
        "data": {"webhook_id": str(hook.id), "message": "A test from Spotter: this webhook is reachable"},
    }
    return body_of(str(uuid.uuid4()), message)


class Webhooks:
    def __init__(self, spotter: Spotter) -> None:
        self.spotter = spotter
        settings = spotter.settings
        self.client = httpx.AsyncClient(
            timeout=httpx.Timeout(settings.webhook_timeout_s),
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT},
        )
        self.owners: frozenset[uuid.UUID] = frozenset()  # lifters with an enabled webhook, as last read
        self.owners_until = 0.0  # monotonic time until which `owners` is believed

    def changed(self) -> None:
        """A webhook was made, changed or removed here: the next events read who has one."""
        self.owners_until = 0.0

    async def dispatch(self, events: Sequence[Event]) -> None:
        """A delivery job per event and webhook that wants it (called after the events' commit)."""
        spotter = self.spotter
        if spotter.jobs is None or not events:
            return
        now = time.monotonic()
        if now >= self.owners_until:
            async with spotter.reader() as uow:
                self.owners = frozenset(await store.owners(uow))
            self.owners_until = now + LISTENERS_TTL_S
        users = list({e.user_id for e in events} & self.owners)
        if not users:
            return
        async with spotter.reader() as uow:
            hooks = await store.listening(uow, users)
        if not hooks:
            return
        jobs: list[tuple[uuid.UUID, dict[str, Any], str | None]] = []
        for event in events:
            wanted = [h for h in hooks if h.user_id == event.user_id and store.wants(h.event_types, event.TYPE)]
            if not wanted:
                continue
            event_id = str(uuid.uuid4())
            body = body_of(event_id, event.message())
            for hook in wanted:
                args = {"webhook_id": str(hook.id), "event_id": event_id, "type": event.TYPE}
                jobs.append((hook.user_id, args, body))
        await spotter.jobs.enqueue_many(DELIVER, jobs)

    def secrets(self, hook: Webhook) -> list[str]:
        box = self.spotter.token_box
        assert box is not None
        return store.secrets(box, hook)

    async def send(
        self, hook: Webhook, body: str, event_id: str, event_type: str, attempt: int, job_id: uuid.UUID | None = None
    ) -> store.Attempt:
        """One signed POST of `body` to the webhook's URL, and how it went."""
        secrets = self.secrets(hook)
        if not secrets:  # sealed under another DEVICE_TOKEN_KEY: nothing we could sign with
            unreadable = "the webhook's secret cannot be read (DEVICE_TOKEN_KEY changed): rotate it"
            return store.Attempt(event_id, event_type, attempt, False, None, unreadable, 0.0, job_id)
        data = body.encode()
        headers = {
            "Content-Type": "application/json",
            HEADER: signature_header(secrets, int(time.time()), data),
            "Spotter-Event-Id": event_id,
            "Spotter-Event-Type": event_type,
            "Spotter-Webhook-Id": str(hook.id),
            "Spotter-Delivery-Attempt": str(attempt),
        }
        began = time.perf_counter()
        status: int | None = None
        error: str | None = None
        try:
            to = address.Target(hook.url)
            if not self.spotter.settings.webhook_allow_private:
                to = await address.target(hook.url)
            headers.update(to.headers)
            response = await self.client.post(to.url, content=data, headers=headers, extensions=to.extensions)
            status = response.status_code
            if not 200 <= status < 300:
                error = f"the receiver answered {status} {response.reason_phrase}".strip()
        except httpx.TimeoutException:
            error = f"no answer within {self.spotter.settings.webhook_timeout_s:g} s"
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        except address.Refused as exc:
            error = f"not sent: {exc}"
        latency_ms = (time.perf_counter() - began) * 1000
        return store.Attempt(event_id, event_type, attempt, error is None, status, error, latency_ms, job_id)

    async def record(self, hook_id: uuid.UUID, tried: store.Attempt, *, counts: bool) -> Webhook | None:
        settings = self.spotter.settings
        async with self.spotter.uow() as uow:
            return await store.record(
                uow,
                hook_id,
                tried,
                counts=counts,
                disable_after=settings.webhook_disable_after,
                keep_days=settings.webhook_log_days,
            )

    async def ping(self, hook: Webhook) -> store.Attempt:
        """A `ping` event sent once, now, and logged (it neither counts as a failure nor clears them)."""
        body = ping_body(hook)
        tried = await self.send(hook, body, json.loads(body)["id"], store.PING, 1)
        await self.record(hook.id, tried, counts=False)
        return tried

    async def aclose(self) -> None:
        await self.client.aclose()


__all__ = ["DELIVER", "Webhooks", "body_of"]
