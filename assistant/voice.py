"""One voice pipeline for every channel: heard audio in, the conversation's reply out.

The voice socket, phone calls, Telegram voice notes and `/voice/process` differ only at their edges
(how audio arrives, how the reply leaves). Between them the stages are the same: transcribe; read
the words in the lifter's conversation (parsed once); when they make no sense, listen once more
without the domain prompt and read that instead; then act, or ask first when the reading would
write something that rests on a word the recogniser doubted. When asking about a reading the
grammar was unsure of, the recogniser's other reading (decoded from a word likelier in all its
spellings) is what is read back if the grammar reads it well: offered, never written unasked.
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
    """The words alone, for callers that do not act on them (a dry run)."""
    assert spotter.speech is not None
    return await listen(spotter.speech, spotter.parser, audio)


async def voice_turn(spotter: Spotter, user_id: uuid.UUID, audio: Samples, channel: str) -> VoiceTurn:
    """What was said, acted on (or asked about) by the lifter's conversation on this channel."""
    assert spotter.speech is not None
    conversation = spotter.conversation
    heard = await spotter.speech.transcribe(audio)
    if heard.empty:
        return VoiceTurn(heard)
    reading = await conversation.read(user_id, heard.text, channel)
    if not reading.understood:
        again = await spotter.speech.transcribe(audio, prompted=False)
        if not again.empty:
            second = await conversation.read(user_id, again.text, channel)
            if second.understood:
                heard, reading = again, second
    sure = reading.parsed is None or reading.parsed.confidence >= doubt.SURE_PARSE
    doubtful = doubt.doubtful(heard.words, spotter.settings.doubt_threshold, sure)
    if doubtful and not sure and heard.alternative is not None:  # asking anyway: offer what reads well
        other = await conversation.read(user_id, heard.alternative.text, channel)
        if other.parsed is not None and doubt.reads_well(other.parsed):
            heard, reading = heard.alternative, other  # read back, never written unasked: `doubtful` stands
    return VoiceTurn(heard, doubtful, await conversation.act(reading, doubtful))
