"""Where media files live: a folder on local disk (MEDIA_DIR, ./var/media by default), or an
S3-compatible bucket when MEDIA_S3_BUCKET is set (AWS, or MinIO, R2, moto at MEDIA_S3_ENDPOINT_URL).

Both take a finished temporary file (`put`), remove one file or every file under a prefix (an
erased lifter's), and hand a file back for serving: the local store as a path (served with ranges
by the web server's file response), the bucket as a stream of chunks. boto3 blocks, so each of its
calls runs in a thread.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.settings import Settings

CHUNK = 65_536


class Missing(Exception):
    """The store has no file under that key."""


class LocalFiles:
    def __init__(self, root: str) -> None:
        self.root = Path(root).resolve()

    def local_path(self, key: str) -> str | None:
        """The file's path, or None when it is not there."""
        path = self._path(key)
        return str(path) if path.is_file() else None

    async def put(self, key: str, source: str, content_type: str) -> None:
        await asyncio.to_thread(self._move, source, self._path(key))

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self._path(key).unlink, True)

    async def delete_prefix(self, prefix: str) -> int:
        return await asyncio.to_thread(self._remove_under, prefix)

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if not path.is_relative_to(self.root) or path == self.root:
            raise ValueError(f"not a media key: {key!r}")
        return path

    @staticmethod
    def _move(source: str, target: Path) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(source, target)

    def _remove_under(self, prefix: str) -> int:
        folder, _, start = prefix.rpartition("/")
        base = self._path(folder) if folder else self.root
        if not base.is_dir():
            return 0
        found = [p for p in base.iterdir() if p.is_file() and p.name.startswith(start)]
        for path in found:
            path.unlink(missing_ok=True)
        if folder and not start and not any(base.iterdir()):
            base.rmdir()
        return len(found)


@dataclass
class Download:
    """A file (or the part a Range asked for) read from the bucket in chunks."""

    chunks: Iterator[bytes]
    length: int
    content_range: str | None  # set when a part was asked for and given (a 206)


class S3Files:
    def __init__(self, client: Any, bucket: str, prefix: str = "") -> None:
        self.client, self.bucket, self.prefix = client, bucket, prefix

    def local_path(self, key: str) -> str | None:
        return None

    async def put(self, key: str, source: str, content_type: str) -> None:
        extra = {"ContentType": content_type}
        await asyncio.to_thread(self.client.upload_file, source, self.bucket, self.prefix + key, ExtraArgs=extra)
        await asyncio.to_thread(Path(source).unlink, True)

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self.client.delete_object, Bucket=self.bucket, Key=self.prefix + key)

    async def delete_prefix(self, prefix: str) -> int:
        return await asyncio.to_thread(self._delete_under, self.prefix + prefix)

    async def download(self, key: str, byte_range: str | None = None) -> Download:
        return await asyncio.to_thread(self._get, self.prefix + key, byte_range)

    def _get(self, key: str, byte_range: str | None) -> Download:
        args = {"Bucket": self.bucket, "Key": key} | ({"Range": byte_range} if byte_range else {})
        try:
            found = self.client.get_object(**args)
        except self.client.exceptions.NoSuchKey as exc:
            raise Missing(key) from exc
        except self.client.exceptions.ClientError as exc:
            if not byte_range or exc.response.get("Error", {}).get("Code") != "InvalidRange":
                raise
            return self._get(key, None)  # a range past the end: the whole file, as a plain 200
        body = found["Body"]

        def chunks() -> Iterator[bytes]:
            try:
                yield from body.iter_chunks(CHUNK)
            finally:
                body.close()

        return Download(chunks(), int(found["ContentLength"]), found.get("ContentRange"))

    def _delete_under(self, prefix: str) -> int:
        removed = 0
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix)
        for page in pages:
            keys = [{"Key": item["Key"]} for item in page.get("Contents", [])]
            if keys:  # at most 1000 a page, as many as one delete_objects takes
                self.client.delete_objects(Bucket=self.bucket, Delete={"Objects": keys, "Quiet": True})
                removed += len(keys)
        return removed


Files = LocalFiles | S3Files


def make_files(settings: Settings) -> Files:
    """The bucket when MEDIA_S3_BUCKET is set, else the folder MEDIA_DIR."""
    if not settings.media_s3_bucket:
        return LocalFiles(settings.media_dir)
    import boto3
    from botocore.config import Config

    config = Config(
        connect_timeout=settings.media_s3_timeout_s,
        read_timeout=settings.media_s3_timeout_s,
        retries={"max_attempts": 3, "mode": "standard"},
        s3={"addressing_style": "path"} if settings.media_s3_endpoint_url else None,
    )
    client = boto3.session.Session().client(
        "s3",
        endpoint_url=settings.media_s3_endpoint_url,
        region_name=settings.media_s3_region,
        aws_access_key_id=settings.media_s3_access_key_id,
        aws_secret_access_key=settings.media_s3_secret_access_key,
        config=config,
    )
    return S3Files(client, settings.media_s3_bucket, settings.media_s3_prefix)
