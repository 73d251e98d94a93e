"""Signing in with an OpenID provider (Google, Apple): the state of a sign-in under way, spent once,
and the account the provider's identity signs in to.

Which account: the one this identity signed in to before (the provider's subject id, never the
address, decides); else the account whose address the provider has verified, if that account has
verified it too (an unverified account may have been registered by someone who does not own the
address: linking it would hand it to them, so it is refused); else a new account, its address
verified by the provider. An account with two-factor sign-in still asks for a code.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select, update

from domain import commands as c
from domain.errors import AuthFailed, Conflict, Forbidden
from domain.handlers.auth import LoggedIn, SecondFactorNeeded, issue
from domain.models import NO_PASSWORD, AuditEntry, ExternalIdentity, SignInState, User, utcnow
from domain.security import digest
from domain.uow import UnitOfWork
from domain.validation import check_email

KEPT = timedelta(days=1)  # spent and expired states are swept this long after they expire


@dataclass(frozen=True)
class Claimed:
    nonce: str
    code_verifier: str
    redirect_uri: str


async def begin_sign_in(cmd: c.BeginSignIn, uow: UnitOfWork) -> None:
    now = utcnow()
    await uow.session.execute(delete(SignInState).where(SignInState.expires_at < now - KEPT))
    uow.session.add(
        SignInState(
            state_hash=digest(cmd.state),
            provider=cmd.provider,
            nonce=cmd.nonce,
            code_verifier=cmd.code_verifier,
            redirect_uri=cmd.redirect_uri,
            expires_at=now + timedelta(seconds=cmd.ttl_s),
        )
    )
    await uow.commit()


async def claim_sign_in(cmd: c.ClaimSignIn, uow: UnitOfWork) -> Claimed:
    """Spent by a conditional update: a state replayed, expired, made for another provider or never
    made is refused the same way."""
    stmt = (
        update(SignInState)
        .where(
            SignInState.state_hash == digest(cmd.state),
            SignInState.provider == cmd.provider,
            SignInState.used_at.is_(None),
            SignInState.expires_at > utcnow(),
        )
        .values(used_at=utcnow())
        .returning(SignInState.nonce, SignInState.code_verifier, SignInState.redirect_uri)
    )
    row = (await uow.session.execute(stmt)).first()
    if row is None:
        await uow.rollback()
        raise AuthFailed("This sign-in is unknown, expired or was finished already: start again")
    await uow.commit()
    return Claimed(row.nonce, row.code_verifier, row.redirect_uri)


async def _account(cmd: c.SignInWith, uow: UnitOfWork) -> tuple[User, str]:
    """The account the identity signs in to, and how it was found (signed_in, linked, registered)."""
    found = await uow.session.scalar(
        select(ExternalIdentity).where(
            ExternalIdentity.provider == cmd.provider, ExternalIdentity.subject == cmd.subject
        )
    )
    if found is not None:
        user = await uow.session.get(User, found.user_id)
        if user is None:
            raise AuthFailed("The account no longer exists")
        found.last_login_at, found.email = utcnow(), cmd.email or found.email
        return user, "signed_in"
    if not cmd.email or not cmd.email_verified:
        raise Forbidden(f"{cmd.provider.title()} has not verified an email address for this account")
    email = check_email(cmd.email)
    user = await uow.session.scalar(select(User).where(User.email == email))
    how = "linked"
    if user is not None and not user.email_verified:
        raise Conflict(
            "An account with this email address exists but has not verified it: sign in with its password and "
            "verify the address (POST /auth/verify-email/request), then sign in with "
            f"{cmd.provider.title()} to link it"
        )
    if user is None:
        user = User(
            email=email,
            password_hash=NO_PASSWORD,
            display_name=(cmd.display_name or None) and cmd.display_name[:100],
            email_verified_at=utcnow(),
        )
        uow.session.add(user)
        await uow.session.flush()
        how = "registered"
    uow.session.add(ExternalIdentity(user_id=user.id, provider=cmd.provider, subject=cmd.subject, email=email))
    return user, how


async def sign_in_with(cmd: c.SignInWith, uow: UnitOfWork, *, refresh_ttl: timedelta) -> LoggedIn | SecondFactorNeeded:
    """Two first sign-ins of one identity at once (a double click, two tabs) both insert the account
    and its link: the loser's transaction breaks a uniqueness rule and runs again, finding the link."""
    return await uow.retry_on_race(lambda: _sign_in_with(cmd, uow, refresh_ttl))


async def _sign_in_with(cmd: c.SignInWith, uow: UnitOfWork, refresh_ttl: timedelta) -> LoggedIn | SecondFactorNeeded:
    user, how = await _account(cmd, uow)
    data = {"provider": cmd.provider, "how": how, "device": cmd.device_name}
    uow.session.add(AuditEntry(user_id=user.id, action="user.signed_in_with", entity="user", data=data))
    if user.two_factor_enabled:
        await uow.commit()  # the link is kept; the session waits for the code
        return SecondFactorNeeded(user.id, cmd.device_name)
    family = uuid.uuid4()
    token = issue(uow, user, family, cmd.device_name, cmd.address, refresh_ttl)
    await uow.commit()
    return LoggedIn(user, token, family)
