"""Media limits from settings: upload size (MEDIA_MAX_BYTES), the per-lifter quota, pixels, the
longest side kept, video length. Past each: 413 naming it, and nothing stored."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from PIL import Image

from tests.conftest import app_client, make_settings, register
from tests.media_files import jpeg_with_gps, video

JPEG = jpeg_with_gps()


@pytest.fixture
async def strict(database_url: str, tmp_path: Path) -> AsyncIterator[tuple[httpx.AsyncClient, Path]]:
    settings = make_settings(
        database_url,
        media_dir=str(tmp_path),
        media_max_bytes=20_000,
        media_quota_bytes=1500,  # the cleaned test JPEG is ~330 bytes, the MP4 ~2 kB
        media_max_pixels=1_000_000,
        media_max_side=16,
        media_max_video_s=1.0,
    )
    async with app_client(settings) as client:
        yield client, tmp_path


def png_of(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("L", (width, height), 0).save(out, "PNG", optimize=True)
    return out.getvalue()


async def post(client: httpx.AsyncClient, headers: dict[str, str], data: bytes) -> httpx.Response:
    return await client.post("/media", files={"file": ("f", data, "application/octet-stream")}, headers=headers)


async def test_every_limit_is_a_413_naming_it(strict: tuple[httpx.AsyncClient, Path]) -> None:
    client, folder = strict
    who = await register(client)
    h = who.headers
    big = await post(client, h, b"\xff\xd8\xff" + b"\x00" * 30_000)  # past MEDIA_MAX_BYTES, under the body limit
    assert big.status_code == 413 and "MEDIA_MAX_BYTES" in big.json()["error"]["message"]
    huge = await post(client, h, b"\xff\xd8\xff" + b"\x00" * 200_000)  # past the body limit itself
    assert huge.status_code == 413 and huge.json()["error"]["code"] == "PAYLOAD_TOO_LARGE"
    wide = png_of(2000, 1000)  # a small file of many pixels: refused from its header
    assert len(wide) < 20_000
    r = await post(client, h, wide)
    assert r.status_code == 413 and "MEDIA_MAX_PIXELS" in r.json()["error"]["message"]
    long = await post(client, h, video("mp4", seconds=2.0))
    assert long.status_code == 413 and "MEDIA_MAX_VIDEO_S" in long.json()["error"]["message"]
    assert not (folder / who.id).exists()

    kept = await post(client, h, JPEG)
    assert kept.status_code == 201, kept.text
    assert (kept.json()["width"], kept.json()["height"]) == (8, 16)  # scaled to MEDIA_MAX_SIDE, upright
    sizes = [kept.json()["size_bytes"]]
    while sum(sizes) + sizes[0] <= 1500:
        r = await post(client, h, JPEG)
        assert r.status_code == 201
        sizes.append(r.json()["size_bytes"])
    over = await post(client, h, JPEG)
    assert over.status_code == 413 and "quota" in over.json()["error"]["message"]
    usage = (await client.get("/media/usage", headers=h)).json()
    assert usage == {"files": len(sizes), "bytes": sum(sizes), "quota_bytes": 1500}
    assert len(list((folder / who.id).iterdir())) == len(sizes)  # the refused file is not left behind
    first = (await client.get("/media", headers=h)).json()["data"][-1]["id"]
    assert (await client.delete(f"/media/{first}", headers=h)).status_code == 204
    assert (await post(client, h, JPEG)).status_code == 201  # room again
