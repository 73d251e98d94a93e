"""`python -m assistant telegram`: the same bot without a public URL, by long polling."""

from __future__ import annotations

import asyncio
import logging

from assistant.bootstrap import bootstrap
from assistant.settings import Settings
from channels.telegram.bot import TelegramChannel, make_bot

log = logging.getLogger(__name__)


async def poll(settings: Settings, stop: asyncio.Event | None = None, timeout_s: int = 25) -> None:
    spotter = await bootstrap(settings)
    bot = make_bot(spotter)
    channel = TelegramChannel(spotter, bot)
    spotter.conversation.on_notify("telegram", channel.notify)
    offset = 0
    try:
        async with bot:
            await bot.delete_webhook()
            while stop is None or not stop.is_set():
                updates = await bot.get_updates(
                    offset=offset, timeout=timeout_s, allowed_updates=["message", "callback_query"]
                )
                for update in updates:
                    offset = update.update_id + 1
                    try:
                        await channel.handle(update.to_dict())
                    except Exception:  # one bad update must not stop the bot
                        log.exception("telegram update %s failed", update.update_id)
    finally:
        await spotter.aclose()


def main() -> None:
    settings = Settings()
    if not settings.telegram_bot_token:
        raise SystemExit("set TELEGRAM_BOT_TOKEN to run the Telegram bot")
    logging.basicConfig(level=settings.log_level)
    asyncio.run(poll(settings))
