"""Two-factor sign-in (issue 23): set up (secret, otpauth URI, QR code), enable after a first right
code, sign in in two steps with a code or a recovery code, codes and recovery codes taken once,
wrong codes limited per account, renew the recovery codes, turn it off with a code or the password;
the secret is stored encrypted."""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import pyotp
from sqlalchemy import select

from channels.http.security import issue_access_token, issue_challenge
from domain.crypto import Keys
from domain.models import User
from tests.conftest import Lifter, register


@dataclass
class Enabled:
    lifter: Lifter
    secret: str
    recovery_codes: list[str]
    step: int  # the step of the code that enabled it

    def code(self, steps_on: int = 1) -> str:
        """The code of a step after the last one taken (codes are taken once, and in order)."""
        self.step += steps_on
        return pyotp.TOTP(self.secret).generate_otp(self.step)


async def set_up(client: httpx.AsyncClient, lifter: Lifter) -> dict[str, Any]:
    r = await client.post("/auth/2fa/setup", headers=lifter.headers)
    assert r.status_code == 200, r.text
    assert r.headers["cache-control"] == "no-store"
    return dict(r.json())


async def enabled(client: httpx.AsyncClient) -> Enabled:
    lifter = await register(client)
    secret = (await set_up(client, lifter))["secret"]
    otp = pyotp.TOTP(secret)
    step = otp.timecode(time.time())
    r = await client.post("/auth/2fa/enable", json={"code": otp.generate_otp(step)}, headers=lifter.headers)
    assert r.status_code == 200, r.text
    return Enabled(lifter, secret, r.json()["recovery_codes"], step)


async def login(client: httpx.AsyncClient, lifter: Lifter, password: str | None = None) -> httpx.Response:
    body = {"email": lifter.email, "password": password or lifter.password, "device_name": "phone"}
    return await client.post("/auth/login", json=body)


async def challenge(client: httpx.AsyncClient, lifter: Lifter) -> str:
    r = await login(client, lifter)
    assert r.status_code == 202, r.text
    return str(r.json()["challenge_token"])


async def test_setting_up_gives_a_secret_uri_and_qr_code_and_changes_nothing_yet(
    client: httpx.AsyncClient, lifter: Lifter
) -> None:
    setup = await set_up(client, lifter)
    otp = pyotp.TOTP(setup["secret"])
    assert setup["otpauth_uri"] == otp.provisioning_uri(name=lifter.email, issuer_name="Spotter")
    assert setup["qr_svg"].startswith("<svg") and setup["qr_svg"].endswith("</svg>")
    assert (await client.get("/me", headers=lifter.headers)).json()["two_factor_enabled"] is False
    assert (await login(client, lifter)).status_code == 200  # not on until a first right code
    again = await set_up(client, lifter)
    assert again["secret"] != setup["secret"]  # setting up again replaces the secret


async def test_enabling_needs_a_right_code_after_a_setup(client: httpx.AsyncClient, lifter: Lifter) -> None:
    r = await client.post("/auth/2fa/enable", json={"code": "123456"}, headers=lifter.headers)
    assert r.status_code == 409 and "setup" in r.json()["error"]["message"]
    secret = (await set_up(client, lifter))["secret"]
    otp = pyotp.TOTP(secret)
    wrong = otp.generate_otp(otp.timecode(time.time()) + 5)
    r = await client.post("/auth/2fa/enable", json={"code": wrong}, headers=lifter.headers)
    assert r.status_code == 422 and r.json()["error"]["details"][0]["field"] == "code"
    for bad in ({"code": "12345"}, {"code": "abcdef"}, {}, {"code": "123456", "extra": 1}):
        assert (await client.post("/auth/2fa/enable", json=bad, headers=lifter.headers)).status_code == 422
    r = await client.post("/auth/2fa/enable", json={"code": otp.now()}, headers=lifter.headers)
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    codes = r.json()["recovery_codes"]
    assert r.json()["two_factor_enabled"] is True and len(codes) == 10 == len(set(codes))
    assert (await client.get("/me", headers=lifter.headers)).json()["two_factor_enabled"] is True
    assert (await client.post("/auth/2fa/setup", headers=lifter.headers)).status_code == 409
    assert (await client.post("/auth/2fa/enable", json={"code": otp.now()}, headers=lifter.headers)).status_code == 409
    audit = (await client.get("/me/audit", headers=lifter.headers)).json()["data"]
    assert audit[0]["action"] == "2fa.enabled"


