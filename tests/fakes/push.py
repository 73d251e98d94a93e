"""A Web Push service on 127.0.0.1 that checks what a real one checks, and reads what it was sent.

It hands out subscriptions as a browser would (`subscribe()`: an endpoint on this server and the
keys of a P-256 key pair and auth secret it keeps), and on each POST checks the Web Push request
(RFC 8030, 8291, 8292): a `TTL` header, `Content-Encoding: aes128gcm` with the RFC 8188 header (salt,
record size, the sender's 65-byte key), and `Authorization: vapid t=<JWT>,k=<public key>` whose
ES256 signature verifies with `k`, whose `aud` is this server's origin and whose `exp` is within a day.
A request that passes is decrypted with the subscription's private key (http_ece) and kept. `gone`
endpoints answer 410; `fail` makes the next N pushes answer 500.
"""

from __future__ import annotations

import base64
import json
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import http_ece
import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tests.fakes.servers import serve


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Pushed:
    token: str
    ttl: int
    message: dict[str, Any]
    claims: dict[str, Any]


@dataclass
class FakePushService:
    base_url: str = ""
    keys: dict[str, tuple[ec.EllipticCurvePrivateKey, bytes]] = field(default_factory=dict)
    received: list[Pushed] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # why each bad request was refused
    gone: set[str] = field(default_factory=set)
    fail: int = 0

    def subscribe(self) -> dict[str, Any]:
        """A browser's PushSubscription JSON for a new endpoint here."""
        token = secrets.token_urlsafe(12)
        private, auth = ec.generate_private_key(ec.SECP256R1()), secrets.token_bytes(16)
        self.keys[token] = (private, auth)
        point = private.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        endpoint = f"{self.base_url}/push/{token}"
        return {"endpoint": endpoint, "expirationTime": None, "keys": {"p256dh": b64url(point), "auth": b64url(auth)}}

    def to(self, subscription: dict[str, Any]) -> list[Pushed]:
        token = subscription["endpoint"].rsplit("/", 1)[1]
        return [p for p in self.received if p.token == token]

    def _refuse(self, why: str) -> Response:
        self.refused.append(why)
        return Response(why, status_code=400)

    def _claims(self, header: str) -> dict[str, Any] | str:
        scheme, _, rest = header.partition(" ")
        parts = dict(p.strip().split("=", 1) for p in rest.split(",") if "=" in p)
        if scheme.lower() != "vapid" or "t" not in parts or "k" not in parts:
            return "Authorization is not `vapid t=...,k=...`"
        point = unb64url(parts["k"])
        if len(point) != 65 or point[0] != 4:
            return "k is not an uncompressed P-256 public key"
        public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
        try:
            claims: dict[str, Any] = jwt.decode(parts["t"], public, algorithms=["ES256"], audience=self.base_url)
        except jwt.PyJWTError as exc:
            return f"the VAPID JWT does not verify: {exc}"
        if not 0 < claims["exp"] - time.time() <= 86_400:
            return "exp is not within 24 hours"
        if not str(claims.get("sub", "")).startswith(("mailto:", "https:")):
            return "sub is not a mailto: or https: contact"
        return claims

    async def push(self, request: Request) -> Response:
        token = request.path_params["token"]
        if token not in self.keys:
            return Response(status_code=404)
        if token in self.gone:
            return Response("subscription expired", status_code=410)
        if self.fail > 0:
            self.fail -= 1
            return Response("try later", status_code=500)
        ttl = request.headers.get("ttl", "")
        if not ttl.isdigit():
            return self._refuse("no TTL header")
        if request.headers.get("content-encoding") != "aes128gcm":
            return self._refuse("Content-Encoding is not aes128gcm")
        claims = self._claims(request.headers.get("authorization", ""))
        if isinstance(claims, str):
            return self._refuse(claims)
        body = await request.body()
        if len(body) < 21 + 65 + 17 or body[20] != 65:
            return self._refuse("the body lacks an aes128gcm header with the sender's 65-byte key")
        private, auth = self.keys[token]
        try:
            plain = http_ece.decrypt(body, private_key=private, auth_secret=auth, version="aes128gcm")
        except Exception as exc:  # any failure to decrypt is the sender's fault
            return self._refuse(f"cannot decrypt: {exc}")
        self.received.append(Pushed(token, int(ttl), json.loads(plain), claims))
        return Response(status_code=201, headers={"Location": f"{self.base_url}/message/{secrets.token_hex(4)}"})

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/push/{token}", self.push, methods=["POST"])])


@contextmanager
def push_service() -> Iterator[FakePushService]:
    fake = FakePushService()
    with serve(fake.app()) as url:
        fake.base_url = url
        yield fake
