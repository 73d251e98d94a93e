"""Which providers this server offers, built from the settings: the phone stores always; a cloud
provider once its OAuth client is configured."""

from __future__ import annotations

from assistant.settings import Settings
from channels.devices.base import CloudProvider
from channels.devices.strava import Strava

URL_NAMES = {"health-connect": "health_connect", "apple-health": "apple_health", "strava": "strava"}
NEEDS = {"strava": "STRAVA_CLIENT_ID and STRAVA_CLIENT_SECRET"}


def clouds(settings: Settings) -> dict[str, CloudProvider]:
    found: dict[str, CloudProvider] = {}
    if settings.strava_client_id and settings.strava_client_secret:
        found["strava"] = Strava(settings.strava_base_url, settings.strava_client_id, settings.strava_client_secret)
    return found


def base_urls(settings: Settings) -> dict[str, str]:
    return {"strava": settings.strava_base_url}
