"""Device sync, the domain's side: providers, connection statuses, normalised records, tokens kept
encrypted, and the rule for one quantity reported by two sources.

Providers (channels/devices/ holds one module each) turn what a device cloud or phone sends into
the normalised records below; those go through the one write path: readings through
domain/handlers/metrics.py (source = provider, `external_id` = the provider's record id, so a
repeat updates the row it names), cardio sessions through domain/handlers/sync.py (a workout whose
client_id is `<provider>:<record id>`, with one set of the activity's exercise carrying distance
and duration). Nothing a device sends is stored twice, however often it is sent.

Two sources, one quantity: readings that add up over a day (steps, calories, sleep, water) are
never added across sources: a watch and a phone both count the same steps. A source is the
provider and, within it, the device or app that measured (`origin`: Apple Health and Health Connect
each gather a watch's, a phone's and other apps' counts under one provider; `source_of`). Per local
day, the source with the highest total counts and the others are kept but left out of totals and
series (`one_source_per_day`; the higher count is the device worn longer that day, and a smaller
one is mostly the same steps seen by a second device). Levels (heart rate, weight) are readings at
moments and are all kept. Cardio sessions are records, one per provider and record id.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from cryptography.fernet import Fernet, InvalidToken

PROVIDERS = ("health_connect", "apple_health", "strava", "oura", "withings", "garmin", "fitbit")
PUSHED = ("health_connect", "apple_health")  # the phone sends; no OAuth
STATUSES = ("connected", "reauth", "disconnected")
TRIGGERS = ("push", "manual", "webhook", "schedule", "backfill", "upload")
SPORTS = {  # a provider's activity type (lower case) -> the catalog's exercise
    "run": "running",
    "running": "running",
    "virtualrun": "running",
    "trailrun": "trail-running-walking",
    "walk": "trail-running-walking",
    "walking": "trail-running-walking",
    "hike": "trail-running-walking",
    "hiking": "trail-running-walking",
    "ride": "cycling",
    "biking": "cycling",
    "cycling": "cycling",
    "virtualride": "bicycling-stationary",
    "rowing": "rowing-machine",
    "rowing_machine": "rowing-machine",
    "elliptical": "elliptical-trainer",
    "stair_climbing": "stairmaster",
    "stairstepper": "stairmaster",
    # Garmin (activityType), Oura (activity), Fitbit (activityName), as exercise_for writes them
    "street_running": "running",
    "treadmill_running": "running",
    "indoor_running": "running",
    "trail_running": "trail-running-walking",
    "road_biking": "cycling",
    "mountain_biking": "cycling",
    "bike": "cycling",
    "outdoor_bike": "cycling",
    "indoor_cycling": "bicycling-stationary",
    "treadmill": "running",
    "indoor_rowing": "rowing-machine",
}


def exercise_for(sport: str) -> str:
    """The catalog exercise of an activity type (an unknown type is counted as a run)."""
    return SPORTS.get(sport.lower().replace(" ", "_"), "running")


class TokenBox:
    """OAuth tokens at rest: Fernet (AES-128-CBC with HMAC) under one key from the settings."""

    def __init__(self, key: str | bytes) -> None:
        self._fernet = Fernet(key)

    @staticmethod
    def new_key() -> str:
        return Fernet.generate_key().decode()

    def seal(self, tokens: dict[str, Any]) -> str:
        return self._fernet.encrypt(json.dumps(tokens).encode()).decode()

    def open(self, sealed: str) -> dict[str, Any] | None:
        """The tokens, or None if they were sealed under another key (the lifter connects again)."""
        try:
            found: dict[str, Any] = json.loads(self._fernet.decrypt(sealed.encode()))
        except (InvalidToken, ValueError):
            return None
        return found


@dataclass(frozen=True)
class Cardio:
    """A run, ride or row from a device: stored as a completed workout with one set."""

    record_id: str
    sport: str
    started_at: datetime
    duration_s: int
    distance_m: float | None = None
    name: str | None = None
    avg_heart_rate: float | None = None
    calories: float | None = None


R = TypeVar("R")


def source_of(row: Any) -> str:
    """Who measured a reading, for the rule above: its provider, and the device within it if named."""
    origin = getattr(row, "origin", None)
    return f"{row.source}/{origin}" if origin else str(row.source)


def one_source_per_day(
    rows: Iterable[R], day: Callable[[R], date], source: Callable[[R], str], value: Callable[[R], float]
) -> list[R]:
    """The rows of the source with the highest total on each day (see the module's rule)."""
    totals: dict[tuple[date, str], float] = {}
    kept = list(rows)
    for row in kept:
        key = (day(row), source(row))
        totals[key] = totals.get(key, 0.0) + value(row)
    best: dict[date, tuple[float, str]] = {}
    for (d, s), total in totals.items():
        if d not in best or (total, s) > best[d]:
            best[d] = (total, s)
    return [row for row in kept if best[day(row)][1] == source(row)]
