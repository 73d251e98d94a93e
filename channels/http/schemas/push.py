"""Web push (domain/push.py) and reminders (domain/reminders.py): what the API takes and shows."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import Field

from channels.http.schemas import In, NotNull, Out
from domain.push import ENDPOINT_MAX
from domain.reminders import MESSAGE_MAX

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
Channel = Literal["push", "email", "sms"]
AT_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d$"
AT_SAID = "the local time (your profile's time zone), HH:MM"
DAYS_SAID = "the days of the week it goes out on"


class KeyOut(Out):
    public_key: str = Field(description="the VAPID public key: PushManager.subscribe's `applicationServerKey`")


class SubscriptionKeys(In):
    p256dh: str = Field(min_length=1, max_length=128, description="the browser's P-256 public key, base64url")
    auth: str = Field(min_length=1, max_length=64, description="the 16-byte auth secret, base64url")


class SubscriptionIn(In):
    """The browser's PushSubscription, as `subscription.toJSON()` gives it."""

    endpoint: str = Field(min_length=10, max_length=ENDPOINT_MAX, description="the push service's https URL")
    keys: SubscriptionKeys
    expirationTime: int | None = Field(default=None, description="ignored (browsers send it; most say null)")


class SubscriptionOut(Out):
    id: uuid.UUID
    endpoint: str
    user_agent: str | None
    created_at: datetime
    last_sent_at: datetime | None = Field(description="the last push its service took")


class ReminderIn(In):
    at: str = Field(pattern=AT_PATTERN, description=AT_SAID)
    days: list[Weekday] = Field(min_length=1, max_length=7, description=DAYS_SAID)
    channel: Channel = Field(description="push (every browser you subscribed), email, or sms (the phone you linked)")
    message: str | None = Field(
        default=None, max_length=MESSAGE_MAX, description="what it says (a default if left out)"
    )
    enabled: bool = True


class ReminderPatch(In):
    CHANGES = True
    at: NotNull[str] = Field(default=None, pattern=AT_PATTERN, description=AT_SAID)
    days: NotNull[list[Weekday]] = Field(default=None, min_length=1, max_length=7, description=DAYS_SAID)
    channel: NotNull[Channel] = None
    message: str | None = Field(default=None, max_length=MESSAGE_MAX)
    enabled: NotNull[bool] = None


class ReminderOut(Out):
    id: uuid.UUID
    at: str
    days: list[str]
    channel: str
    message: str | None
    enabled: bool
    timezone: str = Field(description="the time zone `at` is read in (your profile's; change it with PATCH /me)")
    next_at: datetime | None = Field(description="when it next goes out (UTC); null when off")
    last_fired_at: datetime | None
    created_at: datetime
    updated_at: datetime


KEY_EXAMPLE = {"public_key": "BGsbZ0y5zlZn5_DY8ASt-K0pF2rPcl7qLAxhTZkJkl7T4NRwXaDqyzqIpZjIEFjdkQq-tMCO6Xus3soeR-HuVb0"}
SUBSCRIBE_EXAMPLES: dict[str, Any] = {
    "browser": {
        "summary": "a browser's PushSubscription",
        "value": {
            "endpoint": "https://fcm.googleapis.com/fcm/send/dGhpcyBpcyBhbiBleGFtcGxl",
            "expirationTime": None,
            "keys": {
                "p256dh": "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM",
                "auth": "tBHItJI5svbpez7KI4CCXg",
            },
        },
    }
}
SUBSCRIPTION_EXAMPLE: dict[str, Any] = {
    "id": "2e1d0c9b-8a7f-4e6d-9c5b-4a3f2e1d0c9b",
    "endpoint": SUBSCRIBE_EXAMPLES["browser"]["value"]["endpoint"],
    "user_agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0",
    "created_at": "2025-03-01T09:00:00+00:00",
    "last_sent_at": "2025-03-03T18:04:06.100000+00:00",
}
REMINDER_EXAMPLES: dict[str, Any] = {
    "mornings": {
        "summary": "weekday mornings by push",
        "value": {"at": "07:30", "days": ["mon", "wed", "fri"], "channel": "push"},
    },
    "email": {
        "summary": "Saturday by email, in your words (sms works the same once your phone is linked)",
        "value": {"at": "09:00", "days": ["sat"], "channel": "email", "message": "Legs today!"},
    },
}
REMINDER_PATCH_EXAMPLES: dict[str, Any] = {
    "off": {"summary": "turn it off", "value": {"enabled": False}},
    "later": {"summary": "half an hour later", "value": {"at": "08:00"}},
}
REMINDER_EXAMPLE: dict[str, Any] = {
    "id": "4f3e2d1c-0b9a-4876-9543-210fedcba987",
    "at": "07:30",
    "days": ["mon", "wed", "fri"],
    "channel": "push",
    "message": None,
    "enabled": True,
    "timezone": "Europe/Berlin",
    "next_at": "2025-03-05T06:30:00+00:00",
    "last_fired_at": "2025-03-03T06:30:00.412000+00:00",
    "created_at": "2025-03-01T09:00:00+00:00",
    "updated_at": "2025-03-01T09:00:00+00:00",
}
