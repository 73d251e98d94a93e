"""What every cloud provider (Oura, Withings, Garmin, Fitbit) must do, against its fake, on every
store: refresh a token before it expires, ask the lifter to connect again when a refresh or a call
is refused, try 500s, 429s (Retry-After) and timeouts again and give up on a Retry-After longer than
a sync waits, revoke on disconnect, and keep one lifter's connection out of another's reach."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import register
from tests.fakes.fitbit import logs
from tests.fakes.oura import documents
from tests.fakes.withings import groups
from tests.integration.devices.conftest import CloudsWorld
from tests.integration.devices.flows import connected, counts, expire, last_log, status, sync

PROVIDERS = ["oura", "withings", "garmin", "fitbit"]


def seed(world: CloudsWorld, provider: str) -> int:
    """Give the fake a few days of data; how many records a sync should store (Garmin: none, it
    only asks for history, which Garmin then pushes)."""
    fake = world.fakes[provider]
    if provider == "oura":
        fake.docs = documents(3)  # type: ignore[attr-defined]
        return 3 * 8 + 3  # per day: 3 daily, 3 sleep, 1 hour of heart rate, 1 workout's calories; 3 workouts
    if provider == "withings":
        fake.measures = groups(4)  # type: ignore[attr-defined]
        return 2 * 2 + 2 * 2  # weight and fat; blood pressure and pulse
    if provider == "fitbit":
        fake.data = logs(3)  # type: ignore[attr-defined]
        return 3 * 7 + 3  # per day: sleep, steps, resting hr, weight, fat, a workout's hr and calories; 3 workouts
    return 0


async def stored(world: CloudsWorld, who: object, provider: str) -> int:
    readings, workouts = await counts(world, who, provider)  # type: ignore[arg-type]
    return readings + workouts


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_a_sync_stores_each_record_once(clouds: CloudsWorld, provider: str) -> None:
    expected = seed(clouds, provider)
    who = await connected(clouds, provider)  # the backfill on connecting reads it all
    assert await stored(clouds, who, provider) == expected
    for _ in range(2):  # the second sync reads the overlap again: updated, not stored twice
        log = await sync(clouds, who, provider)
        assert log["status"] == "ok", log["error"]
        assert await stored(clouds, who, provider) == expected


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_tokens_are_refreshed_before_they_expire(clouds: CloudsWorld, provider: str) -> None:
    expected = seed(clouds, provider)
    who = await connected(clouds, provider)
    await expire(clouds, who, provider, datetime.now(UTC) + timedelta(minutes=2))
    assert (await sync(clouds, who, provider))["status"] == "ok"
    grants = [t["grant_type"] for t in clouds.fakes[provider].token_requests]
    assert grants == ["authorization_code", "refresh_token"]
    assert await stored(clouds, who, provider) == expected and await status(clouds, who, provider) == "connected"


# Not Garmin: after its backfill a Garmin sync asks Garmin nothing (its data is pushed), so it needs no token.
@pytest.mark.parametrize("provider", [p for p in PROVIDERS if p != "garmin"])
async def test_a_refused_refresh_or_token_asks_to_connect_again(clouds: CloudsWorld, provider: str) -> None:
    fake = clouds.fakes[provider]
    who = await connected(clouds, provider)
    fake.refresh.clear()
    await expire(clouds, who, provider, datetime.now(UTC) - timedelta(minutes=1))
    log = await sync(clouds, who, provider)
    assert log["status"] == "reauth" and await status(clouds, who, provider) == "reauth"
    other = await connected(clouds, provider)  # connecting again is a new grant; then a 401 on a call
    fake.access.clear()
    log = await sync(clouds, other, provider)
    assert log["status"] == "reauth" and await status(clouds, other, provider) == "reauth"
    await connected(clouds, provider, other)
    assert await status(clouds, other, provider) == "connected"


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_faults_are_tried_again_and_a_long_retry_after_stops(clouds: CloudsWorld, provider: str) -> None:
    fake = clouds.fakes[provider]
    expected = seed(clouds, provider)
    fake.script = ["500", "429", "slow", "repeat", "500"]
    who = await connected(clouds, provider)  # the backfill on connecting meets the faults
    log = await last_log(clouds, who, provider)
    assert log["status"] == "ok", log
    assert await stored(clouds, who, provider) == expected
    assert {"500", "429", "slow"} <= fake.faults.keys()
    if provider == "garmin":  # its history was asked for once: nothing more to ask, nothing to fail
        return
    fake.script, fake.retry_after = ["429"], "3600"
    log = await sync(clouds, who, provider)
    assert log["status"] == "failed" and "rate limited" in log["error"]
    assert await status(clouds, who, provider) == "connected"


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_disconnect_revokes_and_is_the_lifters_own(clouds: CloudsWorld, provider: str) -> None:
    fake = clouds.fakes[provider]
    seed(clouds, provider)
    who = await connected(clouds, provider)
    assert (await sync(clouds, who, provider))["status"] == "ok"
    other = await register(clouds.client)
    for call in (
        clouds.client.post(f"/devices/{provider}/sync", headers=other.headers),
        clouds.client.get(f"/devices/{provider}/sync-logs", headers=other.headers),
        clouds.client.delete(f"/devices/{provider}", headers=other.headers),
    ):
        assert (await call).status_code == 404
    assert fake.revoked == []
    r = await clouds.client.delete(f"/devices/{provider}", params={"keep_data": "false"}, headers=who.headers)
    assert r.status_code == 204, r.text
    assert fake.revoked, "the provider was told"
    assert await status(clouds, who, provider) == "disconnected"
    assert await counts(clouds, who, provider) == (0, 0)


async def test_the_openapi_document_names_the_providers_and_their_webhooks(clouds: CloudsWorld) -> None:
    spec = (await clouds.client.get("http://test/openapi.json")).json()
    device = spec["components"]["schemas"]["DeviceOut"]["properties"]["provider"]
    assert set(PROVIDERS) <= set(device["enum"])
    hooks = {
        ("/api/v1/channels/oura/webhook", "get"): "403",
        ("/api/v1/channels/oura/webhook", "post"): "403",
        ("/api/v1/channels/withings/notify", "get"): "403",
        ("/api/v1/channels/withings/notify", "post"): "403",
        ("/api/v1/channels/garmin/push", "post"): "403",
        ("/api/v1/channels/fitbit/webhook", "get"): "404",
        ("/api/v1/channels/fitbit/webhook", "post"): "404",
    }
    for (path, method), refusal in hooks.items():
        operation = spec["paths"][path][method]
        assert refusal in operation["responses"] and "security" not in operation, (path, method)
    for path in ("/api/v1/channels/oura/webhook", "/api/v1/channels/garmin/push"):
        body = spec["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        assert spec["components"]["schemas"][body.rsplit("/", 1)[1]].get("examples"), path
