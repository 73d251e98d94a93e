"""Workout reminders made, changed and removed (domain/reminders.py has the rules and the schedule)."""

from __future__ import annotations

import uuid

from domain import commands as c
from domain import reminders as rules
from domain.errors import Conflict, Invalid
from domain.models import Reminder, utcnow
from domain.uow import UnitOfWork


async def _reachable(uow: UnitOfWork, user_id: uuid.UUID, channel: str) -> None:
    """An SMS reminder needs a phone number of the lifter's (one linked by texting a link code)."""
    if channel == "sms" and await rules.phone(uow, user_id) is None:
        raise Invalid.field("channel", "sms needs your phone linked: text a code from POST /me/link-codes to us")


async def create_reminder(cmd: c.CreateReminder, uow: UnitOfWork) -> Reminder:
    at, days = rules.check_at(cmd.at), rules.check_days(cmd.days)
    channel, message = rules.check_channel(cmd.channel), rules.check_message(cmd.message)
    await _reachable(uow, cmd.user_id, channel)
    if len(await rules.listing(uow, cmd.user_id)) >= rules.MOST:
        raise Conflict(f"You have {rules.MOST} reminders already (the most one account may have): delete one")
    row = Reminder(
        user_id=cmd.user_id, at=at, days=days, channel=channel, message=message, enabled=cmd.enabled, fired_on=None
    )
    uow.session.add(row)
    await uow.commit()
    return row


async def update_reminder(cmd: c.UpdateReminder, uow: UnitOfWork) -> Reminder:
    row = await rules.owned(uow, cmd.user_id, cmd.reminder_id)
    changes = cmd.changes
    if "at" in changes:
        row.at = rules.check_at(changes["at"])
    if "days" in changes:
        row.days = rules.check_days(changes["days"])
    if "channel" in changes:
        row.channel = rules.check_channel(changes["channel"])
        await _reachable(uow, cmd.user_id, row.channel)
    if "message" in changes:
        row.message = rules.check_message(changes["message"])
    if "enabled" in changes:
        row.enabled = bool(changes["enabled"])
    if {"at", "days"} & changes.keys():
        # a new time today may still be ahead: today's claim (if any) was for the old time
        row.fired_on = None
    row.updated_at = utcnow()
    await uow.commit()
    return row


async def delete_reminder(cmd: c.DeleteReminder, uow: UnitOfWork) -> None:
    row = await rules.owned(uow, cmd.user_id, cmd.reminder_id)
    await uow.session.delete(row)
    await uow.commit()
