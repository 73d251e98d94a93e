"""A user's own account as a whole: the download of everything they have, and its erasure."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from domain import account
from domain import commands as c
from domain.errors import Forbidden, NotFound
from domain.models import AuditEntry, User
from domain.security import Passwords
from domain.uow import UnitOfWork


@dataclass(frozen=True)
class AccountErased:
    rows: dict[str, int]


async def erase_account(cmd: c.EraseAccount, uow: UnitOfWork, *, passwords: Passwords) -> AccountErased:
    """The password again (a stolen session alone cannot erase an account), then every row of the
    user in one transaction; what is kept is `account.erased_entry`."""
    hashed = await uow.session.scalar(select(User.password_hash).where(User.id == cmd.user_id))
    if hashed is None:
        raise NotFound("User not found")
    async with uow.outside():
        verified = await passwords.verify(hashed, cmd.password)
    if not verified:
        raise Forbidden("The password does not match; nothing was erased")
    counts = await account.erase(uow, cmd.user_id, list(cmd.caller_scopes))
    uow.session.add(account.erased_entry(cmd.user_id, counts))
    await uow.commit()
    return AccountErased(counts)


async def record_export(cmd: c.RecordExport, uow: UnitOfWork) -> None:
    uow.session.add(AuditEntry(user_id=cmd.user_id, action="user.exported", entity="user"))
    await uow.commit()
