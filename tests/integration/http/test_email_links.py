"""Links by mail (issue 23): verifying the address and resetting the password, sent to a real SMTP
server on 127.0.0.1 and read back from the mail it received; expired, reused, forged and misused
links; the limit on mails; mail switched off; every session ended by a reset."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pydantic import ValidationError
from sqlalchemy import select, update

from assistant.settings import Settings
from channels.http.app import create_app
from domain.models import AccountToken, User, utcnow
from domain.security import digest
from tests.conftest import Lifter, app_client, make_settings, register
from tests.fakes.smtp import FakeSmtp

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
BASE = "https://spotter.example"
MAILS_PER_HOUR = 3


@pytest.fixture(scope="module")
def smtp() -> Iterator[FakeSmtp]:
    server = FakeSmtp(user="spotter", password="smtp-pass").start()
    yield server
    server.stop()


def mail_settings(database_url: str, smtp: FakeSmtp, **extra: Any) -> Settings:
    values: dict[str, Any] = {
        "smtp_host": "127.0.0.1",
        "smtp_port": smtp.port,
        "smtp_tls": "none",
        "smtp_user": "spotter",
        "smtp_password": "smtp-pass",
        "mail_from": "Spotter <no-reply@spotter.example>",
        "public_base_url": BASE,
        "mail_rate_limit": f"{MAILS_PER_HOUR}/hour",
        **extra,
    }
    return make_settings(database_url, **values)


@pytest.fixture(scope="module")
async def mail_app(database_url: str, smtp: FakeSmtp) -> AsyncIterator[FastAPI]:
    """An app with mail on, sending to the fake server."""
    application = create_app(mail_settings(database_url, smtp))
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture(scope="module")
async def mailing(mail_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=mail_app, client=("127.0.0.1", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://test/api/v1") as client:
        yield client


async def expire(app: FastAPI, token: str) -> None:
    """Move a link's expiry into the past, as time would."""
    async with app.state.spotter.uow() as uow:
        past = utcnow() - timedelta(seconds=1)
        await uow.session.execute(
            update(AccountToken).where(AccountToken.token_hash == digest(token)).values(expires_at=past)
        )
        await uow.commit()


async def test_without_smtp_asking_for_a_link_is_503_naming_the_settings(
    client: httpx.AsyncClient, lifter: Lifter
) -> None:
    r = await client.post("/auth/verify-email/request", headers=lifter.headers)
    assert r.status_code == 503 and r.json()["error"]["code"] == "UNAVAILABLE"
    assert "SMTP_HOST" in r.json()["error"]["message"]
    r = await client.post("/auth/password-reset/request", json={"email": lifter.email})
    assert r.status_code == 503 and "SMTP_HOST" in r.json()["error"]["message"]
    r = await client.post("/auth/verify-email", json={"token": "made.up"})
    assert r.status_code == 422 and r.json()["error"]["details"][0]["field"] == "token"


def test_smtp_without_a_sender_or_a_public_address_refuses_to_start() -> None:
    with pytest.raises(ValidationError, match="MAIL_FROM and PUBLIC_BASE_URL"):
        make_settings("sqlite+aiosqlite://", smtp_host="127.0.0.1", mail_from="a@b.example")
    with pytest.raises(ValidationError, match="MAIL_FROM and PUBLIC_BASE_URL"):
        make_settings("sqlite+aiosqlite://", smtp_host="127.0.0.1", public_base_url=BASE)


async def test_an_unverified_account_works_and_is_reminded(client: httpx.AsyncClient, lifter: Lifter) -> None:
    me = (await client.get("/me", headers=lifter.headers)).json()
    assert me["email_verified"] is False and me["two_factor_enabled"] is False
    assert (await client.post("/workouts/start", headers=lifter.headers)).status_code == 201
    login = await client.post("/auth/login", json={"email": lifter.email, "password": lifter.password})
    assert login.status_code == 200 and "verify-email/request" in login.json()["hint"]
    assert login.json()["user"]["email_verified"] is False


async def test_verifying_the_address_by_the_mailed_link(mailing: httpx.AsyncClient, smtp: FakeSmtp) -> None:
    lifter = await register(mailing)
    r = await mailing.post("/auth/verify-email/request", headers=lifter.headers)
    assert r.status_code == 202 and r.json()["expires_in"] == 48 * 3600
    (mail,) = await smtp.wait_for(lifter.email)
    assert mail.message["From"] == "Spotter <no-reply@spotter.example>" and "Confirm" in mail.message["Subject"]
    assert mail.link("verify-email").startswith(f"{BASE}/account#verify-email=")
    token = mail.token("verify-email")
    assert token in mail.body.split("the token ", 1)[1]  # for apps, the token alone too

    r = await mailing.post("/auth/verify-email", json={"token": token})
    assert r.status_code == 200 and r.json() == {"email": lifter.email, "email_verified": True}
    me = (await mailing.get("/me", headers=lifter.headers)).json()
    assert me["email_verified"] is True
    login = await mailing.post("/auth/login", json={"email": lifter.email, "password": lifter.password})
    assert login.json()["hint"] is None and login.json()["user"]["email_verified"] is True
    audit = (await mailing.get("/me/audit", headers=lifter.headers)).json()["data"]
    assert "user.email_verified" in [e["action"] for e in audit]

    reused = await mailing.post("/auth/verify-email", json={"token": token})
    assert reused.status_code == 422 and "already used" in reused.json()["error"]["details"][0]["message"]
    again = await mailing.post("/auth/verify-email/request", headers=lifter.headers)
    assert again.status_code == 409


