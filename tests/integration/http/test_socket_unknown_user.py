"""The voice and phone sockets turn away a validly signed token whose account is gone, as they turn
away a bad token (close 4401), and let a live account's token through (issue 18, item 10)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from channels.http.app import create_app
from channels.http.security import issue_access_token
from tests.conftest import make_settings

SECRET = "socket-test-secret-" + "y" * 32


@pytest.fixture
def app(database_url: str) -> Iterator[tuple[FastAPI, TestClient]]:
    application = create_app(make_settings(database_url, jwt_secret=SECRET))
    with TestClient(application) as client:
        yield application, client


def closed_with(client: TestClient, path: str, first: dict[str, object]) -> int | None:
    """The close code the server sends after `first`, or None if the socket stays open."""
    with client.websocket_connect(path) as ws:
        ws.send_text(json.dumps(first))
        try:
            while True:
                ws.receive_text()
        except WebSocketDisconnect as closed:
            return closed.code


def live_user(client: TestClient) -> uuid.UUID:
    email = f"socket-{uuid.uuid4().hex[:8]}@example.com"
    r = client.post("/api/v1/auth/register", json={"email": email, "password": "correct horse battery"})
    assert r.status_code == 201, r.text
    return uuid.UUID(r.json()["user"]["id"])


def test_the_voice_socket_closes_4401_for_an_account_that_is_gone(app: tuple[FastAPI, TestClient]) -> None:
    _, client = app
    ghost = issue_access_token(uuid.uuid4(), SECRET, 600)
    assert closed_with(client, "/api/v1/voice/stream", {"type": "start", "token": ghost}) == 4401


def test_the_voice_socket_still_takes_a_live_accounts_token(app: tuple[FastAPI, TestClient]) -> None:
    _, client = app
    token = issue_access_token(live_user(client), SECRET, 600)
    start = {"type": "start", "token": token, "encoding": "speex"}  # past auth: the encoding is refused
    with client.websocket_connect("/api/v1/voice/stream") as ws:
        ws.send_text(json.dumps(start))
        assert ws.receive_json()["code"] == "BAD_START"


def test_the_phone_socket_closes_4401_for_an_account_that_is_gone(app: tuple[FastAPI, TestClient]) -> None:
    _, client = app
    ghost = issue_access_token(uuid.uuid4(), SECRET, 600)
    start = {"event": "start", "start": {"streamSid": "MZ1", "customParameters": {"token": ghost}}}
    assert closed_with(client, "/api/v1/channels/twilio/media", start) == 4401
