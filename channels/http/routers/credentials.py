"""A new password or email address for the signed-in account, each with a fresh proof: the
password, or for an account without one a code or a sign-in within REAUTH_WINDOW_S
(domain/handlers/proof.py). Sign-in tokens only: an API key changes neither."""

from __future__ import annotations

from typing import Annotated

from fastapi import Body, Request

from channels import mail
from channels.http.deps import App, Session
from channels.http.login_limit import counted
from channels.http.openapi import errors, refused
from channels.http.revocation import RevokedSessions
from channels.http.routers import Router
from channels.http.schemas import account_examples as ex
from channels.http.schemas.accounts import (
    EMAIL_CHANGE_EXAMPLES,
    PASSWORD_CHANGE_EXAMPLES,
    PASSWORD_CHANGED_EXAMPLE,
    EmailChangedOut,
    EmailChangeIn,
    PasswordChangedOut,
    PasswordChangeIn,
    example,
)
from channels.http.schemas.auth import UserOut
from domain import commands as c
from domain import queries
from domain.handlers.account import PasswordChanged
from domain.handlers.email_links import LinkIssued

router = Router(prefix="/me", tags=["me"])
PROOF = refused(
    "The proof is wrong (`FORBIDDEN`), or none was given (`REAUTH_REQUIRED`: give the password; "
    "an account without one gives a code or signs in again)"
)


@router.post("/password", responses={**PROOF, **example(PASSWORD_CHANGED_EXAMPLE)})
async def change_password(
    body: Annotated[PasswordChangeIn, Body(openapi_examples=PASSWORD_CHANGE_EXAMPLES)],
    who: Session,
    spotter: App,
    request: Request,
) -> PasswordChangedOut:
    """Set a new password with the current one (`password`). An account made by signing in with
    Google or Apple sets its first one with a code from its authenticator app, or within
    REAUTH_WINDOW_S (5 minutes) of signing in. Every other session is signed out at once; this one
    stays. 403 as described; 422 for a password under 8 characters."""
    command = c.ChangePassword(who.user_id, body.new_password, body.password, body.code, who.session_id)
    done: PasswordChanged = await counted(request, str(who.user_id), command)
    revoked: RevokedSessions = request.app.state.revoked_sessions
    revoked.add(done.signed_out)
    return PasswordChangedOut(sessions_revoked=len(done.signed_out))


@router.post("/email", responses={**PROOF, **errors(409), **ex.answer(ex.EMAIL_CHANGED)})
async def change_email(
    body: Annotated[EmailChangeIn, Body(openapi_examples=EMAIL_CHANGE_EXAMPLES)],
    who: Session,
    spotter: App,
    request: Request,
) -> EmailChangedOut:
    """Change the account's address, with the same proof as a new password. The new address is
    unverified until the mailed link is opened (mailed when mail is set up: `verification_mailed`;
    else POST /auth/verify-email/request later); links sent to the old address stop working. 409 if
    another account has the address."""
    command = c.ChangeEmail(who.user_id, body.email, body.password, body.code, who.session_id)
    done: LinkIssued = await counted(request, str(who.user_id), command)
    mailer: mail.Mailer | None = request.app.state.mailer
    sent = mailer is not None and await request.app.state.mails_sent.take(done.email)
    if mailer is not None and sent:
        base = spotter.settings.public_base_url or ""
        mailer.send_later(mail.verification(done.email, base, done.token, done.expires_at))
    async with spotter.reader() as uow:
        user = await queries.user(uow, who.user_id)
    return EmailChangedOut(user=UserOut.model_validate(user), verification_mailed=bool(sent))
