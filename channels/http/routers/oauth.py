"""Sign in with Google or Apple (OpenID Connect, channels/signin): start, then the provider's callback.

`GET /auth/oauth/{provider}/start` answers the provider's authorization URL (or, with
`redirect=true`, redirects a browser there). The provider sends the user back to the callback with a
code and the state: Google with a GET, Apple with a form POST (response_mode=form_post). The state
is spent once; the code is exchanged with the PKCE verifier kept with it, and the ID token checked
(signature, issuer, audience, expiry, nonce) before anyone is signed in.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import Form, Path, Query, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse

from channels.http.deps import App
from channels.http.errors import ApiError
from channels.http.openapi import errors
from channels.http.routers import Router
from channels.http.routers.auth import SECOND_STEP, address, signed_in
from channels.http.schemas import Out
from channels.http.schemas.auth import TokensOut
from channels.signin import OpenIdSignIn, SignInFailed
from domain import commands as c
from domain.handlers.external_login import Claimed

router = Router(prefix="/auth/oauth", tags=["auth"])
ProviderName = Annotated[Literal["google", "apple"], Path(description="the OpenID provider")]
Text = Annotated[str | None, Form(max_length=4096)]


class StartOut(Out):
    authorize_url: str
    state: str
    expires_in: int


START_EXAMPLE = {
    "authorize_url": "https://accounts.google.com/o/oauth2/v2/auth?response_type=code&client_id=…&redirect_uri="
    "https%3A%2F%2Fapi.spotter.example%2Fapi%2Fv1%2Fauth%2Foauth%2Fgoogle%2Fcallback&scope=openid+email+profile"
    "&state=…&code_challenge=…&code_challenge_method=S256&nonce=…",
    "state": "kfd8…",
    "expires_in": 600,
}
REFUSED: dict[int | str, dict[str, Any]] = {
    **errors(401, 403, 404, 409),
    401: {
        "description": "The state is unknown, expired or spent (replayed), the provider refused the code, or "
        "the ID token does not hold up (signature, issuer, audience, expiry, nonce)"
    },
    403: {"description": "The provider has not verified an email address for this identity"},
    404: {"description": "Sign-in with this provider is not configured on this server"},
    409: {"description": "An account has this address but has not verified it: it is never linked"},
    502: {"description": "The provider could not be reached"},
}


def _sign_in(request: Request, provider: str) -> OpenIdSignIn:
    found: OpenIdSignIn = request.app.state.sign_in
    if provider not in found.providers:
        need = (
            "GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET"
            if provider == "google"
            else ("APPLE_CLIENT_ID and APPLE_CLIENT_SECRET (or APPLE_TEAM_ID, APPLE_KEY_ID, APPLE_PRIVATE_KEY)")
        )
        raise ApiError(404, f"Sign-in with {provider.title()} is not configured on this server: set {need}")
    return found


def _failed(exc: SignInFailed) -> ApiError:
    return ApiError(502, exc.message) if exc.down else ApiError(401, exc.message)


@router.get(
    "/{provider}/start",
    responses={
        200: {"content": {"application/json": {"example": START_EXAMPLE}}},
        302: {"description": "to the provider"},
        **errors(404),
        502: REFUSED[502],
    },
)
async def start(
    provider: ProviderName,
    spotter: App,
    request: Request,
    redirect: Annotated[bool, Query(description="redirect (302) to the provider instead of answering its URL")] = False,
) -> Any:
    """Begin signing in with Google or Apple: open `authorize_url` in a browser. It carries a state
    (spent once, SIGN_IN_TTL_S: 10 minutes), a nonce and a PKCE challenge; the provider comes back to
    /auth/oauth/{provider}/callback, which answers as POST /auth/login does."""
    sign_in = _sign_in(request, provider)
    base = (spotter.settings.public_base_url or str(request.base_url)).rstrip("/")
    redirect_uri = f"{base}{request.url.path.rsplit('/', 1)[0]}/callback"
    try:
        started = await sign_in.start(provider, redirect_uri)
    except SignInFailed as exc:
        raise _failed(exc) from exc
    ttl = spotter.settings.sign_in_ttl_s
    await spotter.bus.handle(
        c.BeginSignIn(provider, started.state, started.nonce, started.code_verifier, redirect_uri, ttl)
    )
    headers = {"Cache-Control": "no-store"}
    if redirect:
        return RedirectResponse(started.url, status_code=302, headers=headers)
    return JSONResponse(
        StartOut(authorize_url=started.url, state=started.state, expires_in=ttl).model_dump(), headers=headers
    )


async def _finish(
    provider: str,
    code: str | None,
    state: str | None,
    error: str | None,
    spotter: App,
    request: Request,
    response: Response,
    display_name: str | None = None,
) -> TokensOut | JSONResponse:
    sign_in = _sign_in(request, provider)
    if not state:
        raise ApiError(422, "The provider sent no state", [{"field": "state", "message": "required"}])
    claimed: Claimed = await spotter.bus.handle(c.ClaimSignIn(provider, state))  # spent, even if what follows fails
    if error:
        raise ApiError(401, f"{provider.title()} did not sign you in: {error[:100]}")
    if not code:
        raise ApiError(422, "The provider sent no code", [{"field": "code", "message": "required"}])
    try:
        who = await sign_in.finish(provider, code, claimed.redirect_uri, claimed.nonce, claimed.code_verifier)
    except SignInFailed as exc:
        raise _failed(exc) from exc
    done = await spotter.bus.handle(
        c.SignInWith(
            provider,
            who.subject,
            who.email,
            who.email_verified,
            who.name or display_name,
            provider.title(),
            address(request),
        )
    )
    return signed_in(spotter, done, response)


@router.get("/{provider}/callback", response_model=TokensOut, responses={**REFUSED, **SECOND_STEP})
async def callback(
    provider: ProviderName,
    spotter: App,
    request: Request,
    response: Response,
    code: Annotated[str | None, Query(max_length=4096)] = None,
    state: Annotated[str | None, Query(max_length=512)] = None,
    error: Annotated[str | None, Query(max_length=200)] = None,
) -> TokensOut | JSONResponse:
    """Where Google sends the user back (`code` and `state`, or `error`). Signs in to the account this
    identity used before; else links it to the account of the same address if both the provider and
    the account have verified it; else makes an account (its address verified). Tokens (200) as
    POST /auth/login answers, or 202 with a challenge when the account has two-factor sign-in."""
    return await _finish(provider, code, state, error, spotter, request, response)


@router.post("/{provider}/callback", response_model=TokensOut, responses={**REFUSED, **SECOND_STEP})
async def form_callback(
    provider: ProviderName,
    spotter: App,
    request: Request,
    response: Response,
    code: Text = None,
    state: Annotated[str | None, Form(max_length=512)] = None,
    error: Annotated[str | None, Form(max_length=200)] = None,
    user: Text = None,
) -> TokensOut | JSONResponse:
    """Where Apple posts the user back (response_mode=form_post: `code`, `state`, on the first sign-in
    `user` with the name, or `error`). Answers as the GET callback does."""
    return await _finish(provider, code, state, error, spotter, request, response, _apple_name(user))


def _apple_name(user: str | None) -> str | None:
    """Apple's `user` form field (JSON, first sign-in only): {"name": {"firstName", "lastName"}}."""
    try:
        name = json.loads(user).get("name", {}) if user else {}
        full = " ".join(str(name.get(k, "")).strip() for k in ("firstName", "lastName")).strip()
    except (ValueError, AttributeError):
        return None
    return full[:100] or None
