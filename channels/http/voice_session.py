"""One voice stream over a WebSocket (api.md, "Voice stream"): decode, segment, transcribe, act, reply.

Wire format only: audio bytes and JSON events in, events out. Understanding and executing belong
to the assistant; the speech layer turns audio into text.
"""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from typing import Any

from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from assistant.replies import for_speech
from assistant.speech_setup import audio_limits
from assistant.spotter import Spotter
from assistant.voice import voice_turn
from channels.http.flood import CLOSE_FLOOD, StreamBudget
from channels.http.revocation import socket_user
from speech import Segmenter, SpeechEnded, SpeechStarted, WebRtcVad
from speech.audio import RATE, Samples
from speech.errors import AudioFormatError, ModelUnavailable
from speech.stream import ContainerStream, PcmStream
from speech.tts import wav_bytes

log = logging.getLogger(__name__)

PARTIAL_EVERY_S = 1.0
CONTAINERS = {"opus": None, "webm": "matroska", "ogg": "ogg", "wav": "wav", "mp3": "mp3"}
CLOSE_AUTH, CLOSE_BAD_REQUEST, CLOSE_IDLE, CLOSE_TOO_BIG, CLOSE_BAD_AUDIO = 4401, 4400, 4408, 1009, 1003


class StreamClosed(Exception):
    pass


class LiveStreams:
    """Open voice streams by user, so a rest timer can speak up on the one the lifter has open."""

    def __init__(self) -> None:
        self.by_user: dict[uuid.UUID, set[VoiceSession]] = {}

    def add(self, session: VoiceSession) -> None:
        assert session.user_id is not None
        self.by_user.setdefault(session.user_id, set()).add(session)

    def remove(self, session: VoiceSession) -> None:
        if session.user_id is not None:
            self.by_user.get(session.user_id, set()).discard(session)

    async def notify(self, user_id: uuid.UUID, channel: str, text: str) -> None:
        for session in list(self.by_user.get(user_id, ())):
            try:
                await session.send({"type": "reply", "text": text})
            except StreamClosed:
                self.remove(session)


