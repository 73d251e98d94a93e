"""Workout reminders: the rules, when one is due, and the claim that sends it once a day.

A reminder is a local time ("07:30") on days of the week, in the lifter's time zone (their
profile's), so it follows the clock on the wall across daylight-saving changes: a Berlin 07:30 is
06:30 UTC in winter and 05:30 UTC in summer. A time the clock skips (02:30 on the spring change)
goes out at the same moment read with the offset before the change (03:30 summer time); a time it
passes twice (the autumn change) goes out the first time.

Due: today's (or, just after midnight, yesterday's) occurrence has come, no longer ago than GRACE
(schedulers down for longer skip that day rather than remind at a strange hour), not before the
reminder was made or last changed (a 07:30 made at 07:45 starts tomorrow), and that local day is not
yet claimed. `claim` moves `fired_on` to the day in one statement that only one of several
schedulers (two workers, two replicas) can win.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import ColumnElement, and_, or_, select, update

from domain.errors import Invalid, NotFound
from domain.models import ChannelAccount, Reminder, User
from domain.uow import UnitOfWork

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
CHANNELS = ("push", "email", "sms")
GRACE = timedelta(minutes=60)
MOST = 20  # reminders one account may have
MESSAGE_MAX = 200
DEFAULT_MESSAGE = "Time to train! Your workout is waiting."
_AT = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def check_at(value: str) -> str:
    if not _AT.match(value):
        raise Invalid.field("at", "a local time as HH:MM (24-hour), e.g. 07:30")
    return value


def check_days(values: Iterable[str]) -> list[str]:
    """The days, each once, in the week's order (Monday first)."""
    given = {v.lower() for v in values}
    unknown = sorted(given - set(DAYS))
    if unknown:
        raise Invalid.field("days", f"{unknown[0]!r} is not a day: use {', '.join(DAYS)}")
    if not given:
        raise Invalid.field("days", "at least one day")
    return [d for d in DAYS if d in given]


def check_channel(value: str) -> str:
    if value not in CHANNELS:
        raise Invalid.field("channel", f"one of {', '.join(CHANNELS)}")
    return value


def check_message(value: str | None) -> str | None:
    if value is not None and len(value) > MESSAGE_MAX:
        raise Invalid.field("message", f"at most {MESSAGE_MAX} characters")
    return value.strip() or None if value is not None else None


