"""Hearing a lifter: transcribe, and when the words make no sense, listen once more without the prompt.

The domain prompt helps Whisper with lift names but can also pull a mumble toward gym words;
a second, unprompted pass recovers some of those (measured in benchmarks/README.md).
"""

from __future__ import annotations

from collections.abc import Callable

from intents import Parser
from intents.llm import needs_fallback
from speech import SpeechService
from speech.audio import Samples
from speech.transcriber import Transcript


def makes_sense(parser: Parser, text: str) -> bool:
    return bool(text) and not needs_fallback(parser.parse(text))


async def listen(speech: SpeechService, parser: Parser, audio: Samples) -> Transcript:
    heard = await speech.transcribe(audio)
    if not heard.text or makes_sense(parser, heard.text):
        return heard
    again = await speech.transcribe(audio, prompted=False)
    return again if makes_sense(parser, again.text) else heard


def listen_sync(transcribe: Callable[[Samples, bool], Transcript], parser: Parser, audio: Samples) -> Transcript:
    """The same, for one process with its own transcriber (the transcribe command)."""
    heard = transcribe(audio, True)
    if not heard.text or makes_sense(parser, heard.text):
        return heard
    again = transcribe(audio, False)
    return again if makes_sense(parser, again.text) else heard
