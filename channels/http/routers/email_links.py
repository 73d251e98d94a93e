"""Links by mail: verify the account's email address, reset a forgotten password.

Mail is off until SMTP_HOST is set: then asking for a link answers 503 (`UNAVAILABLE`, naming the
settings), while a link already mailed still works. Mails go out after the answer (channels/mail),
each address getting at most MAIL_RATE_LIMIT of them. Asking for a reset always answers 202, for an
address with an account or not, over its limit or not: the answer tells nothing about accounts.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Body, Request, status

from channels import mail
from channels.http.deps import App, Session
from channels.http.errors import ApiError
from channels.http.login_limit import MailsSent
from channels.http.openapi import errors
from channels.http.revocation import RevokedSessions
from channels.http.routers import Router
from channels.http.schemas import account_examples as ex
from channels.http.schemas.accounts import (
    RESET_EXAMPLES,
    RESET_REQUEST_EXAMPLES,
    VERIFY_EXAMPLES,
    EmailVerifiedOut,
    LinkMailedOut,
    PasswordResetIn,
    PasswordResetOut,
    PasswordResetRequestIn,
    VerifyEmailIn,
)
from domain import commands as c
from domain import queries
from domain.handlers.email_links import LinkIssued, PasswordReset
from domain.models import User

router = Router(prefix="/auth", tags=["auth"])
MAIL_OFF = "Mail is not set up on this server (SMTP_HOST, MAIL_FROM, PUBLIC_BASE_URL): no link can be sent"


def _mailer(request: Request) -> mail.Mailer:
    mailer: mail.Mailer | None = request.app.state.mailer
    if mailer is None:
        raise ApiError(503, MAIL_OFF, code="UNAVAILABLE")
    return mailer


@router.post(
    "/verify-email/request",
    status_code=status.HTTP_202_ACCEPTED,
    responses={**errors(409), **ex.answer(ex.LINK_MAILED, 202)},
)
async def request_verification(who: Session, spotter: App, request: Request) -> LinkMailedOut:
    """Mail a link that verifies the account's address (409 if it is verified already; 429 past
    MAIL_RATE_LIMIT mails to the address; 503 while mail is off). Until then everything works and
    `/me` says `email_verified: false`."""
    mailer = _mailer(request)
    async with spotter.reader() as uow:
        user = await queries.user(uow, who.user_id)
    sent: MailsSent = request.app.state.mails_sent
    if user is not None and not user.email_verified:
        await sent.check(user.email)
    done: LinkIssued = await spotter.bus.handle(c.RequestEmailVerification(who.user_id))
    await sent.take(done.email)
    base = spotter.settings.public_base_url or ""
    mailer.send_later(mail.verification(done.email, base, done.token, done.expires_at))
    ttl = spotter.settings.email_verify_ttl_hours * 3600
    return LinkMailedOut(message="A link is on its way to the account's address", expires_in=ttl)


@router.post("/verify-email", responses=ex.answer(ex.EMAIL_VERIFIED))
async def verify_email(
    body: Annotated[VerifyEmailIn, Body(openapi_examples=VERIFY_EXAMPLES)], spotter: App
) -> EmailVerifiedOut:
    """The token of a mailed link (no sign-in needed: the link may be opened on another device). It
    works once, until it expires (EMAIL_VERIFY_TTL_HOURS); otherwise 422."""
    user: User = await spotter.bus.handle(c.VerifyEmail(body.token))
    return EmailVerifiedOut(email=user.email)


@router.post("/password-reset/request", status_code=status.HTTP_202_ACCEPTED, responses=ex.answer(ex.RESET_MAILED, 202))
async def request_reset(
    body: Annotated[PasswordResetRequestIn, Body(openapi_examples=RESET_REQUEST_EXAMPLES)],
    spotter: App,
    request: Request,
) -> LinkMailedOut:
    """Mail a link to reset the password to this address, if an account has it. Always 202 (503
    while mail is off), whatever the address: nothing tells whether it has an account."""
    mailer = _mailer(request)
    done: LinkIssued | None = await spotter.bus.handle(c.RequestPasswordReset(body.email))
    sent: MailsSent = request.app.state.mails_sent
    if done is not None and await sent.take(done.email):
        base = spotter.settings.public_base_url or ""
        mailer.send_later(mail.password_reset(done.email, base, done.token, done.expires_at))
    ttl = spotter.settings.password_reset_ttl_minutes * 60
    return LinkMailedOut(message="If an account has this address, a link is on its way to it", expires_in=ttl)


@router.post("/password-reset", responses=ex.answer(ex.PASSWORD_RESET))
async def reset_password(
    body: Annotated[PasswordResetIn, Body(openapi_examples=RESET_EXAMPLES)], spotter: App, request: Request
) -> PasswordResetOut:
    """A new password, with the token of a mailed link (once, until it expires: PASSWORD_RESET_TTL_MINUTES;
    otherwise 422). Every session is signed out, its access tokens refused at once; sign in again with
    the new password. The address counts as verified (the link reached it)."""
    done: PasswordReset = await spotter.bus.handle(c.ResetPassword(body.token, body.new_password))
    revoked: RevokedSessions = request.app.state.revoked_sessions
    revoked.add(done.sessions)
    return PasswordResetOut(sessions_revoked=done.live)
