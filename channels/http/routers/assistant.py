from __future__ import annotations

from typing import Annotated, Any

from fastapi import Body
from pydantic import Field

from assistant.understanding import context_for, with_fallback
from channels.http.deps import App, Reader, Writer
from channels.http.limits import MESSAGE, message_text
from channels.http.routers import Router
from channels.http.schemas import Context, In
from channels.http.schemas.assistant import ReplyOut
from intents.commands import ParseResult

router = Router(prefix="/assistant", tags=["assistant"])


class ParseIn(In):
    text: str = Field(**MESSAGE)
    context: Context | None = None


@router.post("/parse", response_model=ParseResult)
async def parse(body: ParseIn, who: Reader, spotter: App) -> dict[str, Any]:
    """Text -> commands (contracts/commands.md), with the caller's own exercises and units. Executes nothing."""
    message_text(body.text, spotter.settings.max_message_chars)
    context = {**(await context_for(spotter.reader, who.user_id)), **(body.context or {})}
    result = await with_fallback(
        spotter.llm, body.text, spotter.parser.parse(body.text, context), spotter.parser, context
    )
    return result.to_json_dict()


class MessageIn(In):
    text: str = Field(**MESSAGE)
    channel: str = Field(default="api", max_length=32)


MESSAGE_EXAMPLES = {
    "log": {"summary": "Log sets in words", "value": {"text": "bench 135 for 8, then 3 sets of 10 dips"}},
    "ask": {"summary": "A question", "value": {"text": "what's my best squat?", "channel": "watch"}},
}


@router.post("/messages", response_model=ReplyOut)
async def messages(
    body: Annotated[MessageIn, Body(openapi_examples=MESSAGE_EXAMPLES)], who: Writer, spotter: App
) -> dict[str, Any]:
    """Parse and execute against the caller's store; answer as the assistant would on any channel."""
    message_text(body.text, spotter.settings.max_message_chars)
    reply = await spotter.conversation.handle(who.user_id, body.text, body.channel)
    return {
        "reply": reply.text,
        "commands": reply.commands,
        "results": reply.results,
        "clarification": reply.clarification,
    }
