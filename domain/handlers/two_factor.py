"""Two-factor sign-in (TOTP): set up, enable after a first good code, sign in with a code or a
recovery code, renew the recovery codes, turn it off. The secret is stored encrypted (domain/crypto.py);
a code is taken once (the step it was for is kept, and moved on by a conditional update) and a
recovery code once (spent by a conditional update): two requests racing with one code cannot both win.
Wrong codes are counted per account by the caller (channels/http/login_limit.py).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete

from domain import commands as c
from domain import totp
from domain.crypto import Keys
from domain.errors import AuthFailed, Conflict, Forbidden, Invalid, NotFound
from domain.handlers.auth import LoggedIn, issue
from domain.handlers.proof import Proof, prove, take_code, take_recovery_code
from domain.models import AuditEntry, RecoveryCode, User, utcnow
from domain.security import Passwords
from domain.uow import UnitOfWork


@dataclass(frozen=True)
class TwoFactorSetUp:
    secret: str
    uri: str


async def _user(uow: UnitOfWork, user_id: uuid.UUID) -> User:
    user = await uow.session.get(User, user_id)
    if user is None:
        raise NotFound("User not found")
    return user


async def _new_recovery_codes(uow: UnitOfWork, user_id: uuid.UUID) -> list[str]:
    await uow.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
    codes = totp.new_recovery_codes()
    uow.session.add_all(RecoveryCode(user_id=user_id, code_hash=totp.recovery_digest(user_id, c)) for c in codes)
    return codes


async def set_up_two_factor(cmd: c.SetUpTwoFactor, uow: UnitOfWork, *, keys: Keys) -> TwoFactorSetUp:
    """A new secret, kept (encrypted) until a first code enables it; setting up again replaces it."""
    user = await _user(uow, cmd.user_id)
    if user.two_factor_enabled:
        raise Conflict("Two-factor sign-in is already on; turn it off first to set up another app")
    secret = totp.new_secret()
    user.totp_secret_encrypted, user.totp_last_step = keys.encrypt(secret), None
    await uow.commit()
    return TwoFactorSetUp(secret, totp.uri(secret, user.email))


async def enable_two_factor(cmd: c.EnableTwoFactor, uow: UnitOfWork, *, keys: Keys) -> list[str]:
    """On after a first right code; returns the recovery codes (shown once, kept as hashes)."""
    user = await _user(uow, cmd.user_id)
    if user.two_factor_enabled:
        raise Conflict("Two-factor sign-in is already on")
    if user.totp_secret_encrypted is None:
        raise Conflict("Set two-factor sign-in up first (POST /auth/2fa/setup)")
    if not await take_code(uow, user, keys, cmd.code):
        raise Invalid.field("code", "is not the code the authenticator app shows now")
    user.totp_enabled_at = utcnow()
    codes = await _new_recovery_codes(uow, user.id)
    uow.session.add(AuditEntry(user_id=user.id, action="2fa.enabled", entity="user", entity_id=str(user.id)))
    await uow.commit()
    return codes


async def disable_two_factor(
    cmd: c.DisableTwoFactor, uow: UnitOfWork, *, keys: Keys, passwords: Passwords, reauth_window: timedelta
) -> None:
    """Needs a code, a recovery code or the password (403 if none is right; handlers/proof.py)."""
    user = await _user(uow, cmd.user_id)
    if not user.two_factor_enabled:
        raise Conflict("Two-factor sign-in is not on")
    proof = Proof(cmd.password, cmd.code, cmd.session_id)
    user, proven = await prove(
        uow, user.id, proof, passwords=passwords, keys=keys, window=reauth_window, codes_for_all=True
    )
    user.totp_secret_encrypted, user.totp_enabled_at, user.totp_last_step = None, None, None
    await uow.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    uow.session.add(
        AuditEntry(user_id=user.id, action="2fa.disabled", entity="user", entity_id=str(user.id), data={"by": proven})
    )
    await uow.commit()


async def renew_recovery_codes(cmd: c.RenewRecoveryCodes, uow: UnitOfWork, *, keys: Keys) -> list[str]:
    """New recovery codes for a right code from the app; the old ones stop working."""
    user = await _user(uow, cmd.user_id)
    if not user.two_factor_enabled:
        raise Conflict("Two-factor sign-in is not on")
    if not await take_code(uow, user, keys, cmd.code):
        raise Forbidden("The code is not right; the recovery codes stay as they were")
    codes = await _new_recovery_codes(uow, user.id)
    uow.session.add(AuditEntry(user_id=user.id, action="2fa.recovery_codes_renewed", entity="user"))
    await uow.commit()
    return codes


async def complete_log_in(cmd: c.CompleteLogIn, uow: UnitOfWork, *, keys: Keys, refresh_ttl: timedelta) -> LoggedIn:
    user = await uow.session.get(User, cmd.user_id)
    if user is None or not user.two_factor_enabled:
        raise AuthFailed("Sign in again: this sign-in no longer needs or takes a code")
    data: dict[str, object] = {"device": cmd.device_name}
    if cmd.code and await take_code(uow, user, keys, cmd.code):
        data["second_factor"] = "totp"
    elif cmd.recovery_code and (left := await take_recovery_code(uow, user.id, cmd.recovery_code)) is not None:
        data |= {"second_factor": "recovery_code", "recovery_codes_left": left}
    else:
        raise AuthFailed("Wrong code")
    family = uuid.uuid4()
    token = issue(uow, user, family, cmd.device_name, cmd.address, refresh_ttl)
    uow.session.add(AuditEntry(user_id=user.id, action="user.logged_in", data=data))
    await uow.commit()
    return LoggedIn(user, token, family)
