"""Hostile uploads to /voice/process: rates out of range, audio longer than allowed, bytes that are not audio.

Each is refused before anything is decoded or resampled, with the limit named (issue 18, 1).
"""

from __future__ import annotations

import base64
import os
import struct

import httpx
import pytest

from tests.conftest import Lifter


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def wav(rate: int, data: bytes) -> bytes:
    """A PCM s16le mono WAV whose header claims `rate`."""
    fmt = struct.pack("<4sIHHIIHH", b"fmt ", 16, 1, 1, rate, rate * 2, 2, 16)
    return (
        b"RIFF"
        + struct.pack("<I", 4 + len(fmt) + 8 + len(data))
        + b"WAVE"
        + fmt
        + b"data"
        + struct.pack("<I", len(data))
        + data
    )


async def upload(client: httpx.AsyncClient, lifter: Lifter, **body: object) -> httpx.Response:
    return await client.post("/voice/process?dry_run=true", json=body, headers=lifter.headers)


async def test_a_tiny_upload_at_one_hertz_is_refused_not_resampled(client: httpx.AsyncClient, lifter: Lifter) -> None:
    r = await upload(client, lifter, encoding="pcm_s16le", sample_rate=1, audio_base64=b64(os.urandom(20_000)))
    assert r.status_code == 422, r.text
    detail = r.json()["error"]["details"][0]
    assert detail["field"] == "sample_rate" and "8000" in detail["message"] and "48000" in detail["message"]


@pytest.mark.parametrize("rate", ["abc", -16000, 0, 1_000_000, 16000.5, True, [16000]])
async def test_sample_rates_that_are_not_a_rate_are_422(
    client: httpx.AsyncClient, lifter: Lifter, rate: object
) -> None:
    r = await upload(client, lifter, encoding="pcm_s16le", sample_rate=rate, audio_base64=b64(b"\x00" * 3200))
    assert r.status_code == 422, r.text
    assert r.json()["error"]["details"][0]["field"] == "sample_rate"


async def test_a_multipart_rate_that_is_not_a_number_is_422(client: httpx.AsyncClient, lifter: Lifter) -> None:
    files = {"audio": ("a.pcm", b"\x00" * 3200, "application/octet-stream")}
    data = {"encoding": "pcm_s16le", "sample_rate": "abc"}
    r = await client.post("/voice/process?dry_run=true", files=files, data=data, headers=lifter.headers)
    assert r.status_code == 422 and r.json()["error"]["details"][0]["field"] == "sample_rate"


async def test_pcm_longer_than_the_limit_is_413_naming_it(client: httpx.AsyncClient, lifter: Lifter) -> None:
    thirty_one_seconds = b"\x00" * (8000 * 2 * 31)
    r = await upload(client, lifter, encoding="pcm_s16le", sample_rate=8000, audio_base64=b64(thirty_one_seconds))
    assert r.status_code == 413, r.text
    assert r.json()["error"]["code"] == "PAYLOAD_TOO_LARGE" and "30 s" in r.json()["error"]["message"]
    r = await upload(client, lifter, encoding="mulaw", sample_rate=8000, audio_base64=b64(b"\xff" * 8000 * 31))
    assert r.status_code == 413


async def test_a_container_longer_than_the_limit_is_413(client: httpx.AsyncClient, lifter: Lifter) -> None:
    r = await upload(client, lifter, audio_base64=b64(wav(8000, b"\x00" * (8000 * 2 * 40))))
    assert r.status_code == 413 and "30 s" in r.json()["error"]["message"]


async def test_a_container_header_claiming_one_hertz_is_422(client: httpx.AsyncClient, lifter: Lifter) -> None:
    r = await upload(client, lifter, audio_base64=b64(wav(1, os.urandom(20_000))))
    assert r.status_code == 422 and "sample rate" in r.json()["error"]["message"]


@pytest.mark.parametrize(
    "head",
    [
        b"RIFF\x00\x00\x00\x00WAVEfmt ",
        b"OggS\x00\x02",
        bytes.fromhex("1a45dfa3"),
        b"ID3\x03\x00",
        b"fLaC",
        b"\x00\x00\x00\x20ftypM4A ",
    ],
)
async def test_random_bytes_claiming_a_container_are_422(
    client: httpx.AsyncClient, lifter: Lifter, head: bytes
) -> None:
    r = await upload(client, lifter, audio_base64=b64(head + os.urandom(30_000)))
    assert r.status_code == 422, r.text
    assert r.json()["error"]["code"] == "VALIDATION_ERROR"
