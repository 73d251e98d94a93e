from __future__ import annotations

from typing import Annotated

from fastapi import Body, Request, Response, status

from channels.http.deps import App
from channels.http.openapi import errors
from channels.http.routers import Router
from channels.http.schemas.auth import (
    LOGIN_EXAMPLES,
    REGISTER_EXAMPLES,
    LoginIn,
    RefreshIn,
    RegisterIn,
    TokensOut,
    UserOut,
)
from channels.http.security import issue_access_token
from domain import commands as c
from domain.errors import AuthFailed
from domain.handlers.auth import LoggedIn

router = Router(prefix="/auth", tags=["auth"])


def tokens(spotter: App, done: LoggedIn, response: Response) -> TokensOut:
    """The signed-in answer. `no-store` (as OAuth 2 asks of token answers) also keeps it out of the
    idempotency records (channels/http/idempotency.py)."""
    response.headers["Cache-Control"] = "no-store"
    ttl = spotter.settings.access_token_ttl_s
    return TokensOut(
        access_token=issue_access_token(done.user.id, spotter.settings.jwt_secret, ttl),
        refresh_token=done.refresh_token,
        expires_in=ttl,
        user=UserOut.model_validate(done.user),
    )


@router.post("/register", status_code=status.HTTP_201_CREATED)
async def register(
    body: Annotated[RegisterIn, Body(openapi_examples=REGISTER_EXAMPLES)], spotter: App, response: Response
) -> TokensOut:
    """Create an account and sign in at once."""
    await spotter.bus.handle(c.Register(body.email, body.password, body.display_name, body.unit_pref, body.timezone))
    done: LoggedIn = await spotter.bus.handle(c.LogIn(body.email, body.password, "registration"))
    return tokens(spotter, done, response)


@router.post("/login", responses=errors(401))
async def login(
    body: Annotated[LoginIn, Body(openapi_examples=LOGIN_EXAMPLES)], spotter: App, request: Request, response: Response
) -> TokensOut:
    """429 once an account has had too many wrong passwords in a window (LOGIN_FAILURE_LIMIT)."""
    failures = request.app.state.login_failures
    await failures.check(body.email)
    try:
        done: LoggedIn = await spotter.bus.handle(c.LogIn(body.email, body.password, body.device_name))
    except AuthFailed:
        await failures.failed(body.email)
        raise
    return tokens(spotter, done, response)


@router.post("/refresh", responses=errors(401))
async def refresh(body: RefreshIn, spotter: App, response: Response) -> TokensOut:
    """Rotate the refresh token. Presenting a spent one signs that login out everywhere."""
    done: LoggedIn = await spotter.bus.handle(c.Refresh(body.refresh_token))
    return tokens(spotter, done, response)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT, responses=errors(401))
async def logout(body: RefreshIn, spotter: App) -> None:
    await spotter.bus.handle(c.LogOut(body.refresh_token))