async def test_an_expired_forged_or_misused_verification_link_is_refused(
    mail_app: FastAPI, mailing: httpx.AsyncClient, smtp: FakeSmtp
) -> None:
    lifter = await register(mailing)
    assert (await mailing.post("/auth/verify-email/request", headers=lifter.headers)).status_code == 202
    token = (await smtp.wait_for(lifter.email))[0].token("verify-email")
    body, tag = token.split(".")
    for forged in (body + "." + tag[::-1], body, "x" * 60, token + "x"):
        r = await mailing.post("/auth/verify-email", json={"token": forged})
        assert r.status_code == 422, forged
    reset = await mailing.post("/auth/password-reset", json={"token": token, "new_password": "a new passphrase"})
    assert reset.status_code == 422  # a verification link does not reset a password
    await expire(mail_app, token)
    r = await mailing.post("/auth/verify-email", json={"token": token})
    assert r.status_code == 422 and "expired" in r.json()["error"]["details"][0]["message"]
    assert (await mailing.get("/me", headers=lifter.headers)).json()["email_verified"] is False


async def test_a_link_works_once_even_when_two_requests_race_with_it(
    mailing: httpx.AsyncClient, smtp: FakeSmtp
) -> None:
    lifter = await register(mailing)
    assert (await mailing.post("/auth/verify-email/request", headers=lifter.headers)).status_code == 202
    token = (await smtp.wait_for(lifter.email))[0].token("verify-email")
    answers = await asyncio.gather(*(mailing.post("/auth/verify-email", json={"token": token}) for _ in range(4)))
    assert sorted(r.status_code for r in answers) == [200, 422, 422, 422]


async def test_mails_to_one_address_are_limited(mailing: httpx.AsyncClient, smtp: FakeSmtp) -> None:
    lifter = await register(mailing)
    for _ in range(MAILS_PER_HOUR):
        assert (await mailing.post("/auth/verify-email/request", headers=lifter.headers)).status_code == 202
    over = await mailing.post("/auth/verify-email/request", headers=lifter.headers)
    assert over.status_code == 429 and "Retry-After" in over.headers
    await smtp.wait_for(lifter.email, MAILS_PER_HOUR)
    reset = await mailing.post("/auth/password-reset/request", json={"email": lifter.email})
    assert reset.status_code == 202  # over its limit too, and it says nothing of it
    other = await register(mailing)
    assert (await mailing.post("/auth/password-reset/request", json={"email": other.email})).status_code == 202
    await smtp.wait_for(other.email)
    assert len(smtp.to(lifter.email)) == MAILS_PER_HOUR  # no mail past the limit


async def test_asking_for_a_reset_tells_nothing_about_accounts(mailing: httpx.AsyncClient, smtp: FakeSmtp) -> None:
    lifter = await register(mailing)
    nobody = f"nobody-{uuid.uuid4().hex[:8]}@example.com"
    unknown = await mailing.post("/auth/password-reset/request", json={"email": nobody})
    known = await mailing.post("/auth/password-reset/request", json={"email": lifter.email.upper()})
    assert unknown.status_code == known.status_code == 202 and unknown.json() == known.json()
    await smtp.wait_for(lifter.email)
    assert smtp.to(nobody) == []
    bad = await mailing.post("/auth/password-reset/request", json={"email": "not an address"})
    assert bad.status_code == 422


async def test_a_reset_sets_the_password_and_signs_out_every_session(
    mailing: httpx.AsyncClient, smtp: FakeSmtp
) -> None:
    lifter = await register(mailing)
    phone = (await mailing.post("/auth/login", json={"email": lifter.email, "password": lifter.password})).json()
    api_key = (await mailing.post("/me/api-keys", json={"name": "sync"}, headers=lifter.headers)).json()["key"]
    assert (await mailing.post("/auth/password-reset/request", json={"email": lifter.email})).status_code == 202
    (mail,) = await smtp.wait_for(lifter.email)
    assert mail.link("reset-password").startswith(f"{BASE}/account#reset-password=")
    token = mail.token("reset-password")

    short = await mailing.post("/auth/password-reset", json={"token": token, "new_password": "short"})
    assert short.status_code == 422  # and the link still works:
    r = await mailing.post("/auth/password-reset", json={"token": token, "new_password": "a brand new passphrase"})
    assert r.status_code == 200 and r.json() == {"password_reset": True, "sessions_revoked": 2}

    for access, refresh in ((lifter.access, lifter.refresh), (phone["access_token"], phone["refresh_token"])):
        gone = await mailing.get("/me", headers={"Authorization": f"Bearer {access}"})
        assert gone.status_code == 401 and "signed out" in gone.json()["error"]["message"]
        assert (await mailing.post("/auth/refresh", json={"refresh_token": refresh})).status_code == 401
    old = await mailing.post("/auth/login", json={"email": lifter.email, "password": lifter.password})
    assert old.status_code == 401
    new = await mailing.post("/auth/login", json={"email": lifter.email, "password": "a brand new passphrase"})
    assert new.status_code == 200 and new.json()["user"]["email_verified"] is True  # the link reached the address
    assert (await mailing.get("/me", headers={"X-API-Key": api_key})).status_code == 200  # keys are kept
    headers = {"Authorization": f"Bearer {new.json()['access_token']}"}
    actions = [e["action"] for e in (await mailing.get("/me/audit", headers=headers)).json()["data"]]
    assert {"user.password_reset", "user.password_reset_requested"} <= set(actions)
    assert actions.count("session.revoked") == 2

    reused = await mailing.post("/auth/password-reset", json={"token": token, "new_password": "yet another one!"})
    assert reused.status_code == 422


