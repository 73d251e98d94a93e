"""Which providers this server offers, built from the settings: the phone stores always; a cloud
provider once its OAuth client is configured."""

from __future__ import annotations

from assistant.settings import Settings
from channels.devices.base import CloudProvider
from channels.devices.fitbit import Fitbit
from channels.devices.garmin import Garmin
from channels.devices.oura import Oura
from channels.devices.strava import Strava
from channels.devices.withings import Withings

URL_NAMES = {
    "health-connect": "health_connect",
    "apple-health": "apple_health",
    "strava": "strava",
    "oura": "oura",
    "withings": "withings",
    "garmin": "garmin",
    "fitbit": "fitbit",
}
NEEDS = {
    "strava": "STRAVA_CLIENT_ID and STRAVA_CLIENT_SECRET",
    "oura": "OURA_CLIENT_ID and OURA_CLIENT_SECRET",
    "withings": "WITHINGS_CLIENT_ID and WITHINGS_CLIENT_SECRET",
    "garmin": "GARMIN_CLIENT_ID and GARMIN_CLIENT_SECRET",
    "fitbit": "FITBIT_CLIENT_ID and FITBIT_CLIENT_SECRET",
}


def clouds(settings: Settings) -> dict[str, CloudProvider]:
    s = settings
    found: dict[str, CloudProvider] = {}
    if s.strava_client_id and s.strava_client_secret:
        found["strava"] = Strava(s.strava_base_url, s.strava_client_id, s.strava_client_secret)
    if s.oura_client_id and s.oura_client_secret:
        found["oura"] = Oura(s.oura_base_url, s.oura_auth_url, s.oura_client_id, s.oura_client_secret)
    if s.withings_client_id and s.withings_client_secret:
        found["withings"] = Withings(
            s.withings_base_url, s.withings_auth_url, s.withings_client_id, s.withings_client_secret, s.jwt_secret
        )
    if s.garmin_client_id and s.garmin_client_secret:
        found["garmin"] = Garmin(
            s.garmin_base_url, s.garmin_auth_url, s.garmin_token_url, s.garmin_client_id, s.garmin_client_secret
        )
    if s.fitbit_client_id and s.fitbit_client_secret:
        found["fitbit"] = Fitbit(s.fitbit_base_url, s.fitbit_auth_url, s.fitbit_client_id, s.fitbit_client_secret)
    return found


def base_urls(settings: Settings) -> dict[str, str]:
    s = settings
    return {
        "strava": s.strava_base_url,
        "oura": s.oura_base_url,
        "withings": s.withings_base_url,
        "garmin": s.garmin_base_url,
        "fitbit": s.fitbit_base_url,
    }
