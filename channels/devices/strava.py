"""Strava: OAuth (no PKCE: Strava does not take it), activities read page by page after a time,
one activity when a webhook names it. Webhooks are not signed by Strava: a subscription is proved
with the verify token when made, and each event must name our subscription id."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

from channels.devices.base import Batch, Fetch, OAuthApp
from domain.devices import Cardio

NAME = "strava"
PER_PAGE = 100
MAX_PAGES = 200  # 20,000 activities in one sync at most; the next sync goes on from the cursor


class Strava:
    name = NAME
    backfill_days = 90  # Strava keeps all history; the first sync reads a season, not a decade

    def __init__(self, base_url: str, client_id: str, client_secret: str) -> None:
        self.base_url, self.client_id, self.client_secret = base_url.rstrip("/"), client_id, client_secret

    def oauth(self) -> OAuthApp:
        return OAuthApp(
            authorize_url=f"{self.base_url}/oauth/authorize",
            token_url=f"{self.base_url}/oauth/token",
            client_id=self.client_id,
            client_secret=self.client_secret,
            scopes=("read", "activity:read_all"),
            scope_separator=",",
        )

    def external_user(self, token: dict[str, Any]) -> str | None:
        athlete = token.get("athlete")
        if isinstance(athlete, dict) and athlete.get("id") is not None:
            return str(athlete["id"])
        return None

    async def pages(
        self, api: Fetch, cursor: str | None, backfill_from: int
    ) -> AsyncIterator[tuple[Batch, str | None]]:
        """Activities started after the cursor (a Unix time), oldest pages first; the cursor moves to
        the latest start seen, less a second (a repeat is updated, not stored again)."""
        after = int(cursor) if cursor and cursor.isdigit() else backfill_from
        latest = after
        for page in range(1, MAX_PAGES + 1):
            items = await api.get("/api/v3/athlete/activities", {"after": after, "page": page, "per_page": PER_PAGE})
            if not isinstance(items, list) or not items:
                return
            batch = Batch()
            for item in items:
                record = activity(item)
                if record is not None:
                    batch.cardio.append(record)
                    latest = max(latest, int(record.started_at.timestamp()) - 1)
            yield batch, str(latest)
            if len(items) < PER_PAGE:
                return

    async def one(self, api: Fetch, record_id: str) -> Batch:
        found = activity(await api.get(f"/api/v3/activities/{int(record_id)}"))
        return Batch(cardio=[found] if found else [])


def activity(item: Any) -> Cardio | None:
    """A Strava activity as a cardio session (None for what is not one)."""
    if not isinstance(item, dict):
        return None
    try:
        started = datetime.fromisoformat(str(item["start_date"]).replace("Z", "+00:00"))
        seconds = int(item.get("elapsed_time") or item.get("moving_time") or 0)
        record_id = str(int(item["id"]))
    except (KeyError, TypeError, ValueError):
        return None
    if not 0 < seconds <= 86_400:  # a set lasts at most a day (domain/validation.py)
        return None
    kilojoules = item.get("kilojoules")
    calories = item.get("calories") or (kilojoules / 4.184 if isinstance(kilojoules, int | float) else None)
    return Cardio(
        record_id=record_id,
        sport=str(item.get("sport_type") or item.get("type") or "run"),
        started_at=started,
        duration_s=seconds,
        distance_m=min(_number(item.get("distance")) or 0, 1_000_000) or None,
        name=str(item["name"])[:200] if item.get("name") else None,
        avg_heart_rate=_number(item.get("average_heartrate")),
        calories=_number(calories),
    )


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) and value > 0 else None
