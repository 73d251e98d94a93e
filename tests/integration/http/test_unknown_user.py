"""A validly signed token whose user does not exist is a 401 everywhere (issue 18, item 10)."""

from __future__ import annotations

import uuid

import httpx
import pytest

from channels.http.security import issue_access_token


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", "/metrics", {"metric": "steps", "value": 100}),
        ("post", "/routines", {"name": "Ghost routine"}),
        ("post", "/workouts/start", {}),
        ("post", "/workouts", {"sets": [{"exercise": "dip", "reps": 5}]}),
        ("post", "/exercises", {"name": "Ghost press"}),
        ("get", "/workouts", None),
        ("get", "/me", None),
        ("patch", "/me", {"display_name": "Ghost"}),
        ("post", "/assistant/messages", {"text": "start a workout"}),
    ],
)
async def test_a_token_for_a_user_who_is_not_there_is_401(
    client: httpx.AsyncClient,
    app,
    method: str,
    path: str,
    body: dict | None,  # type: ignore[no-untyped-def, type-arg]
) -> None:
    token = issue_access_token(uuid.uuid4(), app.state.settings.jwt_secret, 600)
    r = await client.request(method, path, json=body, headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 401, r.text
    assert r.json()["error"]["code"] == "AUTH_REQUIRED"
