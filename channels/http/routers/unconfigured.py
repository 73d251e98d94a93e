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
}


def configured(settings: Settings) -> dict[str, bool]:
    return {
        "telegram": bool(settings.telegram_bot_token and settings.telegram_webhook_secret),
        "twilio": bool(settings.twilio_auth_token),
        "strava": bool(settings.strava_client_id and settings.strava_webhook_verify_token),
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
