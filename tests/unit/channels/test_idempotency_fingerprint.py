"""An upload retried with another multipart boundary is the same request; another file is not."""

from __future__ import annotations

import io

from channels.http.idempotency import CHUNK, _fingerprint


def multipart(boundary: str, payload: bytes) -> tuple[io.BytesIO, str]:
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\n'.encode()
        + payload
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return io.BytesIO(body), f"multipart/form-data; boundary={boundary}"


def test_the_boundary_is_left_out_even_where_a_chunk_cuts_it() -> None:
    payload = b"\xff\xd8\xff" + b"x" * (CHUNK - 90)  # the closing boundary straddles the first chunk's end
    one = _fingerprint("/api/v1/media", *multipart("a" * 40, payload))
    two = _fingerprint("/api/v1/media", *multipart("0f9e8d7c6b5a" * 3, payload))
    assert one == two
    assert _fingerprint("/api/v1/media", *multipart("a" * 40, payload + b"y")) != one
    assert _fingerprint("/api/v1/other", *multipart("a" * 40, payload)) != one


def test_a_json_body_is_taken_whole() -> None:
    assert _fingerprint("/p", io.BytesIO(b'{"a": 1}'), "application/json") != _fingerprint(
        "/p", io.BytesIO(b'{"a": 2}'), "application/json"
    )
