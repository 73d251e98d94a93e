"""The OpenID providers this server signs in with, from settings: Google and Apple.

Apple's client secret is a short-lived JWT signed with the developer's key (ES256); given the team
id, key id and private key, a fresh one is made for each token request (valid 10 minutes)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import jwt

from assistant.settings import Settings

APPLE_AUDIENCE = "https://appleid.apple.com"


@dataclass(frozen=True)
class Provider:
    name: str
    client_id: str
    secret: Callable[[], str]  # the client secret to send with a token request
    discovery_url: str
    scope: str
    form_post: bool = False  # Apple posts the callback as a form (response_mode=form_post)
    issuers: tuple[str, ...] = ()  # issuers taken beside the discovery document's own


def apple_secret(team_id: str, key_id: str, private_key: str, client_id: str) -> Callable[[], str]:
    def make() -> str:
        now = int(time.time())
        claims = {"iss": team_id, "iat": now, "exp": now + 600, "aud": APPLE_AUDIENCE, "sub": client_id}
        return jwt.encode(claims, private_key, algorithm="ES256", headers={"kid": key_id})

    return make


def providers(settings: Settings) -> dict[str, Provider]:
    found: dict[str, Provider] = {}
    if settings.google_client_id and settings.google_client_secret:
        secret = settings.google_client_secret
        found["google"] = Provider(
            "google",
            settings.google_client_id,
            lambda: secret,
            settings.google_discovery_url,
            "openid email profile",
            issuers=("accounts.google.com",),  # Google signs with either form of its issuer
        )
    apple_id = settings.apple_client_id
    if apple_id and (settings.apple_client_secret or (settings.apple_team_id and settings.apple_private_key)):
        if settings.apple_client_secret:
            fixed = settings.apple_client_secret
            make: Callable[[], str] = lambda: fixed  # noqa: E731
        else:
            assert settings.apple_team_id and settings.apple_private_key
            make = apple_secret(
                settings.apple_team_id, settings.apple_key_id or "", settings.apple_private_key, apple_id
            )
        found["apple"] = Provider("apple", apple_id, make, settings.apple_discovery_url, "openid email name", True)
    return found
