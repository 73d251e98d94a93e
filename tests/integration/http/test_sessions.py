"""Sessions and devices (issue 23): list them, sign one out, sign out the others, log out; an ended
session's access tokens are refused at once here and within SESSION_REVOCATION_POLL_S on another
replica of the same store; another account's session is not found."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from datetime import datetime
from typing import Any

import httpx
import jwt
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from channels.http.app import create_app
from channels.http.security import issue_access_token
from tests.conftest import Lifter, app_client, make_settings, register


async def sign_in(client: httpx.AsyncClient, lifter: Lifter, device: str) -> dict[str, Any]:
    body = {"email": lifter.email, "password": lifter.password, "device_name": device}
    r = await client.post("/auth/login", json=body)
    assert r.status_code == 200, r.text
    return dict(r.json())


def bearer(tokens: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}


def session_of(access_token: str) -> str:
    return str(jwt.decode(access_token, options={"verify_signature": False})["sid"])


async def test_the_sessions_are_listed_with_device_times_and_address(client: httpx.AsyncClient, lifter: Lifter) -> None:
    phone = await sign_in(client, lifter, "Pixel")
    laptop = await sign_in(client, lifter, "laptop")
    r = await client.get("/me/sessions", headers=bearer(phone))
    assert r.status_code == 200
    body = r.json()
    assert body["meta"] == {"page": 1, "limit": 20, "total": 3, "has_next": False}
    listed = body["data"]
    assert [s["device_name"] for s in listed] == ["laptop", "Pixel", "registration"]  # seen last first
    assert [s["current"] for s in listed] == [False, True, False]
    assert {s["address"] for s in listed} == {"127.0.0.1"}
    assert listed[1]["id"] == session_of(phone["access_token"]) and listed[0]["id"] == session_of(
        laptop["access_token"]
    )
    for s in listed:
        assert datetime.fromisoformat(s["created_at"]) <= datetime.fromisoformat(s["last_seen_at"])
    page = (await client.get("/me/sessions", params={"limit": 1, "page": 2}, headers=bearer(phone))).json()
    assert [s["device_name"] for s in page["data"]] == ["Pixel"] and page["meta"]["has_next"]


async def test_a_refresh_keeps_the_session_and_is_when_it_was_last_seen(
    client: httpx.AsyncClient, lifter: Lifter
) -> None:
    before = (await client.get("/me/sessions", headers=lifter.headers)).json()["data"][0]
    await asyncio.sleep(0.01)
    r = await client.post("/auth/refresh", json={"refresh_token": lifter.refresh})
    assert r.status_code == 200
    assert session_of(r.json()["access_token"]) == session_of(lifter.access) == before["id"]
    (after,) = (await client.get("/me/sessions", headers=bearer(r.json()))).json()["data"]
    assert after["id"] == before["id"] and after["created_at"] == before["created_at"]
    assert after["last_seen_at"] > before["last_seen_at"] and after["current"]
    assert (await client.get("/me", headers=lifter.headers)).status_code == 200  # the older access token too


async def test_signing_one_session_out_ends_its_tokens_mid_use(client: httpx.AsyncClient, lifter: Lifter) -> None:
    phone = await sign_in(client, lifter, "phone")
    workout = await client.post("/workouts/start", headers=bearer(phone))
    assert workout.status_code == 201
    sets = f"/workouts/{workout.json()['id']}/sets"
    one = {"exercise": "barbell-back-squat", "reps": 5, "weight": 225}
    assert (await client.post(sets, json=one, headers=bearer(phone))).status_code == 201

    r = await client.delete(f"/me/sessions/{session_of(phone['access_token'])}", headers=lifter.headers)
    assert r.status_code == 204
    refused = await client.post(sets, json=one, headers=bearer(phone))
    assert refused.status_code == 401 and refused.json()["error"]["message"] == "This session was signed out"
    assert (await client.get(sets, headers=bearer(phone))).status_code == 401
    assert (await client.post("/auth/refresh", json={"refresh_token": phone["refresh_token"]})).status_code == 401
    assert (await client.get(sets, headers=lifter.headers)).json()["meta"]["total"] == 1  # this one goes on
    ids = [s["id"] for s in (await client.get("/me/sessions", headers=lifter.headers)).json()["data"]]
    assert ids == [session_of(lifter.access)]
    audit = (await client.get("/me/audit", headers=lifter.headers)).json()["data"]
    assert audit[0]["action"] == "session.revoked" and audit[0]["entity_id"] == session_of(phone["access_token"])
    again = await client.delete(f"/me/sessions/{session_of(phone['access_token'])}", headers=lifter.headers)
    assert again.status_code == 404


async def test_another_accounts_session_is_not_found(client: httpx.AsyncClient, lifter: Lifter, other: Lifter) -> None:
    theirs = session_of(other.access)
    r = await client.delete(f"/me/sessions/{theirs}", headers=lifter.headers)
    assert r.status_code == 404 and r.json()["error"]["code"] == "NOT_FOUND"
    assert (await client.get("/me", headers=other.headers)).status_code == 200
    assert (await client.delete(f"/me/sessions/{uuid.uuid4()}", headers=lifter.headers)).status_code == 404
    assert (await client.delete("/me/sessions/not-an-id", headers=lifter.headers)).status_code == 422
    listed = (await client.get("/me/sessions", headers=lifter.headers)).json()["data"]
    assert theirs not in [s["id"] for s in listed]


async def test_signing_out_the_others_keeps_this_one(client: httpx.AsyncClient, lifter: Lifter) -> None:
    others = [await sign_in(client, lifter, name) for name in ("phone", "watch")]
    r = await client.post("/me/sessions/revoke-others", headers=lifter.headers)
    assert r.status_code == 200 and r.json() == {"revoked": 2}
    for tokens in others:
        assert (await client.get("/me", headers=bearer(tokens))).status_code == 401
        assert (await client.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]})).status_code == 401
    assert (await client.get("/me", headers=lifter.headers)).status_code == 200
    assert (await client.post("/auth/refresh", json={"refresh_token": lifter.refresh})).status_code == 200
    assert (await client.post("/me/sessions/revoke-others", headers=lifter.headers)).json() == {"revoked": 0}
    audit = (await client.get("/me/audit", headers=lifter.headers)).json()["data"]
    assert [e["action"] for e in audit[:2]] == ["session.revoked", "session.revoked"]


async def test_logout_ends_the_access_token_at_once(client: httpx.AsyncClient, lifter: Lifter) -> None:
    assert (await client.get("/workouts", headers=lifter.headers)).status_code == 200
    assert (await client.post("/auth/logout", json={"refresh_token": lifter.refresh})).status_code == 204
    r = await client.get("/workouts", headers=lifter.headers)
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"


async def test_sessions_are_for_signed_in_tokens_only(client: httpx.AsyncClient, lifter: Lifter) -> None:
    key = (await client.post("/me/api-keys", json={"name": "k"}, headers=lifter.headers)).json()["key"]
    assert (await client.get("/me/sessions", headers={"X-API-Key": key})).status_code == 403
    assert (await client.post("/me/sessions/revoke-others", headers={"X-API-Key": key})).status_code == 403
    assert (await client.get("/me/sessions")).status_code == 401
    assert (await client.get("/me", headers={"X-API-Key": key})).status_code == 200


async def test_a_token_from_before_sessions_still_works_until_it_expires(
    app: Any, client: httpx.AsyncClient, lifter: Lifter
) -> None:
    plain = issue_access_token(uuid.UUID(lifter.id), app.state.settings.jwt_secret, 600)  # no `sid`
    assert (await client.get("/me", headers={"Authorization": f"Bearer {plain}"})).status_code == 200


async def test_another_replica_refuses_an_ended_session_within_its_poll(database_url: str) -> None:
    """Two apps on one store (as two replicas or workers): the one that did not end the session
    learns of it from the store within SESSION_REVOCATION_POLL_S."""
    poll_s = 0.3
    settings = make_settings(database_url, session_revocation_poll_s=poll_s)
    async with app_client(settings) as one, app_client(settings) as two:
        lifter = await register(one)
        phone = await sign_in(one, lifter, "phone")
        assert (await two.get("/me", headers=bearer(phone))).status_code == 200
        assert (await one.post("/auth/logout", json={"refresh_token": phone["refresh_token"]})).status_code == 204
        assert (await one.get("/me", headers=bearer(phone))).status_code == 401  # here: at once
        ended = time.monotonic()
        while (await two.get("/me", headers=bearer(phone))).status_code == 200:
            assert time.monotonic() - ended < poll_s + 5, "the other replica never refused the ended session"
            await asyncio.sleep(0.05)
        assert (await two.get("/me", headers=lifter.headers)).status_code == 200  # the other session goes on
        async with app_client(settings) as three:  # a replica started later knows of it from the start
            assert (await three.get("/me", headers=bearer(phone))).status_code == 401


def test_the_voice_socket_refuses_an_ended_sessions_token(database_url: str) -> None:
    with TestClient(create_app(make_settings(database_url))) as client:
        email = f"socket-{uuid.uuid4().hex[:8]}@example.com"
        r = client.post("/api/v1/auth/register", json={"email": email, "password": "correct horse battery"})
        tokens = r.json()
        assert client.post("/api/v1/auth/logout", json={"refresh_token": tokens["refresh_token"]}).status_code == 204
        with client.websocket_connect("/api/v1/voice/stream") as ws:
            ws.send_text(json.dumps({"type": "start", "token": tokens["access_token"]}))
            try:
                while True:
                    ws.receive_text()
            except WebSocketDisconnect as closed:
                assert closed.code == 4401
