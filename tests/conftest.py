"""Shared fixtures: the app on SQLite always, and on PostgreSQL / Redis when TEST_* URLs are set."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from sqlalchemy.engine import make_url

from assistant.settings import Settings
from domain import migrate


def _worker_index() -> int:
    """Which pytest-xdist worker this is (gw0 → 0); 0 when the run is not split."""
    return int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))


def _worker_database(url: str | None) -> str | None:
    """Each xdist worker gets a PostgreSQL database of its own (`test` → `test_gw1`), created when missing."""
    index = _worker_index()
    if not url or index == 0:
        return url
    base = make_url(url)
    name = f"{base.database}_gw{index}"
    conninfo = base.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    return base.set(database=name).render_as_string(hide_password=False)


def _worker_redis(url: str | None) -> str | None:
    """Each xdist worker gets a Redis database number of its own (15 → 14 → 13 …)."""
    index = _worker_index()
    if not url or index == 0:
        return url
    base, _, number = url.rpartition("/")
    db = int(number or 0)
    return f"{base}/{db - index if db >= index else db + index}"


PG_URL = _worker_database(os.environ.get("TEST_DATABASE_URL"))
REDIS_URL = _worker_redis(os.environ.get("TEST_REDIS_URL"))
TWILIO_TOKEN = "test-twilio-auth-token"
TEST_VAPID_KEY = "T6bhDe1ZwftXho_NpNxAQGNhKNRVfiRLSI-fi4kHEv0"  # a P-256 key made for the tests, raw, base64url
BACKENDS = ["sqlite"] + (["postgres"] if PG_URL else [])
STORES = (("PostgreSQL", "TEST_DATABASE_URL", PG_URL), ("Redis", "TEST_REDIS_URL", REDIS_URL))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say at the end which stores the run left out: a green run on SQLite alone looks like a full one."""
    for store, variable, url in STORES:
        if not url:
            terminalreporter.write_line(f"{store} part skipped: {variable} not set", yellow=True, bold=True)


def make_settings(database_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "env": "test",
        "database_url": database_url,
        "jwt_secret": "test-secret-" + "x" * 32,
        "device_token_key": "device-key-" + "y" * 32,
        "argon2_time_cost": 1,
        "argon2_memory_kib": 1024,
        "auth_rate_limit": "100000/minute",
        "rate_limit": "100000/minute",
        "log_level": "WARNING",
        "twilio_auth_token": TWILIO_TOKEN,
        "webhook_allow_private": True,  # the receivers are on 127.0.0.1
        "push_allow_private": True,  # the fake push service too (tests/fakes/push.py)
        "vapid_private_key": TEST_VAPID_KEY,  # not a file under ./var/
    }
    values.update(overrides)
    return Settings(**values)


@pytest.fixture(scope="session", params=BACKENDS)
async def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    if request.param == "postgres":
        assert PG_URL is not None
        await asyncio.to_thread(migrate.drop_everything, PG_URL)
        return PG_URL
    path: Path = tmp_path_factory.mktemp("db") / "spotter.db"
    return f"sqlite+aiosqlite:///{path}"


@pytest.fixture(scope="session")
async def app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Any]:
    from channels.http.app import create_app

    media_dir = str(tmp_path_factory.mktemp("media"))  # uploaded photos and videos (assistant/media)
    application = create_app(make_settings(database_url, media_dir=media_dir))
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture(scope="session")
async def client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://test/api/v1") as c:
        yield c


@dataclass
class Lifter:
    """A registered user and ready-made auth headers."""

    id: str
    email: str
    password: str
    access: str
    refresh: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access}"}


async def register(client: httpx.AsyncClient, **extra: Any) -> Lifter:
    email = f"lifter-{uuid.uuid4().hex[:12]}@example.com"
    body = {"email": email, "password": "correct horse battery", **extra}
    r = await client.post("/auth/register", json=body)
    assert r.status_code == 201, r.text
    data = r.json()
    return Lifter(data["user"]["id"], email, body["password"], data["access_token"], data["refresh_token"])


@pytest.fixture
async def lifter(client: httpx.AsyncClient) -> Lifter:
    return await register(client)


@pytest.fixture
async def other(client: httpx.AsyncClient) -> Lifter:
    return await register(client)


@asynccontextmanager
async def app_client(
    settings: Settings, client: tuple[str, int] = ("127.0.0.1", 50000)
) -> AsyncIterator[httpx.AsyncClient]:
    """An app of its own (other settings than the shared one), started, with a client on /api/v1."""
    from channels.http.app import create_app

    app = create_app(settings)
    transport = httpx.ASGITransport(app=app, client=client)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://test/api/v1") as c,
    ):
        yield c
