"""`python -m assistant telegram`: the same bot without a public URL, by long polling
(`Application.run_polling`, which also removes a webhook set before and stops on SIGINT/SIGTERM)."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application

from assistant import logs
from assistant.bootstrap import bootstrap
from assistant.settings import Settings
from channels.telegram import bot

ALLOWED_UPDATES = ["message", "callback_query"]


def main() -> None:
    settings = Settings()
    if not settings.telegram_bot_token:
        raise SystemExit("set TELEGRAM_BOT_TOKEN to run the Telegram bot")
    logs.configure(settings.log_level, settings.log_format)
    app = bot.build(settings, polling=True)

    async def post_init(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        spotter = await bootstrap(settings)
        await spotter.jobs.start()  # without Redis this process runs its jobs (rest timers) itself
        await bot.start(app, spotter)

    async def post_shutdown(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        await app.bot_data["spotter"].aclose()

    app.post_init, app.post_shutdown = post_init, post_shutdown
    app.run_polling(allowed_updates=ALLOWED_UPDATES)
