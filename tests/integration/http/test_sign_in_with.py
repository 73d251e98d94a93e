"""Sign in with Google or Apple (issue 23) against fake OpenID providers on 127.0.0.1, on SQLite and
PostgreSQL: discovery, state, nonce and PKCE; Apple's form post; linking only to an account whose
address is verified; a new account otherwise; and every ID token or state that does not hold up
(wrong nonce, audience or issuer, bad signature, expired, replayed or unknown state) a clear 401."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import ExitStack
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select, update

from channels.http.app import create_app
from domain.models import ExternalIdentity, User, utcnow
from tests.conftest import Lifter, make_settings, register
from tests.fakes.openid import FakeOpenId, Person
from tests.fakes.servers import serve

BASE = "http://test"


@pytest.fixture(scope="module")
def providers() -> Iterator[dict[str, FakeOpenId]]:
    fakes = {
        "google": FakeOpenId("google-client.apps.example", "google-secret"),
        "apple": FakeOpenId("com.example.spotter", "apple-secret-jwt"),
    }
    with ExitStack() as stack:
        for fake in fakes.values():
            fake.base = stack.enter_context(serve(fake.app()))
        yield fakes


@pytest.fixture(scope="module")
async def oidc_app(database_url: str, providers: dict[str, FakeOpenId]) -> AsyncIterator[FastAPI]:
    google, apple = providers["google"], providers["apple"]
    settings = make_settings(
        database_url,
        public_base_url=BASE,
        google_client_id=google.client_id,
        google_client_secret=google.client_secret,
        google_discovery_url=google.base + "/.well-known/openid-configuration",
        apple_client_id=apple.client_id,
        apple_client_secret=apple.client_secret,
        apple_discovery_url=apple.base + "/.well-known/openid-configuration",
    )
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture(scope="module")
async def web(oidc_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=oidc_app, client=("127.0.0.1", 50000))
    async with httpx.AsyncClient(transport=transport, base_url=BASE + "/api/v1") as c:
        yield c


def person(**extra: Any) -> Person:
    values: dict[str, Any] = {"subject": uuid.uuid4().hex, "email": f"p-{uuid.uuid4().hex[:10]}@example.com"}
    return Person(**{**values, **extra})


async def started(web: httpx.AsyncClient, provider: str) -> dict[str, str]:
    r = await web.get(f"/auth/oauth/{provider}/start")
    assert r.status_code == 200, r.text
    assert r.headers["cache-control"] == "no-store"
    return {
        **{k: v[0] for k, v in parse_qs(urlsplit(r.json()["authorize_url"]).query).items()},
        "url": r.json()["authorize_url"],
    }


async def sign_in(web: httpx.AsyncClient, fake: FakeOpenId, who: Person, provider: str = "google") -> httpx.Response:
    params = fake.authorize((await started(web, provider))["url"], who)
    if provider == "apple":
        return await web.post(f"/auth/oauth/{provider}/callback", data=params)
    return await web.get(f"/auth/oauth/{provider}/callback", params=params)


async def audit(web: httpx.AsyncClient, access: str) -> list[dict[str, Any]]:
    r = await web.get("/me/audit", headers={"Authorization": f"Bearer {access}"})
    return list(r.json()["data"])


async def test_the_authorization_url_carries_state_nonce_and_pkce(
    web: httpx.AsyncClient, providers: dict[str, FakeOpenId]
) -> None:
    q = await started(web, "google")
    assert q["redirect_uri"] == f"{BASE}/api/v1/auth/oauth/google/callback"
    assert q["code_challenge_method"] == "S256" and q["scope"] == "openid email profile"
    assert len(q["state"]) >= 20 and len(q["nonce"]) >= 20 and "response_mode" not in q
    other = await started(web, "google")
    assert (other["state"], other["nonce"], other["code_challenge"]) != (q["state"], q["nonce"], q["code_challenge"])
    apple = await started(web, "apple")
    assert apple["response_mode"] == "form_post" and apple["scope"] == "openid email name"
    r = await web.get("/auth/oauth/google/start", params={"redirect": "true"})
    assert r.status_code == 302 and r.headers["location"].startswith(providers["google"].base + "/authorize?")


async def test_google_makes_an_account_then_signs_in_to_it(
    web: httpx.AsyncClient, providers: dict[str, FakeOpenId]
) -> None:
    google = providers["google"]
    who = person(name="Sam Lee")
    r = await sign_in(web, google, who)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["user"]["email"] == who.email and body["user"]["email_verified"] is True
    assert body["user"]["display_name"] == "Sam Lee" and body["hint"] is None
    assert r.headers["cache-control"] == "no-store"
    sent = google.token_requests[-1]
    assert sent["client_secret"] == google.client_secret and len(sent["code_verifier"]) >= 43
    me = await web.get("/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200 and me.json()["id"] == body["user"]["id"]
    sessions = await web.get("/me/sessions", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert sessions.json()["data"][0]["device_name"] == "Google"
    # The subject, not the address, names the account: a changed address still signs in to it.
    again = await sign_in(web, google, Person(who.subject, "changed@example.com"))
    assert again.status_code == 200 and again.json()["user"]["id"] == body["user"]["id"]
    hows = [e["data"]["how"] for e in await audit(web, body["access_token"]) if e["action"] == "user.signed_in_with"]
    assert hows == ["signed_in", "registered"]
    # No password signs in to it.
    r = await web.post("/auth/login", json={"email": who.email, "password": "!signed-in-with-a-provider"})
    assert r.status_code == 401


async def test_two_first_sign_ins_at_once_make_one_account(
    web: httpx.AsyncClient, providers: dict[str, FakeOpenId], oidc_app: FastAPI
) -> None:
    """A double click: both callbacks sign in (the loser of the insert race finds the winner's link)."""
    google = providers["google"]
    for who in (person(), person()):
        urls = [(await started(web, "google"))["url"] for _ in range(3)]
        calls = [web.get("/auth/oauth/google/callback", params=google.authorize(url, who)) for url in urls]
        answers = await asyncio.gather(*calls)
        assert [r.status_code for r in answers] == [200, 200, 200], [r.text for r in answers]
        assert len({r.json()["user"]["id"] for r in answers}) == 1
        async with oidc_app.state.spotter.reader() as uow:
            linked = await uow.session.scalars(select(ExternalIdentity).where(ExternalIdentity.subject == who.subject))
            assert len(linked.all()) == 1


async def test_apple_posts_its_callback_as_a_form(web: httpx.AsyncClient, providers: dict[str, FakeOpenId]) -> None:
    apple = providers["apple"]
    who = person(email_verified="true")
    params = apple.authorize((await started(web, "apple"))["url"], who)
    user = '{"name": {"firstName": "Ana", "lastName": "Silva"}, "email": "ignored@example.com"}'
    r = await web.post("/auth/oauth/apple/callback", data={**params, "user": user})
    assert r.status_code == 200, r.text
    assert r.json()["user"]["display_name"] == "Ana Silva" and r.json()["user"]["email"] == who.email
    assert apple.token_requests[-1]["client_secret"] == apple.client_secret


async def test_a_verified_account_is_linked_an_unverified_one_never(
    web: httpx.AsyncClient, providers: dict[str, FakeOpenId], oidc_app: FastAPI
) -> None:
    google = providers["google"]
    owner = await register(web)
    r = await sign_in(web, google, person(email=owner.email))
    assert r.status_code == 409 and "not verified" in r.json()["error"]["message"]
    assert (await web.post("/auth/login", json={"email": owner.email, "password": owner.password})).status_code == 200
    async with oidc_app.state.spotter.uow() as uow:
        user = await uow.session.scalar(select(User).where(User.email == owner.email))
        assert user is not None
        found = await uow.session.scalar(select(ExternalIdentity).where(ExternalIdentity.user_id == user.id))
        assert found is None  # nothing was linked
        await uow.session.execute(update(User).where(User.id == user.id).values(email_verified_at=utcnow()))
        await uow.commit()
    r = await sign_in(web, google, person(email=owner.email.upper()))
    assert r.status_code == 200 and r.json()["user"]["id"] == owner.id
    hows = [
        e["data"]["how"] for e in await audit(web, r.json()["access_token"]) if e["action"] == "user.signed_in_with"
    ]
    assert hows == ["linked"]


async def test_an_address_the_provider_has_not_verified_signs_in_to_nothing(
    web: httpx.AsyncClient, providers: dict[str, FakeOpenId]
) -> None:
    for who in (person(email_verified=False), person(email_verified="false"), person(email=None)):
        r = await sign_in(web, providers["google"], who)
        assert r.status_code == 403 and r.json()["error"]["code"] == "FORBIDDEN", who


async def test_two_factor_sign_in_still_asks_for_a_code(
    web: httpx.AsyncClient, providers: dict[str, FakeOpenId], oidc_app: FastAPI
) -> None:
    who = person()
    first = await sign_in(web, providers["google"], who)
    async with oidc_app.state.spotter.uow() as uow:
        await uow.session.execute(update(User).where(User.email == who.email).values(totp_enabled_at=utcnow()))
        await uow.commit()
    r = await sign_in(web, providers["google"], who)
    assert r.status_code == 202 and r.json()["challenge_token"] and "access_token" not in r.json()
    assert first.status_code == 200


@pytest.mark.parametrize(
    ("fault", "said"),
    [
        ({"nonce": "not-the-one-sent"}, "nonce"),
        ({"aud": "someone-elses-client"}, "aud"),
        ({"aud": None}, "aud"),
        ({"iss": "https://evil.example"}, "iss"),
        ({"exp": int(time.time()) - 3600, "iat": int(time.time()) - 7200}, "expired"),
        ({"sub": None}, "sub"),
        ("wrong_key", "signature"),
    ],
)
async def test_an_id_token_that_does_not_hold_up_signs_in_no_one(
    web: httpx.AsyncClient, providers: dict[str, FakeOpenId], fault: Any, said: str
) -> None:
    google = providers["google"]
    if fault == "wrong_key":
        google.wrong_key = True
    else:
        google.tamper = dict(fault)
    who = person()
    r = await sign_in(web, google, who)
    assert r.status_code == 401, r.text
    error = r.json()["error"]
    assert error["code"] == "AUTH_REQUIRED" and "ID token" in error["message"], error
    assert said in error["message"].lower() or said == "signature", error["message"]
    assert (await sign_in(web, google, who)).status_code == 200  # the fault was the token's, not the person's


async def test_a_state_works_once_and_only_for_its_provider(
    web: httpx.AsyncClient, providers: dict[str, FakeOpenId]
) -> None:
    google = providers["google"]
    params = google.authorize((await started(web, "google"))["url"], person())
    assert (await web.get("/auth/oauth/google/callback", params=params)).status_code == 200
    r = await web.get("/auth/oauth/google/callback", params=params)  # replayed
    assert r.status_code == 401 and "start again" in r.json()["error"]["message"]
    r = await web.get("/auth/oauth/google/callback", params={"code": "x", "state": "never-made"})
    assert r.status_code == 401
    params = google.authorize((await started(web, "google"))["url"], person())
    assert (await web.post("/auth/oauth/apple/callback", data=params)).status_code == 401  # google's state
    assert (await web.get("/auth/oauth/google/callback", params=params)).status_code == 200


async def test_an_expired_state_is_refused(
    web: httpx.AsyncClient, providers: dict[str, FakeOpenId], oidc_app: FastAPI
) -> None:
    from domain.models import SignInState
    from domain.security import digest

    params = providers["google"].authorize((await started(web, "google"))["url"], person())
    async with oidc_app.state.spotter.uow() as uow:
        await uow.session.execute(
            update(SignInState).where(SignInState.state_hash == digest(params["state"])).values(expires_at=utcnow())
        )
        await uow.commit()
    assert (await web.get("/auth/oauth/google/callback", params=params)).status_code == 401


async def test_what_the_provider_refuses_is_a_401_and_spends_the_state(
    web: httpx.AsyncClient, providers: dict[str, FakeOpenId]
) -> None:
    q = await started(web, "google")
    r = await web.get("/auth/oauth/google/callback", params={"state": q["state"], "error": "access_denied"})
    assert r.status_code == 401 and "access_denied" in r.json()["error"]["message"]
    q = await started(web, "google")
    r = await web.get("/auth/oauth/google/callback", params={"state": q["state"], "code": "made-up"})
    assert r.status_code == 401 and "refused the code" in r.json()["error"]["message"]
    params = providers["google"].authorize((await started(web, "google"))["url"], person())
    r = await web.get("/auth/oauth/google/callback", params={"code": params["code"]})
    assert r.status_code == 422
    r = await web.get("/auth/oauth/google/callback", params={"state": params["state"]})
    assert r.status_code == 422
    r = await web.get("/auth/oauth/google/callback", params=params)
    assert r.status_code == 401  # spent by the call without a code


async def test_an_unconfigured_or_unknown_provider_is_not_found(client: httpx.AsyncClient, lifter: Lifter) -> None:
    r = await client.get("/auth/oauth/google/start")
    assert r.status_code == 404 and "GOOGLE_CLIENT_ID" in r.json()["error"]["message"]
    assert (await client.get("/auth/oauth/facebook/start")).status_code == 422
    assert (await client.post("/auth/oauth/apple/callback", data={"state": "x", "code": "y"})).status_code == 404
