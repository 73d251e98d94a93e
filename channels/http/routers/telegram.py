from __future__ import annotations

import hmac
from typing import Any

from fastapi import Request
from telegram import Update

from channels.http.deps import App
from channels.http.errors import ApiError
from channels.http.routers import Router
from channels.http.routers.unconfigured import NEEDS

router = Router(prefix="/channels/telegram", tags=["channels"])


@router.post("/webhook")
async def webhook(request: Request, spotter: App) -> dict[str, bool]:
    """Telegram's webhook: the secret-token header must match TELEGRAM_WEBHOOK_SECRET."""
    channel = getattr(request.app.state, "telegram", None)
    secret = spotter.settings.telegram_webhook_secret
    if channel is None or not secret:
        raise ApiError(404, f"Telegram is not configured on this server: set {NEEDS['telegram']}")
    given = request.headers.get("x-telegram-bot-api-secret-token", "")
    if not hmac.compare_digest(given, secret):
        raise ApiError(403, "Invalid secret token")
    try:
        update: Any = await request.json()
    except ValueError as exc:
        raise ApiError(422, "Malformed JSON body") from exc
    if not isinstance(update, dict):
        raise ApiError(422, "An update is a JSON object")
    try:
        found = Update.de_json(update, channel.bot)
    except (TypeError, KeyError, AttributeError, ValueError) as exc:  # not an update Telegram would send
        raise ApiError(422, "Not a Telegram update") from exc
    if found is not None:
        await channel.process_update(found)  # the bot's handlers (channels/telegram/bot.py)
    return {"ok": True}
