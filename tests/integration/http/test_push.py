"""Web push through the API: the VAPID key, subscriptions (validated, owner-only, replaced, removed),
and notifications delivered to a push service on 127.0.0.1 that checks the real request (aes128gcm
body, VAPID JWT signed with the key the API serves, TTL): a record, a goal met, and a subscription
the service says is gone (410) removed."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import httpx
import pytest

from tests.conftest import Lifter, app_client, make_settings, register
from tests.fakes.push import FakePushService, push_service


@pytest.fixture(scope="module")
def pushes() -> Iterator[FakePushService]:
    with push_service() as fake:
        yield fake


async def eventually(check: Callable[[], Awaitable[bool] | bool], timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        done = check()
        if not isinstance(done, bool):
            done = await done
        if done:
            return
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.02)


async def subscribe(client: httpx.AsyncClient, who: Lifter, sub: dict[str, Any], code: int = 201) -> dict[str, Any]:
    r = await client.post("/push/subscriptions", headers=who.headers, json=sub)
    assert r.status_code == code, r.text
    return dict(r.json())


async def log(client: httpx.AsyncClient, who: Lifter, **entry: Any) -> None:
    active = await client.get("/workouts/active", headers=who.headers)
    if active.status_code == 404:
        active = await client.post("/workouts/start", json={}, headers=who.headers)
    r = await client.post(f"/workouts/{active.json()['id']}/sets", json=entry, headers=who.headers)
    assert r.status_code == 201, r.text


async def test_the_public_key_needs_no_sign_in(client: httpx.AsyncClient) -> None:
    r = await client.get("/push/key")
    assert r.status_code == 200
    key = r.json()["public_key"]
    assert len(key) == 87 and key.startswith("B")  # 65 bytes, uncompressed (0x04), base64url
    assert (await client.get("/push/key")).json()["public_key"] == key  # the same key every time


async def test_subscribe_list_replace_unsubscribe(
    client: httpx.AsyncClient, lifter: Lifter, other: Lifter, pushes: FakePushService
) -> None:
    sub = pushes.subscribe()
    made = await subscribe(client, lifter, sub)
    assert made["endpoint"] == sub["endpoint"] and made["last_sent_at"] is None
    again = await subscribe(client, lifter, {**sub, "keys": pushes.subscribe()["keys"]}, code=200)
    assert again["id"] == made["id"]  # the same browser: its keys replaced, not a second row
    listed = (await client.get("/push/subscriptions", headers=lifter.headers)).json()
    assert [s["id"] for s in listed] == [made["id"]]
    assert (await client.get("/push/subscriptions", headers=other.headers)).json() == []
    # another lifter can neither see nor remove it, by endpoint or by id
    r = await client.delete("/push/subscriptions", headers=other.headers, params={"endpoint": sub["endpoint"]})
    assert r.status_code == 404 and r.json()["error"]["code"] == "NOT_FOUND"
    assert (await client.delete(f"/push/subscriptions/{made['id']}", headers=other.headers)).status_code == 404
    r = await client.delete("/push/subscriptions", headers=lifter.headers, params={"endpoint": sub["endpoint"]})
    assert r.status_code == 204
    assert (await client.get("/push/subscriptions", headers=lifter.headers)).json() == []
    assert (await client.delete(f"/push/subscriptions/{made['id']}", headers=lifter.headers)).status_code == 404
    assert (await client.post("/push/subscriptions", json=sub)).status_code == 401


async def test_a_shared_browser_pushes_to_whoever_subscribed_it_last(
    client: httpx.AsyncClient, lifter: Lifter, other: Lifter, pushes: FakePushService
) -> None:
    sub = pushes.subscribe()
    await subscribe(client, lifter, sub)
    await subscribe(client, other, sub)  # another account signed in on the same browser
    assert (await client.get("/push/subscriptions", headers=lifter.headers)).json() == []
    assert len((await client.get("/push/subscriptions", headers=other.headers)).json()) == 1


GOOD = {
    "endpoint": "https://push.example.com/send/abc123",
    "keys": {
        "p256dh": "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM",
        "auth": "tBHItJI5svbpez7KI4CCXg",
    },
}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"endpoint": "ftp://push.example.com/x"}, "endpoint"),
        ({"endpoint": "https://user:pw@push.example.com/x"}, "endpoint"),
        ({"endpoint": "https://push.example.com/x#frag"}, "endpoint"),
        ({"keys": {"p256dh": "BNcRdreALRFX", "auth": "tBHItJI5svbpez7KI4CCXg"}}, "keys.p256dh"),
        ({"keys": {"p256dh": GOOD["keys"]["p256dh"], "auth": "dG9vIHNob3J0"}}, "keys.auth"),
        ({"keys": {"p256dh": GOOD["keys"]["p256dh"], "auth": "not base64!!"}}, "keys.auth"),
        ({"keys": {"p256dh": GOOD["keys"]["p256dh"]}}, "keys.auth"),
        ({"extra": 1}, "extra"),
    ],
)
async def test_bad_subscriptions_are_422(
    client: httpx.AsyncClient, lifter: Lifter, change: dict[str, Any], field: str
) -> None:
    r = await client.post("/push/subscriptions", headers=lifter.headers, json={**GOOD, **change})
    assert r.status_code == 422, r.text
    assert any(d["field"] == field for d in r.json()["error"]["details"]), r.json()
    assert (await client.get("/push/subscriptions", headers=lifter.headers)).json() == []


async def test_private_endpoints_are_refused_unless_allowed(database_url: str) -> None:
    async with app_client(make_settings(database_url, push_allow_private=False)) as client:
        who = await register(client)
        for endpoint in ("http://push.example.com/x", "https://127.0.0.1/push/x", "https://localhost/push/x"):
            r = await client.post("/push/subscriptions", headers=who.headers, json={**GOOD, "endpoint": endpoint})
            assert r.status_code == 422 and r.json()["error"]["details"][0]["field"] == "endpoint", r.text
        assert (await client.post("/push/subscriptions", headers=who.headers, json=GOOD)).status_code == 201


async def test_a_record_and_a_goal_met_are_pushed(
    client: httpx.AsyncClient, lifter: Lifter, pushes: FakePushService
) -> None:
    phone, laptop = pushes.subscribe(), pushes.subscribe()
    await subscribe(client, lifter, phone)
    await subscribe(client, lifter, laptop)
    r = await client.post(
        "/goals", headers=lifter.headers, json={"kind": "heaviest", "exercise": "barbell-back-squat", "target": 300}
    )
    assert r.status_code == 201, r.text
    await log(client, lifter, exercise="barbell-back-squat", reps=5, weight=225)  # the first: beats nothing
    await log(client, lifter, exercise="barbell-back-squat", reps=5, weight=315)  # a record, and the goal met
    for sub in (phone, laptop):
        await eventually(lambda s=sub: {p.message["type"] for p in pushes.to(s)} >= {"pr.set", "goal.met"})
    assert sorted(p.message["type"] for p in pushes.to(phone)) == ["goal.met", "pr.set"]  # one per set, not per record
    got = {p.message["type"]: p for p in pushes.to(phone)}
    assert got["pr.set"].message["title"] == "New personal record!" and "Squat" in got["pr.set"].message["body"]
    assert got["pr.set"].message["body"].endswith(": 315 lb × 5")  # in the lifter's unit
    assert got["goal.met"].message["title"] == "Goal met!" and got["pr.set"].ttl == 86_400
    key = (await client.get("/push/key")).json()["public_key"]
    assert all(p.claims["sub"].startswith("mailto:") for p in got.values())
    assert not pushes.refused and key  # every request passed the service's checks (JWT verified with `k`)
    listed = (await client.get("/push/subscriptions", headers=lifter.headers)).json()
    assert all(s["last_sent_at"] for s in listed)


async def test_a_gone_subscription_is_removed(
    client: httpx.AsyncClient, lifter: Lifter, pushes: FakePushService
) -> None:
    sub = pushes.subscribe()
    await subscribe(client, lifter, sub)
    pushes.gone.add(sub["endpoint"].rsplit("/", 1)[1])
    await log(client, lifter, exercise="barbell-bench-press", reps=5, weight=100)
    await log(client, lifter, exercise="barbell-bench-press", reps=5, weight=150)  # a record; the service: 410

    async def removed() -> bool:
        return (await client.get("/push/subscriptions", headers=lifter.headers)).json() == []

    await eventually(removed)
    assert pushes.to(sub) == []


async def test_the_service_worker_is_served_for_the_whole_app(client: httpx.AsyncClient) -> None:
    r = await client.get("http://test/sw.js")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/javascript")
    assert r.headers["service-worker-allowed"] == "/" and 'addEventListener("push"' in r.text
    page = (await client.get("http://test/static/js/push.js")).text
    assert 'register("/sw.js"' in page and "/push/subscriptions" in page and "/reminders" in page


async def test_rest_over_is_pushed(client: httpx.AsyncClient, lifter: Lifter, pushes: FakePushService) -> None:
    """A rest timer run out (`rest.ended`, reason done) is a push; its start is not."""
    sub = pushes.subscribe()
    await subscribe(client, lifter, sub)
    r = await client.post("/assistant/messages", headers=lifter.headers, json={"text": "rest 1 second"})
    assert r.status_code == 200, r.text
    await eventually(lambda: len(pushes.to(sub)) == 1)
    (pushed,) = pushes.to(sub)
    assert pushed.message["type"] == "rest.ended" and pushed.message["title"] == "Rest's up" and pushed.ttl == 120