class VoiceSession:
    def __init__(self, ws: WebSocket, spotter: Spotter, live: LiveStreams | None = None) -> None:
        self.ws, self.spotter, self.settings = ws, spotter, spotter.settings
        self.live = live
        self.user_id: uuid.UUID | None = None
        self.segmenter = Segmenter(
            vad=WebRtcVad(self.settings.vad_aggressiveness),
            end_silence_ms=self.settings.vad_end_silence_ms,
            max_utterance_s=self.settings.max_utterance_s,
        )
        self.pcm: PcmStream | None = None
        self.container: ContainerStream | None = None
        self.decoded: asyncio.Queue[Samples | Exception] = asyncio.Queue()
        self.tts = False
        self.partials = False  # opt in with "partials": true in the start message
        self.partial_task: asyncio.Task[None] | None = None
        self.partial_at_s = 0.0
        self.finals_sent = 0
        self.budget = StreamBudget.of(self.settings)

    async def send(self, event: dict[str, Any]) -> None:
        if self.ws.application_state != WebSocketState.CONNECTED:
            raise StreamClosed
        try:
            await self.ws.send_text(json.dumps(event))
        except Exception as exc:  # the client is gone (uvicorn and Starlette raise different errors for it)
            raise StreamClosed from exc

    async def fail(self, code: str, message: str, close_code: int) -> None:
        await self.send({"type": "error", "code": code, "message": message})
        await self.ws.close(close_code)
        raise StreamClosed

    async def run(self) -> None:
        await self.ws.accept()
        try:
            await self._start()
            if self.live is not None:
                self.live.add(self)
            await self._loop()
        except (StreamClosed, WebSocketDisconnect):
            pass
        finally:
            if self.live is not None:
                self.live.remove(self)
            if self.container is not None:
                await asyncio.get_running_loop().run_in_executor(None, self.container.close, 2.0)

    async def _receive(self) -> dict[str, Any]:
        try:
            async with asyncio.timeout(self.settings.voice_idle_timeout_s):
                return dict(await self.ws.receive())
        except TimeoutError:
            await self.fail("IDLE_TIMEOUT", "No audio for too long; closing", CLOSE_IDLE)
            raise  # unreachable: fail() raises

    async def _start(self) -> None:
        message = await self._receive()
        if message["type"] == "websocket.disconnect":
            raise StreamClosed
        try:
            start = json.loads(message.get("text") or "")
            assert isinstance(start, dict) and start.get("type") == "start"
        except (ValueError, AssertionError):
            await self.fail("BAD_START", 'Send {"type": "start", "token": ...} first', CLOSE_BAD_REQUEST)
        user = await socket_user(self.ws.app.state, self.spotter, str(start.get("token") or ""))
        if user is None:
            await self.fail("AUTH_REQUIRED", "A valid access token is required", CLOSE_AUTH)
        self.user_id = user
        self.tts = bool(start.get("tts"))
        self.partials = bool(start.get("partials"))
        encoding = str(start.get("encoding") or "pcm_s16le").lower()
        limits = audio_limits(self.settings)
        try:
            rate = int(start.get("sample_rate") or (8000 if encoding == "mulaw" else 16000))
            if encoding in ("pcm_s16le", "pcm", "mulaw", "ulaw"):
                self.pcm = PcmStream(rate, mulaw=encoding in ("mulaw", "ulaw"), limits=limits)
            elif encoding in CONTAINERS:
                loop = asyncio.get_running_loop()

                def deliver(item: Samples | Exception) -> None:
                    loop.call_soon_threadsafe(self.decoded.put_nowait, item)

                self.container = ContainerStream(deliver, deliver, CONTAINERS[encoding], limits)
                self.container.start()
            else:
                raise ValueError(f"unsupported encoding {encoding!r}")
        except (ValueError, TypeError, AudioFormatError) as exc:
            await self.fail("BAD_START", str(exc), CLOSE_BAD_REQUEST)

    async def _loop(self) -> None:
        while True:
            message = await self._receive()
            if message["type"] == "websocket.disconnect":
                raise StreamClosed
            data, text = message.get("bytes"), message.get("text")
            await self._within_budget(len(data if data is not None else text or ""))
            if data is not None:
                await self._audio(data)
                continue
            try:
                control = json.loads(text or "")
            except ValueError:
                await self.send({"type": "error", "code": "BAD_MESSAGE", "message": "Text messages must be JSON"})
                continue
            if isinstance(control, dict) and control.get("type") == "stop":
                await self._stop()
                return
            await self.send({"type": "error", "code": "BAD_MESSAGE", "message": 'Expected audio or {"type": "stop"}'})

    async def _within_budget(self, size: int) -> None:
        """Close a socket that sends too much at once: one oversized message, or too many too fast."""
        if size > self.settings.max_frame_bytes:
            await self.fail(
                "FRAME_TOO_LARGE", f"Frames are limited to {self.settings.max_frame_bytes} bytes", CLOSE_TOO_BIG
            )
        flood = self.budget.message(size)
        if flood is not None:
            await self.fail("RATE_LIMITED", f"{flood}; closing", CLOSE_FLOOD)

    async def _audio(self, data: bytes) -> None:
        if self.pcm is not None:
            await self._segment(self.pcm.feed(data))
            return
        assert self.container is not None
        await asyncio.get_running_loop().run_in_executor(None, self.container.write, data)
        await self._drain()

    async def _drain(self) -> None:
        while not self.decoded.empty():
            item = self.decoded.get_nowait()
            if isinstance(item, Exception):
                await self.fail("BAD_AUDIO", f"Could not decode the audio: {item}", CLOSE_BAD_AUDIO)
            else:
                await self._segment(item)

    async def _segment(self, samples: Samples) -> None:
        flood = self.budget.audio(samples.size / RATE)
        if flood is not None:
            await self.fail("RATE_LIMITED", f"{flood}; closing", CLOSE_FLOOD)
        for event in self.segmenter.feed(samples):
            await self._event(event)
        if self.partials and self.segmenter.speaking:
            self._maybe_partial()

    def _maybe_partial(self) -> None:
        """At most one partial in flight per stream, one per second of new speech."""
        audio = self.segmenter.speech_so_far()
        seconds = audio.size / 16000
        if seconds - self.partial_at_s < PARTIAL_EVERY_S or (self.partial_task and not self.partial_task.done()):
            return
        self.partial_at_s = seconds
        self.partial_task = asyncio.create_task(self._partial(audio, self.finals_sent))

    async def _partial(self, audio: Samples, finals_before: int) -> None:
        assert self.spotter.speech is not None
        heard = await self.spotter.speech.transcribe(audio)
        if heard.text and self.finals_sent == finals_before:  # never after this utterance's final
            await self.send({"type": "transcript", "final": False, "text": heard.text})

    async def _event(self, event: SpeechStarted | SpeechEnded) -> None:
        if isinstance(event, SpeechStarted):
            await self.send({"type": "vad", "speaking": True})
            return
        await self.send({"type": "vad", "speaking": False})
        await self._utterance(event.audio)

    async def _stop(self) -> None:
        if self.container is not None:
            await asyncio.get_running_loop().run_in_executor(None, self.container.close, 10.0)
            await self._drain()
        for event in self.segmenter.flush():
            await self._event(event)
        await self.ws.close(1000)

    async def _utterance(self, audio: Samples) -> None:
        assert self.user_id is not None and self.spotter.speech is not None
        turn = await voice_turn(self.spotter, self.user_id, audio, "voice")
        if self.partial_task is not None:
            await asyncio.gather(self.partial_task, return_exceptions=True)  # it ran first: let it report
        self.finals_sent += 1
        self.partial_at_s = 0.0
        await self.send({"type": "transcript", "final": True, "text": turn.heard.text})
        reply = turn.reply
        if reply is None:
            return
        await self.send(
            {
                "type": "commands",
                "commands": reply.commands,
                "results": reply.results,
                "clarification": reply.clarification,
            }
        )
        await self.send({"type": "reply", "text": reply.text})
        if self.tts and reply.text:
            await self._speak(for_speech(reply.text))

    async def _speak(self, text: str) -> None:
        """The reply spoken (WAV in one binary message, announced by an `audio` event)."""
        assert self.spotter.speech is not None
        try:
            pcm, rate = await self.spotter.speech.speak(text)
        except ModelUnavailable as exc:
            await self.send({"type": "error", "code": "TTS_UNAVAILABLE", "message": str(exc)})
            self.tts = False
            return
        data = wav_bytes(pcm, rate)
        await self.send({"type": "audio", "format": "wav", "sample_rate": rate, "bytes": len(data)})
        await self.ws.send_bytes(data)
