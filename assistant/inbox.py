"""Messages from outside accounts (a phone number, a Telegram chat): link them, or talk."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.conversation import Conversation, Reply
from assistant.understanding import Reader
from domain import commands as dc
from domain import queries
from domain.bus import MessageBus
from domain.errors import DomainError
from domain.validation import text_problem

LINK = re.compile(r"^\s*/?(?:link|start)\s+(\d{6})\s*$", re.IGNORECASE)
NOT_LINKED = (
    "Hi! I'm Spotter. To log workouts here, get a code in the Spotter app (Settings → Link) and send: LINK 123456"
)


UNREADABLE = "I couldn't read that message: it has control characters in it. Please send plain text."


def too_long(most: int) -> str:
    return f"That message is too long for me: at most {most} characters, please."


@dataclass
class Inbound:
    text: str
    reply: Reply | None = None  # set when the conversation answered


async def receive(
    bus: MessageBus,
    reader: Reader,
    conversation: Conversation,
    channel: str,
    external_id: str,
    text: str,
    *,
    max_chars: int,
) -> Inbound:
    """A code links the account (through the bus); a linked account's words go to the conversation.
    Text longer than `max_chars` (MAX_MESSAGE_CHARS) or holding control characters gets a short
    answer and nothing else, as the REST bodies are refused."""
    if len(text) > max_chars:
        return Inbound(too_long(max_chars))
    if text_problem(text, lines=True):
        return Inbound(UNREADABLE)
    match = LINK.match(text)
    if match:
        try:
            await bus.handle(dc.LinkChannel(match.group(1), channel, external_id))
        except DomainError as exc:
            return Inbound(f"That code didn't work: {exc.details[0]['message'] if exc.details else exc.message}.")
        return Inbound("Linked! Now just tell me your sets, like 'bench 135 for 8'.")
    async with reader() as uow:
        user_id = await queries.channel_user(uow, channel, external_id)
    if user_id is None:
        return Inbound(NOT_LINKED)
    reply = await conversation.handle(user_id, text, channel)
    return Inbound(reply.text, reply)
