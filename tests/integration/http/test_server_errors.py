"""A 500 carries the request id, in its body, its headers and the log line (issue 18, item 13)."""

from __future__ import annotations

import logging

import httpx
import pytest

from tests.conftest import make_settings


async def test_a_500_names_its_request_id(database_url: str, caplog: pytest.LogCaptureFixture) -> None:
    from channels.http.app import create_app

    app = create_app(make_settings(database_url))

    async def broken() -> None:
        raise RuntimeError("a bug")

    app.add_api_route("/api/v1/broken-on-purpose", broken)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://test/api/v1") as client,
    ):
        with caplog.at_level(logging.INFO):
            given = await client.get("/broken-on-purpose", headers={"X-Request-ID": "trace-500"})
            made = await client.get("/broken-on-purpose")
    assert given.status_code == 500 and given.json()["error"]["code"] == "INTERNAL"
    assert given.json()["meta"]["request_id"] == "trace-500" and given.headers["x-request-id"] == "trace-500"
    assert "a bug" not in given.text
    rid = made.json()["meta"]["request_id"]
    assert len(rid) == 32 and made.headers["x-request-id"] == rid
    failures = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert any("trace-500" in r.getMessage() for r in failures) and any(rid in r.getMessage() for r in failures)
    assert not any(r.getMessage().endswith("-)") or "rid=-" in r.getMessage() for r in caplog.records)
