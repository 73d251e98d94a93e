"""Sensitive actions need a fresh proof (issue 23), on SQLite and PostgreSQL: a new password or
address, erasing the account, turning two-factor sign-in off. The password; for an account made by
signing in with a provider (no password) a code from its app or a sign-in within REAUTH_WINDOW_S;
a clear 403 when the proof is wrong (FORBIDDEN) or missing (REAUTH_REQUIRED), nothing changed."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta
from typing import Any

import httpx
import pyotp
from sqlalchemy import update

from channels.http.security import issue_access_token
from domain import commands as c
from domain.handlers.auth import LoggedIn
from domain.models import RefreshToken, utcnow
from tests.conftest import Lifter, register


async def passwordless(app: Any) -> Lifter:
    """An account made by signing in with Google (as the callback does), signed in just now."""
    spotter = app.state.spotter
    email = f"g-{uuid.uuid4().hex[:12]}@example.com"
    done = await spotter.bus.handle(c.SignInWith("google", uuid.uuid4().hex, email, True, "Sam", "Google", None))
    assert isinstance(done, LoggedIn)
    ttl = spotter.settings.access_token_ttl_s
    access = issue_access_token(done.user.id, spotter.settings.jwt_secret, ttl, done.family_id)
    return Lifter(str(done.user.id), email, "", access, done.refresh_token)


async def signed_in_long_ago(app: Any, lifter: Lifter) -> None:
    """The lifter's sign-in, moved back past the window (the sign-in itself stands)."""
    async with app.state.spotter.uow() as uow:
        long_ago = utcnow() - timedelta(seconds=app.state.spotter.settings.reauth_window_s + 60)
        await uow.session.execute(
            update(RefreshToken).where(RefreshToken.user_id == uuid.UUID(lifter.id)).values(created_at=long_ago)
        )
        await uow.commit()


async def audit(client: httpx.AsyncClient, lifter: Lifter) -> list[dict[str, Any]]:
    return list((await client.get("/me/audit", params={"limit": 100}, headers=lifter.headers)).json()["data"])


async def test_a_new_password_needs_the_old_one_and_signs_out_the_other_sessions(
    client: httpx.AsyncClient, lifter: Lifter
) -> None:
    r = await client.post("/auth/login", json={"email": lifter.email, "password": lifter.password})
    elsewhere = {"Authorization": f"Bearer {r.json()['access_token']}"}
    new = "a new long passphrase"
    r = await client.post("/me/password", json={"new_password": new}, headers=lifter.headers)
    assert r.status_code == 403 and r.json()["error"]["code"] == "REAUTH_REQUIRED" and "password" in r.text
    r = await client.post("/me/password", json={"password": "wrong one", "new_password": new}, headers=lifter.headers)
    assert r.status_code == 403 and r.json()["error"]["code"] == "FORBIDDEN"
    r = await client.post(
        "/me/password", json={"password": lifter.password, "new_password": "short"}, headers=lifter.headers
    )
    assert r.status_code == 422
    assert (await client.get("/me", headers=elsewhere)).status_code == 200  # nothing changed yet
    r = await client.post(
        "/me/password", json={"password": lifter.password, "new_password": new}, headers=lifter.headers
    )
    assert r.status_code == 200 and r.json() == {"sessions_revoked": 1}
    assert (await client.get("/me", headers=elsewhere)).status_code == 401  # at once
    assert (await client.get("/me", headers=lifter.headers)).status_code == 200  # this one stays
    old = await client.post("/auth/login", json={"email": lifter.email, "password": lifter.password})
    assert old.status_code == 401
    assert (await client.post("/auth/login", json={"email": lifter.email, "password": new})).status_code == 200
    changed = [e for e in await audit(client, lifter) if e["action"] == "user.password_changed"]
    assert [e["data"]["proof"] for e in changed] == ["password"]
    key = (
        await client.post("/me/api-keys", json={"name": "k", "scopes": ["read", "write"]}, headers=lifter.headers)
    ).json()
    r = await client.post(
        "/me/password", json={"password": new, "new_password": new}, headers={"X-API-Key": key["key"]}
    )
    assert r.status_code == 403  # sign-in tokens only


