"""Google Health API for Fitbit devices, in the Fitbit Web API's shapes: OAuth 2 with PKCE (the
client authenticated with HTTP Basic), then activities and sleep logs read page by page
(`pagination.next`), and daily steps, resting heart rate and weight read by date range (weight in
windows of 31 days, the longest Fitbit takes), from the day before the cursor (a date) to today.
Units are metric: no Accept-Language is sent.

Subscriptions: one per lifter, made on connect; Fitbit proves the subscriber endpoint with a
verification code and signs each notification (`X-Fitbit-Signature`: HMAC-SHA1 of the body under
`<client secret>&`, base64). A notification names a collection and a day; the sync reads that day
with the lifter's token, so a replay stores nothing twice. Disconnecting deletes the subscription
and revokes the token.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from channels.devices.base import Batch, Fetch, OAuthApp, Refused
from channels.devices.values import MAX_SESSION_S, day_start, moment, number, start_day, windows
from domain import commands as c
from domain.devices import Cardio

NAME = "fitbit"
PAGE = 100
MAX_PAGES = 100
WEIGHT_DAYS = 31
LOGS = {"activities": "/1/user/-/activities/list.json", "sleep": "/1.2/user/-/sleep/list.json"}


class Fitbit:
    name = NAME
    backfill_days = 90

    def __init__(self, base_url: str, auth_url: str, client_id: str, client_secret: str) -> None:
        self.base_url, self.auth_url = base_url.rstrip("/"), auth_url.rstrip("/")
        self.client_id, self.client_secret = client_id, client_secret

    def oauth(self) -> OAuthApp:
        return OAuthApp(
            authorize_url=f"{self.auth_url}/oauth2/authorize",
            token_url=f"{self.base_url}/oauth2/token",
            client_id=self.client_id,
            client_secret=self.client_secret,
            scopes=("activity", "heartrate", "sleep", "weight", "profile"),
            pkce=True,
            auth_method="client_secret_basic",
        )

    def external_user(self, token: dict[str, Any]) -> str | None:
        return str(token["user_id"]) if token.get("user_id") else None

    def _basic(self) -> dict[str, str]:
        pair = base64.b64encode(f"{self.client_id}:{self.client_secret}".encode()).decode()
        return {"Authorization": f"Basic {pair}"}

    async def linked(self, api: Fetch, token: dict[str, Any], public_base: str) -> str | None:
        user = self.external_user(token)
        try:
            await api.send("POST", f"/1/user/-/apiSubscriptions/{user}.json")
        except Refused as exc:
            if exc.status != 409:  # 409: subscribed already
                raise
        return user

    async def revoke(self, api: Fetch, token: dict[str, Any], public_base: str) -> None:
        if user := self.external_user(token):
            await api.send("DELETE", f"/1/user/-/apiSubscriptions/{user}.json")
        await api.send("POST", "/oauth2/revoke", data={"token": token["access_token"]}, headers=self._basic())

    async def pages(
        self, api: Fetch, cursor: str | None, backfill_from: int
    ) -> AsyncIterator[tuple[Batch, str | None]]:
        first, today = start_day(cursor, backfill_from), datetime.now(UTC).date()
        for kind in LOGS:
            async for batch in self._logs(api, kind, first):
                yield batch, cursor
        yield await self._series(api, first, today), cursor
        for a, b in windows(first, today, WEIGHT_DAYS):
            yield weights(await api.get(f"/1/user/-/body/log/weight/date/{a}/{b}.json")), cursor
        yield Batch(), str(today)

    async def _logs(self, api: Fetch, kind: str, after: date, pages: int = MAX_PAGES) -> AsyncIterator[Batch]:
        """A log list from `after` on, oldest first, following `pagination.next` on Fitbit's API."""
        path: str | None = LOGS[kind]
        first = {"afterDate": str(after - timedelta(days=1)), "sort": "asc", "offset": 0, "limit": PAGE}
        params: dict[str, Any] | None = first  # later pages: `next` carries them
        for _ in range(pages):
            if path is None:
                return
            reply = await api.get(path, params)
            reply = reply if isinstance(reply, dict) else {}
            yield activities(_list(reply, "activities")) if kind == "activities" else sleeps(_list(reply, "sleep"))
            path, params = self._next(reply), None

    def _next(self, reply: dict[str, Any]) -> str | None:
        """The next page's URL as a path on Fitbit's API (None at the end, or for a URL elsewhere)."""
        nxt = (reply.get("pagination") or {}).get("next") if isinstance(reply.get("pagination"), dict) else None
        if not nxt:
            return None
        ours, given = urlsplit(self.base_url), urlsplit(str(nxt))
        if (given.scheme, given.netloc) != (ours.scheme, ours.netloc):
            return None
        path = given.path[len(ours.path) :]
        return f"{path}?{given.query}" if given.query else path

    async def _series(self, api: Fetch, first: date, last: date) -> Batch:
        steps = await api.get(f"/1/user/-/activities/steps/date/{first}/{last}.json")
        heart = await api.get(f"/1/user/-/activities/heart/date/{first}/{last}.json")
        return series(steps, heart)

    async def one(self, api: Fetch, record_id: str) -> Batch:
        """`<collection>:<day>`, as a notification names them: that day read again."""
        kind, _, raw = record_id.partition(":")
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            return Batch()
        found = Batch()
        if kind == "activities":
            found.extend(await self._series(api, day, day))
        if kind in LOGS:
            async for batch in self._logs(api, kind, day, pages=1):
                found.extend(batch)
        if kind == "body":
            found.extend(weights(await api.get(f"/1/user/-/body/log/weight/date/{day}/{day}.json")))
        return found


