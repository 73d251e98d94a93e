"""A Spotter app with Strava configured against a fake Strava on loopback (tests/fakes/strava.py)."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from channels.devices.sync import Breaker
from domain.models import Job
from tests.conftest import make_settings
from tests.fakes.servers import serve
from tests.fakes.strava import FakeStrava

VERIFY_TOKEN = "strava-verify-token"
SUBSCRIPTION = 555


@dataclass
class StravaWorld:
    fake: FakeStrava
    app: Any
    client: httpx.AsyncClient


@pytest.fixture(scope="module")
def fake_strava() -> Iterator[tuple[FakeStrava, str]]:
    fake = FakeStrava()
    with serve(fake.app()) as url:
        yield fake, url


@pytest.fixture(scope="module")
async def strava_world(database_url: str, fake_strava: tuple[FakeStrava, str]) -> AsyncIterator[StravaWorld]:
    from channels.http.app import create_app

    fake, url = fake_strava
    settings = make_settings(
        database_url,
        strava_client_id=fake.client_id,
        strava_client_secret=fake.client_secret,
        strava_base_url=url,
        strava_webhook_verify_token=VERIFY_TOKEN,
        strava_subscription_id=SUBSCRIPTION,
        device_http_timeout_s=0.25,
        device_backoff_s=0.0,
        device_max_attempts=6,
    )
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://test/api/v1") as client,
    ):
        yield StravaWorld(fake, app, client)


@pytest.fixture
def strava(strava_world: StravaWorld) -> StravaWorld:
    """The world with the fake reset: no activities, no faults."""
    fake = strava_world.fake
    fake.items, fake.fail_rate, fake.script, fake.retry_after = [], 0.0, [], "0"
    fake.athlete_id += 1  # each test's lifter is another athlete
    fake.calls.clear()
    fake.token_requests.clear()
    fake.faults.clear()
    strava_world.app.state.device_sync.breaker = Breaker()  # a Retry-After held by a test before is over
    return strava_world


async def settle(app: Any, user_id: str | uuid.UUID, timeout_s: float = 120.0) -> None:
    """Wait until none of the lifter's jobs (syncs, imports) is queued or running."""
    user = uuid.UUID(str(user_id))
    deadline = time.monotonic() + timeout_s
    while True:
        async with app.state.spotter.reader() as uow:
            waiting = await uow.session.scalar(
                select(func.count()).where(Job.user_id == user, Job.status.in_(("queued", "running")))
            )
        if not waiting:
            return
        assert time.monotonic() < deadline, f"{waiting} jobs still waiting"
        await asyncio.sleep(0.02)