async def test_a_new_address_needs_the_password_and_is_unverified(
    client: httpx.AsyncClient, lifter: Lifter, other: Lifter
) -> None:
    address = f"new-{uuid.uuid4().hex[:10]}@example.com"
    r = await client.post("/me/email", json={"email": address}, headers=lifter.headers)
    assert r.status_code == 403 and r.json()["error"]["code"] == "REAUTH_REQUIRED"
    r = await client.post("/me/email", json={"email": address, "password": "nope nope"}, headers=lifter.headers)
    assert r.status_code == 403
    r = await client.post("/me/email", json={"email": other.email, "password": lifter.password}, headers=lifter.headers)
    assert r.status_code == 409
    r = await client.post(
        "/me/email", json={"email": "not an address", "password": lifter.password}, headers=lifter.headers
    )
    assert r.status_code == 422
    r = await client.post(
        "/me/email", json={"email": address.upper(), "password": lifter.password}, headers=lifter.headers
    )
    assert r.status_code == 200, r.text
    assert r.json()["user"]["email"] == address and r.json()["user"]["email_verified"] is False
    assert r.json()["verification_mailed"] is False  # mail is off in this app
    login = {"email": address, "password": lifter.password}
    assert (await client.post("/auth/login", json=login)).status_code == 200
    assert (await client.post("/auth/login", json={**login, "email": lifter.email})).status_code == 401
    r = await client.post("/me/email", json={"email": address, "password": lifter.password}, headers=lifter.headers)
    assert r.status_code == 409  # unchanged


async def test_an_account_without_a_password_proves_itself_by_a_fresh_sign_in(
    app: Any, client: httpx.AsyncClient
) -> None:
    sam = await passwordless(app)
    me = (await client.get("/me", headers=sam.headers)).json()
    assert me["has_password"] is False and me["email_verified"] is True
    r = await client.post(
        "/me/password", json={"password": "anything at all", "new_password": "x" * 12}, headers=sam.headers
    )
    assert r.status_code == 403 and r.json()["error"]["code"] == "FORBIDDEN"  # no password matches
    r = await client.post("/me/password", json={"new_password": "my first password"}, headers=sam.headers)
    assert r.status_code == 200, r.text  # signed in just now: that is the proof
    assert (await client.get("/me", headers=sam.headers)).json()["has_password"] is True
    assert (
        await client.post("/auth/login", json={"email": sam.email, "password": "my first password"})
    ).status_code == 200
    first = [e["data"] for e in await audit(client, sam) if e["action"] == "user.password_changed"]
    assert first == [{"proof": "recent_sign_in", "first_password": True, "sessions_revoked": 0}]


