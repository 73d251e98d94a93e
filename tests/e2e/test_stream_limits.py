"""Hostile sockets: floods of frames, rates out of range, bytes that are not the audio they claim (issue 18, 1).

Each is closed with a clear code and error event; the server keeps answering everyone else.
"""

from __future__ import annotations

import json
import os
import struct
from typing import Any

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from tests.e2e.test_voice_stream import account, events_until_close, ws_url


async def flood(ws: Any, messages: int, message: bytes | str) -> None:
    try:
        for _ in range(messages):
            await ws.send(message)
    except ConnectionClosed:
        pass


def wav_header(rate: int) -> bytes:
    fmt = struct.pack("<4sIHHIIHH", b"fmt ", 16, 1, 1, rate, rate * 2, 2, 16)
    return b"RIFF\xff\xff\xff\x7fWAVE" + fmt + b"data\xff\xff\xff\x7f"


async def test_a_flood_of_tiny_frames_is_closed_4429(server: str) -> None:
    token, _ = account(server)
    async with connect(ws_url(server)) as ws:
        await ws.send(json.dumps({"type": "start", "token": token}))
        await flood(ws, 20_000, b"\x00\x00")
        events, code = await events_until_close(ws)
    assert code == 4429 and events[-1]["code"] == "RATE_LIMITED" and "messages per second" in events[-1]["message"]


async def test_a_flood_of_text_messages_is_closed_too(server: str) -> None:
    token, _ = account(server)
    async with connect(ws_url(server)) as ws:
        await ws.send(json.dumps({"type": "start", "token": token}))
        await flood(ws, 20_000, "{}")
        events, code = await events_until_close(ws)
    assert code == 4429 and events[-1]["code"] == "RATE_LIMITED"


async def test_audio_far_faster_than_speech_is_closed(server: str) -> None:
    token, _ = account(server)
    second = b"\x00" * 32_000  # one second of 16 kHz PCM in each frame
    async with connect(ws_url(server)) as ws:
        await ws.send(json.dumps({"type": "start", "token": token}))
        await flood(ws, 200, second)
        events, code = await events_until_close(ws)
    assert code == 4429 and events[-1]["code"] == "RATE_LIMITED"


@pytest.mark.parametrize("rate", [1, -16000, "abc", [16000], 1_000_000])
async def test_a_start_with_a_rate_out_of_range_is_4400(server: str, rate: object) -> None:
    token, _ = account(server)
    async with connect(ws_url(server)) as ws:
        await ws.send(json.dumps({"type": "start", "token": token, "encoding": "pcm_s16le", "sample_rate": rate}))
        events, code = await events_until_close(ws)
    assert code == 4400 and events[-1]["code"] == "BAD_START"


@pytest.mark.parametrize(
    ("encoding", "data"),
    [
        ("wav", wav_header(1) + os.urandom(20_000)),
        ("wav", b"RIFF" + os.urandom(30_000)),
        ("ogg", b"OggS\x00\x02" + os.urandom(30_000)),
        ("mp3", b"ID3\x03\x00" + os.urandom(30_000)),
        ("opus", os.urandom(30_000)),
    ],
)
async def test_garbage_claiming_a_container_is_bad_audio(server: str, encoding: str, data: bytes) -> None:
    token, _ = account(server)
    async with connect(ws_url(server)) as ws:
        await ws.send(json.dumps({"type": "start", "token": token, "encoding": encoding}))
        for i in range(0, len(data), 4000):
            await ws.send(data[i : i + 4000])
        await ws.send(json.dumps({"type": "stop"}))
        events, code = await events_until_close(ws)
    assert code == 1003 and events[-1]["code"] == "BAD_AUDIO"


async def test_a_phone_stream_flood_is_closed_4429(server: str) -> None:
    async with connect(server.replace("http://", "ws://") + "/api/v1/channels/twilio/media") as ws:
        await flood(ws, 20_000, json.dumps({"event": "connected"}))
        _, code = await events_until_close(ws)
    assert code == 4429


@pytest.mark.parametrize("message", [b"\x00\x01binary", "[1, 2]", '{"event": "start", "start": 5}', "x" * 200_000])
async def test_a_phone_stream_refuses_what_twilio_never_sends(server: str, message: bytes | str) -> None:
    async with connect(server.replace("http://", "ws://") + "/api/v1/channels/twilio/media", max_size=None) as ws:
        await ws.send(message)
        await ws.send(json.dumps({"event": "stop"}))
        _, code = await events_until_close(ws)
    assert code in (1000, 1003, 1009, 4401)  # never 1011, an error inside the server
