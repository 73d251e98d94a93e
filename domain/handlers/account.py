"""A user's own account as a whole: the download of everything they have, its erasure, and a new
password or address. Each change of these needs a fresh proof (domain/handlers/proof.py)."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.exc import IntegrityError

from domain import account, media
from domain import commands as c
from domain.crypto import Keys
from domain.errors import Conflict, Invalid
from domain.handlers.email_links import RESET, VERIFY, LinkIssued, issue_link, spend_the_rest
from domain.handlers.proof import Proof, prove
from domain.models import AuditEntry, utcnow
from domain.security import Passwords
from domain.sessions import live_session_ids, revoke_families
from domain.uow import UnitOfWork
from domain.validation import check_email, check_password

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AccountErased:
    rows: dict[str, int]


async def erase_account(
    cmd: c.EraseAccount,
    uow: UnitOfWork,
    *,
    passwords: Passwords,
    keys: Keys,
    reauth_window: timedelta,
    files: media.Files,
) -> AccountErased:
    """A fresh proof (a stolen session alone cannot erase an account), then the user's media files
    (a file store that fails leaves the account as it was: try again), then every row of the user in
    one transaction; what is kept is `account.erased_entry`. The files are swept once more after the
    commit, for an upload that landed in between."""
    proof = Proof(cmd.password, cmd.code, cmd.session_id)
    await prove(uow, cmd.user_id, proof, passwords=passwords, keys=keys, window=reauth_window)
    async with uow.outside():
        removed = await files.delete_prefix(media.owner_prefix(cmd.user_id))
    counts = await account.erase(uow, cmd.user_id, list(cmd.caller_scopes))
    counts["media_files"] = removed
    uow.session.add(account.erased_entry(cmd.user_id, counts))
    await uow.commit()
    try:
        await files.delete_prefix(media.owner_prefix(cmd.user_id))
    except Exception:  # the account is erased; a file left by a racing upload has no owner left
        log.warning("erased user %s: a second sweep of their media failed", cmd.user_id, exc_info=True)
    return AccountErased(counts)


async def record_export(cmd: c.RecordExport, uow: UnitOfWork) -> None:
    uow.session.add(AuditEntry(user_id=cmd.user_id, action="user.exported", entity="user"))
    await uow.commit()


@dataclass(frozen=True)
class PasswordChanged:
    signed_out: list[uuid.UUID]  # the other sessions, ended (their access tokens are refused too)


async def change_password(
    cmd: c.ChangePassword, uow: UnitOfWork, *, passwords: Passwords, keys: Keys, reauth_window: timedelta
) -> PasswordChanged:
    """A new password with a fresh proof (an account made with a provider sets its first one so);
    every other session ends, this one stays signed in."""
    try:
        check_password(cmd.new_password)
    except Invalid as exc:
        raise Invalid.field("new_password", exc.details[0]["message"]) from exc
    async with uow.outside():  # the slow hash first, holding no transaction
        hashed = await passwords.hash(cmd.new_password)
    proof = Proof(cmd.password, cmd.code, cmd.session_id)
    user, how = await prove(uow, cmd.user_id, proof, passwords=passwords, keys=keys, window=reauth_window)
    first = not user.has_password
    user.password_hash = hashed
    others = [s for s in await live_session_ids(uow, user.id) if s != cmd.session_id]
    await revoke_families(uow, others, utcnow())
    await spend_the_rest(uow, user.id, RESET)  # a reset link mailed before is of no use now
    data = {"proof": how, "first_password": first, "sessions_revoked": len(others)}
    uow.session.add(AuditEntry(user_id=user.id, action="user.password_changed", entity="user", data=data))
    await uow.commit()
    return PasswordChanged(others)


async def change_email(
    cmd: c.ChangeEmail,
    uow: UnitOfWork,
    *,
    passwords: Passwords,
    keys: Keys,
    reauth_window: timedelta,
    verify_ttl: timedelta,
) -> LinkIssued:
    """A new address with a fresh proof: unverified until the link (returned, for the caller to mail)
    is opened; links mailed to the old address stop working. 409 if another account has it."""
    email = check_email(cmd.email)
    proof = Proof(cmd.password, cmd.code, cmd.session_id)
    user, how = await prove(uow, cmd.user_id, proof, passwords=passwords, keys=keys, window=reauth_window)
    if user.email == email:
        raise Conflict("This is the account's address already", [{"field": "email", "message": "unchanged"}])
    before = user.email
    user.email, user.email_verified_at = email, None
    try:
        await uow.session.flush()
    except IntegrityError as exc:
        await uow.rollback()
        raise Conflict("Another account has this address", [{"field": "email", "message": "taken"}]) from exc
    for purpose in (VERIFY, RESET):
        await spend_the_rest(uow, user.id, purpose)
    issued = issue_link(uow, keys, user, VERIFY, verify_ttl)
    data = {"from": before, "to": email, "proof": how}
    uow.session.add(AuditEntry(user_id=user.id, action="user.email_changed", entity="user", data=data))
    await uow.commit()
    return issued
