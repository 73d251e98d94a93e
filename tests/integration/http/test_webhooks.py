"""Outgoing webhooks through the API: CRUD and validation, ownership (another lifter's or another
API key's webhook is a 404), the secret shown once and rotated, delivery of real events to a
receiver on 127.0.0.1 that checks every signature and fails on purpose for a while (every event
delivered at least once, each event id processed once), the delivery log, auto-disable and
re-enable, and the test ping."""

from __future__ import annotations

import asyncio
import socket
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest

from assistant.bootstrap import bootstrap
from assistant.jobs.arq_queue import worker
from assistant.jobs.registry import JOBS
from tests.conftest import REDIS_URL, Lifter, app_client, make_settings, register
from tests.fakes.webhook_receiver import Receiver, receiving

FAST = {"webhook_retry_base_s": 0.02, "webhook_max_tries": 12, "webhook_timeout_s": 2.0}


@pytest.fixture(scope="module")
async def fast(database_url: str) -> AsyncIterator[httpx.AsyncClient]:
    """An app of its own whose deliveries retry within milliseconds."""
    async with app_client(make_settings(database_url, **FAST, webhook_disable_after=1000)) as client:
        yield client


async def eventually(check: Callable[[], Awaitable[bool]], timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not await check():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.02)


async def make_hook(client: httpx.AsyncClient, who: Lifter, url: str, **extra: Any) -> dict[str, Any]:
    r = await client.post("/webhooks", headers=who.headers, json={"url": url, **extra})
    assert r.status_code == 201, r.text
    made: dict[str, Any] = r.json()
    return made


async def test_create_read_change_delete(client: httpx.AsyncClient, lifter: Lifter) -> None:
    h = lifter.headers
    made = await make_hook(client, lifter, "https://example.com/hooks", event_types=["set.*", "pr.set"], name="app")
    assert made["secret"].startswith("whsec_") and len(made["secret"]) > 30
    assert made["event_types"] == ["pr.set", "set.*"] and made["enabled"] and made["api_key_id"] is None
    one = (await client.get(f"/webhooks/{made['id']}", headers=h)).json()
    assert "secret" not in one and one["url"] == "https://example.com/hooks"
    listed = (await client.get("/webhooks", headers=h)).json()
    assert [w["id"] for w in listed["data"]] == [made["id"]] and listed["meta"]["total"] == 1
    r = await client.patch(f"/webhooks/{made['id']}", headers=h, json={"event_types": [], "enabled": False})
    assert r.status_code == 200 and r.json()["event_types"] == [] and r.json()["enabled"] is False
    assert r.json()["disabled_reason"] == "disabled by its owner"
    r = await client.post(f"/webhooks/{made['id']}/rotate-secret", headers=h)
    assert r.status_code == 200 and r.json()["secret"] != made["secret"] and r.json()["previous_secret_until"]
    assert (await client.delete(f"/webhooks/{made['id']}", headers=h)).status_code == 204
    assert (await client.get(f"/webhooks/{made['id']}", headers=h)).status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "ftp://example.com/hook"}, "url"),
        ({"url": "javascript:alert(1)//x"}, "url"),
        ({"url": "file:///etc/passwd"}, "url"),
        ({"url": "https://user:pw@example.com/hook"}, "url"),
        ({"url": "https://example.com/hook#frag"}, "url"),
        ({"url": "https://example.com:0/hook"}, "url"),
        ({"url": "https://example.com/hook", "event_types": ["set.exploded"]}, "event_types[0]"),
        ({"url": "https://example.com/hook", "event_types": ["nope.*"]}, "event_types[0]"),
        ({"url": "https://example.com/hook", "secret": "mine"}, "secret"),
    ],
)
async def test_bad_input_is_a_422_naming_the_field(
    client: httpx.AsyncClient, lifter: Lifter, body: dict[str, Any], field: str
) -> None:
    r = await client.post("/webhooks", headers=lifter.headers, json=body)
    assert r.status_code == 422, r.text
    assert field in [d["field"] for d in r.json()["error"]["details"]]
    assert (await client.get("/webhooks", headers=lifter.headers)).json()["meta"]["total"] == 0


