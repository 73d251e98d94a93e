from __future__ import annotations

import uuid
from datetime import UTC, datetime

import httpx

from channels.http.security import issue_access_token
from tests.conftest import Lifter, register


async def test_register_returns_tokens_and_profile(client: httpx.AsyncClient) -> None:
    email = f"New-{uuid.uuid4().hex[:8]}@Example.com"
    r = await client.post("/auth/register", json={"email": email, "password": "longenough1", "unitPref": "kg"})
    assert r.status_code == 201
    body = r.json()
    assert body["user"]["email"] == email.lower()
    assert body["user"]["unit_pref"] == "kg"
    assert body["token_type"] == "bearer" and body["expires_in"] > 0
    assert body["refresh_token"].startswith("rt_")


async def test_register_twice_is_conflict(client: httpx.AsyncClient, lifter: Lifter) -> None:
    r = await client.post("/auth/register", json={"email": lifter.email.upper(), "password": "another-pass"})
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "CONFLICT"


async def test_register_rejects_bad_email_and_short_password(client: httpx.AsyncClient) -> None:
    r = await client.post("/auth/register", json={"email": "not-an-email", "password": "longenough1"})
    assert r.status_code == 422
    assert r.json()["error"]["details"][0]["field"] == "email"
    r = await client.post("/auth/register", json={"email": "x@y.zz", "password": "short"})
    assert r.status_code == 422
    assert r.json()["error"]["details"][0]["field"] == "password"


async def test_login_with_device_name_and_wrong_password(client: httpx.AsyncClient, lifter: Lifter) -> None:
    r = await client.post(
        "/auth/login", json={"email": lifter.email, "password": lifter.password, "deviceName": "watch"}
    )
    assert r.status_code == 200
    assert r.json()["user"]["id"] == lifter.id
    r = await client.post("/auth/login", json={"email": lifter.email, "password": "wrong password"})
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "AUTH_REQUIRED"
    r = await client.post("/auth/login", json={"email": "nobody@example.com", "password": "whatever1"})
    assert r.status_code == 401


async def test_refresh_rotates_and_reuse_revokes_the_login(client: httpx.AsyncClient, lifter: Lifter) -> None:
    first = await client.post("/auth/refresh", json={"refresh_token": lifter.refresh})
    assert first.status_code == 200
    rotated = first.json()["refresh_token"]
    assert rotated != lifter.refresh
    again = await client.post("/auth/refresh", json={"refresh_token": lifter.refresh})
    assert again.status_code == 401  # a spent token: theft suspected
    after = await client.post("/auth/refresh", json={"refresh_token": rotated})
    assert after.status_code == 401  # the whole login was revoked


async def test_logout_ends_the_refresh_family(client: httpx.AsyncClient, lifter: Lifter) -> None:
    assert (await client.post("/auth/logout", json={"refresh_token": lifter.refresh})).status_code == 204
    r = await client.post("/auth/refresh", json={"refresh_token": lifter.refresh})
    assert r.status_code == 401
    r = await client.post("/auth/logout", json={"refresh_token": "rt_unknown"})
    assert r.status_code == 401


async def test_access_needs_a_valid_unexpired_token(client: httpx.AsyncClient, lifter: Lifter, app) -> None:  # type: ignore[no-untyped-def]
    assert (await client.get("/me")).status_code == 401
    assert (await client.get("/me", headers={"Authorization": "Bearer garbage"})).status_code == 401
    expired = issue_access_token(uuid.UUID(lifter.id), app.state.settings.jwt_secret, -10)
    r = await client.get("/me", headers={"Authorization": f"Bearer {expired}"})
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "AUTH_REQUIRED"
    forged = issue_access_token(uuid.UUID(lifter.id), "another-secret-entirely-000000000000", 600)
    assert (await client.get("/me", headers={"Authorization": f"Bearer {forged}"})).status_code == 401
    assert (await client.get("/me", headers=lifter.headers)).status_code == 200