async def test_the_secret_is_not_in_the_store_in_clear(app: Any, client: httpx.AsyncClient) -> None:
    on = await enabled(client)
    async with app.state.spotter.reader() as uow:
        user = await uow.session.scalar(select(User).where(User.email == on.lifter.email))
    assert user.totp_secret_encrypted and on.secret not in user.totp_secret_encrypted
    assert Keys(app.state.settings.jwt_secret).decrypt(user.totp_secret_encrypted) == on.secret
    export = (await client.get("/me/export", headers=on.lifter.headers)).text
    assert on.secret not in export and "totp_secret" not in export
    assert not any(code in export for code in on.recovery_codes)


async def test_signing_in_takes_two_steps_and_a_code_works_once(client: httpx.AsyncClient) -> None:
    on = await enabled(client)
    first = await login(client, on.lifter)
    assert first.status_code == 202 and first.headers["cache-control"] == "no-store"
    body = first.json()
    assert body["second_factor_required"] is True and body["methods"] == ["totp", "recovery_code"]
    assert "access_token" not in body and "refresh_token" not in body
    assert 0 < body["expires_in"] <= 300

    same_as_enable = pyotp.TOTP(on.secret).generate_otp(on.step)
    r = await client.post("/auth/login/2fa", json={"challenge_token": body["challenge_token"], "code": same_as_enable})
    assert r.status_code == 401  # the code that enabled it was taken then
    code = on.code()
    r = await client.post("/auth/login/2fa", json={"challenge_token": body["challenge_token"], "code": code})
    assert r.status_code == 200 and r.json()["user"]["two_factor_enabled"] is True
    assert r.headers["cache-control"] == "no-store"
    headers = {"Authorization": f"Bearer {r.json()['access_token']}"}
    assert (await client.get("/me", headers=headers)).status_code == 200
    replay = await client.post(
        "/auth/login/2fa", json={"challenge_token": await challenge(client, on.lifter), "code": code}
    )
    assert replay.status_code == 401
    audit = (await client.get("/me/audit", headers=headers)).json()["data"]
    assert audit[0]["action"] == "user.logged_in" and audit[0]["data"]["second_factor"] == "totp"
    sessions = (await client.get("/me/sessions", headers=headers)).json()["data"]
    assert [s["device_name"] for s in sessions if s["current"]] == ["phone"]


async def test_two_requests_racing_with_one_code_sign_in_once(client: httpx.AsyncClient) -> None:
    on = await enabled(client)
    code = on.code()
    challenges = [await challenge(client, on.lifter) for _ in range(3)]
    answers = await asyncio.gather(
        *(client.post("/auth/login/2fa", json={"challenge_token": c, "code": code}) for c in challenges)
    )
    assert sorted(r.status_code for r in answers) == [200, 401, 401]


async def test_a_recovery_code_signs_in_once(client: httpx.AsyncClient) -> None:
    on = await enabled(client)
    spare = on.recovery_codes[3].upper().replace("-", " ")  # however it is typed
    r = await client.post(
        "/auth/login/2fa", json={"challengeToken": await challenge(client, on.lifter), "recoveryCode": spare}
    )
    assert r.status_code == 200
    headers = {"Authorization": f"Bearer {r.json()['access_token']}"}
    entry = (await client.get("/me/audit", headers=headers)).json()["data"][0]
    assert entry["data"] == {"device": "phone", "second_factor": "recovery_code", "recovery_codes_left": 9}
    again = await client.post(
        "/auth/login/2fa", json={"challenge_token": await challenge(client, on.lifter), "recovery_code": spare}
    )
    assert again.status_code == 401
    made_up = await client.post(
        "/auth/login/2fa", json={"challenge_token": await challenge(client, on.lifter), "recovery_code": "abcde-fghjk"}
    )
    assert made_up.status_code == 401


async def test_a_challenge_is_no_token_and_a_token_is_no_challenge(app: Any, client: httpx.AsyncClient) -> None:
    on = await enabled(client)
    secret = app.state.settings.jwt_secret
    user_id = uuid.UUID(on.lifter.id)
    token = await challenge(client, on.lifter)
    assert (await client.get("/me", headers={"Authorization": f"Bearer {token}"})).status_code == 401
    for bad in (
        "garbage",
        issue_access_token(user_id, secret, 600),  # an access token
        issue_challenge(user_id, "phone", secret, -10),  # expired
        issue_challenge(user_id, "phone", "another-secret-entirely-000000000000", 300),  # forged
    ):
        r = await client.post("/auth/login/2fa", json={"challenge_token": bad, "code": on.code()})
        assert r.status_code == 401, bad
    neither = await client.post("/auth/login/2fa", json={"challenge_token": token})
    assert neither.status_code == 422 and "code" in neither.json()["error"]["details"][0]["message"]
    assert (await client.post("/auth/login/2fa", json={"challenge_token": token, "code": None})).status_code == 422


