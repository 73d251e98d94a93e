"""Rate limits count whoever is verified to be calling: made-up API keys share their address's counter,
a live key counts as its owner; wrong passwords are counted per account (issue 18, 12)."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest

from channels.http.app import create_app
from tests.conftest import app_client, make_settings, register


def address() -> str:
    return f"10.{os.getpid() % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"


async def test_made_up_api_keys_count_against_the_address(database_url: str) -> None:
    settings = make_settings(database_url, rate_limit="3/minute")
    async with app_client(settings, client=(address(), 1)) as client:
        codes = [
            (await client.get("/me", headers={"X-API-Key": f"sk_{uuid.uuid4().hex}"})).status_code for _ in range(5)
        ]
        assert codes == [401, 401, 401, 429, 429]


async def test_a_live_key_counts_as_its_owner_not_its_address(database_url: str) -> None:
    settings = make_settings(database_url, rate_limit="4/minute")
    async with app_client(settings, client=(address(), 1)) as client:
        lifter = await register(client)  # the auth routes have their own limit
        made = await client.post("/me/api-keys", json={"name": "watch"}, headers=lifter.headers)  # user: 1
        key = {"X-API-Key": made.json()["key"]}
        assert (await client.get("/me", headers=key)).status_code == 200  # address: 1 (not yet known), user: 2
        forged = [(await client.get("/me", headers={"X-API-Key": "sk_made-up"})).status_code for _ in range(4)]
        assert forged == [401, 401, 401, 429]  # the address's counter is used up
        assert [(await client.get("/me", headers=key)).status_code for _ in range(3)] == [200, 200, 429]


@pytest.fixture
async def login_app(database_url: str) -> AsyncIterator[object]:
    app = create_app(make_settings(database_url, login_failure_limit="3/minute"))
    async with app.router.lifespan_context(app):
        yield app


def client_from(app: object, host: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(host, 1))  # type: ignore[arg-type]
    return httpx.AsyncClient(transport=transport, base_url="http://test/api/v1")


async def test_wrong_passwords_are_limited_per_account_from_any_address(login_app: object) -> None:
    async with client_from(login_app, address()) as first:
        lifter, other = await register(first), await register(first)
    wrong = {"email": lifter.email, "password": "not the password"}
    for _ in range(3):
        async with client_from(login_app, address()) as somewhere:
            assert (await somewhere.post("/auth/login", json=wrong)).status_code == 401
    async with client_from(login_app, address()) as elsewhere:
        right = {"email": lifter.email.upper(), "password": lifter.password}
        r = await elsewhere.post("/auth/login", json=right)
        assert r.status_code == 429 and r.json()["error"]["details"][0]["field"] == "email"
        assert int(r.headers["retry-after"]) >= 1
        ok = await elsewhere.post("/auth/login", json={"email": other.email, "password": other.password})
        assert ok.status_code == 200
