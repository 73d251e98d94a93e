"""Fresh proof that the person asking owns the account, before what a stolen session or token alone
must not do: erase the account, change its password or address, turn two-factor sign-in off.

The proof is the password. An account without one (made by signing in with Google or Apple) proves
itself with a code from its authenticator app (or a recovery code), or by having signed in this very
session within the last few minutes (REAUTH_WINDOW_S): the provider checked who it was just now.
A proof that is wrong is a 403 (`FORBIDDEN`); none at all is a 403 (`REAUTH_REQUIRED`) naming what
would do. Codes are taken once (a conditional update), as at sign-in.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, or_, select, update

from domain import totp
from domain.crypto import Keys
from domain.errors import Forbidden, NotFound
from domain.models import RecoveryCode, RefreshToken, User, utcnow
from domain.security import Passwords
from domain.uow import UnitOfWork


class ProofNeeded(Forbidden):
    """Nothing was given that proves the account's owner is asking."""

    code = "REAUTH_REQUIRED"


@dataclass(frozen=True)
class Proof:
    """What the request gave: the password, a code (app or recovery), and the session it came from."""

    password: str | None = None
    code: str | None = None
    session_id: uuid.UUID | None = None


async def take_code(uow: UnitOfWork, user: User, keys: Keys, code: str) -> bool:
    """Whether `code` is right now and not taken before; taking it moves the account's last step on."""
    if user.totp_secret_encrypted is None:
        return False
    step = totp.matching_step(keys.decrypt(user.totp_secret_encrypted), code, user.totp_last_step)
    if step is None:
        return False
    later = or_(User.totp_last_step.is_(None), User.totp_last_step < step)
    taken = await uow.session.execute(
        update(User)
        .where(User.id == user.id, later)
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    return taken.rowcount == 1  # type: ignore[attr-defined]  # 0: a concurrent request took it first


async def take_recovery_code(uow: UnitOfWork, user_id: uuid.UUID, code: str) -> int | None:
    """Spend a recovery code; how many are left, or None if it is not one of the user's unspent codes."""
    spent = await uow.session.execute(
        update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user_id,
            RecoveryCode.code_hash == totp.recovery_digest(user_id, code),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=utcnow())
    )
    if spent.rowcount != 1:  # type: ignore[attr-defined]
        return None
    left = select(func.count()).where(RecoveryCode.user_id == user_id, RecoveryCode.used_at.is_(None))
    return int(await uow.session.scalar(left) or 0)


async def _signed_in_lately(uow: UnitOfWork, user: User, session_id: uuid.UUID | None, window: timedelta) -> bool:
    if session_id is None:
        return False
    first = select(func.min(RefreshToken.created_at)).where(
        RefreshToken.user_id == user.id, RefreshToken.family_id == session_id
    )
    signed_in = await uow.session.scalar(first)
    return signed_in is not None and signed_in > utcnow() - window


async def _code(uow: UnitOfWork, user: User, keys: Keys, code: str) -> str | None:
    if not user.two_factor_enabled:
        return None
    if await take_code(uow, user, keys, code):
        return "code"
    return "recovery_code" if await take_recovery_code(uow, user.id, code) is not None else None


async def prove(
    uow: UnitOfWork,
    user_id: uuid.UUID,
    proof: Proof,
    *,
    passwords: Passwords,
    keys: Keys,
    window: timedelta,
    codes_for_all: bool = False,
) -> tuple[User, str]:
    """The account, reloaded, and how its owner proved it (password, code, recovery_code,
    recent_sign_in). `codes_for_all`: an account with a password may give a code instead (turning
    two-factor sign-in off with the app's code)."""
    user = await uow.session.get(User, user_id)
    if user is None:
        raise NotFound("User not found")
    with_password = user.has_password
    if proof.password:
        hashed = user.password_hash
        async with uow.outside():  # the slow hash check holds no transaction
            verified = with_password and await passwords.verify(hashed, proof.password)
        user = await uow.session.get(User, user_id, populate_existing=True)
        if not with_password:
            raise Forbidden("This account has no password (it signs in with a provider): nothing was changed")
        if not verified or user is None:
            raise Forbidden("The password does not match; nothing was changed")
        return user, "password"
    if proof.code and (codes_for_all or not with_password):
        how = await _code(uow, user, keys, proof.code)
        if how is None:
            raise Forbidden("The code is not right; nothing was changed")
        return user, how
    if not with_password and await _signed_in_lately(uow, user, proof.session_id, window):
        return user, "recent_sign_in"
    if with_password:
        raise ProofNeeded("Give the account's password (`password`) to do this")
    minutes = max(1, int(window.total_seconds() // 60))
    what = "a code from your authenticator app (`code`), or " if user.two_factor_enabled else ""
    raise ProofNeeded(
        f"This account has no password: give {what}sign in again with your provider and retry within {minutes} minutes"
    )
