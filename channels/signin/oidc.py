"""Sign-in with an OpenID provider through Authlib's Starlette client, without its session.

Authlib reads the provider's discovery document (cached), makes the authorization URL with a state,
a nonce and a PKCE challenge (S256), exchanges the code at the token endpoint, and checks the ID
token: its signature against the provider's JWKS (fetched again when a key id is unknown), issuer,
audience (our client id), expiry and nonce. What Authlib would keep in a cookie session (state,
nonce, verifier) is kept by the caller in the store instead (domain/handlers/external_login.py): a
state works once, on any replica, and Apple's cross-site form post needs no cookie.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
from authlib.integrations.starlette_client import OAuth, OAuthError
from joserfc.errors import JoseError

from channels.signin.providers import Provider

LEEWAY_S = 60  # clock difference allowed on the ID token's times


class SignInFailed(Exception):
    """The provider refused, or what it sent does not hold up; `down`: it could not be reached."""

    def __init__(self, message: str, down: bool = False) -> None:
        super().__init__(message)
        self.message, self.down = message, down


@dataclass(frozen=True)
class Started:
    url: str
    state: str
    nonce: str
    code_verifier: str


@dataclass(frozen=True)
class Identity:
    """Who the provider says signed in: its subject id, and the email address if it gave one."""

    provider: str
    subject: str
    email: str | None
    email_verified: bool
    name: str | None


def _verified(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")  # Apple sends "true"


class OpenIdSignIn:
    def __init__(self, found: dict[str, Provider], timeout_s: float) -> None:
        self.providers = found
        self.oauth = OAuth()
        for p in found.values():
            self.oauth.register(
                name=p.name,
                client_id=p.client_id,
                server_metadata_url=p.discovery_url,
                client_kwargs={
                    "scope": p.scope,
                    "code_challenge_method": "S256",
                    "token_endpoint_auth_method": "client_secret_post",
                    "timeout": timeout_s,
                },
            )

    def _client(self, name: str) -> Any:
        return self.oauth.create_client(name)

    async def start(self, name: str, redirect_uri: str) -> Started:
        extra = {"response_mode": "form_post"} if self.providers[name].form_post else {}
        try:
            made = await self._client(name).create_authorization_url(redirect_uri, **extra)
        except httpx.HTTPError as exc:
            raise SignInFailed(f"{name}: the discovery document could not be read ({exc!r})", down=True) from exc
        return Started(made["url"], made["state"], made["nonce"], made["code_verifier"])

    async def finish(self, name: str, code: str, redirect_uri: str, nonce: str, code_verifier: str) -> Identity:
        provider, client = self.providers[name], self._client(name)
        client.client_secret = provider.secret()  # Apple's is made fresh for each request
        try:
            token = await client.fetch_access_token(redirect_uri=redirect_uri, code=code, code_verifier=code_verifier)
        except httpx.HTTPError as exc:
            raise SignInFailed(f"{name}: the token endpoint could not be reached", down=True) from exc
        except OAuthError as exc:
            raise SignInFailed(f"{name} refused the code: {exc.error}") from exc
        if "id_token" not in token:
            raise SignInFailed(f"{name} sent no ID token")
        metadata = await client.load_server_metadata()
        options = {
            "iss": {"essential": True, "values": [metadata.get("issuer"), *provider.issuers]},
            "aud": {"essential": True, "values": [provider.client_id]},
            "sub": {"essential": True},
        }
        try:
            claims = await client.parse_id_token(token, nonce=nonce, claims_options=options, leeway=LEEWAY_S)
        except JoseError as exc:
            raise SignInFailed(
                f"{name}: the ID token does not hold up ({exc.error}: {exc.description or ''})".strip()
            ) from exc
        except httpx.HTTPError as exc:
            raise SignInFailed(f"{name}: its keys could not be read", down=True) from exc
        email = claims.get("email")
        return Identity(
            name,
            str(claims["sub"]),
            str(email).strip().lower() if email else None,
            _verified(claims.get("email_verified")),
            claims.get("name"),
        )