def signature(client_secret: str, body: bytes) -> str:
    """What Fitbit puts in `X-Fitbit-Signature`."""
    digest = hmac.new(f"{client_secret}&".encode(), body, hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def _list(reply: Any, key: str) -> list[dict[str, Any]]:
    """The objects under `key` of an answer (none when it is not that shape)."""
    found = reply.get(key) if isinstance(reply, dict) else None
    return [item for item in found if isinstance(item, dict)] if isinstance(found, list) else []


def activities(items: list[dict[str, Any]]) -> Batch:
    batch = Batch()
    for item in items:
        if not item.get("logId") or (start := moment(item.get("startTime"))) is None:
            continue
        seconds = int((number(item.get("duration")) or 0) / 1000)  # milliseconds
        if not 0 < seconds <= MAX_SESSION_S:
            continue
        km = number(item.get("distance"))
        batch.cardio.append(
            Cardio(
                record_id=str(item["logId"]),
                sport=str(item.get("activityName") or "running"),
                started_at=start,
                duration_s=seconds,
                distance_m=km * 1000 if km and item.get("distanceUnit", "Kilometer") == "Kilometer" else None,
                name=str(item["activityName"])[:200] if item.get("activityName") else None,
                avg_heart_rate=number(item.get("averageHeartRate")),
                calories=number(item.get("calories")),
            )
        )
    return batch


def sleeps(items: list[dict[str, Any]]) -> Batch:
    batch = Batch()
    for item in items:
        if not item.get("logId") or (end := moment(item.get("endTime"))) is None:
            continue
        if (asleep := number(item.get("minutesAsleep"))) is None:
            continue
        summary = item.get("levels", {}).get("summary") if isinstance(item.get("levels"), dict) else None
        levels = summary if isinstance(summary, dict) else {}
        details = {
            name: float(levels[stage]["minutes"])
            for stage, name in (("deep", "deep_min"), ("light", "light_min"), ("rem", "rem_min"), ("wake", "awake_min"))
            if isinstance(levels.get(stage), dict) and number(levels[stage].get("minutes")) is not None
        }
        key = f"{item['logId']}:sleep"
        batch.readings.append(c.MetricEntry("sleep_hours", round(asleep / 60, 2), "h", end, details or None, key))
    return batch


def series(steps: Any, heart: Any) -> Batch:
    batch = Batch()
    for day in _list(steps, "activities-steps"):
        when, value = day_start(day.get("dateTime")), number(day.get("value"))
        if when is not None and value is not None:
            batch.readings.append(c.MetricEntry("steps", value, "steps", when, None, f"steps:{day['dateTime']}"))
    for day in _list(heart, "activities-heart"):
        value = number((day.get("value") or {}).get("restingHeartRate")) if isinstance(day.get("value"), dict) else None
        when = day_start(day.get("dateTime"))
        if when is not None and value is not None:
            key = f"rhr:{day['dateTime']}"
            batch.readings.append(c.MetricEntry("resting_heart_rate", value, "bpm", when, None, key))
    return batch


def weights(reply: Any) -> Batch:
    batch = Batch()
    for item in _list(reply, "weight"):
        when = moment(f"{item.get('date')}T{item.get('time') or '12:00:00'}")
        if not item.get("logId") or when is None:
            continue
        if (kg := number(item.get("weight"))) is not None:
            batch.readings.append(c.MetricEntry("body_weight", kg, "kg", when, None, f"{item['logId']}:weight"))
        if (fat := number(item.get("fat"))) is not None:
            batch.readings.append(c.MetricEntry("body_fat", fat, "%", when, None, f"{item['logId']}:fat"))
    return batch
