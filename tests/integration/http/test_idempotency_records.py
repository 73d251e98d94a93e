"""Idempotency records (issue 18, 7): stored before the answer leaves, never holding tokens, and no
replay for a caller whose API key was revoked."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from sqlalchemy import select

from domain.models import IdempotencyRecord
from tests.conftest import Lifter, make_settings
from tests.fakes.servers import free_port


async def records(app: Any, key: str) -> list[IdempotencyRecord]:
    async with app.state.spotter.reader() as uow:
        return list((await uow.session.scalars(select(IdempotencyRecord).where(IdempotencyRecord.key == key))).all())


async def test_token_answers_are_never_stored(client: httpx.AsyncClient, app: Any) -> None:
    email, key = f"idem-{uuid.uuid4().hex[:10]}@example.com", f"k-{uuid.uuid4()}"
    body = {"email": email, "password": "correct horse battery"}
    r = await client.post("/auth/register", json=body, headers={"Idempotency-Key": key})
    assert r.status_code == 201 and r.headers["cache-control"] == "no-store"
    login = await client.post("/auth/login", json=body, headers={"Idempotency-Key": key + "l"})
    refreshed = await client.post(
        "/auth/refresh", json={"refresh_token": login.json()["refresh_token"]}, headers={"Idempotency-Key": key + "r"}
    )
    assert login.status_code == refreshed.status_code == 200
    made = await client.post(
        "/me/api-keys",
        json={"name": "watch"},
        headers={"Authorization": f"Bearer {login.json()['access_token']}", "Idempotency-Key": key + "k"},
    )
    assert made.status_code == 201
    for k in (key, key + "l", key + "r", key + "k"):
        assert await records(app, k) == []
    again = await client.post("/auth/login", json=body, headers={"Idempotency-Key": key + "l"})
    assert again.status_code == 200 and "idempotent-replayed" not in again.headers
    assert again.json()["refresh_token"] != login.json()["refresh_token"]


async def test_a_revoked_key_gets_no_replay(client: httpx.AsyncClient, lifter: Lifter) -> None:
    made = (await client.post("/me/api-keys", json={"name": "old"}, headers=lifter.headers)).json()
    h = {"X-API-Key": made["key"], "Idempotency-Key": f"k-{uuid.uuid4()}"}
    first = await client.post("/workouts", json={"name": "with a key"}, headers=h)
    assert first.status_code == 201
    assert (await client.post("/workouts", json={"name": "with a key"}, headers=h)).status_code == 201
    assert (await client.delete(f"/me/api-keys/{made['id']}", headers=lifter.headers)).status_code == 204
    after = await client.post("/workouts", json={"name": "with a key"}, headers=h)
    assert after.status_code == 401 and "idempotent-replayed" not in after.headers


@contextmanager
def real_server(database_url: str) -> Iterator[str]:
    """The app under a real uvicorn (it sends the answer as the app writes it, unlike the test transport)."""
    import uvicorn

    from channels.http.app import create_app

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(make_settings(database_url)), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        with httpx.Client(timeout=5) as probe:
            for _ in range(300):
                if server.started:
                    break
                threading.Event().wait(0.05)
            assert probe.get(f"http://127.0.0.1:{port}/healthz").status_code == 200
        yield f"http://127.0.0.1:{port}/api/v1"
    finally:
        server.should_exit = True
        thread.join(10)


def test_a_retry_sent_the_moment_the_answer_arrives_is_a_replay(database_url: str) -> None:
    with real_server(database_url) as base, httpx.Client(base_url=base, timeout=10) as http:
        email = f"retry-{uuid.uuid4().hex[:10]}@example.com"
        signed = http.post("/auth/register", json={"email": email, "password": "correct horse battery"}).json()
        auth = {"Authorization": f"Bearer {signed['access_token']}"}
        outcomes = []
        for i in range(40):
            h = {**auth, "Idempotency-Key": f"retry-{uuid.uuid4()}"}
            first = http.post("/workouts", json={"name": f"retry {i}"}, headers=h)
            second = http.post("/workouts", json={"name": f"retry {i}"}, headers=h)
            outcomes.append((first.status_code, second.status_code, first.json()["id"] == second.json().get("id")))
        assert outcomes == [(201, 201, True)] * 40
