"""Workout reminders: a local time on days of the week, by push, email or SMS (domain/reminders.py).

The time is read in your profile's time zone (PATCH /me `timezone`), so a 07:30 reminder stays at
07:30 on your clock across daylight-saving changes. Each goes out at most once a day.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Body, status

from channels.http.deps import App, Reader, Writer
from channels.http.errors import ApiError
from channels.http.openapi import errors
from channels.http.routers import Router
from channels.http.schemas.push import (
    REMINDER_EXAMPLE,
    REMINDER_EXAMPLES,
    REMINDER_PATCH_EXAMPLES,
    ReminderIn,
    ReminderOut,
    ReminderPatch,
)
from domain import commands as c
from domain import reminders as rules
from domain.models import Reminder, User
from domain.uow import UnitOfWork

router = Router(prefix="/reminders", tags=["reminders"])


def _example(value: Any, code: int = 200) -> dict[int | str, dict[str, Any]]:
    return {code: {"content": {"application/json": {"example": value}}}}


async def _timezone(uow: UnitOfWork, user_id: uuid.UUID) -> str:
    user = await uow.session.get(User, user_id)
    return rules.zone(user.timezone if user else None).key


def _out(row: Reminder, tz: str) -> ReminderOut:
    return ReminderOut(
        id=row.id,
        at=row.at,
        days=list(row.days),
        channel=row.channel,
        message=row.message,
        enabled=row.enabled,
        timezone=tz,
        next_at=rules.next_at(row, rules.zone(tz), datetime.now(UTC)),
        last_fired_at=row.last_fired_at,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


async def _shown(spotter: Any, user_id: uuid.UUID, row: Reminder) -> ReminderOut:
    async with spotter.reader() as uow:
        return _out(row, await _timezone(uow, user_id))


@router.get("", responses=_example([REMINDER_EXAMPLE]))
async def list_reminders(who: Reader, spotter: App) -> list[ReminderOut]:
    """Your reminders, by time of day."""
    async with spotter.reader() as uow:
        tz = await _timezone(uow, who.user_id)
        return [_out(r, tz) for r in await rules.listing(uow, who.user_id)]


@router.post("", status_code=status.HTTP_201_CREATED, responses={**_example(REMINDER_EXAMPLE, 201), **errors(409)})
async def create_reminder(
    body: Annotated[ReminderIn, Body(openapi_examples=REMINDER_EXAMPLES)], who: Writer, spotter: App
) -> ReminderOut:
    """A reminder at `at` (your local time) on `days`. `sms` needs your phone linked (POST /me/link-codes);
    push goes to every browser you subscribed (POST /push/subscriptions). 409 past 20 reminders."""
    row = await spotter.bus.handle(
        c.CreateReminder(who.user_id, body.at, tuple(body.days), body.channel, body.message, body.enabled)
    )
    return await _shown(spotter, who.user_id, row)


@router.get("/{reminder_id}", responses={**_example(REMINDER_EXAMPLE), **errors(404)})
async def get_reminder(reminder_id: uuid.UUID, who: Reader, spotter: App) -> ReminderOut:
    async with spotter.reader() as uow:
        return _out(await rules.owned(uow, who.user_id, reminder_id), await _timezone(uow, who.user_id))


@router.patch("/{reminder_id}", responses={**_example(REMINDER_EXAMPLE), **errors(404)})
async def update_reminder(
    reminder_id: uuid.UUID,
    body: Annotated[ReminderPatch, Body(openapi_examples=REMINDER_PATCH_EXAMPLES)],
    who: Writer,
    spotter: App,
) -> ReminderOut:
    """Change its time, days, channel or words, or turn it off and on. A new time or new days start
    afresh: a time still ahead today goes out today."""
    changes = body.given()
    if not changes:
        raise ApiError(422, "Nothing to change", [{"field": "body", "message": "give at least one field"}])
    row = await spotter.bus.handle(c.UpdateReminder(who.user_id, reminder_id, changes))
    return await _shown(spotter, who.user_id, row)


@router.delete("/{reminder_id}", status_code=status.HTTP_204_NO_CONTENT, responses=errors(404))
async def delete_reminder(reminder_id: uuid.UUID, who: Writer, spotter: App) -> None:
    await spotter.bus.handle(c.DeleteReminder(who.user_id, reminder_id))
