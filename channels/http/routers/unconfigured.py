"""Channels this server is not configured for are not mounted; asking for one answers 404 with the
settings it needs, rather than a 503 that looks like an outage (and is kept out of the OpenAPI)."""

from __future__ import annotations

from fastapi import APIRouter

from assistant.settings import Settings
from channels.http.errors import ApiError

NEEDS = {
    "telegram": "TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET",
    "twilio": "TWILIO_AUTH_TOKEN",
    "strava": "STRAVA_CLIENT_ID, STRAVA_CLIENT_SECRET, STRAVA_WEBHOOK_VERIFY_TOKEN and STRAVA_SUBSCRIPTION_ID",
    "oura": "OURA_CLIENT_ID, OURA_CLIENT_SECRET and OURA_WEBHOOK_VERIFY_TOKEN",
    "withings": "WITHINGS_CLIENT_ID and WITHINGS_CLIENT_SECRET",
    "garmin": "GARMIN_CLIENT_ID and GARMIN_CLIENT_SECRET",
    "fitbit": "FITBIT_CLIENT_ID, FITBIT_CLIENT_SECRET and FITBIT_SUBSCRIBER_VERIFY_CODE",
}


def configured(settings: Settings) -> dict[str, bool]:
    return {
        "telegram": bool(settings.telegram_bot_token and settings.telegram_webhook_secret),
        "twilio": bool(settings.twilio_auth_token),
        "strava": bool(settings.strava_client_id and settings.strava_webhook_verify_token),
        "oura": bool(settings.oura_client_id and settings.oura_client_secret and settings.oura_webhook_verify_token),
        "withings": bool(settings.withings_client_id and settings.withings_client_secret),
        "garmin": bool(settings.garmin_client_id and settings.garmin_client_secret),
        "fitbit": bool(
            settings.fitbit_client_id and settings.fitbit_client_secret and settings.fitbit_subscriber_verify_code
        ),
    }


def router_for(missing: list[str]) -> APIRouter:
    """One route under /channels/ that names what a missing channel needs."""
    router = APIRouter(include_in_schema=False)

    @router.api_route("/channels/{channel}/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
    async def not_configured(channel: str, rest: str) -> None:
        if channel in missing:
            raise ApiError(404, f"{channel.title()} is not configured on this server: set {NEEDS[channel]}")
        raise ApiError(404, "Not Found")

    return router
