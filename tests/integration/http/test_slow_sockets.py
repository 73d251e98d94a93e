"""An event socket whose client does not keep up is closed with 4503 (SLOW_CONSUMER) once its queue
(EVENTS_QUEUE_SIZE) is full, instead of the server holding every event for it; idle sockets get
heartbeats (EVENTS_HEARTBEAT_S). On a served app of its own, SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from channels.http.app import create_app
from tests.conftest import make_settings, register
from tests.sockets import RawSocket, event_socket, quiet, ready, served

QUEUE = 8


@pytest.fixture(scope="module")
async def small(database_url: str) -> AsyncIterator[tuple[Any, str, httpx.AsyncClient]]:
    settings = make_settings(
        database_url, events_queue_size=QUEUE, events_heartbeat_s=0.25, events_send_timeout_s=5, events_kept=20
    )
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
    async with (
        app.router.lifespan_context(app),
        served(app) as base,
        httpx.AsyncClient(transport=transport, base_url="http://test/api/v1") as client,
    ):
        yield app, base, client


async def test_a_client_that_does_not_read_is_closed_and_not_buffered_for(
    small: tuple[Any, str, httpx.AsyncClient],
) -> None:
    app, base, client = small
    lifter = await register(client)
    who = uuid.UUID(lifter.id)
    hub = app.state.spotter.events.hub
    raw = await asyncio.to_thread(RawSocket, base, "/events")
    try:
        await asyncio.to_thread(raw.send_text, json.dumps({"type": "auth", "token": lifter.access}))
        wid = (await client.post("/workouts/start", headers=lifter.headers, json={})).json()["id"]
        for _ in range(500):  # until the socket has subscribed
            if hub.by_user.get(who):
                break
            await asyncio.sleep(0.01)
        (sub,) = hub.by_user[who]
        body = {"exercise": "dip", "reps": 5, "sets": 4, "notes": "n" * 2000}
        published = 0
        while not sub.overflowed.is_set():  # ~2.4 kB an event, the client reading none
            r = await client.post(f"/workouts/{wid}/sets", headers=lifter.headers, json=body)
            assert r.status_code == 201, r.text
            published += 4
            assert sub.queue.qsize() <= QUEUE
            assert published <= 5000, "the server kept taking events for a client that reads nothing"
        for _ in range(25):  # the closed socket is sent nothing more
            await client.post(f"/workouts/{wid}/sets", headers=lifter.headers, json=body)
            published += 4
        messages, code = await asyncio.to_thread(raw.frames)  # the client reads at last
    finally:
        raw.close()
    assert code == 4503
    received = [m for m in messages if m["type"] == "set.logged"]
    assert 0 < len(received) < published - 100
    assert sub.most_queued <= QUEUE
    for _ in range(100):
        if not hub.by_user.get(who):
            break
        await asyncio.sleep(0.05)
    assert hub.by_user.get(who) is None  # the closed socket's queue is gone


async def test_an_idle_socket_gets_heartbeats(small: tuple[Any, str, httpx.AsyncClient]) -> None:
    _, base, client = small
    lifter = await register(client)
    async with event_socket(base, "/events", {"type": "auth", "token": lifter.access}) as events:
        assert (await ready(events))["heartbeat_s"] == 0.25
        pings = [m for m in await quiet(events, 1.2) if m["type"] == "ping"]
    assert len(pings) >= 3
