"""One voice pipeline for every channel: heard audio in, the conversation's reply out.

The voice socket, phone calls, Telegram voice notes and `/voice/process` differ only at their edges
(how audio arrives, how the reply leaves). Between them the stages are the same: transcribe
(listening once more without the prompt when the words make no sense), find the words the
recogniser doubted, and hand both to the conversation, which parses once and acts or asks.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from assistant import doubt
from assistant.conversation import Reply
from assistant.listening import listen
from assistant.spotter import Spotter
from speech.audio import Samples
from speech.transcriber import Transcript


@dataclass
class VoiceTurn:
    heard: Transcript
    doubtful: list[str] = field(default_factory=list)
    reply: Reply | None = None  # None when nothing was said


async def hear(spotter: Spotter, audio: Samples) -> Transcript:
    assert spotter.speech is not None
    return await listen(spotter.speech, spotter.parser, audio)


async def take_turn(spotter: Spotter, user_id: uuid.UUID, heard: Transcript, channel: str) -> VoiceTurn:
    """What was heard, acted on (or asked about) by the lifter's conversation on this channel."""
    if heard.empty:
        return VoiceTurn(heard)
    doubtful = doubt.doubtful(heard.words, spotter.settings.doubt_threshold)
    reply = await spotter.conversation.handle(user_id, heard.text, channel, doubtful)
    return VoiceTurn(heard, doubtful, reply)


async def voice_turn(spotter: Spotter, user_id: uuid.UUID, audio: Samples, channel: str) -> VoiceTurn:
    return await take_turn(spotter, user_id, await hear(spotter, audio), channel)
