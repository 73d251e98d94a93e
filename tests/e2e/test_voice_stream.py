"""The voice stream over a real WebSocket: audio frames in, transcript, commands and stored sets out."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from speech.audio import decode, float_to_pcm16

AUDIO = Path(__file__).resolve().parents[1] / "fixtures" / "audio"


def account(server: str) -> tuple[str, dict[str, str]]:
    r = httpx.post(
        server + "/api/v1/auth/register",
        json={"email": f"voice-{uuid.uuid4().hex[:8]}@example.com", "password": "voice-password"},
    )
    token = r.json()["access_token"]
    return token, {"Authorization": f"Bearer {token}"}


async def active_workout(server: str, headers: dict[str, str]) -> dict[str, Any]:
    async with httpx.AsyncClient() as client:
        return dict((await client.get(server + "/api/v1/workouts/active", headers=headers)).json())


def ws_url(server: str) -> str:
    return server.replace("http://", "ws://") + "/api/v1/voice/stream"


async def events_until_close(ws: Any) -> tuple[list[dict[str, Any]], int | None]:
    events = []
    try:
        async for message in ws:
            events.append(json.loads(message))
    except ConnectionClosed:
        pass
    return events, ws.close_code


async def test_pcm_frames_become_a_stored_set(server: str) -> None:
    token, headers = account(server)
    speech = decode(AUDIO / "bench_135_for_10.wav")
    pcm = float_to_pcm16(speech) + b"\x00" * 32000 * 2  # two seconds of silence after speaking
    async with connect(ws_url(server)) as ws:
        await ws.send(json.dumps({"type": "start", "token": token, "sample_rate": 16000, "encoding": "pcm_s16le"}))
        for i in range(0, len(pcm), 640):  # 20 ms frames
            await ws.send(pcm[i : i + 640])
        await ws.send(json.dumps({"type": "stop"}))
        events, code = await events_until_close(ws)
    kinds = [e["type"] for e in events]
    assert kinds[:2] == ["vad", "vad"] and events[0]["speaking"] is True and events[1]["speaking"] is False
    final = next(e for e in events if e["type"] == "transcript")
    assert final["final"] is True and "135" in final["text"]
    commands = next(e for e in events if e["type"] == "commands")
    assert commands["commands"][0]["exercise"] == "barbell-bench-press" and commands["results"][0]["status"] == "ok"
    assert "135" in next(e for e in events if e["type"] == "reply")["text"]
    assert code == 1000
    active = await active_workout(server, headers)
    assert [(s["weight"], s["reps"]) for s in active["sets"]] == [(135, 10)]


@pytest.mark.parametrize("name", ["three_sets_of_ten_dips.webm", "three_sets_of_ten_dips.ogg"])
async def test_opus_in_a_container_streams_too(server: str, name: str) -> None:
    token, headers = account(server)
    data = (AUDIO / name).read_bytes()
    async with connect(ws_url(server)) as ws:
        await ws.send(json.dumps({"type": "start", "token": token, "encoding": "opus"}))
        for i in range(0, len(data), 1500):
            await ws.send(data[i : i + 1500])
        await ws.send(json.dumps({"type": "stop"}))
        events, code = await events_until_close(ws)
    commands = next(e for e in events if e["type"] == "commands")
    assert commands["commands"][0]["sets"] == 3 and commands["commands"][0]["exercise"] == "dip"
    assert code == 1000
    if commands["results"][0]["status"] == "needs_confirmation":  # a doubted word: read back, a yes writes it
        async with httpx.AsyncClient() as client:
            yes = await client.post(f"{server}/api/v1/voice/command", json={"text": "yes"}, headers=headers)
        assert yes.json()["results"][0]["status"] == "ok"
    assert (await active_workout(server, headers))["set_count"] == 3


async def test_no_valid_token_closes_4401(server: str) -> None:
    async with connect(ws_url(server)) as ws:
        await ws.send(json.dumps({"type": "start", "token": "nope"}))
        events, code = await events_until_close(ws)
    assert code == 4401 and events[0]["code"] == "AUTH_REQUIRED"


async def test_a_stream_must_start_with_start(server: str) -> None:
    async with connect(ws_url(server)) as ws:
        await ws.send(b"\x00\x01" * 100)
        events, code = await events_until_close(ws)
    assert code == 4400 and events[0]["type"] == "error"


async def test_garbage_in_a_container_is_an_error_not_a_hang(server: str) -> None:
    token, _ = account(server)
    async with connect(ws_url(server)) as ws:
        await ws.send(json.dumps({"type": "start", "token": token, "encoding": "webm"}))
        await ws.send(b"this is not a webm stream " * 200)
        await ws.send(json.dumps({"type": "stop"}))
        events, code = await events_until_close(ws)
    assert events and events[-1]["type"] == "error" and events[-1]["code"] == "BAD_AUDIO"
    assert code == 1003


async def test_oversized_frames_are_refused(server: str) -> None:
    token, _ = account(server)
    async with connect(ws_url(server), max_size=None) as ws:
        await ws.send(json.dumps({"type": "start", "token": token}))
        await ws.send(b"\x00" * 200_000)
        events, code = await events_until_close(ws)
    assert code == 1009 and events[-1]["code"] == "FRAME_TOO_LARGE"


async def test_idle_streams_are_closed(server: str) -> None:
    token, _ = account(server)
    async with connect(ws_url(server)) as ws:
        await ws.send(json.dumps({"type": "start", "token": token}))
        events, code = await events_until_close(ws)  # send nothing: the server's 5 s idle timeout ends it
    assert code == 4408 and events[-1]["code"] == "IDLE_TIMEOUT"


async def test_spoken_replies_when_asked(server: str) -> None:
    token, _ = account(server)
    pcm = float_to_pcm16(decode(AUDIO / "start_a_workout.wav"))
    async with connect(ws_url(server)) as ws:
        await ws.send(json.dumps({"type": "start", "token": token, "sample_rate": 16000, "tts": True}))
        for i in range(0, len(pcm), 640):
            await ws.send(pcm[i : i + 640])
        await ws.send(json.dumps({"type": "stop"}))
        texts, audio = [], []
        try:
            async for message in ws:
                (audio if isinstance(message, bytes) else texts).append(message)
        except ConnectionClosed:
            pass
    events = [json.loads(t) for t in texts]
    announced = next(e for e in events if e["type"] == "audio")
    assert announced["format"] == "wav" and len(audio) == 1 and len(audio[0]) == announced["bytes"]
    spoken = decode(audio[0])
    assert spoken.size / 16000 > 0.5  # "Started your workout." said aloud


async def test_partial_transcripts_when_asked(server: str) -> None:
    token, _ = account(server)
    speech = decode(AUDIO / "three_sets_of_ten_dips.wav")
    pcm = float_to_pcm16(speech) + b"\x00" * 32000
    async with connect(ws_url(server)) as ws:
        await ws.send(json.dumps({"type": "start", "token": token, "partials": True}))
        for i in range(0, len(pcm), 640):
            await ws.send(pcm[i : i + 640])
        await ws.send(json.dumps({"type": "stop"}))
        events, _ = await events_until_close(ws)
    transcripts = [e for e in events if e["type"] == "transcript"]
    assert transcripts[-1]["final"] is True and "dips" in transcripts[-1]["text"].lower()
    partial = [e for e in transcripts if not e["final"]]
    assert partial and all(transcripts.index(p) < len(transcripts) - 1 for p in partial)


async def test_a_rest_timer_speaks_up_on_the_open_stream(server: str) -> None:
    token, _ = account(server)
    pcm = float_to_pcm16(decode(AUDIO / "rest_two_seconds.wav")) + b"\x00" * 32000
    async with connect(ws_url(server)) as ws:
        await ws.send(json.dumps({"type": "start", "token": token}))
        for i in range(0, len(pcm), 640):
            await ws.send(pcm[i : i + 640])
        replies = []
        async for message in ws:
            event = json.loads(message)
            if event["type"] == "reply":
                replies.append(event["text"])
                if len(replies) == 2:
                    break
        await ws.send(json.dumps({"type": "stop"}))
    assert replies[0].startswith("Rest 0:02") and replies[1] == "Rest's up. Next set!"
