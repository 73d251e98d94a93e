"""Garmin against its fake, on every store: OAuth 2 with PKCE (a wrong verifier is refused), the
user id read after the exchange, history asked for only as far back as Garmin allows (30 days
before connecting) and only once, pushes and pings (callbacks on Garmin's API only) checked by our
client id, replays stored once, and deregistrations."""

from __future__ import annotations

import time

import pytest

from tests.conftest import register
from tests.fakes.clouds import CODE
from tests.fakes.garmin import LIMIT_S, FakeGarmin, activities, dailies
from tests.integration.devices.conftest import CloudsWorld
from tests.integration.devices.flows import authorize, connected, counts, external_id, metrics, status, sync

PUSH = "/channels/garmin/push"


def fake(world: CloudsWorld) -> FakeGarmin:
    found = world.fakes["garmin"]
    assert isinstance(found, FakeGarmin)
    return found


def ours(world: CloudsWorld) -> dict[str, str]:
    return {"garmin-client-id": fake(world).client_id}


async def test_connect_with_pkce_and_the_user_id(clouds: CloudsWorld) -> None:
    garmin = fake(clouds)
    who = await register(clouds.client)
    query, state = await authorize(clouds, who, "garmin")
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) == 43
    garmin.challenge = "not-the-challenge"  # the verifier we send does not match: refused
    r = await clouds.client.get("/devices/garmin/callback", params={"code": CODE, "state": state})
    assert r.status_code == 403
    await connected(clouds, "garmin", who)
    assert "code_verifier" in garmin.token_requests[-1]
    assert await external_id(clouds, who, "garmin") == garmin.user_id


async def test_history_is_asked_for_within_garmins_limit_once(clouds: CloudsWorld, database_url: str) -> None:
    if database_url.startswith("postgresql"):
        # Known since syncs became jobs (issue 21 note): on PostgreSQL the history is asked for twice while
        # connecting, the second time before the fake records the registration. Not yet understood.
        pytest.xfail("Garmin's history asked twice on PostgreSQL while connecting (open)")
    garmin = fake(clouds)
    who = await connected(clouds, "garmin")
    assert (await sync(clouds, who, "garmin"))["status"] == "ok"
    kinds = [k for k, _, _ in garmin.backfills]
    assert kinds == ["dailies", "sleeps", "activities", "bodyComps", "hrv", "bloodPressures", "userMetrics"]
    connected_at = garmin.registered_at[garmin.user_id]
    assert all(start >= connected_at - LIMIT_S and end <= time.time() for _, start, end in garmin.backfills)
    assert garmin.refused_backfills == []
    assert (await sync(clouds, who, "garmin"))["status"] == "ok"
    assert len(garmin.backfills) == 7  # not asked again: Garmin pushes from now on


async def test_pushes_are_ours_only_and_stored_once(clouds: CloudsWorld) -> None:
    garmin = fake(clouds)
    who = await connected(clouds, "garmin")
    body = {"dailies": dailies(garmin.user_id, 3), "activities": activities(garmin.user_id, 2)}
    for headers in ({}, {"garmin-client-id": "another-app"}):
        assert (await clouds.client.post(PUSH, json=body, headers=headers)).status_code == 403
    assert await counts(clouds, who, "garmin") == (0, 0)
    for _ in range(3):  # replayed
        r = await clouds.client.post(PUSH, json=body, headers=ours(clouds))
        assert r.status_code == 200, r.text
    # 3 days x (steps, resting hr, calories) + 2 activities' heart rate and calories; 2 workouts
    assert await counts(clouds, who, "garmin") == (13, 2)
    assert sorted(m["value"] for m in await metrics(clouds, who, "steps")) == [7000, 7001, 7002]
    stranger = {"dailies": dailies("someone-else", 1)}
    assert (await clouds.client.post(PUSH, json=stranger, headers=ours(clouds))).status_code == 200
    assert await counts(clouds, who, "garmin") == (13, 2)


async def test_pings_are_read_from_garmin_only_and_stored_once(clouds: CloudsWorld) -> None:
    garmin = fake(clouds)
    who = await connected(clouds, "garmin")
    garmin.calls.clear()  # the backfill's request for history
    garmin.summaries = {"activities": activities(garmin.user_id, 2)}
    base = clouds.app.state.settings.garmin_base_url
    url = f"{base}/wellness-api/rest/activities?uploadStartTimeInSeconds=1&uploadEndTimeInSeconds=2&token=t"
    for elsewhere in ("http://127.0.0.1:9/wellness-api/rest/activities", f"{base}/oauth/elsewhere"):
        ping = {"activities": [{"userId": garmin.user_id, "callbackURL": elsewhere}]}
        assert (await clouds.client.post(PUSH, json=ping, headers=ours(clouds))).status_code == 403
    ping = {"activities": [{"userId": garmin.user_id, "callbackURL": url}]}
    for _ in range(2):  # replayed
        assert (await clouds.client.post(PUSH, json=ping, headers=ours(clouds))).status_code == 200
    assert await counts(clouds, who, "garmin") == (4, 2)
    assert all("uploadStartTimeInSeconds=1" in c for c in garmin.calls)


async def test_a_deregistration_disconnects(clouds: CloudsWorld) -> None:
    garmin = fake(clouds)
    who = await connected(clouds, "garmin")
    body = {"deregistrations": [{"userId": garmin.user_id}]}
    assert (await clouds.client.post(PUSH, json=body, headers=ours(clouds))).status_code == 200
    assert await status(clouds, who, "garmin") == "disconnected"
