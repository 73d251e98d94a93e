"""CORS: browsers on the origins CORS_ORIGINS lists may call the API (preflight answered, headers
exposed); with none listed (the default) no CORS header is sent."""

from __future__ import annotations

import httpx

from tests.conftest import app_client, make_settings

PREFLIGHT = {"Origin": "https://app.example.com", "Access-Control-Request-Method": "POST"}


async def test_a_listed_origin_may_call_the_api(database_url: str) -> None:
    settings = make_settings(database_url, cors_origins="https://app.example.com, https://admin.example.com")
    async with app_client(settings) as client:
        r = await client.options("/workouts", headers=PREFLIGHT | {"Access-Control-Request-Headers": "authorization"})
        assert r.status_code == 200
        assert r.headers["access-control-allow-origin"] == "https://app.example.com"
        assert "authorization" in r.headers["access-control-allow-headers"].lower()
        r = await client.get("/healthz", headers={"Origin": "https://admin.example.com"})
        assert r.headers["access-control-allow-origin"] == "https://admin.example.com"
        assert "x-ratelimit-remaining" in r.headers["access-control-expose-headers"].lower()
        r = await client.options("/workouts", headers=PREFLIGHT | {"Origin": "https://evil.example.com"})
        assert r.status_code == 400 and "access-control-allow-origin" not in r.headers


async def test_no_origin_is_allowed_by_default(client: httpx.AsyncClient) -> None:
    r = await client.get("/healthz", headers={"Origin": "https://app.example.com"})
    assert "access-control-allow-origin" not in r.headers
    r = await client.options("/workouts", headers=PREFLIGHT)
    assert "access-control-allow-origin" not in r.headers
