"""Signing in and out: register, login (with a second step when two-factor sign-in is on), refresh,
logout. Each sign-in is a session (channels/http/routers/sessions.py) whose id its access tokens carry."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Body, Request, Response, status
from fastapi.responses import JSONResponse

from channels.http.deps import App
from channels.http.errors import ApiError
from channels.http.openapi import errors
from channels.http.revocation import RevokedSessions
from channels.http.routers import Router
from channels.http.schemas import account_examples as ex
from channels.http.schemas.accounts import (
    SECOND_FACTOR_EXAMPLE,
    SECOND_FACTOR_EXAMPLES,
    SecondFactorIn,
    SecondFactorOut,
)
from channels.http.schemas.auth import (
    LOGIN_EXAMPLES,
    REGISTER_EXAMPLES,
    LoginIn,
    RefreshIn,
    RegisterIn,
    TokensOut,
    UserOut,
)
from channels.http.security import issue_access_token, issue_challenge, read_challenge
from domain import commands as c
from domain.errors import AuthFailed
from domain.handlers.auth import LoggedIn, SecondFactorNeeded

router = Router(prefix="/auth", tags=["auth"])
UNVERIFIED_HINT = "Your email address is not verified yet: POST /api/v1/auth/verify-email/request mails a link"


def address(request: Request) -> str | None:
    return request.client.host if request.client else None


def tokens(spotter: App, done: LoggedIn, response: Response) -> TokensOut:
    """The signed-in answer. `no-store` (as OAuth 2 asks of token answers) also keeps it out of the
    idempotency records (channels/http/idempotency.py)."""
    response.headers["Cache-Control"] = "no-store"
    ttl = spotter.settings.access_token_ttl_s
    return TokensOut(
        access_token=issue_access_token(done.user.id, spotter.settings.jwt_secret, ttl, done.family_id),
        refresh_token=done.refresh_token,
        expires_in=ttl,
        user=UserOut.model_validate(done.user),
        hint=None if done.user.email_verified else UNVERIFIED_HINT,
    )


@router.post("/register", status_code=status.HTTP_201_CREATED, responses=ex.answer(ex.TOKENS, 201))
async def register(
    body: Annotated[RegisterIn, Body(openapi_examples=REGISTER_EXAMPLES)],
    spotter: App,
    request: Request,
    response: Response,
) -> TokensOut:
    """Create an account and sign in at once (the address is unverified until a mailed link is opened)."""
    await spotter.bus.handle(c.Register(body.email, body.password, body.display_name, body.unit_pref, body.timezone))
    done = await spotter.bus.handle(c.LogIn(body.email, body.password, "registration", address(request)))
    assert isinstance(done, LoggedIn)  # a new account has no second factor
    return tokens(spotter, done, response)


SECOND_STEP: dict[int | str, dict[str, Any]] = {
    202: {
        "model": SecondFactorOut,
        "description": "The password is right and the account has two-factor sign-in: no tokens yet; "
        "send the challenge with a code to POST /auth/login/2fa",
        "content": {"application/json": {"example": SECOND_FACTOR_EXAMPLE}},
    }
}


@router.post("/login", response_model=TokensOut, responses={**errors(401), **SECOND_STEP, **ex.answer(ex.TOKENS)})
async def login(
    body: Annotated[LoginIn, Body(openapi_examples=LOGIN_EXAMPLES)], spotter: App, request: Request, response: Response
) -> TokensOut | JSONResponse:
    """Tokens (200), or with two-factor sign-in on a challenge to answer with a code (202). 429 once
    an account has had too many wrong passwords in a window (LOGIN_FAILURE_LIMIT)."""
    failures = request.app.state.login_failures
    await failures.check(body.email)
    try:
        done = await spotter.bus.handle(c.LogIn(body.email, body.password, body.device_name, address(request)))
    except AuthFailed:
        await failures.failed(body.email)
        raise
    return signed_in(spotter, done, response)


def signed_in(spotter: App, done: LoggedIn | SecondFactorNeeded, response: Response) -> TokensOut | JSONResponse:
    """Tokens, or (two-factor sign-in on) the challenge to answer with a code at POST /auth/login/2fa."""
    if isinstance(done, SecondFactorNeeded):
        ttl = spotter.settings.two_factor_challenge_ttl_s
        challenge = issue_challenge(done.user_id, done.device_name, spotter.settings.jwt_secret, ttl)
        out = SecondFactorOut(challenge_token=challenge, expires_in=ttl)
        return JSONResponse(out.model_dump(), status_code=202, headers={"Cache-Control": "no-store"})
    return tokens(spotter, done, response)


@router.post("/login/2fa", responses={**errors(401), **ex.answer(ex.TOKENS)})
async def login_second_factor(
    body: Annotated[SecondFactorIn, Body(openapi_examples=SECOND_FACTOR_EXAMPLES)],
    spotter: App,
    request: Request,
    response: Response,
) -> TokensOut:
    """The second step: the login's challenge and a code from the authenticator app (or a recovery
    code, which then is spent). 401 for a wrong code or a challenge that is invalid or expired (5
    minutes, TWO_FACTOR_CHALLENGE_TTL_S); 429 once the account has had too many wrong codes
    (TWO_FACTOR_FAILURE_LIMIT)."""
    challenge = read_challenge(body.challenge_token, spotter.settings.jwt_secret)
    if challenge is None:
        raise ApiError(401, "The challenge is invalid or expired: sign in again")
    user_id, device = challenge
    failures = request.app.state.code_failures
    await failures.check(str(user_id))
    command = c.CompleteLogIn(user_id, body.code, body.recovery_code, device, address(request))
    try:
        done: LoggedIn = await spotter.bus.handle(command)
    except AuthFailed:
        await failures.failed(str(user_id))
        raise
    return tokens(spotter, done, response)


@router.post("/refresh", responses={**errors(401), **ex.answer(ex.TOKENS)})
async def refresh(
    body: Annotated[RefreshIn, Body(openapi_examples=ex.REFRESH_EXAMPLES)],
    spotter: App,
    request: Request,
    response: Response,
) -> TokensOut:
    """Rotate the refresh token. Presenting a spent one signs that login out everywhere."""
    done: LoggedIn = await spotter.bus.handle(c.Refresh(body.refresh_token, address(request)))
    return tokens(spotter, done, response)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT, responses=errors(401))
async def logout(
    body: Annotated[RefreshIn, Body(openapi_examples=ex.REFRESH_EXAMPLES)], spotter: App, request: Request
) -> None:
    """Ends the session the refresh token belongs to: its refresh token and, at once, its access tokens."""
    session_id = await spotter.bus.handle(c.LogOut(body.refresh_token))
    revoked: RevokedSessions = request.app.state.revoked_sessions
    revoked.add([session_id])
