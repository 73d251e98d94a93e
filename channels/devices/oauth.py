"""OAuth with a provider, through Authlib's httpx client: the authorize URL (state, and PKCE where
the provider takes it), the code exchanged for tokens, tokens refreshed before they expire.

The state is signed (PyJWT, 10 minutes) and names the lifter and provider, so the callback needs
no session and works on any replica. The PKCE verifier is derived from the state with the server's
secret (HMAC): it never travels in a URL, and the callback recomputes it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import jwt
from authlib.integrations.httpx_client import AsyncOAuth2Client

from channels.devices.base import NeedsReauth, OAuthApp, ProviderDown
from channels.devices.cloud import tls

STATE_TTL = timedelta(minutes=10)
REFRESH_AHEAD = timedelta(minutes=5)  # refresh a token this long before it expires


def _key(secret: str) -> str:
    return "device-oauth-state:" + secret


def make_state(secret: str, user_id: uuid.UUID, provider: str) -> str:
    claims = {
        "sub": str(user_id),
        "prv": provider,
        "n": secrets.token_urlsafe(12),
        "exp": datetime.now(UTC) + STATE_TTL,
    }
    return jwt.encode(claims, _key(secret), algorithm="HS256")


def read_state(secret: str, state: str, provider: str) -> uuid.UUID | None:
    """The lifter the state was made for, or None (forged, expired, or for another provider)."""
    try:
        claims = jwt.decode(state, _key(secret), algorithms=["HS256"])
        user = uuid.UUID(claims["sub"])
    except (jwt.PyJWTError, KeyError, ValueError):
        return None
    return user if claims.get("prv") == provider else None


def verifier(secret: str, state: str) -> str:
    digest = hmac.new(_key(secret).encode(), state.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest * 2).rstrip(b"=").decode()  # 86 characters (43 to 128 allowed)


def _client(app: OAuthApp, redirect_uri: str | None, timeout: float) -> AsyncOAuth2Client:
    client = AsyncOAuth2Client(
        client_id=app.client_id,
        client_secret=app.client_secret,
        token_endpoint_auth_method=app.auth_method,
        scope=app.scope_separator.join(app.scopes) or None,
        redirect_uri=redirect_uri,
        code_challenge_method="S256" if app.pkce else None,
        timeout=timeout,
        verify=tls(),
    )
    if app.token_reply is not None:  # a provider whose token answers are not RFC 6749's (Withings)
        client.register_compliance_hook("access_token_response", app.token_reply)
        client.register_compliance_hook("refresh_token_response", app.token_reply)
    return client


async def authorize_url(app: OAuthApp, redirect_uri: str, state: str, secret: str) -> str:
    async with _client(app, redirect_uri, 10) as client:
        code_verifier = verifier(secret, state) if app.pkce else None
        url, _ = client.create_authorization_url(app.authorize_url, state=state, code_verifier=code_verifier)
    return str(url)


async def exchange(
    app: OAuthApp, redirect_uri: str, code: str, state: str, secret: str, http_timeout_s: float
) -> dict[str, Any]:
    """The tokens for an authorization code (NeedsReauth if the provider refuses the code)."""
    extra = dict(app.token_params) | ({"code_verifier": verifier(secret, state)} if app.pkce else {})
    async with _client(app, redirect_uri, http_timeout_s) as client:
        return await _tokens(client.fetch_token(app.token_url, code=code, grant_type="authorization_code", **extra))


async def refresh(app: OAuthApp, refresh_token: str, http_timeout_s: float) -> dict[str, Any]:
    async with _client(app, None, http_timeout_s) as client:
        return await _tokens(client.refresh_token(app.token_url, refresh_token=refresh_token, **dict(app.token_params)))


async def _tokens(call: Any) -> dict[str, Any]:
    try:
        token = await call
    except httpx.HTTPError as exc:  # the token endpoint could not be reached
        raise ProviderDown(f"token endpoint: {exc!r}") from exc
    except Exception as exc:  # Authlib's OAuth errors: the provider refused
        raise NeedsReauth(str(exc)) from exc
    return dict(token)


def expires_at(token: dict[str, Any]) -> datetime | None:
    found = token.get("expires_at")
    if isinstance(found, int | float):
        return datetime.fromtimestamp(found, UTC)
    return None


def due(expiry: datetime | None, now: datetime | None = None) -> bool:
    """Whether a token expiring then should be refreshed now."""
    return expiry is not None and expiry - REFRESH_AHEAD <= (now or datetime.now(UTC))