async def test_wrong_codes_are_limited_per_account(client: httpx.AsyncClient) -> None:
    on = await enabled(client)
    token = await challenge(client, on.lifter)
    for _ in range(5):  # TWO_FACTOR_FAILURE_LIMIT: 5 in 15 minutes
        r = await client.post("/auth/login/2fa", json={"challenge_token": token, "code": "000000"})
        assert r.status_code == 401
    r = await client.post("/auth/login/2fa", json={"challenge_token": token, "code": on.code()})
    assert r.status_code == 429 and r.json()["error"]["code"] == "RATE_LIMITED" and "Retry-After" in r.headers
    r = await client.post("/auth/2fa/disable", json={"code": on.code()}, headers=on.lifter.headers)
    assert r.status_code == 429  # one count for every place a code is checked
    other = await enabled(client)  # another account is not held up
    r = await client.post(
        "/auth/login/2fa", json={"challenge_token": await challenge(client, other.lifter), "code": other.code()}
    )
    assert r.status_code == 200


async def test_renewed_recovery_codes_replace_the_old_ones(client: httpx.AsyncClient) -> None:
    on = await enabled(client)
    r = await client.post("/auth/2fa/recovery-codes", json={"code": "000000"}, headers=on.lifter.headers)
    assert r.status_code == 403
    r = await client.post("/auth/2fa/recovery-codes", json={"code": on.code()}, headers=on.lifter.headers)
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    fresh = r.json()["recovery_codes"]
    assert len(fresh) == 10 and not set(fresh) & set(on.recovery_codes)
    old = await client.post(
        "/auth/login/2fa",
        json={"challenge_token": await challenge(client, on.lifter), "recovery_code": on.recovery_codes[0]},
    )
    assert old.status_code == 401
    new = await client.post(
        "/auth/login/2fa", json={"challenge_token": await challenge(client, on.lifter), "recovery_code": fresh[0]}
    )
    assert new.status_code == 200


async def test_turning_it_off_needs_a_code_or_the_password(client: httpx.AsyncClient) -> None:
    on = await enabled(client)
    h = on.lifter.headers
    assert (await client.post("/auth/2fa/disable", json={}, headers=h)).status_code == 422
    r = await client.post("/auth/2fa/disable", json={"password": "not the password"}, headers=h)
    assert r.status_code == 403 and r.json()["error"]["code"] == "FORBIDDEN"
    assert (await client.post("/auth/2fa/disable", json={"code": "000000"}, headers=h)).status_code == 403
    assert (await client.get("/me", headers=h)).json()["two_factor_enabled"] is True
    assert (await client.post("/auth/2fa/disable", json={"password": on.lifter.password}, headers=h)).status_code == 204
    assert (await client.get("/me", headers=h)).json()["two_factor_enabled"] is False
    assert (await login(client, on.lifter)).status_code == 200  # one step again
    assert (await client.post("/auth/2fa/disable", json={"password": on.lifter.password}, headers=h)).status_code == 409
    audit = (await client.get("/me/audit", headers=h)).json()["data"]
    assert [e["data"] for e in audit if e["action"] == "2fa.disabled"] == [{"by": "password"}]

    again = await enabled(client)
    r = await client.post("/auth/2fa/disable", json={"code": again.code()}, headers=again.lifter.headers)
    assert r.status_code == 204
    once_more = await enabled(client)
    spare = once_more.recovery_codes[0]
    r = await client.post("/auth/2fa/disable", json={"code": spare}, headers=once_more.lifter.headers)
    assert r.status_code == 204


async def test_an_api_key_cannot_change_how_its_account_signs_in(client: httpx.AsyncClient, lifter: Lifter) -> None:
    key = (await client.post("/me/api-keys", json={"name": "k"}, headers=lifter.headers)).json()["key"]
    for path, body in (("/auth/2fa/setup", None), ("/auth/2fa/enable", {"code": "123456"})):
        r = await client.post(path, json=body, headers={"X-API-Key": key})
        assert r.status_code == 403, path
    assert (await client.post("/auth/2fa/setup")).status_code == 401
