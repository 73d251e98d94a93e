"""A phone call through Twilio Media Streams: μ-law 8 kHz in, commands executed, spoken replies out."""

from __future__ import annotations

import base64
import json
import logging
import uuid
from typing import Any

from starlette.websockets import WebSocket, WebSocketDisconnect

from assistant.listening import listen
from assistant.replies import for_speech
from assistant.spotter import Spotter
from channels.http.security import read_access_token
from speech import ModelUnavailable, Segmenter, SpeechEnded, WebRtcVad
from speech.audio import Samples, to_mulaw_8k
from speech.stream import PcmStream

log = logging.getLogger(__name__)
CHUNK = 160  # 20 ms of 8 kHz μ-law


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

    async def run(self) -> None:
        await self.ws.accept()
        try:
            while True:
                raw = await self.ws.receive_text()
                try:
                    message: dict[str, Any] = json.loads(raw)
                except ValueError:
                    continue
                event = message.get("event")
                if event == "start":
                    if not await self._start(message.get("start") or {}):
                        return
                elif event == "media" and self.user_id is not None:
                    payload = (message.get("media") or {}).get("payload", "")
                    try:
                        audio = base64.b64decode(payload, validate=True)
                    except ValueError:
                        continue
                    for ev in self.segmenter.feed(self.decoder.feed(audio)):
                        if isinstance(ev, SpeechEnded):
                            await self._utterance(ev.audio)
                elif event == "stop":
                    for ev in self.segmenter.flush():
                        if isinstance(ev, SpeechEnded):
                            await self._utterance(ev.audio)
                    await self.ws.close(1000)
                    return
        except WebSocketDisconnect:
            return

    async def _start(self, start: dict[str, Any]) -> bool:
        self.stream_sid = str(start.get("streamSid") or "")
        token = str((start.get("customParameters") or {}).get("token") or "")
        self.user_id = read_access_token(token, self.settings.jwt_secret)
        if self.user_id is None:
            await self.ws.close(4401)
            return False
        return True

    async def _utterance(self, audio: Samples) -> None:
        assert self.user_id is not None and self.spotter.speech is not None
        heard = await listen(self.spotter.speech, self.spotter.parser, audio)
        if heard.empty:
            return
        reply = await self.spotter.conversation.handle(self.user_id, heard.text, "phone")
        if reply.text:
            await self._say(for_speech(reply.text))

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
