"""Fitbit (Google Health API for Fitbit devices) against its fake, on every store: OAuth 2 with PKCE
and the client by HTTP Basic, a subscription made on connect, activity and sleep logs followed
page by page through `pagination.next`, steps, resting heart rate and weight (in windows Fitbit
takes) into normalised records, the subscriber check, signed notifications (forged: 404), replays
stored once, and a revoked access."""

from __future__ import annotations

from tests.conftest import register
from tests.fakes.clouds import CODE
from tests.fakes.fitbit import FakeFitbit, logs
from tests.integration.devices.conftest import FITBIT_VERIFY, CloudsWorld
from tests.integration.devices.flows import (
    authorize,
    connected,
    counts,
    external_id,
    last_log,
    metrics,
    status,
)

HOOK = "/channels/fitbit/webhook"


def fake(world: CloudsWorld) -> FakeFitbit:
    found = world.fakes["fitbit"]
    assert isinstance(found, FakeFitbit)
    return found


async def test_connect_with_pkce_and_a_subscription(clouds: CloudsWorld) -> None:
    fitbit = fake(clouds)
    who = await register(clouds.client)
    query, state = await authorize(clouds, who, "fitbit")
    assert query["code_challenge_method"] == ["S256"] and query["scope"] == ["activity heartrate sleep weight profile"]
    fitbit.challenge = "not-the-challenge"
    assert (
        await clouds.client.get("/devices/fitbit/callback", params={"code": CODE, "state": state})
    ).status_code == 403
    await connected(clouds, "fitbit", who)
    assert "client_secret" not in fitbit.token_requests[-1]  # the client goes by HTTP Basic
    assert await external_id(clouds, who, "fitbit") == fitbit.user_id
    assert fitbit.subscriptions == [fitbit.user_id]


async def test_logs_are_followed_page_by_page_into_records(clouds: CloudsWorld) -> None:
    fitbit = fake(clouds)
    fitbit.data, fitbit.per_page = logs(12), 5
    who = await connected(clouds, "fitbit")
    log = await last_log(clouds, who, "fitbit")  # the backfill on connecting
    assert log["status"] == "ok" and log["fetched"] == 12 * 5 + 12, log
    assert len([c for c in fitbit.calls if "activities/list.json" in c]) == 3  # 5 + 5 + 2, by pagination.next
    weight_calls = [c for c in fitbit.calls if "weight/date" in c]
    assert len(weight_calls) == 3  # 90 days of backfill in windows of 31 days at most (Fitbit's limit)
    night = (await metrics(clouds, who, "sleep_hours"))[0]
    assert night["value"] == 7 and night["source"] == "fitbit"
    assert night["details"] == {"deep_min": 80, "light_min": 240, "rem_min": 100, "awake_min": 30}
    assert sorted(m["value"] for m in await metrics(clouds, who, "steps"))[:2] == [9000, 9001]
    assert {m["value"] for m in await metrics(clouds, who, "resting_heart_rate")} == {55}
    assert {m["value"] for m in await metrics(clouds, who, "body_fat")} == {18.5}
    assert await counts(clouds, who, "fitbit") == (12 * 7, 12)


async def test_the_subscriber_check(clouds: CloudsWorld) -> None:
    assert (await clouds.client.get(HOOK, params={"verify": FITBIT_VERIFY})).status_code == 204
    assert (await clouds.client.get(HOOK, params={"verify": "guess"})).status_code == 404


async def test_notifications_are_signed_and_replays_stored_once(clouds: CloudsWorld) -> None:
    fitbit = fake(clouds)
    fitbit.data = logs(0)  # nothing for the backfill on connecting
    who = await connected(clouds, "fitbit")
    fitbit.data = logs(3)  # after the backfill: only the notifications read them
    day = fitbit.data["sleep"][1]["dateOfSleep"]
    body = [{"collectionType": "sleep", "date": day, "ownerId": fitbit.user_id, "ownerType": "user",
             "subscriptionId": fitbit.user_id}]  # fmt: skip
    raw, headers = fitbit.notification(body, secret="not-the-secret")
    assert (await clouds.client.post(HOOK, content=raw, headers=headers)).status_code == 404
    assert await counts(clouds, who, "fitbit") == (0, 0)
    raw, headers = fitbit.notification(body)
    for _ in range(3):  # replayed
        r = await clouds.client.post(HOOK, content=raw, headers=headers)
        assert r.status_code == 204, r.text
    nights = await metrics(clouds, who, "sleep_hours")
    assert await counts(clouds, who, "fitbit") == (2, 0)  # the nights from that day on (one page of the log)
    assert len(nights) == 2
    revoked = [{**body[0], "collectionType": "userRevokedAccess"}]
    raw, headers = fitbit.notification(revoked)
    assert (await clouds.client.post(HOOK, content=raw, headers=headers)).status_code == 204
    assert await status(clouds, who, "fitbit") == "disconnected"
