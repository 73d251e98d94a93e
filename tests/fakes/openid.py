"""A fake OpenID provider on loopback (Google's and Apple's HTTP shapes): the discovery document,
the JWKS and the token endpoint (authorization code with PKCE S256, client id and secret checked,
each code once), ID tokens signed RS256 with a key made for the test. The user's visit to the
authorization endpoint is `authorize(url)`, which checks the URL and returns the callback's
parameters. Faults for the next token: claims changed (`tamper`), signed with another key."""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

KID = "test-key-1"
_KEYS: dict[str, RSAKey] = {}


def rsa_key(name: str) -> RSAKey:
    """An RSA key made once per test process (2048 bits take a while)."""
    if name not in _KEYS:
        _KEYS[name] = RSAKey.generate_key(2048, parameters={"kid": KID, "use": "sig", "alg": "RS256"})
    return _KEYS[name]


@dataclass
class Person:
    subject: str
    email: str | None
    email_verified: Any = True  # Apple sends the string "true"
    name: str | None = None


@dataclass
class Pending:
    person: Person
    client_id: str
    redirect_uri: str
    challenge: str
    nonce: str


@dataclass
class FakeOpenId:
    client_id: str
    client_secret: str
    base: str = ""  # set once served
    key: RSAKey = field(default_factory=lambda: rsa_key("provider"))
    codes: dict[str, Pending] = field(default_factory=dict)
    tamper: dict[str, Any] = field(default_factory=dict)  # claims of the next ID token changed
    wrong_key: bool = False  # sign the next ID token with a key the JWKS does not hold (same kid)
    token_requests: list[dict[str, str]] = field(default_factory=list)

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/.well-known/openid-configuration", self.discovery),
                Route("/jwks", self.jwks),
                Route("/token", self.token, methods=["POST"]),
            ]
        )

    async def discovery(self, request: Request) -> JSONResponse:
        return JSONResponse(
            {
                "issuer": self.base,
                "authorization_endpoint": self.base + "/authorize",
                "token_endpoint": self.base + "/token",
                "jwks_uri": self.base + "/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"],
                "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
            }
        )

    async def jwks(self, request: Request) -> JSONResponse:
        return JSONResponse(KeySet([self.key]).as_dict(private=False))

    def authorize(self, url: str, person: Person) -> dict[str, str]:
        """The user signs in at the provider: the callback's parameters (code and state)."""
        parts = urlsplit(url)
        assert parts.scheme + "://" + parts.netloc + parts.path == self.base + "/authorize", url
        q = {k: v[0] for k, v in parse_qs(parts.query).items()}
        assert q["response_type"] == "code" and q["client_id"] == self.client_id
        assert "openid" in q["scope"].split() and q["code_challenge_method"] == "S256"
        assert q["state"] and q["nonce"] and len(q["code_challenge"]) == 43
        code = secrets.token_urlsafe(16)
        self.codes[code] = Pending(person, q["client_id"], q["redirect_uri"], q["code_challenge"], q["nonce"])
        return {"code": code, "state": q["state"]}

    async def token(self, request: Request) -> JSONResponse:
        form = {k: str(v) for k, v in (await request.form()).items()}
        self.token_requests.append(form)
        pending = self.codes.pop(form.get("code", ""), None)  # a code works once
        if form.get("client_id") != self.client_id or form.get("client_secret") != self.client_secret:
            return JSONResponse({"error": "invalid_client"}, status_code=401)
        if form.get("grant_type") != "authorization_code" or pending is None:
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        verifier = form.get("code_verifier", "").encode()
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=").decode()
        if challenge != pending.challenge or form.get("redirect_uri") != pending.redirect_uri:
            return JSONResponse({"error": "invalid_grant", "error_description": "PKCE or redirect_uri"}, 400)
        return JSONResponse(
            {
                "access_token": secrets.token_urlsafe(16),
                "token_type": "Bearer",
                "expires_in": 3600,
                "id_token": self.id_token(pending),
            },
            headers={"Cache-Control": "no-store"},
        )

    def id_token(self, pending: Pending) -> str:
        now = int(time.time())
        p = pending.person
        claims: dict[str, Any] = {
            "iss": self.base,
            "sub": p.subject,
            "aud": pending.client_id,
            "iat": now,
            "exp": now + 600,
            "nonce": pending.nonce,
            "email": p.email,
            "email_verified": p.email_verified,
        }
        if p.name:
            claims["name"] = p.name
        claims = {k: v for k, v in {**claims, **self.tamper}.items() if v is not None}
        key = rsa_key("someone else") if self.wrong_key else self.key
        self.tamper, self.wrong_key = {}, False
        return jwt.encode({"alg": "RS256", "kid": KID}, claims, key)
