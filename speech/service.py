"""Many streams, one model: transcription requests queue FIFO on a single worker thread."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from speech.audio import Samples
from speech.errors import ModelUnavailable
from speech.transcriber import Transcriber, Transcript
from speech.tts import Speaker
from speech.vad import trim

log = logging.getLogger(__name__)


class SpeechService:
    """Loads the recogniser on first use (or `warm()`), then serves every caller in arrival order."""

    def __init__(self, factory: Callable[[], Transcriber], speaker: Callable[[], Speaker] | None = None) -> None:
        self._factory = factory
        self._speaker_factory = speaker
        self._speaker: Speaker | None = None
        self._transcriber: Transcriber | None = None
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="whisper")
        self._loading = asyncio.Lock()

    async def warm(self) -> None:
        async with self._loading:
            if self._transcriber is None:
                started = time.perf_counter()
                self._transcriber = await asyncio.get_running_loop().run_in_executor(self._pool, self._factory)
                log.info("speech model loaded in %.2f s", time.perf_counter() - started)

    async def transcribe(self, audio: Samples, *, trim_silence: bool = True, prompted: bool = True) -> Transcript:
        await self.warm()
        transcriber = self._transcriber
        assert transcriber is not None

        def work() -> Transcript:
            clip = trim(audio) if trim_silence else audio
            return transcriber.transcribe(clip, prompted)

        return await asyncio.get_running_loop().run_in_executor(self._pool, work)

    async def speak(self, text: str) -> tuple[bytes, int]:
        """The reply as 16-bit mono PCM and its rate; raises ModelUnavailable without a voice."""
        if self._speaker_factory is None:
            raise ModelUnavailable("no voice configured for spoken replies")
        loop = asyncio.get_running_loop()
        if self._speaker is None:
            self._speaker = await loop.run_in_executor(self._pool, self._speaker_factory)
        speaker = self._speaker
        pcm = await loop.run_in_executor(self._pool, speaker.speak, text)
        return pcm, speaker.sample_rate

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
