"""Links mailed to a user: verify the email address, reset a forgotten password.

A link's token is random and signed for its purpose (domain/crypto.py: a made-up or mistyped one is
refused before the store is asked); only its hash is stored, with when it expires, and it is spent by
a conditional update, so it works once even when two requests race with it. Mailing is the
channel's part: these handlers hand back the token to put in the mail.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update

from domain import commands as c
from domain.crypto import Keys
from domain.errors import Conflict, Invalid, NotFound
from domain.models import AccountToken, AuditEntry, RefreshToken, User, utcnow
from domain.security import Passwords, digest
from domain.sessions import live_session_ids, revoke_families
from domain.uow import UnitOfWork

VERIFY, RESET = "verify_email", "reset_password"


@dataclass(frozen=True)
class LinkIssued:
    email: str
    token: str
    expires_at: datetime


@dataclass(frozen=True)
class PasswordReset:
    user_id: uuid.UUID
    sessions: list[uuid.UUID]  # every session the reset ended (their access tokens are refused too)
    live: int  # how many of them were in use


def issue_link(uow: UnitOfWork, keys: Keys, user: User, purpose: str, ttl: timedelta) -> LinkIssued:
    token = keys.new_token(purpose)
    expires = utcnow() + ttl
    uow.session.add(
        AccountToken(user_id=user.id, purpose=purpose, token_hash=digest(token), email=user.email, expires_at=expires)
    )
    return LinkIssued(user.email, token, expires)


async def _spend(uow: UnitOfWork, keys: Keys, purpose: str, token: str) -> AccountToken:
    """The token's row, spent now; 422 for a token that is unknown, expired or used."""
    wrong = Invalid.field("token", "is unknown, expired or already used: ask for a new link")
    if not keys.signed(purpose, token.strip()):
        raise wrong
    now = utcnow()
    row = await uow.session.scalar(select(AccountToken).where(AccountToken.token_hash == digest(token.strip())))
    if row is None or row.purpose != purpose or row.used_at is not None or row.expires_at <= now:
        raise wrong
    spent = await uow.session.execute(
        update(AccountToken).where(AccountToken.id == row.id, AccountToken.used_at.is_(None)).values(used_at=now)
    )
    if spent.rowcount != 1:  # type: ignore[attr-defined]  # a concurrent request spent it first
        raise wrong
    return row


async def spend_the_rest(uow: UnitOfWork, user_id: uuid.UUID, purpose: str) -> None:
    """Other links of the same purpose stop working once one has done its work."""
    await uow.session.execute(
        update(AccountToken)
        .where(AccountToken.user_id == user_id, AccountToken.purpose == purpose, AccountToken.used_at.is_(None))
        .values(used_at=utcnow())
    )


async def request_email_verification(
    cmd: c.RequestEmailVerification, uow: UnitOfWork, *, keys: Keys, verify_ttl: timedelta
) -> LinkIssued:
    user = await uow.session.get(User, cmd.user_id)
    if user is None:
        raise NotFound("User not found")
    if user.email_verified:
        raise Conflict("This email address is already verified")
    issued = issue_link(uow, keys, user, VERIFY, verify_ttl)
    await uow.commit()
    return issued


async def verify_email(cmd: c.VerifyEmail, uow: UnitOfWork, *, keys: Keys) -> User:
    row = await _spend(uow, keys, VERIFY, cmd.token)
    user = await uow.session.get(User, row.user_id)
    if user is None or user.email != row.email:  # the address changed since the link was sent
        raise Invalid.field("token", "was sent to another address than the account's: ask for a new link")
    if not user.email_verified:
        user.email_verified_at = utcnow()
        verified = AuditEntry(user_id=user.id, action="user.email_verified", entity="user", entity_id=user.email)
        uow.session.add(verified)
    await spend_the_rest(uow, user.id, VERIFY)
    await uow.commit()
    return user


async def request_password_reset(
    cmd: c.RequestPasswordReset, uow: UnitOfWork, *, keys: Keys, reset_ttl: timedelta
) -> LinkIssued | None:
    """A link for the account with this address; None when there is none (the caller answers alike)."""
    user = await uow.session.scalar(select(User).where(User.email == cmd.email.strip().lower()))
    if user is None:
        return None
    issued = issue_link(uow, keys, user, RESET, reset_ttl)
    uow.session.add(AuditEntry(user_id=user.id, action="user.password_reset_requested", entity="user"))
    await uow.commit()
    return issued


async def reset_password(cmd: c.ResetPassword, uow: UnitOfWork, *, keys: Keys, passwords: Passwords) -> PasswordReset:
    """A new password from a mailed link; every session ends (refresh and access tokens), the other
    links to reset stop working, and the address counts as verified (the link reached it)."""
    if not keys.signed(RESET, cmd.token.strip()):
        raise Invalid.field("token", "is unknown, expired or already used: ask for a new link")
    if not 8 <= len(cmd.new_password) <= 256:
        raise Invalid.field("new_password", "must be 8 to 256 characters")
    async with uow.outside():  # the slow hash first, holding no transaction
        hashed = await passwords.hash(cmd.new_password)
    row = await _spend(uow, keys, RESET, cmd.token)
    user = await uow.session.get(User, row.user_id)
    if user is None:
        raise Invalid.field("token", "is unknown, expired or already used: ask for a new link")
    now = utcnow()
    user.password_hash = hashed
    if user.email_verified_at is None and user.email == row.email:
        user.email_verified_at = now
    live = await live_session_ids(uow, user.id)
    unrevoked = select(RefreshToken.family_id).where(RefreshToken.user_id == user.id, RefreshToken.revoked_at.is_(None))
    families = set((await uow.session.scalars(unrevoked)).all())
    await revoke_families(uow, list(families), now)
    await spend_the_rest(uow, user.id, RESET)
    uow.session.add(
        AuditEntry(user_id=user.id, action="user.password_reset", entity="user", data={"sessions_revoked": len(live)})
    )
    uow.session.add_all(
        AuditEntry(
            user_id=user.id,
            action="session.revoked",
            entity="session",
            entity_id=str(s),
            data={"reason": "password_reset"},
        )
        for s in live
    )
    await uow.commit()
    return PasswordReset(user.id, sorted(families, key=str), len(live))
