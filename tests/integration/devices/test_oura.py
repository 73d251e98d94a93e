"""Oura against its fake, on every store: the authorize URL, the user id read after the exchange,
collections read page by page into normalised records (sleep stages, HRV, hourly heart rate,
workouts), and webhooks: the callback check, forged signatures refused, replays stored once."""

from __future__ import annotations

import html

import httpx
import pytest

from channels.devices.oura import subscribe
from tests.conftest import register
from tests.fakes.clouds import CODE
from tests.fakes.oura import FakeOura, documents
from tests.integration.devices.conftest import OURA_VERIFY, CloudsWorld, settle
from tests.integration.devices.flows import (
    authorize,
    connected,
    counts,
    external_id,
    last_log,
    metrics,
    status,
)


def fake(world: CloudsWorld) -> FakeOura:
    found = world.fakes["oura"]
    assert isinstance(found, FakeOura)
    return found


async def test_connect_names_the_scopes_and_reads_the_user_id(clouds: CloudsWorld) -> None:
    who = await register(clouds.client)
    query, state = await authorize(clouds, who, "oura")
    assert query["scope"] == ["personal daily heartrate workout"] and query["response_type"] == ["code"]
    assert "code_challenge" not in query  # Oura takes no PKCE
    for params in ({"code": CODE, "state": "forged"}, {"code": "wrong", "state": state}):
        assert (await clouds.client.get("/devices/oura/callback", params=params)).status_code == 403
    await connected(clouds, "oura", who)
    assert await external_id(clouds, who, "oura") == fake(clouds).user_id


async def test_collections_are_read_page_by_page_into_records(clouds: CloudsWorld) -> None:
    oura = fake(clouds)
    oura.docs, oura.per_page = documents(12), 5
    who = await connected(clouds, "oura")
    log = await last_log(clouds, who, "oura")  # the backfill on connecting
    assert log["status"] == "ok" and log["fetched"] == 12 * 7 + 12, log
    pages = [c for c in oura.calls if "/usercollection/sleep" in c]
    assert len(pages) == 3  # 5 + 5 + 2, by next_token
    night = (await metrics(clouds, who, "sleep_hours"))[0]
    assert night["value"] == 8 and night["source"] == "oura"
    assert night["details"] == {"deep_min": 90, "light_min": 270, "rem_min": 120, "awake_min": 30}
    assert {m["value"] for m in await metrics(clouds, who, "hrv")} == {45}
    assert [m["value"] for m in await metrics(clouds, who, "heart_rate") if m["value"] == 67.5]  # 60..75, an hour
    assert await counts(clouds, who, "oura") == (12 * 8, 12)


async def test_the_webhook_callback_check(clouds: CloudsWorld) -> None:
    params = {"verification_token": OURA_VERIFY, "challenge": "c-123"}
    r = await clouds.client.get("/channels/oura/webhook", params=params)
    assert r.status_code == 200 and r.json() == {"challenge": "c-123"}
    r = await clouds.client.get("/channels/oura/webhook", params={**params, "verification_token": "guess"})
    assert r.status_code == 403


async def test_the_apps_subscriptions_are_made_with_its_client(clouds: CloudsWorld) -> None:
    oura, settings = fake(clouds), clouds.app.state.settings
    async with httpx.AsyncClient() as client:
        made = await subscribe(client, settings.oura_base_url, oura.client_id, oura.client_secret,
                               "https://spotter.example/api/v1/channels/oura/webhook", OURA_VERIFY)  # fmt: skip
        with pytest.raises(httpx.HTTPStatusError):
            await subscribe(client, settings.oura_base_url, oura.client_id, "wrong", "https://x", OURA_VERIFY)
    assert len(made) == 6 and {(s["data_type"], s["event_type"]) for s in oura.subscriptions} == {
        (d, e) for d in ("daily_activity", "sleep", "workout") for e in ("create", "update")
    }
    assert {s["verification_token"] for s in oura.subscriptions} == {OURA_VERIFY}


async def test_notifications_are_signed_and_replays_stored_once(clouds: CloudsWorld) -> None:
    oura = fake(clouds)
    oura.docs = documents(0)  # nothing for the backfill on connecting
    who = await connected(clouds, "oura")
    oura.docs = documents(2)  # after the backfill: only the notifications read them
    event = {"event_type": "create", "data_type": "workout", "object_id": oura.docs["workout"][1]["id"],
             "event_time": "2025-03-03T07:00:00+00:00", "user_id": oura.user_id}  # fmt: skip
    raw, headers = oura.notification(event, secret="not-the-secret")
    r = await clouds.client.post("/channels/oura/webhook", content=raw, headers=headers)
    assert r.status_code == 403
    raw, headers = oura.notification(event)
    tampered = raw.replace(b"workout", b"sleep")
    assert (await clouds.client.post("/channels/oura/webhook", content=tampered, headers=headers)).status_code == 403
    assert await counts(clouds, who, "oura") == (0, 0)
    for _ in range(3):  # replayed
        r = await clouds.client.post("/channels/oura/webhook", content=raw, headers=headers)
        assert r.status_code == 200, r.text
    assert await counts(clouds, who, "oura") == (1, 1)  # the workout and its calories
    gone = {**event, "object_id": "no-such-document"}
    raw, headers = oura.notification(gone)
    assert (await clouds.client.post("/channels/oura/webhook", content=raw, headers=headers)).status_code == 200
    assert await counts(clouds, who, "oura") == (1, 1) and await status(clouds, who, "oura") == "connected"
    calls = len(oura.calls)
    stranger = {**event, "user_id": "someone-else"}
    raw, headers = oura.notification(stranger)
    assert (await clouds.client.post("/channels/oura/webhook", content=raw, headers=headers)).status_code == 200
    assert len(oura.calls) == calls  # nothing read for a user not connected here


async def test_a_browser_goes_through_the_consent_page_and_back_to_the_devices_page(clouds: CloudsWorld) -> None:
    who = await register(clouds.client)
    r = await clouds.client.post("/devices/oura/connect", headers=who.headers)
    async with httpx.AsyncClient() as browser:  # the fake's consent page, on loopback
        page = await browser.get(r.json()["authorize_url"])
    assert page.status_code == 200 and 'id="allow"' in page.text
    allow = html.unescape(page.text.split('id="allow" href="')[1].split('"')[0])
    deny = html.unescape(page.text.split('id="deny" href="')[1].split('"')[0])
    browsing = {"accept": "text/html,application/xhtml+xml"}
    back = await clouds.client.get(deny.split("/api/v1", 1)[1], headers=browsing)
    assert back.status_code == 303 and back.headers["location"].startswith("/?device_error=Access+was+not+granted")
    back = await clouds.client.get(allow.split("/api/v1", 1)[1], headers=browsing)
    assert back.status_code == 303 and back.headers["location"] == "/?connected=oura#devices"
    await settle(clouds.app, who.id)  # the backfill started on connecting
    assert await status(clouds, who, "oura") == "connected"