async def test_a_stale_sign_in_without_a_password_is_asked_to_sign_in_again(
    app: Any, client: httpx.AsyncClient
) -> None:
    sam = await passwordless(app)
    await signed_in_long_ago(app, sam)
    for path, body in (
        ("/me/password", {"new_password": "my first password"}),
        ("/me/email", {"email": "x@example.com"}),
    ):
        r = await client.post(path, json=body, headers=sam.headers)
        assert r.status_code == 403 and r.json()["error"]["code"] == "REAUTH_REQUIRED", path
        assert "sign in again" in r.json()["error"]["message"]
    r = await client.request("DELETE", "/me", json={}, headers=sam.headers)
    assert r.status_code == 403 and r.json()["error"]["code"] == "REAUTH_REQUIRED"
    assert (await client.get("/me", headers=sam.headers)).status_code == 200  # nothing erased
    # With an authenticator app, its code proves it; a wrong or reused code does not.
    secret = (await client.post("/auth/2fa/setup", headers=sam.headers)).json()["secret"]
    otp = pyotp.TOTP(secret)
    step = otp.timecode(time.time())
    r = await client.post("/auth/2fa/enable", json={"code": otp.generate_otp(step)}, headers=sam.headers)
    recovery = r.json()["recovery_codes"]
    r = await client.request("DELETE", "/me", json={}, headers=sam.headers)
    assert r.status_code == 403 and "authenticator app" in r.json()["error"]["message"]
    r = await client.request("DELETE", "/me", json={"code": otp.generate_otp(step)}, headers=sam.headers)
    assert r.status_code == 403 and r.json()["error"]["code"] == "FORBIDDEN"  # taken already
    r = await client.post("/me/email", json={"email": f"n-{sam.email}", "code": recovery[0]}, headers=sam.headers)
    assert r.status_code == 200 and r.json()["user"]["email"] == f"n-{sam.email}"
    r = await client.request("DELETE", "/me", json={"code": recovery[0]}, headers=sam.headers)
    assert r.status_code == 403  # a recovery code works once
    r = await client.request("DELETE", "/me", json={"code": otp.generate_otp(step + 1)}, headers=sam.headers)
    assert r.status_code == 200 and r.json()["erased"] is True
    assert (await client.get("/me", headers=sam.headers)).status_code == 401


async def test_erasing_a_fresh_account_without_a_password_needs_nothing_more(
    app: Any, client: httpx.AsyncClient
) -> None:
    sam = await passwordless(app)
    r = await client.request("DELETE", "/me", headers=sam.headers)
    assert r.status_code == 200 and r.json()["erased"] is True


async def test_turning_two_factor_off_takes_a_code_or_the_password(client: httpx.AsyncClient) -> None:
    lifter = await register(client)
    secret = (await client.post("/auth/2fa/setup", headers=lifter.headers)).json()["secret"]
    otp = pyotp.TOTP(secret)
    step = otp.timecode(time.time())
    assert (
        await client.post("/auth/2fa/enable", json={"code": otp.generate_otp(step)}, headers=lifter.headers)
    ).status_code == 200
    r = await client.post("/auth/2fa/disable", json={"password": "not it at all"}, headers=lifter.headers)
    assert r.status_code == 403
    r = await client.post("/auth/2fa/disable", json={"code": otp.generate_otp(step)}, headers=lifter.headers)
    assert r.status_code == 403  # the code that enabled it, again
    r = await client.post("/auth/2fa/disable", json={"code": otp.generate_otp(step + 1)}, headers=lifter.headers)
    assert r.status_code == 204
    assert (await client.get("/me", headers=lifter.headers)).json()["two_factor_enabled"] is False


async def test_wrong_proofs_are_limited_per_account(client: httpx.AsyncClient, lifter: Lifter, other: Lifter) -> None:
    """A stolen session cannot guess the password through these routes: TWO_FACTOR_FAILURE_LIMIT (5)."""
    for _ in range(3):  # no proof at all is no guess
        r = await client.post("/me/password", json={"new_password": "x" * 12}, headers=lifter.headers)
        assert r.status_code == 403 and r.json()["error"]["code"] == "REAUTH_REQUIRED"
    for path, body in [("/me/password", {"new_password": "x" * 12}), ("/me/email", {"email": "g@example.com"})] * 2:
        r = await client.post(path, json={**body, "password": "guess guess"}, headers=lifter.headers)
        assert r.status_code == 403 and r.json()["error"]["code"] == "FORBIDDEN"
    r = await client.request("DELETE", "/me", json={"password": "guess guess"}, headers=lifter.headers)
    assert r.status_code == 403
    r = await client.request("DELETE", "/me", json={"password": lifter.password}, headers=lifter.headers)
    assert r.status_code == 429 and r.json()["error"]["code"] == "RATE_LIMITED" and "Retry-After" in r.headers
    assert (await client.get("/me", headers=lifter.headers)).status_code == 200  # not erased
    body = {"password": other.password, "new_password": "a new long passphrase"}
    assert (await client.post("/me/password", json=body, headers=other.headers)).status_code == 200
