"""What every fake device cloud shares: OAuth tokens issued and refreshed (single-use refresh
tokens, as Oura, Withings, Garmin and Fitbit have them), bearer tokens checked, the calls made, and
faults to inject in order (`script`) or at random (`fail_rate`): 500s, 429s with Retry-After, slow
answers past the client's timeout, and pages repeating items of the page before."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import random
import secrets
import time
from dataclasses import dataclass, field
from html import escape
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

CODE = "good-code"


@dataclass
class FakeCloud:
    client_id: str = "cid"
    client_secret: str = "csecret"
    user_id: str = "u-1"  # the provider's user the next authorization code is for
    access: dict[str, str] = field(default_factory=dict)  # working access token -> user
    refresh: dict[str, str] = field(default_factory=dict)  # working refresh token -> user
    expires_in: int = 3600
    fail_rate: float = 0.0
    slow_s: float = 0.5
    retry_after: str = "0"
    rng: random.Random = field(default_factory=lambda: random.Random(21))
    calls: list[str] = field(default_factory=list)
    token_requests: list[dict[str, str]] = field(default_factory=list)
    revoked: list[str] = field(default_factory=list)
    faults: dict[str, int] = field(default_factory=dict)
    script: list[str] = field(default_factory=list)
    registered_at: dict[str, float] = field(default_factory=dict)  # user -> when the first code was exchanged
    challenge: str | None = None  # PKCE: the code_challenge the authorize page was opened with

    def reset(self) -> None:
        self.fail_rate, self.script, self.retry_after = 0.0, [], "0"
        for kept in (self.calls, self.token_requests, self.revoked):
            kept.clear()
        self.faults.clear()
        self.user_id = f"u-{secrets.token_hex(4)}"  # each test's lifter is another user

    async def consent(self, request: Request) -> Response:
        """The provider's authorize page a browser is sent to: "Allow" goes back to the app's
        redirect_uri with the code and the state (PKCE's challenge kept for the exchange)."""
        q = request.query_params
        if q.get("client_id") != self.client_id or q.get("response_type") != "code" or not q.get("redirect_uri"):
            return JSONResponse({"message": "bad authorize request"}, 400)
        self.challenge = q.get("code_challenge")
        back = q["redirect_uri"] + ("&" if "?" in q["redirect_uri"] else "?")
        allow = back + urlencode({"code": CODE, "state": q.get("state", "")})
        deny = back + urlencode({"error": "access_denied", "state": q.get("state", "")})
        return HTMLResponse(
            f"<!doctype html><title>Grant access</title><h1>Let Spotter read your data?</h1>"
            f"<p>Scopes: {escape(q.get('scope', ''))}</p>"
            f'<a id="allow" href="{escape(allow)}">Allow</a> <a id="deny" href="{escape(deny)}">Deny</a>'
        )

    def issue(self, user: str) -> dict[str, Any]:
        access, refresh = secrets.token_hex(8), secrets.token_hex(8)
        self.access[access], self.refresh[refresh] = user, user
        return {
            "token_type": "Bearer",
            "access_token": access,
            "refresh_token": refresh,
            "expires_in": self.expires_in,
            "scope": "read",
        }

    def grant(self, form: dict[str, str]) -> tuple[str, dict[str, Any]] | None:
        """The user and tokens for a good code or refresh token, else None (the refresh token is spent)."""
        self.token_requests.append(form)
        grant = form.get("grant_type")
        if grant == "authorization_code" and form.get("code") == CODE:
            if self.challenge is not None and not verifies(form.get("code_verifier", ""), self.challenge):
                return None
            self.registered_at.setdefault(self.user_id, time.time())
            return self.user_id, self.issue(self.user_id)
        if grant == "refresh_token" and form.get("refresh_token") in self.refresh:
            user = self.refresh.pop(form["refresh_token"])
            return user, self.issue(user)
        return None

    def user(self, request: Request) -> str | None:
        given = request.headers.get("authorization", "")
        return self.access.get(given[7:]) if given.startswith("Bearer ") else None

    async def fault(self, request: Request) -> Response | str | None:
        """A fault to answer instead (or "repeat": the page repeats items of the one before)."""
        self.calls.append(str(request.url))
        if self.script:
            kind = self.script.pop(0)
        elif self.fail_rate <= 0 or self.rng.random() >= self.fail_rate:
            return None
        else:
            kind = self.rng.choice(["500", "429", "slow", "repeat"])
        self.faults[kind] = self.faults.get(kind, 0) + 1
        if kind == "500":
            return JSONResponse({"message": "Internal Server Error"}, 500)
        if kind == "429":
            return JSONResponse({"message": "Too Many Requests"}, 429, headers={"Retry-After": self.retry_after})
        if kind == "slow":
            await asyncio.sleep(self.slow_s)
            return JSONResponse({"message": "too late"}, 504)
        return kind

    async def guard(self, request: Request) -> Response | str:
        """The caller's user, or the answer to give instead: a 401 for a bad token, or a fault."""
        user = self.user(request)
        if user is None:
            return JSONResponse({"message": "Unauthorized"}, 401)
        fault = await self.fault(request)
        if isinstance(fault, Response):
            return fault
        return f"{user}|repeat" if fault == "repeat" else user


def page(items: list[Any], offset: int, size: int, repeat: bool) -> list[Any]:
    """items[offset:offset+size], with the page before's last few first when `repeat`."""
    found = items[offset : offset + size]
    return (items[max(0, offset - 3) : offset] + found) if repeat and offset else found


def verifies(verifier: str, challenge: str) -> bool:
    """PKCE S256: the verifier hashes to the challenge."""
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode() == challenge