async def test_api_keys_scopes_and_revocation(client: httpx.AsyncClient, lifter: Lifter) -> None:
    r = await client.post("/me/api-keys", json={"name": "export script", "scopes": ["read"]}, headers=lifter.headers)
    assert r.status_code == 201
    created = r.json()
    key = created["key"]
    assert key.startswith("sk_") and created["scopes"] == ["read"]
    listed = (await client.get("/me/api-keys", headers=lifter.headers)).json()["data"]
    assert [k["id"] for k in listed] == [created["id"]] and "key" not in listed[0]
    me = await client.get("/me", headers={"X-API-Key": key})
    assert me.status_code == 200 and me.json()["id"] == lifter.id
    write = await client.post("/workouts/start", headers={"X-API-Key": key})
    assert write.status_code == 403 and write.json()["error"]["code"] == "FORBIDDEN"
    escalate = await client.post("/me/api-keys", json={"name": "more"}, headers={"X-API-Key": key})
    assert escalate.status_code == 403
    assert (await client.delete(f"/me/api-keys/{created['id']}", headers=lifter.headers)).status_code == 204
    assert (await client.get("/me", headers={"X-API-Key": key})).status_code == 401
    assert (await client.get("/me", headers={"X-API-Key": "sk_made_up"})).status_code == 401


async def test_the_busiest_routes_check_the_caller_themselves_as_the_others_do(
    client: httpx.AsyncClient, lifter: Lifter
) -> None:
    workout = (await client.post("/workouts/start", headers=lifter.headers)).json()
    sets = f"/workouts/{workout['id']}/sets"
    one = {"exercise": "barbell-back-squat", "reps": 5, "weight": 225}
    for method, url in (("GET", sets), ("POST", sets), ("GET", "/exercises?search=squat")):
        anonymous = await client.request(method, url, json=one if method == "POST" else None)
        assert anonymous.status_code == 401 and anonymous.json()["error"]["code"] == "AUTH_REQUIRED"
    read_only = {"name": "r", "scopes": ["read"]}
    as_key = {"X-API-Key": (await client.post("/me/api-keys", json=read_only, headers=lifter.headers)).json()["key"]}
    refused = await client.post(sets, json=one, headers=as_key)
    assert refused.status_code == 403 and "'write' scope" in refused.json()["error"]["message"]
    assert (await client.get(sets, headers=as_key)).json()["meta"]["total"] == 0  # nothing written
    assert (await client.get("/exercises?search=squat", headers=as_key)).status_code == 200
    assert (await client.post(sets, json=one, headers=lifter.headers)).status_code == 201


async def test_an_api_key_records_when_it_was_last_used_to_the_minute(
    client: httpx.AsyncClient, lifter: Lifter
) -> None:
    created = (await client.post("/me/api-keys", json={"name": "sync"}, headers=lifter.headers)).json()

    async def last_used() -> str | None:
        keys = (await client.get("/me/api-keys", headers=lifter.headers)).json()["data"]
        return next(k["last_used_at"] for k in keys if k["id"] == created["id"])

    assert await last_used() is None
    before = datetime.now(UTC)
    assert (await client.get("/workouts", headers={"X-API-Key": created["key"]})).status_code == 200
    first = await last_used()
    assert first is not None and datetime.fromisoformat(first) >= before.replace(microsecond=0)
    assert (await client.post("/workouts/start", headers={"X-API-Key": created["key"]})).status_code == 201
    assert await last_used() == first  # not rewritten on every request: once a minute at most


async def test_api_key_of_another_user_cannot_be_deleted(client: httpx.AsyncClient, lifter: Lifter) -> None:
    mallory = await register(client)
    created = (await client.post("/me/api-keys", json={"name": "k"}, headers=lifter.headers)).json()
    r = await client.delete(f"/me/api-keys/{created['id']}", headers=mallory.headers)
    assert r.status_code == 404
    assert (await client.get("/me", headers={"X-API-Key": created["key"]})).status_code == 200


async def test_api_key_with_past_expiry_is_refused(client: httpx.AsyncClient, lifter: Lifter) -> None:
    r = await client.post(
        "/me/api-keys", json={"name": "old", "expires_at": "2020-01-01T00:00:00Z"}, headers=lifter.headers
    )
    assert r.status_code == 422
