"""Channels this server is not configured for are not mounted: 404 saying what to configure (issue 18)."""

from __future__ import annotations

from typing import Any

import httpx

from tests.conftest import app_client, make_settings


async def test_telegram_unconfigured_is_404_naming_its_settings(client: httpx.AsyncClient, app: Any) -> None:
    r = await client.post("/channels/telegram/webhook", json={"update_id": 1})
    assert r.status_code == 404 and r.json()["error"]["code"] == "NOT_FOUND"
    assert "TELEGRAM_BOT_TOKEN" in r.json()["error"]["message"]
    assert "/api/v1/channels/telegram/webhook" not in app.openapi()["paths"]


async def test_twilio_unconfigured_is_404_naming_its_setting(database_url: str) -> None:
    async with app_client(make_settings(database_url, twilio_auth_token=None)) as client:
        for path in ("/channels/twilio/sms", "/channels/twilio/voice"):
            r = await client.post(path, data={"From": "+15550000000", "Body": "hi"})
            assert r.status_code == 404 and "TWILIO_AUTH_TOKEN" in r.json()["error"]["message"]
        spec = (await client.get("http://test/openapi.json")).json()
        assert not [p for p in spec["paths"] if "/channels/" in p]
        assert (await client.post("/channels/nowhere/x")).json()["error"]["message"] == "Not Found"
