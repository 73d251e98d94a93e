"""A user's own account as a whole: the download of everything they have, and its erasure."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import select

from domain import account, media
from domain import commands as c
from domain.errors import Forbidden, NotFound
from domain.models import AuditEntry, User
from domain.security import Passwords
from domain.uow import UnitOfWork

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AccountErased:
    rows: dict[str, int]


async def erase_account(
    cmd: c.EraseAccount, uow: UnitOfWork, *, passwords: Passwords, files: media.Files
) -> AccountErased:
    """The password again (a stolen session alone cannot erase an account), then the user's media
    files (a file store that fails leaves the account as it was: try again), then every row of the
    user in one transaction; what is kept is `account.erased_entry`. The files are swept once more
    after the commit, for an upload that landed in between."""
    hashed = await uow.session.scalar(select(User.password_hash).where(User.id == cmd.user_id))
    if hashed is None:
        raise NotFound("User not found")
    async with uow.outside():
        verified = await passwords.verify(hashed, cmd.password)
    if not verified:
        raise Forbidden("The password does not match; nothing was erased")
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
