"""Spotter apps with the device clouds configured against fakes on loopback (tests/fakes/): Strava
alone, and Oura, Withings, Garmin and Fitbit together."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from channels.devices.sync import Breaker
from domain.models import Job
from tests.conftest import make_settings
from tests.fakes.clouds import FakeCloud
from tests.fakes.fitbit import FakeFitbit
from tests.fakes.garmin import FakeGarmin
from tests.fakes.oura import FakeOura
from tests.fakes.servers import serve
from tests.fakes.strava import FakeStrava
from tests.fakes.withings import FakeWithings

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


@dataclass
class CloudsWorld:
    """One app with Oura, Withings, Garmin and Fitbit configured against their fakes."""

    app: Any
    client: httpx.AsyncClient
    fakes: dict[str, FakeCloud]


OURA_VERIFY = "oura-verify-token"
FITBIT_VERIFY = "fitbit-verify-code"


@pytest.fixture(scope="module")
def cloud_fakes() -> Iterator[dict[str, tuple[FakeCloud, str]]]:
    fakes: dict[str, FakeCloud] = {
        "oura": FakeOura(),
        "withings": FakeWithings(),
        "garmin": FakeGarmin(),
        "fitbit": FakeFitbit(),
    }
    with ExitStack() as stack:
        yield {name: (fake, stack.enter_context(serve(fake.app()))) for name, fake in fakes.items()}


@pytest.fixture(scope="module")
async def clouds_world(database_url: str, cloud_fakes: dict[str, tuple[FakeCloud, str]]) -> AsyncIterator[CloudsWorld]:
    from channels.http.app import create_app

    settings: dict[str, Any] = {}
    for name, (fake, url) in cloud_fakes.items():
        settings |= {f"{name}_client_id": fake.client_id, f"{name}_client_secret": fake.client_secret}
        settings |= {f"{name}_base_url": url, f"{name}_auth_url": url}
    settings["garmin_token_url"] = cloud_fakes["garmin"][1] + "/di-oauth2-service/oauth/token"
    app = create_app(
        make_settings(
            database_url,
            **settings,
            oura_webhook_verify_token=OURA_VERIFY,
            fitbit_subscriber_verify_code=FITBIT_VERIFY,
            # under the fakes' slow answers (0.5 s), with room for a loaded CI machine: a backfill whose
            # every try timed out fails its sync, and the retry asks for a newer window again
            device_http_timeout_s=0.4,
            device_backoff_s=0.0,
            device_max_attempts=6,
        )
    )
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://test/api/v1") as client,
    ):
        yield CloudsWorld(app, client, {name: fake for name, (fake, _) in cloud_fakes.items()})


@pytest.fixture
def clouds(clouds_world: CloudsWorld) -> CloudsWorld:
    """The world with every fake reset: no data, no faults, a new provider user."""
    for fake in clouds_world.fakes.values():
        fake.reset()
        fake.challenge = None
    clouds_world.app.state.device_sync.breaker = Breaker()  # a Retry-After held by a test before is over
    return clouds_world


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
