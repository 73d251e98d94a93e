"""Telegram updates in, messages out (python-telegram-bot). Decodes the wire format and calls the assistant."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update

from assistant import reports
from assistant.conversation import Reply
from assistant.inbox import NOT_LINKED, Inbound, receive
from assistant.replies import HELP
from assistant.spotter import Spotter
from assistant.voice import voice_turn
from domain import queries
from speech import AudioFormatError
from speech.audio import decode

log = logging.getLogger(__name__)
CHANNEL = "telegram"
UNDO = InlineKeyboardMarkup([[InlineKeyboardButton("Undo", callback_data="undo")]])
MAX_VOICE_BYTES = 5_000_000


def make_bot(spotter: Spotter) -> Bot:
    settings = spotter.settings
    api = settings.telegram_api_url.rstrip("/")
    return Bot(str(settings.telegram_bot_token), base_url=f"{api}/bot", base_file_url=f"{api}/file/bot")


class TelegramChannel:
    def __init__(self, spotter: Spotter, bot: Bot) -> None:
        self.spotter, self.bot = spotter, bot

    async def handle(self, data: dict[str, Any]) -> None:
        update = Update.de_json(data, self.bot)
        if update is None:
            return
        if update.callback_query is not None:
            await self._callback(update)
            return
        message = update.effective_message
        if message is None or update.effective_chat is None:
            return
        chat = str(update.effective_chat.id)
        if message.voice is not None or message.audio is not None:
            await self._voice(chat, message.voice or message.audio)
            return
        text = (message.text or "").strip()
        if text:
            await self._text(chat, text)

    async def _text(self, chat: str, text: str) -> None:
        command = text.split()[0].split("@")[0].lower() if text.startswith("/") else ""
        if command == "/start" and len(text.split()) == 1:
            await self.bot.send_message(chat, NOT_LINKED + "\n\n" + HELP)
            return
        if command == "/help":
            await self.bot.send_message(chat, HELP)
            return
        if command in ("/today", "/prs"):
            await self._report(chat, command)
            return
        answer = await self._receive(chat, text)
        await self._answer(chat, answer.text, answer.reply)

    async def _answer(self, chat: str, text: str, reply: Reply | None) -> None:
        logged = reply is not None and any(r.get("set_ids") for r in reply.results)
        await self.bot.send_message(chat, text, reply_markup=UNDO if logged else None)

    async def _voice(self, chat: str, voice: Any) -> None:
        """A voice note goes through the one voice pipeline, as the voice socket's words do."""
        user_id = await self._user(chat)
        if user_id is None:
            await self.bot.send_message(chat, NOT_LINKED)
            return
        turn = None
        if not (voice.file_size and voice.file_size > MAX_VOICE_BYTES):
            file = await self.bot.get_file(voice.file_id)
            data = bytes(await file.download_as_bytearray())
            try:
                turn = await voice_turn(self.spotter, user_id, decode(data), CHANNEL)
            except AudioFormatError:
                turn = None
        if turn is None or turn.reply is None:
            await self.bot.send_message(chat, "I couldn't make out that voice note. Try again?")
            return
        await self._answer(chat, turn.reply.text, turn.reply)

    async def _callback(self, update: Update) -> None:
        query = update.callback_query
        assert query is not None
        chat = str(query.message.chat.id) if query.message else str(query.from_user.id)
        if query.data == "undo":
            answer = await self._receive(chat, "undo")
            await self.bot.answer_callback_query(query.id, text=answer.text[:200])
            await self.bot.send_message(chat, answer.text)
        else:
            await self.bot.answer_callback_query(query.id)

    async def _receive(self, chat: str, text: str) -> Inbound:
        spotter = self.spotter
        most = spotter.settings.max_message_chars
        return await receive(spotter.bus, spotter.reader, spotter.conversation, CHANNEL, chat, text, max_chars=most)

    async def _user(self, chat: str) -> uuid.UUID | None:
        async with self.spotter.reader() as uow:
            return await queries.channel_user(uow, CHANNEL, chat)

    async def _report(self, chat: str, command: str) -> None:
        user_id = await self._user(chat)
        if user_id is None:
            await self.bot.send_message(chat, NOT_LINKED)
            return
        if command == "/today":
            report = await reports.workout_so_far(self.spotter.reader, user_id, most=15)
        else:
            async with self.spotter.reader() as uow:
                user = await queries.user(uow, user_id)
            report = await reports.best_lifts(self.spotter.reader, user_id, user.unit_pref if user else "lb", most=15)
        await self.bot.send_message(chat, report.text)

    async def notify(self, user_id: uuid.UUID, channel: str, text: str) -> None:
        async with self.spotter.reader() as uow:
            chats = await queries.channel_ids(uow, user_id, CHANNEL)
        for chat in chats:
            await self.bot.send_message(chat, text)