async def test_a_bad_change_keeps_the_webhook_as_it_was(client: httpx.AsyncClient, lifter: Lifter) -> None:
    made = await make_hook(client, lifter, "https://example.com/a")
    for body in ({"url": "gopher://example.com/"}, {"url": None}, {}, {"event_types": ["x.y"]}):
        r = await client.patch(f"/webhooks/{made['id']}", headers=lifter.headers, json=body)
        assert r.status_code == 422, r.text
    assert (await client.get(f"/webhooks/{made['id']}", headers=lifter.headers)).json()[
        "url"
    ] == "https://example.com/a"


async def test_another_lifters_webhook_is_not_found(client: httpx.AsyncClient, lifter: Lifter, other: Lifter) -> None:
    made = await make_hook(client, lifter, "https://example.com/mine")
    path = f"/webhooks/{made['id']}"
    oh = other.headers
    assert (await client.get(path, headers=oh)).status_code == 404
    assert (await client.patch(path, headers=oh, json={"enabled": False})).status_code == 404
    assert (await client.post(f"{path}/ping", headers=oh)).status_code == 404
    assert (await client.post(f"{path}/rotate-secret", headers=oh)).status_code == 404
    assert (await client.get(f"{path}/deliveries", headers=oh)).status_code == 404
    assert (await client.delete(path, headers=oh)).status_code == 404
    assert (await client.get("/webhooks", headers=oh)).json()["data"] == []
    assert (await client.get(path, headers=lifter.headers)).json()["enabled"] is True


async def test_an_api_keys_webhooks_are_its_own(client: httpx.AsyncClient, lifter: Lifter) -> None:
    r = await client.post("/me/api-keys", headers=lifter.headers, json={"name": "app", "scopes": ["read", "write"]})
    key = r.json()
    by_key = {"X-API-Key": key["key"]}
    r = await client.post("/webhooks", headers=by_key, json={"url": "https://example.com/by-key"})
    assert r.status_code == 201 and r.json()["api_key_id"] == key["id"]
    mine = await make_hook(client, lifter, "https://example.com/by-session")
    assert [w["url"] for w in (await client.get("/webhooks", headers=by_key)).json()["data"]] == [
        "https://example.com/by-key"
    ]
    assert (await client.get(f"/webhooks/{mine['id']}", headers=by_key)).status_code == 404
    assert (await client.get("/webhooks", headers=lifter.headers)).json()["meta"]["total"] == 2
    read_only = (
        await client.post("/me/api-keys", headers=lifter.headers, json={"name": "ro", "scopes": ["read"]})
    ).json()
    r = await client.post("/webhooks", headers={"X-API-Key": read_only["key"]}, json={"url": "https://example.com/x"})
    assert r.status_code == 403
    assert (await client.delete(f"/me/api-keys/{key['id']}", headers=lifter.headers)).status_code == 204
    assert [w["id"] for w in (await client.get("/webhooks", headers=lifter.headers)).json()["data"]] == [mine["id"]]


async def test_at_most_max_webhooks(database_url: str) -> None:
    async with app_client(make_settings(database_url, max_webhooks=2)) as client:
        lifter = await register(client)
        for n in range(2):
            await make_hook(client, lifter, f"https://example.com/{n}")
        r = await client.post("/webhooks", headers=lifter.headers, json={"url": "https://example.com/3"})
        assert r.status_code == 409 and "delete one" in r.json()["error"]["message"]


