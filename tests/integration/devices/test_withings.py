"""Withings against its fake, on every store: the token requests carry `action=requesttoken` and
its status-in-body answers become tokens or refusals; measures are read page by page into weight,
body fat, blood pressure and pulse; errors reported inside HTTP 200 (401: connect again, 601: try
again); notify subscriptions made on connect and revoked on disconnect; the notify callback checked
by its token, forged ones refused, replays stored once."""

from __future__ import annotations

from tests.conftest import register
from tests.fakes.withings import FakeWithings, groups, withings_id
from tests.integration.devices.conftest import CloudsWorld
from tests.integration.devices.flows import (
    authorize,
    connected,
    counts,
    external_id,
    last_log,
    metrics,
    status,
    sync,
)


def fake(world: CloudsWorld) -> FakeWithings:
    found = world.fakes["withings"]
    assert isinstance(found, FakeWithings)
    return found


def callback(world: CloudsWorld) -> str:
    """The notify callback the connection subscribed (path and query, as the app serves it)."""
    url = fake(world).subscriptions[0]["callbackurl"]
    return url.split("/api/v1", 1)[1]


async def test_connect_speaks_withings_oauth_and_subscribes(clouds: CloudsWorld) -> None:
    withings = fake(clouds)
    who = await register(clouds.client)
    query, state = await authorize(clouds, who, "withings")
    assert query["scope"] == ["user.metrics,user.activity"] and "code_challenge" not in query
    r = await clouds.client.get("/devices/withings/callback", params={"code": "wrong", "state": state})
    assert r.status_code == 403 and "status 503" in r.json()["error"]["message"]  # a status in the body, HTTP 200
    await connected(clouds, "withings", who)
    assert {t["action"] for t in withings.token_requests} == {"requesttoken"}
    assert await external_id(clouds, who, "withings") == str(withings_id(withings.user_id))
    assert [(s["action"], s["appli"]) for s in withings.subscriptions] == [("subscribe", "1"), ("subscribe", "4")]
    assert (await clouds.client.head(callback(clouds))).status_code == 200  # Withings checks the URL
    assert (await clouds.client.head("/channels/withings/notify?token=guess")).status_code == 403


async def test_measures_are_read_page_by_page(clouds: CloudsWorld) -> None:
    withings = fake(clouds)
    withings.measures, withings.per_page = groups(25), 10
    who = await connected(clouds, "withings")
    log = await last_log(clouds, who, "withings")  # the backfill on connecting
    assert log["status"] == "ok" and log["fetched"] == 13 * 2 + 12 * 2, log
    assert len([c for c in withings.calls if c.endswith("/measure")]) == 3  # 10 + 10 + 5, by offset
    weights = await metrics(clouds, who, "body_weight")
    assert len(weights) == 13 and {w["source"] for w in weights} == {"withings"}
    assert min(w["value"] for w in weights) == 80.5
    pressure = (await metrics(clouds, who, "blood_pressure"))[0]
    assert pressure["value"] == 120.5 and pressure["details"] == {"diastolic": 80}
    assert {m["value"] for m in await metrics(clouds, who, "body_fat")} == {18.5}
    # the next sync asks only for what changed since (nothing): the cursor is Withings' updatetime
    assert (await sync(clouds, who, "withings"))["fetched"] == 0
    assert await counts(clouds, who, "withings") == (50, 0)


async def test_errors_inside_http_200_answers(clouds: CloudsWorld) -> None:
    withings = fake(clouds)
    withings.measures = groups(2)
    who = await connected(clouds, "withings")
    withings.script = ["601", "601"]  # too many requests, in the body: tried again
    log = await sync(clouds, who, "withings")
    assert log["status"] == "ok" and withings.faults["601"] == 2
    assert await counts(clouds, who, "withings") == (4, 0)
    withings.access.clear()  # status 401 in the body
    log = await sync(clouds, who, "withings")
    assert log["status"] == "reauth" and await status(clouds, who, "withings") == "reauth"


async def test_notifications_are_checked_and_replays_stored_once(clouds: CloudsWorld) -> None:
    withings = fake(clouds)
    withings.measures = groups(0)  # nothing for the backfill on connecting
    who = await connected(clouds, "withings")
    withings.measures = groups(6)  # after the backfill: only the notifications read them
    one = withings.measures[4]  # a weight
    form = {"userid": str(withings_id(withings.user_id)), "appli": "1",
            "startdate": str(one["date"] - 60), "enddate": str(one["date"] + 60)}  # fmt: skip
    forged = await clouds.client.post("/channels/withings/notify?token=guess", data=form)
    assert forged.status_code == 403 and await counts(clouds, who, "withings") == (0, 0)
    for _ in range(3):  # replayed
        r = await clouds.client.post(callback(clouds), data=form)
        assert r.status_code == 200, r.text
    assert await counts(clouds, who, "withings") == (2, 0)  # its weight and fat, once
    stranger = {**form, "userid": "12345"}
    assert (await clouds.client.post(callback(clouds), data=stranger)).status_code == 200
    assert await counts(clouds, who, "withings") == (2, 0)
