"""Strava against a fake Strava on loopback, on every store: OAuth connect (signed state) and
callback (tokens kept sealed), activities read page by page into cardio workouts once each, tokens
refreshed before they expire, 401 or a refused refresh -> reauth, 429 Retry-After honoured,
webhook subscription check and events (forged ones refused, replays stored once), ownership 404s."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import select, update

from channels.devices.sync import BREAKER_FAILURES
from domain.models import DeviceConnection
from tests.conftest import Lifter, register
from tests.fakes.strava import CODE, activities
from tests.integration.devices.conftest import SUBSCRIPTION, VERIFY_TOKEN, StravaWorld, settle


async def connected(world: StravaWorld) -> Lifter:
    who = await register(world.client)
    r = await world.client.post("/devices/strava/connect", headers=who.headers)
    assert r.status_code == 200, r.text
    state = r.json()["state"]
    r = await world.client.get("/devices/strava/callback", params={"code": CODE, "state": state})
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "connected" and r.json()["sync_job_id"]
    await settle(world.app, who.id)  # the backfill started on connecting
    world.fake.calls.clear()
    return who


async def sync(world: StravaWorld, who: Lifter) -> dict[str, Any]:
    r = await world.client.post("/devices/strava/sync", headers=who.headers)
    assert r.status_code == 202, r.text
    assert r.headers["location"].endswith(f"/jobs/{r.json()['job_id']}")
    await settle(world.app, who.id)
    logs = await world.client.get("/devices/strava/sync-logs", headers=who.headers)
    assert logs.status_code == 200, logs.text
    return dict(logs.json()["data"][0])


async def workouts(world: StravaWorld, who: Lifter) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    page = 1
    while True:
        r = await world.client.get("/workouts", params={"limit": 100, "page": page}, headers=who.headers)
        assert r.status_code == 200, r.text
        found += r.json()["data"]
        if not r.json()["meta"]["has_next"]:
            return found
        page += 1


async def status(world: StravaWorld, who: Lifter) -> str:
    devices = (await world.client.get("/devices", headers=who.headers)).json()["data"]
    return str({d["provider"]: d for d in devices}["strava"]["status"])


async def expire(world: StravaWorld, who: Lifter, when: datetime) -> None:
    async with world.app.state.spotter.uow() as uow:
        await uow.session.execute(
            update(DeviceConnection)
            .where(DeviceConnection.provider == "strava", DeviceConnection.user_id == _uuid(who))
            .values(expires_at=when)
        )
        await uow.commit()


def _uuid(who: Lifter) -> Any:
    import uuid

    return uuid.UUID(who.id)


async def test_connect_gives_an_authorize_url_with_a_signed_state(strava: StravaWorld) -> None:
    who = await register(strava.client)
    r = await strava.client.post("/devices/strava/connect", headers=who.headers)
    assert r.status_code == 200, r.text
    url = urlsplit(r.json()["authorize_url"])
    query = parse_qs(url.query)
    assert url.path == "/oauth/authorize" and query["client_id"] == ["cid"] and query["response_type"] == ["code"]
    assert query["state"] == [r.json()["state"]] and query["scope"] == ["read,activity:read_all"]
    assert query["redirect_uri"][0].endswith("/api/v1/devices/strava/callback")
    assert "code_challenge" not in query  # Strava takes no PKCE
    for params in (
        {"code": CODE, "state": "forged"},
        {"code": CODE, "state": r.json()["state"][:-2] + "xx"},
        {"code": "wrong-code", "state": r.json()["state"]},
        {"error": "access_denied", "state": r.json()["state"]},
    ):
        refused = await strava.client.get("/devices/strava/callback", params=params)
        assert refused.status_code == 403, (params, refused.text)
    assert await status(strava, who) == "disconnected"


async def test_tokens_are_sealed_at_rest(strava: StravaWorld) -> None:
    who = await connected(strava)
    async with strava.app.state.spotter.reader() as uow:
        row = await uow.session.scalar(select(DeviceConnection).where(DeviceConnection.user_id == _uuid(who)))
    assert row is not None and row.tokens and row.external_user_id == str(strava.fake.athlete_id)
    assert not any(token in row.tokens for token in strava.fake.access | strava.fake.refresh)


async def test_a_sync_reads_every_page_once(strava: StravaWorld) -> None:
    who = await connected(strava)
    strava.fake.items = activities(250)
    log = await sync(strava, who)
    assert log["status"] == "ok" and log["fetched"] == 250, log
    found = await workouts(strava, who)
    assert len(found) == 250
    assert {w["source"] for w in found} == {"strava"}
    assert len({w["client_id"] for w in found}) == 250
    pages = [c for c in strava.fake.calls if "athlete/activities" in c]
    assert len(pages) == 3  # 100 + 100 + 50
    # the next sync starts after the latest activity: nothing new, nothing stored twice
    strava.fake.calls.clear()
    assert (await sync(strava, who))["status"] == "ok"
    assert len(await workouts(strava, who)) == 250


async def test_tokens_are_refreshed_before_they_expire(strava: StravaWorld) -> None:
    who = await connected(strava)
    strava.fake.items = activities(3)
    await expire(strava, who, datetime.now(UTC) + timedelta(minutes=2))
    assert (await sync(strava, who))["status"] == "ok"
    assert [t["grant_type"] for t in strava.fake.token_requests] == ["authorization_code", "refresh_token"]
    assert len(await workouts(strava, who)) == 3
    assert await status(strava, who) == "connected"


async def test_a_refused_refresh_asks_the_lifter_to_connect_again(strava: StravaWorld) -> None:
    who = await connected(strava)
    strava.fake.refresh.clear()
    await expire(strava, who, datetime.now(UTC) - timedelta(minutes=1))
    log = await sync(strava, who)
    assert log["status"] == "reauth" and await status(strava, who) == "reauth"


async def test_a_401_asks_the_lifter_to_connect_again(strava: StravaWorld) -> None:
    who = await connected(strava)
    strava.fake.access.clear()
    log = await sync(strava, who)
    assert log["status"] == "reauth" and await status(strava, who) == "reauth"
    # connecting again brings it back
    r = await strava.client.post("/devices/strava/connect", headers=who.headers)
    r = await strava.client.get("/devices/strava/callback", params={"code": CODE, "state": r.json()["state"]})
    assert r.status_code == 200 and await status(strava, who) == "connected"


async def test_faults_are_tried_again_and_a_long_retry_after_stops_the_sync(strava: StravaWorld) -> None:
    who = await connected(strava)
    strava.fake.items = activities(5)
    strava.fake.script = ["500", "429", "slow", "500"]
    log = await sync(strava, who)
    assert log["status"] == "ok" and len(await workouts(strava, who)) == 5
    strava.fake.items = activities(7)
    strava.fake.script, strava.fake.retry_after = ["429"], "3600"
    log = await sync(strava, who)
    assert log["status"] == "failed" and "rate limited" in log["error"]
    assert await status(strava, who) == "connected"
    # the provider asked for an hour: its syncs wait that long (the job says so, Strava is not called)
    strava.fake.calls.clear()
    r = await strava.client.post("/devices/strava/sync", headers=who.headers)
    await settle(strava.app, who.id)
    job = (await strava.client.get(r.headers["location"].removeprefix("/api/v1"), headers=who.headers)).json()
    assert job["result"]["status"] == "skipped" and "resume in" in job["result"]["reason"]
    assert strava.fake.calls == []


async def test_syncs_failing_in_a_row_open_the_breaker(strava: StravaWorld) -> None:
    who = await connected(strava)
    strava.fake.items = activities(3)
    strava.fake.script = ["500"] * 200  # every try of every sync fails
    for _ in range(BREAKER_FAILURES):
        assert (await sync(strava, who))["status"] == "failed"
    # open: the next sync does not call Strava at all, and says when syncs resume
    strava.fake.calls.clear()
    strava.fake.script = []
    r = await strava.client.post("/devices/strava/sync", headers=who.headers)
    await settle(strava.app, who.id)
    job = (await strava.client.get(r.headers["location"].removeprefix("/api/v1"), headers=who.headers)).json()
    assert job["result"]["status"] == "skipped" and "has been failing" in job["result"]["reason"]
    assert strava.fake.calls == [] and await workouts(strava, who) == []
    assert await status(strava, who) == "connected"


async def test_the_webhook_subscription_check(strava: StravaWorld) -> None:
    params = {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "abc123"}
    r = await strava.client.get("/channels/strava/webhook", params=params)
    assert r.status_code == 200 and r.json() == {"hub.challenge": "abc123"}
    r = await strava.client.get("/channels/strava/webhook", params={**params, "hub.verify_token": "guess"})
    assert r.status_code == 403


async def test_webhook_events_store_the_activity_once(strava: StravaWorld) -> None:
    who = await connected(strava)
    strava.fake.items = activities(2)
    event = {
        "object_type": "activity",
        "object_id": strava.fake.items[1]["id"],
        "aspect_type": "create",
        "owner_id": strava.fake.athlete_id,
        "subscription_id": SUBSCRIPTION,
        "event_time": 1700000000,
        "updates": {},
    }
    forged = await strava.client.post("/channels/strava/webhook", json={**event, "subscription_id": 1})
    assert forged.status_code == 403
    assert await workouts(strava, who) == []
    for _ in range(3):  # replayed notifications
        r = await strava.client.post("/channels/strava/webhook", json=event)
        assert r.status_code == 200, r.text
    await settle(strava.app, who.id)
    found = await workouts(strava, who)
    assert len(found) == 1 and found[0]["name"] == "Activity 1"
    calories = await strava.client.get("/metrics", params={"type": "calories_active"}, headers=who.headers)
    assert [m["value"] for m in calories.json()["data"]] == [512]
    deauth = {**event, "object_type": "athlete", "aspect_type": "update", "updates": {"authorized": "false"}}
    assert (await strava.client.post("/channels/strava/webhook", json=deauth)).status_code == 200
    assert await status(strava, who) == "disconnected"


async def test_another_lifters_strava_is_not_found(strava: StravaWorld) -> None:
    who = await connected(strava)
    other = await register(strava.client)
    assert (await strava.client.post("/devices/strava/sync", headers=other.headers)).status_code == 404
    assert (await strava.client.get("/devices/strava/sync-logs", headers=other.headers)).status_code == 404
    assert (await strava.client.delete("/devices/strava", headers=other.headers)).status_code == 404
    assert await status(strava, who) == "connected"
    assert (await strava.client.delete("/devices/strava", headers=who.headers)).status_code == 204