async def log_a_workout(client: httpx.AsyncClient, lifter: Lifter, sets: int) -> str:
    h = lifter.headers
    workout = (await client.post("/workouts/start", headers=h, json={})).json()["id"]
    for reps in range(sets):
        r = await client.post(f"/workouts/{workout}/sets", headers=h, json={"exercise": "dip", "reps": 5 + reps})
        assert r.status_code == 201, r.text
    assert (await client.post("/assistant/messages", headers=h, json={"text": "bench 135 for 8"})).status_code == 200
    assert (await client.post(f"/workouts/{workout}/finish", headers=h)).status_code == 200
    return str(workout)


async def test_every_event_reaches_a_failing_receiver_once(fast: httpx.AsyncClient) -> None:
    """The receiver refuses the first 6 requests, then processes 3 whose answers it 'loses' (so they
    come again), then answers 200: every event gets through, each id is processed once."""
    lifter = await register(fast)
    with receiving(Receiver(fail_first=6, lose_answers=3)) as receiver:
        made = await make_hook(fast, lifter, receiver.url)
        receiver.secrets[made["id"]] = made["secret"]
        workout = await log_a_workout(fast, lifter, sets=4)
        await check_delivered(fast, lifter, made["id"], receiver, workout)


@pytest.mark.redis
@pytest.mark.skipif(not REDIS_URL, reason="needs TEST_REDIS_URL")
async def test_on_redis_an_arq_worker_delivers(database_url: str) -> None:
    """The same with REDIS_URL: the API enqueues on arq, `python -m assistant worker`'s worker delivers."""
    queue = f"spotter:test-webhooks:{uuid.uuid4().hex}"
    settings = make_settings(database_url, **FAST, webhook_disable_after=1000, redis_url=REDIS_URL, job_queue=queue)
    async with app_client(settings) as client:
        lifter = await register(client)
        with receiving(Receiver(fail_first=4, lose_answers=2)) as receiver:
            made = await make_hook(client, lifter, receiver.url)
            receiver.secrets[made["id"]] = made["secret"]
            workout = await log_a_workout(client, lifter, sets=3)
            assert receiver.requests == []  # nothing delivers in the API's process
            arq_worker = worker(settings, JOBS, lambda: bootstrap(settings), burst=True, poll_delay_s=0.02)
            try:
                await arq_worker.main()  # until the queue is empty, retries included
            finally:
                await arq_worker.close()
            await check_delivered(client, lifter, made["id"], receiver, workout)


async def check_delivered(
    client: httpx.AsyncClient, lifter: Lifter, hook: str, receiver: Receiver, workout: str
) -> None:
    async def settled() -> bool:
        log = await deliveries(client, lifter, hook)
        ids = {d["event_id"] for d in log}
        return bool(ids) and ids == {d["event_id"] for d in log if d["ok"]}

    await eventually(settled)
    log = await deliveries(client, lifter, hook)
    ids = {d["event_id"] for d in log}
    assert await jobs_ended(client, lifter, hook, len(ids)) == {"succeeded": len(ids)}
    assert receiver.bad_signatures == 0
    assert set(receiver.processed) == ids and set(receiver.processed.values()) == {1}
    assert sum(receiver.seen.values()) == len(log) == len(receiver.requests)  # every try logged, every one signed
    assert any(d["status_code"] == 500 for d in log) and any(d["attempt"] > 1 and d["ok"] for d in log)  # retried
    assert max(receiver.seen.values()) > 1  # some came again (refused, or answer lost) and were deduplicated
    types = sorted(str(e["type"]) for e in receiver.events.values())
    logged = (await client.get(f"/workouts/{workout}/sets", headers=lifter.headers)).json()["data"]
    assert types.count("set.logged") == len(logged) and {"workout.started", "workout.finished"} <= set(types)
    assert {e["workout_id"] for e in receiver.events.values() if e["type"] == "set.logged"} == {workout}
    assert all(e["user_id"] == lifter.id for e in receiver.events.values())
    first = receiver.requests[0]
    assert first["content-type"] == "application/json" and first["spotter-delivery-attempt"] == "1"
    assert first["spotter-signature"].startswith("t=") and ",v1=" in first["spotter-signature"]
    state = (await client.get(f"/webhooks/{hook}", headers=lifter.headers)).json()
    assert state["enabled"] and state["consecutive_failures"] == 0 and state["last_success_at"]
    job = next(d["job_id"] for d in log if d["job_id"])
    assert (await client.get(f"/jobs/{job}", headers=lifter.headers)).json()["name"] == "deliver_webhook"


