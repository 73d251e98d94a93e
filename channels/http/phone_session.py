"""A phone call through Twilio Media Streams: μ-law 8 kHz in, commands executed, spoken replies out."""

from __future__ import annotations

import base64
import json
import logging
import uuid
from typing import Any

from starlette.websockets import WebSocket, WebSocketDisconnect

from assistant.replies import for_speech
from assistant.spotter import Spotter
from assistant.voice import voice_turn
from channels.http.flood import CLOSE_FLOOD, StreamBudget
from channels.http.revocation import socket_user
from speech import ModelUnavailable, Segmenter, SpeechEnded, WebRtcVad
from speech.audio import RATE, Samples, to_mulaw_8k
from speech.stream import PcmStream

log = logging.getLogger(__name__)
CHUNK = 160  # 20 ms of 8 kHz μ-law
CLOSE_TOO_BIG, CLOSE_NOT_TEXT = 1009, 1003


class CallClosed(Exception):
    pass


def _object(value: Any) -> dict[str, Any]:
    """A JSON object of Twilio's message, or an empty one for anything else (the caller ignores it)."""
    return value if isinstance(value, dict) else {}


class PhoneSession:
    def __init__(self, ws: WebSocket, spotter: Spotter) -> None:
        self.ws, self.spotter, self.settings = ws, spotter, spotter.settings
        self.stream_sid = ""
        self.user_id: uuid.UUID | None = None
        self.decoder = PcmStream(8000, mulaw=True)
        self.segmenter = Segmenter(
            vad=WebRtcVad(self.settings.vad_aggressiveness),
            end_silence_ms=self.settings.vad_end_silence_ms,
            max_utterance_s=self.settings.max_utterance_s,
        )
        self.marks = 0
        self.budget = StreamBudget.of(self.settings)

    async def run(self) -> None:
        await self.ws.accept()
        try:
            while True:
                message = await self._receive()
                event = message.get("event")
                if event == "start":
                    if not await self._start(_object(message.get("start"))):
                        return
                elif event == "media" and self.user_id is not None:
                    await self._media(_object(message.get("media")).get("payload"))
                elif event == "stop":
                    for ev in self.segmenter.flush():
                        if isinstance(ev, SpeechEnded):
                            await self._utterance(ev.audio)
                    await self.ws.close(1000)
                    return
        except (WebSocketDisconnect, CallClosed):
            return

    async def _receive(self) -> dict[str, Any]:
        """The next JSON message; a call that sends too much, too fast or not text is closed."""
        message = await self.ws.receive()
        if message["type"] == "websocket.disconnect":
            raise CallClosed
        raw = message.get("text")
        if raw is None:
            await self._close(CLOSE_NOT_TEXT, "media streams send JSON text")
        size = len(raw or "")
        if size > self.settings.max_frame_bytes:
            await self._close(CLOSE_TOO_BIG, f"messages are limited to {self.settings.max_frame_bytes} bytes")
        flood = self.budget.message(size)
        if flood is not None:
            await self._close(CLOSE_FLOOD, flood)
        try:
            return _object(json.loads(raw or ""))
        except ValueError:
            return {}

    async def _media(self, payload: Any) -> None:
        try:
            audio = base64.b64decode(str(payload or ""), validate=True)
        except ValueError:
            return
        samples = self.decoder.feed(audio)
        flood = self.budget.audio(samples.size / RATE)
        if flood is not None:
            await self._close(CLOSE_FLOOD, flood)
        for ev in self.segmenter.feed(samples):
            if isinstance(ev, SpeechEnded):
                await self._utterance(ev.audio)

    async def _close(self, code: int, why: str) -> None:
        log.warning("closing a media stream (%s): %s", code, why)
        await self.ws.close(code, why[:120])
        raise CallClosed

    async def _start(self, start: dict[str, Any]) -> bool:
        self.stream_sid = str(start.get("streamSid") or "")
        token = str((start.get("customParameters") or {}).get("token") or "")
        self.user_id = await socket_user(self.ws.app.state, self.spotter, token)
        if self.user_id is None:
            await self.ws.close(4401)
            return False
        return True

    async def _utterance(self, audio: Samples) -> None:
        assert self.user_id is not None and self.spotter.speech is not None
        turn = await voice_turn(self.spotter, self.user_id, audio, "phone")
        if turn.reply is not None and turn.reply.text:
            await self._say(for_speech(turn.reply.text))

    async def _say(self, text: str) -> None:
        assert self.spotter.speech is not None
        try:
            pcm, rate = await self.spotter.speech.speak(text)
        except ModelUnavailable:
            log.warning("phone replies need the tts extra; the caller hears nothing")
            return
        ulaw = to_mulaw_8k(pcm, rate)
        for i in range(0, len(ulaw), CHUNK):
            payload = base64.b64encode(ulaw[i : i + CHUNK]).decode()
            await self.ws.send_text(
                json.dumps({"event": "media", "streamSid": self.stream_sid, "media": {"payload": payload}})
            )
        self.marks += 1
        await self.ws.send_text(
            json.dumps({"event": "mark", "streamSid": self.stream_sid, "mark": {"name": f"reply-{self.marks}"}})
        )
