"""The Telegram bot on python-telegram-bot's `Application`: one handler per kind of update.

Webhook mode (the server): `build(settings)` without an updater; the FastAPI route feeds each update
to `Application.process_update`. Polling mode (`python -m assistant telegram`, channels/telegram/polling.py):
the same handlers under `Application.run_polling`. The handlers find the assistant in `bot_data["spotter"]`.
Edited messages are left alone: an edit would otherwise log its set a second time.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from assistant import reports
from assistant.conversation import Reply
from assistant.inbox import NOT_LINKED, Inbound, receive
from assistant.replies import HELP
from assistant.settings import Settings
from assistant.spotter import Spotter
from assistant.voice import voice_turn
from domain import queries
from speech import AudioFormatError
from speech.audio import decode

log = logging.getLogger(__name__)
CHANNEL = "telegram"
UNDO = InlineKeyboardMarkup([[InlineKeyboardButton("Undo", callback_data="undo")]])
MAX_VOICE_BYTES = 5_000_000
NEW_MESSAGES = filters.UpdateType.MESSAGE
Context = ContextTypes.DEFAULT_TYPE


def build(settings: Settings, polling: bool = False) -> Application[Any, Any, Any, Any, Any, Any]:
    """The bot's Application with every handler; an updater (getUpdates) only for polling."""
    api = settings.telegram_api_url.rstrip("/")
    builder = (
        ApplicationBuilder()
        .token(str(settings.telegram_bot_token))
        .base_url(f"{api}/bot")
        .base_file_url(f"{api}/file/bot")
    )
    if not polling:
        builder = builder.updater(None)
    app = builder.build()
    app.add_handler(CommandHandler("start", _start, filters=NEW_MESSAGES))
    app.add_handler(CommandHandler("help", _help, filters=NEW_MESSAGES))
    app.add_handler(CommandHandler(["today", "prs"], _report, filters=NEW_MESSAGES))
    app.add_handler(MessageHandler(NEW_MESSAGES & (filters.VOICE | filters.AUDIO), _voice))
    app.add_handler(MessageHandler(NEW_MESSAGES & filters.TEXT, _text))
    app.add_handler(CallbackQueryHandler(_callback))
    app.add_error_handler(_error)
    return app


def _spotter(context: Context) -> Spotter:
    spotter: Spotter = context.bot_data["spotter"]
    return spotter


def _chat(update: Update) -> str:
    assert update.effective_chat is not None
    return str(update.effective_chat.id)


async def _start(update: Update, context: Context) -> None:
    if context.args:  # "/start CODE": a link code, read by the conversation like any text
        await _text(update, context)
        return
    await context.bot.send_message(_chat(update), NOT_LINKED + "\n\n" + HELP)


async def _help(update: Update, context: Context) -> None:
    await context.bot.send_message(_chat(update), HELP)


async def _text(update: Update, context: Context) -> None:
    assert update.effective_message is not None
    text = (update.effective_message.text or "").strip()
    if not text:
        return
    chat = _chat(update)
    answer = await _receive(_spotter(context), chat, text)
    await _answer(context, chat, answer.text, answer.reply)


async def _answer(context: Context, chat: str, text: str, reply: Reply | None) -> None:
    logged = reply is not None and any(r.get("set_ids") for r in reply.results)
    await context.bot.send_message(chat, text, reply_markup=UNDO if logged else None)


async def _voice(update: Update, context: Context) -> None:
    """A voice note goes through the one voice pipeline, as the voice socket's words do."""
    message, chat, spotter = update.effective_message, _chat(update), _spotter(context)
    assert message is not None
    voice = message.voice or message.audio
    assert voice is not None
    user_id = await _user(spotter, chat)
    if user_id is None:
        await context.bot.send_message(chat, NOT_LINKED)
        return
    turn = None
    if not (voice.file_size and voice.file_size > MAX_VOICE_BYTES):
        file = await context.bot.get_file(voice.file_id)
        data = bytes(await file.download_as_bytearray())
        try:
            turn = await voice_turn(spotter, user_id, decode(data), CHANNEL)
        except AudioFormatError:
            turn = None
    if turn is None or turn.reply is None:
        await context.bot.send_message(chat, "I couldn't make out that voice note. Try again?")
        return
    await _answer(context, chat, turn.reply.text, turn.reply)


async def _callback(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None
    chat = str(query.message.chat.id) if query.message else str(query.from_user.id)
    if query.data != "undo":
        await query.answer()
        return
    answer = await _receive(_spotter(context), chat, "undo")
    await query.answer(text=answer.text[:200])
    await context.bot.send_message(chat, answer.text)


async def _report(update: Update, context: Context) -> None:
    chat, spotter = _chat(update), _spotter(context)
    assert update.effective_message is not None
    command = (update.effective_message.text or "").split()[0].split("@")[0].lower()
    user_id = await _user(spotter, chat)
    if user_id is None:
        await context.bot.send_message(chat, NOT_LINKED)
        return
    if command == "/today":
        report = await reports.workout_so_far(spotter.reader, user_id, most=15)
    else:
        async with spotter.reader() as uow:
            user = await queries.user(uow, user_id)
        report = await reports.best_lifts(spotter.reader, user_id, user.unit_pref if user else "lb", most=15)
    await context.bot.send_message(chat, report.text)


async def _error(update: object, context: Context) -> None:
    """One bad update is logged and the bot goes on."""
    log.error("telegram update failed: %r", update, exc_info=context.error)


async def _receive(spotter: Spotter, chat: str, text: str) -> Inbound:
    most = spotter.settings.max_message_chars
    return await receive(spotter.bus, spotter.reader, spotter.conversation, CHANNEL, chat, text, max_chars=most)


async def _user(spotter: Spotter, chat: str) -> uuid.UUID | None:
    async with spotter.reader() as uow:
        return await queries.channel_user(uow, CHANNEL, chat)


class Notifier:
    """The assistant's announcements (rest over) to every chat linked to the lifter."""

    def __init__(self, app: Application[Any, Any, Any, Any, Any, Any], spotter: Spotter) -> None:
        self.app, self.spotter = app, spotter

    async def __call__(self, user_id: uuid.UUID, channel: str, text: str) -> None:
        async with self.spotter.reader() as uow:
            chats = await queries.channel_ids(uow, user_id, CHANNEL)
        for chat in chats:
            await self.app.bot.send_message(chat, text)


async def start(app: Application[Any, Any, Any, Any, Any, Any], spotter: Spotter) -> None:
    """Hand the bot its assistant and make the assistant's announcements reach Telegram."""
    app.bot_data["spotter"] = spotter
    spotter.conversation.on_notify(CHANNEL, Notifier(app, spotter), once=True)
