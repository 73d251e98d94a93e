"""Two-factor sign-in (TOTP) for the signed-in account: set up, enable, renew recovery codes, disable.

Sign-in tokens only (an API key cannot change how its account signs in). Answers that carry secrets
(the TOTP secret, recovery codes) are `no-store`: never cached, never kept as idempotent answers.
Wrong codes count against the account (TWO_FACTOR_FAILURE_LIMIT, shared with POST /auth/login/2fa).
"""

from __future__ import annotations

from typing import Annotated

import segno
from fastapi import Body, Request, Response, status

from channels.http.deps import App, Session
from channels.http.login_limit import counted
from channels.http.openapi import errors
from channels.http.routers import Router
from channels.http.schemas import account_examples as ex
from channels.http.schemas.accounts import (
    CODE_EXAMPLES,
    DISABLE_EXAMPLES,
    SETUP_EXAMPLE,
    CodeIn,
    DisableTwoFactorIn,
    RecoveryCodesOut,
    TwoFactorEnabledOut,
    TwoFactorSetupOut,
    example,
)
from domain import commands as c
from domain.handlers.two_factor import TwoFactorSetUp

router = Router(prefix="/auth/2fa", tags=["auth"])


@router.post("/setup", responses={**errors(409), **example(SETUP_EXAMPLE)})
async def set_up(who: Session, spotter: App, response: Response) -> TwoFactorSetupOut:
    """A new secret for an authenticator app: as text, as an otpauth:// URI and as a QR code (SVG).
    Nothing changes at sign-in until POST /auth/2fa/enable gets a first right code; setting up again
    before that replaces the secret. 409 while two-factor sign-in is on."""
    response.headers["Cache-Control"] = "no-store"
    done: TwoFactorSetUp = await spotter.bus.handle(c.SetUpTwoFactor(who.user_id))
    qr = segno.make(done.uri, error="m").svg_inline(scale=4)
    return TwoFactorSetupOut(secret=done.secret, otpauth_uri=done.uri, qr_svg=qr)


@router.post("/enable", responses={**errors(409), **ex.answer(ex.ENABLED)})
async def enable(
    body: Annotated[CodeIn, Body(openapi_examples=CODE_EXAMPLES)], who: Session, request: Request, response: Response
) -> TwoFactorEnabledOut:
    """Turn two-factor sign-in on with the code the app shows now (422 if it is not right). The answer
    holds ten recovery codes, shown this once: each signs in once in place of a code."""
    response.headers["Cache-Control"] = "no-store"
    codes = await counted(request, str(who.user_id), c.EnableTwoFactor(who.user_id, body.code))
    assert isinstance(codes, list)
    return TwoFactorEnabledOut(recovery_codes=codes)


@router.post("/recovery-codes", responses={**errors(409), **ex.answer(ex.RECOVERY_CODES)})
async def renew_recovery_codes(
    body: Annotated[CodeIn, Body(openapi_examples=CODE_EXAMPLES)], who: Session, request: Request, response: Response
) -> RecoveryCodesOut:
    """Ten new recovery codes for a right code (403 if not); the old ones stop working. 409 while
    two-factor sign-in is off."""
    response.headers["Cache-Control"] = "no-store"
    codes = await counted(request, str(who.user_id), c.RenewRecoveryCodes(who.user_id, body.code))
    assert isinstance(codes, list)
    return RecoveryCodesOut(recovery_codes=codes)


@router.post("/disable", status_code=status.HTTP_204_NO_CONTENT, responses=errors(409))
async def disable(
    body: Annotated[DisableTwoFactorIn, Body(openapi_examples=DISABLE_EXAMPLES)], who: Session, request: Request
) -> None:
    """Turn two-factor sign-in off with a code, a recovery code or the password (403 if none is
    right); the secret and the recovery codes are deleted. 409 while it is off."""
    await counted(request, str(who.user_id), c.DisableTwoFactor(who.user_id, body.code, body.password, who.session_id))
