"""Oura v2: OAuth (no PKCE: Oura does not take it), then daily activity (steps, calories), heart
rate (5-minute samples, kept as one reading per hour), sleep (stages, HRV, lowest heart rate) and
workouts, each collection read page by page (`next_token`) from the day before the cursor.

Webhooks are app-wide subscriptions (made with the client id and secret, `subscribe`): Oura proves
the callback with a verification token and challenge, and signs each notification (HMAC-SHA256 of
the timestamp and body under the client secret, `signature`). A notification names one document;
the sync reads it with the lifter's token, so a replay only reads again what is stored once.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from channels.devices.base import Batch, Fetch, OAuthApp
from channels.devices.values import MAX_SESSION_S, day_start, moment, number, start_day, windows
from domain import commands as c
from domain.devices import Cardio

NAME = "oura"
COLLECTIONS = ("daily_activity", "sleep", "workout", "heartrate")
WEBHOOK_TYPES = ("daily_activity", "sleep", "workout")  # the documents a notification may name that we keep
MAX_PAGES = 100  # per collection in one sync; the next sync goes on from the cursor
HEART_RATE_DAYS = 30  # the longest range Oura's heartrate takes in one call


class Oura:
    name = NAME
    backfill_days = 90

    def __init__(self, base_url: str, auth_url: str, client_id: str, client_secret: str) -> None:
        self.base_url, self.auth_url = base_url.rstrip("/"), auth_url.rstrip("/")
        self.client_id, self.client_secret = client_id, client_secret

    def oauth(self) -> OAuthApp:
        return OAuthApp(
            authorize_url=f"{self.auth_url}/oauth/authorize",
            token_url=f"{self.base_url}/oauth/token",
            client_id=self.client_id,
            client_secret=self.client_secret,
            scopes=("personal", "daily", "heartrate", "workout"),
        )

    def external_user(self, token: dict[str, Any]) -> str | None:
        return None  # the token does not say: `linked` reads personal_info

    async def linked(self, api: Fetch, token: dict[str, Any], public_base: str) -> str | None:
        info = await api.get("/v2/usercollection/personal_info")
        return str(info["id"]) if isinstance(info, dict) and info.get("id") else None

    async def revoke(self, api: Fetch, token: dict[str, Any], public_base: str) -> None:
        await api.get("/oauth/revoke", {"access_token": token["access_token"]})

    async def pages(
        self, api: Fetch, cursor: str | None, backfill_from: int
    ) -> AsyncIterator[tuple[Batch, str | None]]:
        """Every collection from the day before the cursor (a date) to today; the cursor becomes today."""
        first, today = start_day(cursor, backfill_from), datetime.now(UTC).date()
        for collection in COLLECTIONS:
            ranges = (
                [
                    {"start_datetime": f"{a}T00:00:00Z", "end_datetime": f"{b + timedelta(days=1)}T00:00:00Z"}
                    for a, b in windows(first, today, HEART_RATE_DAYS)
                ]
                if collection == "heartrate"
                else [{"start_date": str(first), "end_date": str(today + timedelta(days=1))}]
            )
            for params in ranges:
                samples: list[Any] = []  # heart rate: an hour may span two pages; averaged once read
                nxt: str | None = None
                for _ in range(MAX_PAGES):
                    reply = await api.get(f"/v2/usercollection/{collection}", {**params, **_next(nxt)})
                    reply = reply if isinstance(reply, dict) else {}
                    data = reply.get("data")
                    items: list[Any] = data if isinstance(data, list) else []
                    if collection == "heartrate":
                        samples += items
                    else:
                        yield normalise(collection, items), cursor
                    nxt = reply.get("next_token")
                    if not nxt:
                        break
                if samples:
                    yield normalise(collection, samples), cursor
        yield Batch(), str(today)

    async def one(self, api: Fetch, record_id: str) -> Batch:
        """`<data type>:<document id>`, as a notification names it."""
        kind, _, document = record_id.partition(":")
        if kind not in WEBHOOK_TYPES or not document:
            return Batch()
        return normalise(kind, [await api.get(f"/v2/usercollection/{kind}/{document}")])


def _next(token: str | None) -> dict[str, str]:
    return {"next_token": token} if token else {}


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """What Oura puts in `x-oura-signature` (upper-case hex)."""
    return hmac.new(secret.encode(), timestamp.encode() + body, hashlib.sha256).hexdigest().upper()


async def subscribe(
    client: httpx.AsyncClient, base_url: str, client_id: str, client_secret: str, callback_url: str, verify: str
) -> list[dict[str, Any]]:
    """Make the app's webhook subscriptions (one per data type and event); Oura calls the callback
    with the verification token and a challenge before answering."""
    made = []
    url, headers = (
        f"{base_url.rstrip('/')}/v2/webhook/subscription",
        {"x-client-id": client_id, "x-client-secret": client_secret},
    )
    for data_type in WEBHOOK_TYPES:
        for event in ("create", "update"):
            body = {
                "callback_url": callback_url,
                "verification_token": verify,
                "event_type": event,
                "data_type": data_type,
            }
            r = await client.post(url, json=body, headers=headers)
            r.raise_for_status()
            made.append(r.json())
    return made


def normalise(collection: str, items: Any) -> Batch:
    batch = Batch()
    if not isinstance(items, list):
        return batch
    if collection == "heartrate":
        batch.readings += _hourly(items)
        return batch
    for item in items:
        if not isinstance(item, dict) or not item.get("id"):
            continue
        key = str(item["id"])
        if collection == "daily_activity":
            batch.readings += _daily(key, item)
        elif collection == "sleep":
            batch.readings += _sleep(key, item)
        elif collection == "workout" and (record := _workout(key, item)) is not None:
            batch.cardio.append(record)
    return batch


def _daily(key: str, item: dict[str, Any]) -> list[c.MetricEntry]:
    when = day_start(item.get("day"))
    if when is None:
        return []
    found = []
    for field, metric, unit in (
        ("steps", "steps", "steps"),
        ("active_calories", "calories_active", "kcal"),
        ("total_calories", "calories_total", "kcal"),
    ):
        if (value := number(item.get(field))) is not None:
            found.append(c.MetricEntry(metric, value, unit, when, None, f"{key}:{field}"))
    return found


def _sleep(key: str, item: dict[str, Any]) -> list[c.MetricEntry]:
    end, asleep = moment(item.get("bedtime_end")), number(item.get("total_sleep_duration"))
    if end is None or asleep is None:
        return []
    details = {
        name: round(seconds / 60, 1)
        for field, name in (
            ("deep_sleep_duration", "deep_min"),
            ("light_sleep_duration", "light_min"),
            ("rem_sleep_duration", "rem_min"),
            ("awake_time", "awake_min"),
        )
        if (seconds := number(item.get(field))) is not None
    }
    found = [c.MetricEntry("sleep_hours", round(asleep / 3600, 2), "h", end, details or None, f"{key}:sleep")]
    if (hrv := number(item.get("average_hrv"))) is not None:
        found.append(c.MetricEntry("hrv", hrv, "ms", end, None, f"{key}:hrv"))
    if (lowest := number(item.get("lowest_heart_rate"))) is not None:
        found.append(c.MetricEntry("resting_heart_rate", lowest, "bpm", end, None, f"{key}:rhr"))
    return found


def _workout(key: str, item: dict[str, Any]) -> Cardio | None:
    start, end = moment(item.get("start_datetime")), moment(item.get("end_datetime"))
    if start is None or end is None or not 0 < (end - start).total_seconds() <= MAX_SESSION_S:
        return None
    return Cardio(
        record_id=key,
        sport=str(item.get("activity") or "running"),
        started_at=start,
        duration_s=int((end - start).total_seconds()),
        distance_m=number(item.get("distance")),
        name=str(item["label"])[:200] if item.get("label") else None,
        calories=number(item.get("calories")),
    )


def _hourly(items: list[Any]) -> list[c.MetricEntry]:
    """5-minute samples (no ids) as one reading per hour, keyed by the hour: a later read of the same
    hour updates it."""
    hours: dict[datetime, list[float]] = {}
    for item in items:
        if not isinstance(item, dict):
            continue
        when, bpm = moment(item.get("timestamp")), number(item.get("bpm"))
        if when is not None and bpm is not None:
            hours.setdefault(when.astimezone(UTC).replace(minute=0, second=0, microsecond=0), []).append(bpm)
    return [
        c.MetricEntry("heart_rate", round(sum(v) / len(v), 1), "bpm", hour, None, f"hr:{hour:%Y-%m-%dT%H}")
        for hour, v in hours.items()
    ]
