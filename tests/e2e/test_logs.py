"""`LOG_FORMAT=json`: every line the server writes is one JSON object, uvicorn's own lines included,
and the access line of a signed-in request names its request id, route, status, latency and user."""

from __future__ import annotations

import json
import signal
from pathlib import Path

import httpx

from tests.e2e.test_workers import STARTED, serve


def test_json_logs_carry_request_user_and_route(tmp_path: Path) -> None:
    server = serve(tmp_path, LOG_FORMAT="json", LOG_LEVEL="INFO")
    try:
        server.wait_until("the server did not start", lambda: server.started() >= 1)
        api = server.base + "/api/v1"
        body = {"email": "json-logs@example.com", "password": "correct horse battery"}
        registered = httpx.post(api + "/auth/register", json=body, timeout=30).json()
        me = httpx.get(
            api + "/me", headers={"Authorization": f"Bearer {registered['access_token']}"}, timeout=30
        )
        assert me.status_code == 200
    finally:
        assert server.stop() in (0, -signal.SIGTERM)  # one worker: uvicorn ends by re-raising the signal
    lines = [json.loads(line) for line in server.log.read_text().splitlines() if line.strip()]
    assert any(r["logger"] == "uvicorn.error" and r["message"].startswith(STARTED) for r in lines)
    access = [r for r in lines if r["logger"] == "spotter.access" and r.get("path") == "/api/v1/me"]
    assert len(access) == 1
    line = access[0]
    assert line["request_id"] == me.headers["x-request-id"]
    assert line["user_id"] == registered["user"]["id"]
    assert line["route"] == "/me" and line["status"] == 200 and line["method"] == "GET" and line["latency_ms"] >= 0
    assert {"time", "level", "message"} <= line.keys()