async def deliveries(client: httpx.AsyncClient, lifter: Lifter, hook: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    page = 1
    while True:
        query = {"limit": 100, "page": page}
        r = await client.get(f"/webhooks/{hook}/deliveries", headers=lifter.headers, params=query)
        assert r.status_code == 200, r.text
        found += r.json()["data"]
        if not r.json()["meta"]["has_next"]:
            return found
        page += 1


async def test_filters_send_only_the_types_asked_for(fast: httpx.AsyncClient) -> None:
    lifter = await register(fast)
    with receiving(Receiver()) as receiver:
        made = await make_hook(fast, lifter, receiver.url, event_types=["workout.*"])
        receiver.secrets[made["id"]] = made["secret"]
        await log_a_workout(fast, lifter, sets=2)
        await eventually(lambda: _count(receiver, 2))
        await jobs_ended(fast, lifter, made["id"], 2)
    assert sorted(str(e["type"]) for e in receiver.events.values()) == ["workout.finished", "workout.started"]


async def _count(receiver: Receiver, n: int) -> bool:
    return len(receiver.processed) >= n


async def jobs_ended(client: httpx.AsyncClient, lifter: Lifter, hook: str, succeeded: int) -> dict[str, int]:
    """Waits until `succeeded` delivery jobs of the webhook have, and every other that tried has ended
    (none left running when the app stops); how many ended each way."""
    ended: dict[str, str] = {}

    async def all_ended() -> bool:
        for job in {d["job_id"] for d in await deliveries(client, lifter, hook) if d["job_id"]} - set(ended):
            state = (await client.get(f"/jobs/{job}", headers=lifter.headers)).json()
            if state["status"] in ("succeeded", "failed"):
                ended[job] = state["status"]
        return list(ended.values()).count("succeeded") >= succeeded

    await eventually(all_ended)
    return dict(Counter(ended.values()))


async def test_repeated_failure_disables_and_a_patch_turns_it_on(database_url: str) -> None:
    settings = make_settings(database_url, **{**FAST, "webhook_max_tries": 3}, webhook_disable_after=4)
    async with app_client(settings) as client:
        lifter = await register(client)
        with receiving(Receiver(status=503, fail_first=0)) as receiver:
            made = await make_hook(client, lifter, receiver.url, event_types=["set.logged"])
            receiver.secrets[made["id"]] = made["secret"]
            path = f"/webhooks/{made['id']}"

            async def disabled() -> bool:
                return (await client.get(path, headers=lifter.headers)).json()["enabled"] is False

            await log_a_workout(client, lifter, sets=2)  # 3 set.logged, 3 tries each: the 4th failure disables
            await eventually(disabled)
            hook = (await client.get(path, headers=lifter.headers)).json()
            assert hook["consecutive_failures"] == 4 and "4 failed deliveries in a row" in hook["disabled_reason"]
            await asyncio.sleep(0.3)  # the tries still waiting end without a request
            tried = len(receiver.requests)
            assert tried == 4
            assert {d["status_code"] for d in await deliveries(client, lifter, made["id"])} == {503}
            await log_a_workout(client, lifter, sets=1)  # a disabled webhook hears nothing
            await asyncio.sleep(0.2)
            assert len(receiver.requests) == tried
            receiver.status = 200
            r = await client.patch(path, headers=lifter.headers, json={"enabled": True})
            assert r.json()["enabled"] and r.json()["consecutive_failures"] == 0 and r.json()["disabled_reason"] is None
            await log_a_workout(client, lifter, sets=1)
            await eventually(lambda: _count(receiver, 2))
            ended = await jobs_ended(client, lifter, made["id"], 2)
            assert ended["succeeded"] == 2 and ended["failed"] >= 2  # those that tried before it was disabled


async def test_ping(client: httpx.AsyncClient, lifter: Lifter) -> None:
    with receiving(Receiver()) as receiver:
        made = await make_hook(client, lifter, receiver.url, event_types=["pr.set"])
        receiver.secrets[made["id"]] = made["secret"]
        r = await client.post(f"/webhooks/{made['id']}/ping", headers=lifter.headers)
        assert r.status_code == 200 and r.json()["ok"] and r.json()["status_code"] == 200
        (event,) = receiver.events.values()
        assert event["type"] == "ping" and event["id"] == r.json()["event_id"]
        receiver.status = 500
        r = await client.post(f"/webhooks/{made['id']}/ping", headers=lifter.headers)
        assert r.status_code == 200 and not r.json()["ok"] and r.json()["status_code"] == 500
        assert "500" in r.json()["error"]
    r = await client.post(f"/webhooks/{made['id']}/ping", headers=lifter.headers)  # nobody listens now
    assert r.status_code == 200 and not r.json()["ok"] and r.json()["status_code"] is None and r.json()["error"]
    log = await deliveries(client, lifter, made["id"])
    assert [d["event_type"] for d in log] == ["ping"] * 3 and [d["ok"] for d in log] == [False, False, True]
    assert (await client.get(f"/webhooks/{made['id']}", headers=lifter.headers)).json()["consecutive_failures"] == 0


async def test_a_rotated_secret_signs_beside_the_old_one(client: httpx.AsyncClient, lifter: Lifter) -> None:
    with receiving(Receiver()) as receiver:
        made = await make_hook(client, lifter, receiver.url)
        receiver.secrets[made["id"]] = made["secret"]  # the receiver still knows the old secret only
        rotated = (await client.post(f"/webhooks/{made['id']}/rotate-secret", headers=lifter.headers)).json()
        assert (await client.post(f"/webhooks/{made['id']}/ping", headers=lifter.headers)).json()["ok"]
        receiver.secrets[made["id"]] = rotated["secret"]
        assert (await client.post(f"/webhooks/{made['id']}/ping", headers=lifter.headers)).json()["ok"]
        assert receiver.bad_signatures == 0
        assert receiver.requests[-1]["spotter-signature"].count("v1=") == 2


async def test_private_addresses_are_refused_unless_allowed(database_url: str) -> None:
    """Without WEBHOOK_ALLOW_PRIVATE: an address on this machine or a private network is a 422 when
    given, and a name that resolves to one is not sent to (the try is logged as refused)."""
    settings = make_settings(database_url, webhook_allow_private=False)
    async with app_client(settings) as client:
        who = await register(client)
        for url in (
            "http://127.0.0.1:9/x",
            "http://localhost/x",
            "http://[::1]/x",
            "http://169.254.169.254/latest",
            "https://10.1.2.3/x",
            "http://[::ffff:192.168.0.1]/x",
        ):
            r = await client.post("/webhooks", headers=who.headers, json={"url": url})
            assert r.status_code == 422, (url, r.text)
            assert r.json()["error"]["details"][0]["field"] == "url"
        with receiving(Receiver()) as receiver:
            named = receiver.url.replace("127.0.0.1", socket.gethostname())  # a name for this machine
            made = await make_hook(client, who, named)
            receiver.secrets[made["id"]] = made["secret"]
            r = await client.post(f"/webhooks/{made['id']}/ping", headers=who.headers)
            assert r.status_code == 200 and not r.json()["ok"] and r.json()["status_code"] is None
            assert "not a public address" in r.json()["error"] and receiver.events == {}
            r = await client.patch(f"/webhooks/{made['id']}", headers=who.headers, json={"url": "http://127.0.0.2/"})
            assert r.status_code == 422
            assert (await client.get(f"/webhooks/{made['id']}", headers=who.headers)).json()["url"] == named
