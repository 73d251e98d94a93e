"""Voice latency over the WebSocket against a running server on loopback.

    .venv/bin/python benchmarks/voice.py [--runs 20] [--streams 1,4]

Streams shared audio-dev files as 16 kHz PCM in 20 ms frames, paced in real time, followed by
silence, and measures:
- endpointed: the end of the speech in the audio -> the `commands` event (includes the VAD's
  end-of-speech window, VAD_END_SILENCE_MS);
- push-to-talk: `{"type": "stop"}` sent as the speech ends -> the `commands` event;
- confirm: a set no lifter would do ("bench two forty kilos for thirty", read back for a yes)
  and then "yes", both spoken (made with the packaged Piper voice), endpointed: each turn's latency.
With --streams 4, four lifters talk at once and share the one model.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
from websockets.asyncio.client import connect

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from _server import running_server

from speech.audio import decode, float_to_pcm16, from_pcm16
from speech.tts import load_speaker
from speech.vad import trim

FRAME = 640  # 20 ms of 16 kHz s16le


async def one_utterance(ws_url: str, token: str, pcm: bytes, push_to_talk: bool) -> float:
    return (await one_turn(ws_url, token, pcm, push_to_talk))[0]


async def one_turn(ws_url: str, token: str, pcm: bytes, push_to_talk: bool) -> tuple[float, dict[str, Any]]:
    async with connect(ws_url) as ws:
        await ws.send(json.dumps({"type": "start", "token": token, "sample_rate": 16000}))
        started = time.perf_counter()
        for i in range(0, len(pcm), FRAME):
            await ws.send(pcm[i : i + FRAME])
            due = started + (i + FRAME) / 32000
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
        speech_end = time.perf_counter()
        if push_to_talk:
            await ws.send(json.dumps({"type": "stop"}))
        else:
            silence = b"\x00" * FRAME

            async def pad() -> None:
                for _ in range(100):  # keep streaming silence, as a live microphone would
                    await ws.send(silence)
                    await asyncio.sleep(0.02)

            padding = asyncio.create_task(pad())
        async for message in ws:
            event = json.loads(message)
            if event["type"] == "commands":
                latency = time.perf_counter() - speech_end
                break
        if not push_to_talk:
            padding.cancel()
        return latency, event


def spoken(text: str) -> bytes:
    """`text` in the packaged Piper voice, as 16 kHz PCM."""
    speaker = load_speaker()
    return float_to_pcm16(trim(from_pcm16(speaker.speak(text), speaker.sample_rate), pad_ms=100))


async def confirm_turns(ws_url: str, token: str, ask: bytes, yes: bytes) -> list[float]:
    asked, event = await one_turn(ws_url, token, ask, False)
    assert event["results"][0]["status"] == "needs_confirmation", event
    done, event = await one_turn(ws_url, token, yes, False)
    assert event["results"][0]["status"] == "ok", event
    return [asked, done]


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p * (len(values) - 1)))]


def load_clips() -> list[bytes]:
    shared = Path(__file__).resolve().parents[2] / "shared" / "eval" / "audio-dev"
    return [float_to_pcm16(trim(decode(p), pad_ms=100)) for p in sorted(shared.glob("*.wav"))[:10]]


async def run(base: str, runs: int, streams_list: list[int], clips: list[bytes]) -> None:
    async with httpx.AsyncClient(base_url=base + "/api/v1") as c:
        tokens = []
        for _ in range(max(streams_list)):
            r = await c.post(
                "/auth/register", json={"email": f"v-{uuid.uuid4().hex[:8]}@example.com", "password": "voice-benchmark"}
            )
            tokens.append(r.json()["access_token"])
    ws_url = base.replace("http://", "ws://") + "/api/v1/voice/stream"
    await one_utterance(ws_url, tokens[0], clips[0], True)  # warm the model
    ask, yes = spoken("bench two forty kilos for thirty"), spoken("yes")
    print("| mode | streams | turns | p50 s | p95 s | max s |")
    print("|---|---|---|---|---|---|")
    for streams in streams_list:
        for push in (False, True):
            latencies: list[float] = []
            for k in range(runs):
                jobs = [one_utterance(ws_url, tokens[s], clips[(k + s) % len(clips)], push) for s in range(streams)]
                latencies += await asyncio.gather(*jobs)
            row("push-to-talk" if push else "endpointed", streams, latencies)
        latencies = []
        for _ in range(runs):
            turns = await asyncio.gather(*(confirm_turns(ws_url, tokens[s], ask, yes) for s in range(streams)))
            latencies += [t for pair in turns for t in pair]
        row("confirm + yes", streams, latencies)


def row(mode: str, streams: int, latencies: list[float]) -> None:
    print(
        f"| {mode} | {streams} | {len(latencies)} | {statistics.median(latencies):.2f} "
        f"| {percentile(latencies, 0.95):.2f} | {max(latencies):.2f} |",
        flush=True,
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--streams", default="1,4")
    a = ap.parse_args()
    with running_server(extra_env={"SPEECH_PRELOAD": "true"}) as base:
        asyncio.run(run(base, a.runs, [int(s) for s in a.streams.split(",")], load_clips()))


if __name__ == "__main__":
    main()