def zone(name: str | None) -> ZoneInfo:
    """The lifter's time zone (UTC when theirs is unknown to this machine)."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def occurrence(at: str, day: date, tz: ZoneInfo) -> datetime:
    """The moment (UTC) `at` is on the wall clock of `tz` on `day` (see the module's docstring)."""
    hours, minutes = (int(p) for p in at.split(":"))
    return datetime.combine(day, time(hours, minutes), tzinfo=tz).astimezone(UTC)


def due_day(
    at: str,
    days: Sequence[str],
    tz: ZoneInfo,
    fired_on: date | None,
    now: datetime,
    made_at: datetime | None = None,
    grace: timedelta = GRACE,
) -> date | None:
    """The local day whose occurrence is due at `now`, or None."""
    today = now.astimezone(tz).date()
    for day in (today, today - timedelta(days=1)):
        if DAYS[day.weekday()] not in days or (fired_on is not None and fired_on >= day):
            continue
        when = occurrence(at, day, tz)
        if when <= now < when + grace and (made_at is None or when >= made_at):
            return day
    return None


@dataclass(frozen=True)
class Due:
    reminder_id: uuid.UUID
    user_id: uuid.UUID
    channel: str
    day: date  # the lifter's local day it is for


SLACK = timedelta(hours=1)  # the prefilter's margin on either side: a daylight-saving hour


def window(tz: ZoneInfo, now: datetime, grace: timedelta = GRACE) -> ColumnElement[bool]:
    """Reminders whose `at` may be due in `tz` now: the wall-clock times from GRACE (and an hour's
    slack) ago to an hour ahead. A prefilter only: `due_day` decides."""
    local = now.astimezone(tz).replace(tzinfo=None)
    first, last = (local - grace - SLACK).strftime("%H:%M"), (local + SLACK).strftime("%H:%M")
    if first <= last:
        return Reminder.at.between(first, last)
    return or_(Reminder.at >= first, Reminder.at <= last)  # across midnight


async def due(uow: UnitOfWork, now: datetime) -> list[Due]:
    """Every enabled reminder due at `now`: per time zone in use, only the rows whose time of day is
    near that zone's clock (a few of each minute's reminders, not all of them), then each checked."""
    zones_in_use = await uow.session.scalars(
        select(User.timezone).distinct().join(Reminder, Reminder.user_id == User.id).where(Reminder.enabled.is_(True))
    )
    near = [and_(User.timezone == name, window(zone(name), now)) for name in zones_in_use.all()]
    if not near:
        return []
    stmt = (
        select(Reminder.id, Reminder.user_id, Reminder.at, Reminder.days, Reminder.channel, Reminder.fired_on)
        .add_columns(Reminder.updated_at, User.timezone)
        .join(User, User.id == Reminder.user_id)
        .where(Reminder.enabled.is_(True), or_(*near))
    )
    found = []
    for row in await uow.session.execute(stmt):
        day = due_day(row.at, row.days or (), zone(row.timezone), row.fired_on, now, row.updated_at)
        if day is not None:
            found.append(Due(row.id, row.user_id, row.channel, day))
    return found


async def claim(uow: UnitOfWork, reminder_id: uuid.UUID, day: date, now: datetime) -> bool:
    """Take `day`'s sending of the reminder; False when another scheduler took it (or it is off or gone)."""
    stmt = (
        update(Reminder)
        .where(
            Reminder.id == reminder_id,
            Reminder.enabled.is_(True),
            or_(Reminder.fired_on.is_(None), Reminder.fired_on < day),
        )
        .values(fired_on=day, last_fired_at=now, updated_at=Reminder.updated_at)  # not a change of the lifter's
        .returning(Reminder.id)
    )
    won = (await uow.session.execute(stmt)).one_or_none() is not None
    await uow.commit()
    return won


async def owned(uow: UnitOfWork, user_id: uuid.UUID, reminder_id: uuid.UUID) -> Reminder:
    found = await uow.session.scalar(select(Reminder).where(Reminder.id == reminder_id, Reminder.user_id == user_id))
    if found is None:
        raise NotFound("Reminder not found")
    return found


async def listing(uow: UnitOfWork, user_id: uuid.UUID) -> list[Reminder]:
    stmt = select(Reminder).where(Reminder.user_id == user_id).order_by(Reminder.at, Reminder.created_at)
    return list((await uow.session.scalars(stmt)).all())


async def phone(uow: UnitOfWork, user_id: uuid.UUID) -> str | None:
    """Where the lifter's SMS go: the number they linked (texted a link code from), else their profile's."""
    linked = await uow.session.scalar(
        select(ChannelAccount.external_id)
        .where(ChannelAccount.user_id == user_id, ChannelAccount.channel == "sms")
        .order_by(ChannelAccount.verified_at.desc())
        .limit(1)
    )
    if linked:
        return str(linked)
    user = await uow.session.get(User, user_id)
    return user.phone if user is not None and user.phone else None


def next_at(reminder: Reminder, tz: ZoneInfo, now: datetime) -> datetime | None:
    """When it next goes out (UTC), None when it is off."""
    if not reminder.enabled or not reminder.days:
        return None
    today = now.astimezone(tz).date()
    for ahead in range(8):
        day = today + timedelta(days=ahead)
        if DAYS[day.weekday()] not in reminder.days or (reminder.fired_on is not None and reminder.fired_on >= day):
            continue
        when = occurrence(reminder.at, day, tz)
        if when > now:
            return when
    return None


__all__ = [
    "CHANNELS",
    "DAYS",
    "DEFAULT_MESSAGE",
    "GRACE",
    "MOST",
    "Due",
    "check_at",
    "check_channel",
    "check_days",
    "check_message",
    "claim",
    "due",
    "due_day",
    "listing",
    "next_at",
    "occurrence",
    "owned",
    "phone",
    "zone",
]
