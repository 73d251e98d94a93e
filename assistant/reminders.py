"""Workout reminders going out: the scheduler that finds them due, and the job that sends one.

`due_reminders` reads every enabled reminder due now (domain/reminders.py: the lifter's local time,
DST-correct), claims each one's day in the database (only one scheduler wins it, however many look)
and enqueues a `send_reminder` job for those it won. It runs every minute by arq's cron in
`python -m assistant worker`, or every REMINDER_CHECK_S by `ReminderSchedule` in the app's process
without Redis. The job sends by the reminder's channel: push (every subscription of the lifter,
assistant/push), email or SMS (an `Outbox` the channels attach: SMTP and Twilio's REST API).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

from assistant.jobs.context import JobContext
from assistant.push.job import PushFailed, send_to
from assistant.push.sender import TTL_S, message
from domain import push as push_store
from domain import reminders as rules
from domain.errors import Conflict
from domain.models import Reminder, User

if TYPE_CHECKING:
    from assistant.spotter import Spotter

log = logging.getLogger("spotter.reminders")
SEND_REMINDER = "send_reminder"
SUBJECT = "Workout reminder"


class Outbox(Protocol):
    """Mail and SMS as the channels send them (channels/outbox.py); either may be off (None)."""

    async def email(self, to: str, subject: str, text: str) -> None: ...

    async def sms(self, to: str, text: str) -> None: ...

    def offers(self, channel: str) -> bool: ...


async def due_reminders(spotter: Spotter, now: datetime | None = None) -> int:
    """Claim and enqueue every reminder due `now`; how many this scheduler won."""
    now = now or datetime.now(UTC)
    async with spotter.reader() as uow:
        found = await rules.due(uow, now)
    won = 0
    for due in found:
        async with spotter.uow() as uow:
            if not await rules.claim(uow, due.reminder_id, due.day, now):
                continue  # another scheduler has it
        await spotter.jobs.enqueue(
            SEND_REMINDER, due.user_id, reminder_id=str(due.reminder_id), day=due.day.isoformat()
        )
        won += 1
    return won


async def send_reminder(ctx: JobContext) -> dict[str, Any]:
    spotter = ctx.spotter
    async with spotter.reader() as uow:
        reminder = await uow.session.get(Reminder, uuid.UUID(str(ctx.args["reminder_id"])))
        user = await uow.session.get(User, ctx.user_id)
        subs = await push_store.listing(uow, [ctx.user_id]) if reminder and reminder.channel == "push" else []
    if reminder is None or user is None or not reminder.enabled:
        return {"sent": False, "reason": "the reminder was deleted or turned off"}
    text = reminder.message or rules.DEFAULT_MESSAGE
    if reminder.channel == "push":
        return await _push(ctx, subs, text)
    outbox: Outbox | None = spotter.outbox
    if outbox is None or not outbox.offers(reminder.channel):
        setting = "SMTP_HOST" if reminder.channel == "email" else "TWILIO_ACCOUNT_SID and TWILIO_FROM_NUMBER"
        raise Conflict(f"{reminder.channel} is not configured on this server ({setting})")
    if reminder.channel == "email":
        base = spotter.settings.public_base_url
        footer = f"\n\nChange or turn off your reminders: {base.rstrip('/')}/#settings" if base else ""
        await outbox.email(user.email, SUBJECT, text + footer)
        return {"sent": True, "channel": "email"}
    async with spotter.reader() as uow:
        number = await rules.phone(uow, user.id)
    if number is None:
        raise Conflict("no phone number linked (POST /me/link-codes, then text the code)")
    await outbox.sms(number, text)
    return {"sent": True, "channel": "sms"}


async def _push(ctx: JobContext, subs: list[Any], text: str) -> dict[str, Any]:
    if not subs:
        raise Conflict("no push subscription: allow notifications in the web app first")
    body = message("reminder", {"title": SUBJECT, "body": text, "tag": "reminder"})
    delivered, gone, retry = 0, 0, []
    for sub in subs:
        sent = await send_to(ctx.spotter.push, sub, body, TTL_S["reminder"], ctx)
        delivered += sent.ok
        gone += sent.gone
        if sent.retry:
            retry.append(sent.error)
    if not delivered and retry:
        raise PushFailed(retry[0] or "the push failed")
    return {"sent": delivered > 0, "channel": "push", "delivered": delivered, "removed": gone}


async def cron_due_reminders(ctx: dict[str, Any]) -> None:
    """arq's cron: the worker's spotter sends what is due."""
    await due_reminders(ctx["spotter"])


class ReminderSchedule:
    """Without Redis: look for due reminders every REMINDER_CHECK_S in this process."""

    def __init__(self, spotter: Spotter) -> None:
        self.spotter, self.every_s = spotter, spotter.settings.reminder_check_s
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._loop(), name="spotter-reminders")

    async def _loop(self) -> None:
        while True:
            try:
                await due_reminders(self.spotter)
            except Exception:  # the store or the queue down: the next round tries again
                log.warning("looking for due reminders failed", exc_info=True)
            await asyncio.sleep(self.every_s)

    async def aclose(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
