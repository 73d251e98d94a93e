"""A client posting more than the body limit reads the 413 instead of a connection reset (issue 18, 11).

urllib sends the whole body before it reads the answer: a server that answers and closes while the
body is still arriving makes the client's kernel see a reset, and the 413 is lost.
"""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.request


def post(url: str, body: bytes) -> tuple[int, dict[str, object]]:
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_twenty_oversized_posts_all_read_their_413(server: str) -> None:
    body = b'{"name": "' + b"x" * 3_000_000 + b'"}'
    answers = [post(server + "/api/v1/workouts/start", body) for _ in range(20)]
    assert [status for status, _ in answers] == [413] * 20
    assert all(a["error"]["code"] == "PAYLOAD_TOO_LARGE" for _, a in answers)  # type: ignore[index]


def test_an_oversized_chunked_post_reads_its_413_too(server: str) -> None:
    host, port = server.removeprefix("http://").split(":")
    for _ in range(5):
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        chunks = (b"x" * 65536 for _ in range(48))  # 3 MB with no Content-Length
        connection.request(
            "POST",
            "/api/v1/workouts/start",
            body=chunks,
            headers={"Content-Type": "application/json"},
            encode_chunked=True,
        )
        response = connection.getresponse()
        assert response.status == 413 and json.loads(response.read())["error"]["code"] == "PAYLOAD_TOO_LARGE"
        connection.close()
