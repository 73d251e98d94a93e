"""Web push: committed events to notification jobs (`dispatch`), and one push to one browser (`send`).

`dispatch` runs where the events were committed (Spotter.publish, as webhooks do), so each event is
pushed once however many replicas hear it: a record (`pr.set`; the records one set beat make one
notification), a goal met (`goal.met`) and a rest timer run out (`rest.ended` with reason `done`)
become one job per notification and subscription of the lifter (none: one read, nothing more).
Reminders push through `send` from their own job.

`send` is pywebpush: the payload encrypted to the browser's keys (aes128gcm), a VAPID JWT for the
push service's origin (`Authorization: vapid t=...,k=...`), a TTL. The push service answers 201; 404
or 410 means the browser dropped the subscription, so we drop it too; 429, 5xx or no answer is tried
again later; any other answer is a refusal no retry mends. Endpoints on loopback or private networks
are refused unless PUSH_ALLOW_PRIVATE (the same check webhooks make, assistant/webhooks/address.py).
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import aiohttp
from pywebpush import WebPushException, webpush_async
from sqlalchemy import Select, select

import assistant.webhooks.address as address
from assistant.push.keys import public_key, subject, vapid
from domain import push as store
from domain.events import Event
from domain.models import Exercise, PushSubscription, User

if TYPE_CHECKING:
    from assistant.spotter import Spotter

log = logging.getLogger("spotter.push")
DELIVER_PUSH = "deliver_push"  # the job's name (assistant/jobs/registry.py)
GONE = (404, 410)
KG_PER_LB = 0.45359237
TTL_S = {"pr.set": 86_400, "goal.met": 86_400, "rest.ended": 120, "reminder": 3_600}  # kept for an offline browser


@dataclass(frozen=True)
class Sent:
    """How one push went: delivered, gone (subscription dropped), or failed (`retry`: worth another try)."""

    ok: bool
    status: int | None = None
    gone: bool = False
    retry: bool = False
    error: str | None = None
    latency_ms: float = 0.0


def notification(event: Event, names: dict[str, str], unit: str = "kg") -> dict[str, Any] | None:
    """The notification an event makes (title, body, tag, url), or None for events not pushed.
    `names`: exercise names by id; `unit`: the lifter's (kg or lb)."""
    data = event.data
    if event.TYPE == "pr.set":
        name = names.get(str(data.get("exercise_id")), "a lift")
        weight, reps = data.get("weight_kg"), data.get("reps")
        if isinstance(weight, int | float) and reps:
            shown = round(weight / KG_PER_LB, 1) if unit == "lb" else round(weight, 2)
            did = f"{shown:g} {unit} × {reps}"
        else:
            did = f"{data.get('value')}"
        return {"title": "New personal record!", "body": f"{name}: {did}", "tag": f"pr-{data.get('set_id')}"}
    if event.TYPE == "goal.met":
        what = data.get("name") or str(data.get("kind", "goal")).replace("_", " ")
        return {"title": "Goal met!", "body": f"You reached your goal: {what}", "tag": f"goal-{data.get('id')}"}
    if event.TYPE == "rest.ended" and data.get("reason") == "done":
        return {"title": "Rest's up", "body": "Next set!", "tag": "rest"}
    return None


def message(event_type: str, note: dict[str, Any], at: str | None = None) -> str:
    """The push's JSON (what sw.js shows): title, body, tag, url, and the event's type."""
    return json.dumps({**note, "type": event_type, "url": "/", "at": at}, separators=(",", ":"))


class Push:
    def __init__(self, spotter: Spotter) -> None:
        self.spotter = spotter
        self.key = vapid(spotter.settings)  # made and kept under ./var/ on the first start
        self.public_key = public_key(self.key)
        self.subject = subject(spotter.settings)
        self._session: aiohttp.ClientSession | None = None

    async def dispatch(self, events: Sequence[Event]) -> None:
        """A push job per event worth a notification and subscription of its lifter."""
        spotter = self.spotter
        wanted = [e for e in events if e.TYPE in TTL_S and (e.TYPE != "rest.ended" or e.data.get("reason") == "done")]
        if spotter.jobs is None or not wanted:
            return
        async with spotter.reader() as uow:
            subs = await store.listing(uow, list({e.user_id for e in wanted}))
            if not subs:
                return
            ids = {uuid.UUID(str(e.data["exercise_id"])) for e in wanted if e.TYPE == "pr.set"}
            names = {str(x.id): x.name for x in await uow.session.scalars(_names(ids))} if ids else {}
            rows = await uow.session.execute(_units({e.user_id for e in wanted}))
            units: dict[uuid.UUID, str] = {user_id: unit for user_id, unit in rows}
        jobs: list[tuple[uuid.UUID, dict[str, Any], str | None]] = []
        told: set[str] = set()
        for event in wanted:
            note = notification(event, names, units.get(event.user_id, "kg"))
            if note is None or note["tag"] in told:  # one set's records (heaviest, e1RM, ...): one notification
                continue
            told.add(note["tag"])
            body = message(event.TYPE, note, event.at.isoformat())
            for sub in subs:
                if sub.user_id == event.user_id:
                    jobs.append((sub.user_id, {"subscription_id": str(sub.id), "type": event.TYPE}, body))
        await spotter.jobs.enqueue_many(DELIVER_PUSH, jobs)

    def session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            timeout = aiohttp.ClientTimeout(total=self.spotter.settings.push_timeout_s)
            self._session = aiohttp.ClientSession(timeout=timeout)
        return self._session

    async def send(self, sub: PushSubscription, body: str, ttl_s: int) -> Sent:
        """One encrypted, VAPID-signed push of `body` to the subscription's push service."""
        began = time.perf_counter()
        info = {"endpoint": sub.endpoint, "keys": {"p256dh": sub.p256dh, "auth": sub.auth}}
        try:
            if not self.spotter.settings.push_allow_private:
                await address.target(sub.endpoint)  # every address the host has must be public
            response = await webpush_async(
                info,
                data=body,
                vapid_private_key=self.key,
                vapid_claims={"sub": self.subject},  # `aud` (the endpoint's origin) and `exp` are added
                ttl=ttl_s,
                timeout=aiohttp.ClientTimeout(total=self.spotter.settings.push_timeout_s),
                aiohttp_session=self.session(),
            )
        except WebPushException as exc:
            status = exc.status_code
            gone, retry = status in GONE, status is None or status == 429 or status >= 500
            return Sent(False, status, gone, retry, f"the push service answered {status}", _ms(began))
        except address.Refused as exc:
            return Sent(False, error=f"not sent: {exc}", latency_ms=_ms(began))
        except (aiohttp.ClientError, TimeoutError) as exc:
            return Sent(False, retry=True, error=f"{type(exc).__name__}: {exc}", latency_ms=_ms(began))
        status = int(getattr(response, "status", 201))
        return Sent(True, status, latency_ms=_ms(began))

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


def _units(ids: set[uuid.UUID]) -> Select[uuid.UUID, str]:
    return select(User.id, User.unit_pref).where(User.id.in_(ids))


def _names(ids: set[uuid.UUID]) -> Select[Exercise]:
    return select(Exercise).where(Exercise.id.in_(ids))


def _ms(began: float) -> float:
    return (time.perf_counter() - began) * 1000


__all__ = ["DELIVER_PUSH", "TTL_S", "Push", "Sent", "message", "notification"]
