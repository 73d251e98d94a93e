"""Garmin Health API: OAuth 2 with PKCE, then Garmin sends the data. Summaries come pushed (the
JSON in the notification) or as pings naming a callback URL on Garmin's API to read them from;
nothing is pulled unasked. A sync only asks for history (backfill), which Garmin then delivers the
same way, and Garmin gives history only back to 30 days before the lifter connected: the first
sync asks for at most those 30 days, each summary type in one request (duplicates are a 409, fine).

Notifications carry no signature: each must come with our `garmin-client-id` header, name a
connected Garmin user, and a ping's callback must be on Garmin's API (we never fetch elsewhere).
Summaries are keyed by `summaryId`, so a replayed push or ping stores nothing twice.
"""

from __future__ import annotations

import math
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from channels.devices.base import Batch, Fetch, OAuthApp, Refused
from channels.devices.values import MAX_SESSION_S, day_start, moment, number
from domain import commands as c
from domain.devices import Cardio

NAME = "garmin"
BACKFILL_LIMIT = timedelta(days=30)  # Garmin: history back to 30 days before the connection, no further
API = "/wellness-api/rest"
KINDS = ("dailies", "sleeps", "activities", "bodyComps", "hrv", "bloodPressures", "userMetrics")


class Garmin:
    name = NAME
    backfill_days = BACKFILL_LIMIT.days

    def __init__(self, base_url: str, auth_url: str, token_url: str, client_id: str, client_secret: str) -> None:
        self.base_url, self.auth_url, self.token_url = base_url.rstrip("/"), auth_url.rstrip("/"), token_url
        self.client_id, self.client_secret = client_id, client_secret

    def oauth(self) -> OAuthApp:
        return OAuthApp(
            authorize_url=f"{self.auth_url}/oauth2Confirm",
            token_url=self.token_url,
            client_id=self.client_id,
            client_secret=self.client_secret,
            scopes=(),  # Garmin's permissions are chosen by the lifter on its page
            pkce=True,
        )

    def external_user(self, token: dict[str, Any]) -> str | None:
        return None  # `linked` asks Garmin

    async def linked(self, api: Fetch, token: dict[str, Any], public_base: str) -> str | None:
        found = await api.get(f"{API}/user/id")
        return str(found["userId"]) if isinstance(found, dict) and found.get("userId") else None

    async def revoke(self, api: Fetch, token: dict[str, Any], public_base: str) -> None:
        await api.send("DELETE", f"{API}/user/registration")

    async def pages(
        self, api: Fetch, cursor: str | None, backfill_from: int
    ) -> AsyncIterator[tuple[Batch, str | None]]:
        """The first sync asks Garmin for the history it allows; later ones have nothing to ask (Garmin
        pushes). Records arrive through the webhook, so the batch is empty."""
        if cursor:
            return
        now = datetime.now(UTC)
        start = max(datetime.fromtimestamp(backfill_from, UTC), now - BACKFILL_LIMIT)
        # rounded up: a second early would already be before what Garmin allows
        window = {
            "summaryStartTimeInSeconds": math.ceil(start.timestamp()),
            "summaryEndTimeInSeconds": int(now.timestamp()),
        }
        for kind in KINDS:
            try:
                await api.get(f"{API}/backfill/{kind}", window)
            except Refused as exc:
                if exc.status != 409:  # 409: this history was asked for already
                    raise
        yield Batch(), f"backfill:{int(now.timestamp())}"

    def callback_path(self, url: str) -> str | None:
        """A ping's callback as a path on Garmin's API, or None when it points anywhere else."""
        ours, given = urlsplit(self.base_url), urlsplit(url)
        if (given.scheme, given.netloc) != (ours.scheme, ours.netloc):
            return None
        if not given.path.startswith(ours.path + API + "/"):
            return None
        path = given.path[len(ours.path) :]
        return f"{path}?{given.query}" if given.query else path

    async def one(self, api: Fetch, record_id: str) -> Batch:
        """`<summary kind>|<callback path>`: the summaries a ping says are ready."""
        kind, _, path = record_id.partition("|")
        if kind not in KINDS or not path.startswith(API + "/"):
            return Batch()
        return summaries(kind, await api.get(path))


def summaries(kind: str, items: Any) -> Batch:
    batch = Batch()
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and item.get("summaryId"):
            _one(kind, str(item["summaryId"]), item, batch)
    return batch


def _one(kind: str, key: str, item: dict[str, Any], batch: Batch) -> None:
    start = moment(item.get("startTimeInSeconds")) or moment(item.get("measurementTimeInSeconds"))
    read = batch.readings.append

    def add(metric: str, value: Any, unit: str, when: datetime | None, suffix: str, scale: float = 1.0) -> None:
        if (found := number(value)) is not None and when is not None:
            read(c.MetricEntry(metric, round(found * scale, 3), unit, when, None, f"{key}:{suffix}"))

    if kind == "dailies":
        day = day_start(item.get("calendarDate"))
        add("steps", item.get("steps"), "steps", day, "steps")
        add("resting_heart_rate", item.get("restingHeartRateInBeatsPerMinute"), "bpm", day, "rhr")
        add("calories_active", item.get("activeKilocalories"), "kcal", day, "kcal")
    elif kind == "sleeps" and start is not None and (asleep := number(item.get("durationInSeconds"))):
        end = start + timedelta(seconds=asleep + (number(item.get("awakeDurationInSeconds")) or 0))
        details = {
            name: round(seconds / 60, 1)
            for field, name in (
                ("deepSleepDurationInSeconds", "deep_min"),
                ("lightSleepDurationInSeconds", "light_min"),
                ("remSleepInSeconds", "rem_min"),
                ("awakeDurationInSeconds", "awake_min"),
            )
            if (seconds := number(item.get(field))) is not None
        }
        read(c.MetricEntry("sleep_hours", round(asleep / 3600, 2), "h", end, details or None, f"{key}:sleep"))
    elif kind == "activities" and start is not None:
        seconds = int(number(item.get("durationInSeconds")) or 0)
        if 0 < seconds <= MAX_SESSION_S:
            batch.cardio.append(
                Cardio(
                    record_id=key,
                    sport=str(item.get("activityType") or "running"),
                    started_at=start,
                    duration_s=seconds,
                    distance_m=number(item.get("distanceInMeters")),
                    name=str(item["activityName"])[:200] if item.get("activityName") else None,
                    avg_heart_rate=number(item.get("averageHeartRateInBeatsPerMinute")),
                    calories=number(item.get("activeKilocalories")),
                )
            )
    elif kind == "bodyComps":
        add("body_weight", item.get("weightInGrams"), "kg", start, "weight", 0.001)
        add("body_fat", item.get("bodyFatInPercent"), "%", start, "fat")
    elif kind == "hrv":
        add("hrv", item.get("lastNightAvg"), "ms", start or day_start(item.get("calendarDate")), "hrv")
    elif kind == "bloodPressures" and start is not None:
        systolic, diastolic = number(item.get("systolic")), number(item.get("diastolic"))
        if systolic and diastolic:
            read(c.MetricEntry("blood_pressure", systolic, "mmHg", start, {"diastolic": diastolic}, f"{key}:bp"))
    elif kind == "userMetrics":
        add("vo2_max", item.get("vo2Max"), "ml/kg/min", day_start(item.get("calendarDate")), "vo2")
