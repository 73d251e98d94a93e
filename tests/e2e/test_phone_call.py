"""A phone call through Twilio's real protocols: a signed TwiML webhook, then a Media Streams socket."""

from __future__ import annotations

import base64
import json
import random
import uuid
import xml.etree.ElementTree as ET

import httpx
from twilio.request_validator import RequestValidator
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from tests.e2e.conftest import ROOT, TWILIO_TOKEN

AUDIO = ROOT / "tests" / "fixtures" / "audio"


async def linked_caller(client: httpx.AsyncClient, server: str) -> tuple[str, dict[str, str]]:
    r = await client.post(
        "/auth/register", json={"email": f"call-{uuid.uuid4().hex[:8]}@example.com", "password": "phone-password"}
    )
    headers = {"Authorization": f"Bearer {r.json()['access_token']}"}
    code = (await client.post("/me/link-codes", headers=headers)).json()["code"]
    number = f"+1555{random.randrange(10**6, 10**7)}"
    url = server + "/api/v1/channels/twilio/sms"
    params = {"From": number, "Body": f"LINK {code}"}
    sig = RequestValidator(TWILIO_TOKEN).compute_signature(url, params)
    assert "Linked" in (await client.post(url, data=params, headers={"X-Twilio-Signature": sig})).text
    return number, headers


async def test_a_call_logs_by_voice_and_answers_aloud(server: str) -> None:
    async with httpx.AsyncClient(base_url=server + "/api/v1", timeout=30) as client:
        number, headers = await linked_caller(client, server)
        url = server + "/api/v1/channels/twilio/voice"
        params = {"From": number, "To": "+15550000000", "CallSid": "CA" + "1" * 32}
        unsigned = await client.post(url, data=params)
        assert unsigned.status_code == 403
        sig = RequestValidator(TWILIO_TOKEN).compute_signature(url, params)
        twiml = ET.fromstring((await client.post(url, data=params, headers={"X-Twilio-Signature": sig})).text)
        stream = twiml.find("./Connect/Stream")
        assert stream is not None
        token = stream.find("./Parameter[@name='token']").get("value")  # type: ignore[union-attr]
        ulaw = (AUDIO / "start_a_workout.ulaw").read_bytes() + b"\xff" * 8000 * 2  # then two seconds of silence
        replies: list[dict[str, object]] = []
        async with connect(str(stream.get("url"))) as ws:
            await ws.send(json.dumps({"event": "connected", "protocol": "Call", "version": "1.0.0"}))
            await ws.send(
                json.dumps(
                    {
                        "event": "start",
                        "sequenceNumber": "1",
                        "start": {
                            "streamSid": "MZ" + "2" * 32,
                            "callSid": params["CallSid"],
                            "tracks": ["inbound"],
                            "customParameters": {"token": token},
                            "mediaFormat": {"encoding": "audio/x-mulaw", "sampleRate": 8000, "channels": 1},
                        },
                    }
                )
            )
            for i in range(0, len(ulaw), 160):
                await ws.send(
                    json.dumps(
                        {
                            "event": "media",
                            "media": {
                                "track": "inbound",
                                "chunk": str(i // 160),
                                "payload": base64.b64encode(ulaw[i : i + 160]).decode(),
                            },
                        }
                    )
                )
            try:
                async for message in ws:
                    event = json.loads(message)
                    replies.append(event)
                    if event["event"] == "mark":
                        break
            except ConnectionClosed:
                pass
            await ws.send(json.dumps({"event": "stop"}))
        media = [e for e in replies if e["event"] == "media"]
        assert len(media) > 25  # at least half a second of spoken reply
        assert replies[-1]["event"] == "mark"
        active = await client.get("/workouts/active", headers=headers)
        assert active.status_code == 200 and active.json()["status"] == "in_progress"


async def test_media_stream_without_a_valid_token_is_closed(server: str) -> None:
    async with connect(server.replace("http://", "ws://") + "/api/v1/channels/twilio/media") as ws:
        await ws.send(json.dumps({"event": "start", "start": {"streamSid": "MZ1", "customParameters": {}}}))
        try:
            async for _ in ws:
                pass
        except ConnectionClosed:
            pass
        assert ws.close_code == 4401