async def test_an_expired_reset_link_and_older_links_after_a_reset_are_refused(
    mail_app: FastAPI, mailing: httpx.AsyncClient, smtp: FakeSmtp
) -> None:
    lifter = await register(mailing)
    for _ in range(3):
        assert (await mailing.post("/auth/password-reset/request", json={"email": lifter.email})).status_code == 202
    first, second, third = [m.token("reset-password") for m in await smtp.wait_for(lifter.email, 3)]
    await expire(mail_app, first)
    r = await mailing.post("/auth/password-reset", json={"token": first, "new_password": "a brand new passphrase"})
    assert r.status_code == 422
    assert (await mailing.post("/auth/login", json={"email": lifter.email, "password": lifter.password})).is_success
    ok = await mailing.post("/auth/password-reset", json={"token": second, "new_password": "a brand new passphrase"})
    assert ok.status_code == 200
    r = await mailing.post("/auth/password-reset", json={"token": third, "new_password": "another passphrase"})
    assert r.status_code == 422  # once one link has reset the password, the others stop working


async def test_the_link_tokens_are_stored_only_as_hashes(
    mail_app: FastAPI, mailing: httpx.AsyncClient, smtp: FakeSmtp
) -> None:
    lifter = await register(mailing)
    assert (await mailing.post("/auth/verify-email/request", headers=lifter.headers)).status_code == 202
    token = (await smtp.wait_for(lifter.email))[0].token("verify-email")
    async with mail_app.state.spotter.reader() as uow:
        user = await uow.session.scalar(select(User).where(User.email == lifter.email))
        rows = (await uow.session.scalars(select(AccountToken).where(AccountToken.user_id == user.id))).all()
    assert [r.token_hash for r in rows] == [digest(token)]
    export = (await mailing.get("/me/export", headers=lifter.headers)).text
    assert token not in export and digest(token) not in export


async def test_a_mail_server_that_is_down_fails_no_request(database_url: str) -> None:
    down = FakeSmtp()
    down.port = 9  # discard: nothing listens on loopback
    async with app_client(mail_settings(database_url, down, smtp_timeout_s=2)) as client:
        lifter = await register(client)
        r = await client.post("/auth/verify-email/request", headers=lifter.headers)
        assert r.status_code == 202  # sent after the answer; the failure is logged
        r = await client.post("/auth/password-reset/request", json={"email": lifter.email})
        assert r.status_code == 202


async def test_the_links_lead_to_a_page_that_posts_the_token(client: httpx.AsyncClient) -> None:
    r = await client.get("http://test/account")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = r.text
    assert '<script type="module" src="/static/js/account.js">' in page
    script = (await client.get("http://test/static/js/account.js")).text
    assert "location.hash" in script and '"/auth/verify-email"' in script and '"/auth/password-reset"' in script
    for text in (page, script):
        assert "http://" not in text and "https://" not in text  # nothing loaded from elsewhere


async def test_a_new_address_is_mailed_a_link_and_the_old_ones_links_stop(
    mailing: httpx.AsyncClient, smtp: FakeSmtp
) -> None:
    lifter = await register(mailing)
    assert (await mailing.post("/auth/password-reset/request", json={"email": lifter.email})).status_code == 202
    (reset_mail,) = await smtp.wait_for(lifter.email)
    new = f"moved-{uuid.uuid4().hex[:8]}@example.com"
    r = await mailing.post("/me/email", json={"email": new, "password": lifter.password}, headers=lifter.headers)
    assert r.status_code == 200 and r.json()["verification_mailed"] is True
    assert r.json()["user"]["email_verified"] is False
    (mail,) = await smtp.wait_for(new)
    r = await mailing.post(
        "/auth/password-reset", json={"token": reset_mail.token("reset-password"), "new_password": "x" * 10}
    )
    assert r.status_code == 422  # sent to the old address: spent by the change
    r = await mailing.post("/auth/verify-email", json={"token": mail.token("verify-email")})
    assert r.status_code == 200 and r.json() == {"email": new, "email_verified": True}
