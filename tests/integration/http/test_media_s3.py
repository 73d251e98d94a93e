"""Media in an S3-compatible bucket (MEDIA_S3_*), against moto's S3 on 127.0.0.1: uploads land in
the bucket under the lifter's prefix, signed links stream them back (ranges too), deleting a file
or the account removes the objects, and a refused upload leaves none."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Iterator
from urllib.parse import urlsplit

import httpx
import pytest
from PIL import Image

from tests.conftest import app_client, make_settings, register
from tests.fakes.s3 import CREDENTIALS, keys, s3_server
from tests.media_files import GPS_IFD, jpeg_with_gps, truncated, video

BUCKET = "spotter-media"
PREFIX = "test/"


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    with s3_server(BUCKET) as url:
        yield url


@pytest.fixture
async def client(database_url: str, endpoint: str) -> AsyncIterator[httpx.AsyncClient]:
    settings = make_settings(
        database_url,
        media_s3_bucket=BUCKET,
        media_s3_endpoint_url=endpoint,
        media_s3_region=CREDENTIALS["region_name"],
        media_s3_access_key_id=CREDENTIALS["aws_access_key_id"],
        media_s3_secret_access_key=CREDENTIALS["aws_secret_access_key"],
        media_s3_prefix=PREFIX,
        media_s3_timeout_s=5,
    )
    async with app_client(settings) as c:
        yield c


async def fetch(client: httpx.AsyncClient, url: str, **headers: str) -> httpx.Response:
    parts = urlsplit(url)
    return await client.get(parts.path.removeprefix("/api/v1") + "?" + parts.query, headers=headers)


async def test_files_live_in_the_bucket_and_leave_with_the_account(client: httpx.AsyncClient, endpoint: str) -> None:
    who = await register(client)
    h = who.headers
    photo = await client.post("/media", files={"file": ("a.jpg", jpeg_with_gps(), "image/jpeg")}, headers=h)
    clip = await client.post("/media", files={"file": ("b.mp4", video("mp4", 1.0), "video/mp4")}, headers=h)
    assert photo.status_code == clip.status_code == 201, (photo.text, clip.text)
    stored = keys(endpoint, BUCKET, PREFIX + who.id + "/")
    assert sorted(stored) == sorted(
        [f"{PREFIX}{who.id}/{photo.json()['id']}.jpg", f"{PREFIX}{who.id}/{clip.json()['id']}.mp4"]
    )
    got = await fetch(client, photo.json()["url"])
    assert got.status_code == 200 and got.headers["content-type"] == "image/jpeg"
    assert not Image.open(io.BytesIO(got.content)).getexif().get_ifd(GPS_IFD)
    whole = await fetch(client, clip.json()["url"])
    assert whole.status_code == 200 and len(whole.content) == clip.json()["size_bytes"]
    part = await fetch(client, clip.json()["url"], range="bytes=10-19")
    assert part.status_code == 206 and part.content == whole.content[10:20]
    assert part.headers["content-range"] == f"bytes 10-19/{len(whole.content)}"

    refused = await client.post(
        "/media", files={"file": ("c.jpg", truncated(jpeg_with_gps()), "image/jpeg")}, headers=h
    )
    assert refused.status_code == 422 and len(keys(endpoint, BUCKET, PREFIX + who.id + "/")) == 2

    assert (await client.delete(f"/media/{clip.json()['id']}", headers=h)).status_code == 204
    assert keys(endpoint, BUCKET, PREFIX + who.id + "/") == [f"{PREFIX}{who.id}/{photo.json()['id']}.jpg"]
    assert (await fetch(client, clip.json()["url"])).status_code == 404

    bystander = await register(client)
    theirs = await client.post(
        "/media", files={"file": ("d.jpg", jpeg_with_gps(), "image/jpeg")}, headers=bystander.headers
    )
    assert theirs.status_code == 201
    erased = await client.request("DELETE", "/me", json={"password": who.password}, headers=h)
    assert erased.status_code == 200 and erased.json()["rows"]["media_files"] == 1
    assert keys(endpoint, BUCKET, PREFIX + who.id + "/") == []
    assert len(keys(endpoint, BUCKET, PREFIX + bystander.id + "/")) == 1  # nobody else's
