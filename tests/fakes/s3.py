"""An S3 emulator on 127.0.0.1 (moto in server mode, on a free port), with one bucket made."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import boto3
from moto.server import ThreadedMotoServer

CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing", "region_name": "us-east-1"}


@contextmanager
def s3_server(bucket: str) -> Iterator[str]:
    """The endpoint URL of a fresh S3 emulator holding an empty `bucket`."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    try:
        client(endpoint).create_bucket(Bucket=bucket)
        yield endpoint
    finally:
        server.stop()


def client(endpoint: str) -> Any:
    return boto3.session.Session().client("s3", endpoint_url=endpoint, **CREDENTIALS)


def keys(endpoint: str, bucket: str, prefix: str = "") -> list[str]:
    found = client(endpoint).list_objects_v2(Bucket=bucket, Prefix=prefix)
    return [item["Key"] for item in found.get("Contents", [])]
