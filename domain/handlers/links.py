"""One-time link codes: how a chat or a phone number is proven to belong to an account."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from domain import commands as c
from domain.errors import Invalid
from domain.models import AuditEntry, ChannelAccount, LinkCode, utcnow
from domain.security import digest
from domain.uow import UnitOfWork

CODE_TTL = timedelta(minutes=10)
CHANNELS = ("telegram", "sms")


@dataclass(frozen=True)
class LinkCodeIssued:
    code: str
    expires_at: datetime


async def create_link_code(cmd: c.CreateLinkCode, uow: UnitOfWork) -> LinkCodeIssued:
    for _ in range(5):
        code = f"{secrets.randbelow(1_000_000):06d}"
        row = LinkCode(user_id=cmd.user_id, code_hash=digest("link:" + code), expires_at=utcnow() + CODE_TTL)
        uow.session.add(row)
        try:
            await uow.commit()
            return LinkCodeIssued(code, row.expires_at)
        except IntegrityError:  # the same six digits are live for someone else: draw again
            await uow.rollback()
    raise RuntimeError("could not issue a link code")


async def link_channel(cmd: c.LinkChannel, uow: UnitOfWork) -> ChannelAccount:
    if cmd.channel not in CHANNELS:
        raise Invalid.field("channel", f"must be one of {', '.join(CHANNELS)}")
    now = utcnow()
    row = await uow.session.scalar(select(LinkCode).where(LinkCode.code_hash == digest("link:" + cmd.code.strip())))
    if row is None or row.used_at is not None or row.expires_at <= now:
        raise Invalid.field("code", "is unknown, used or expired: ask the app for a new one")
    spent = await uow.session.execute(
        update(LinkCode).where(LinkCode.id == row.id, LinkCode.used_at.is_(None)).values(used_at=now)
    )
    if spent.rowcount != 1:  # type: ignore[attr-defined]  # used by a concurrent request
        raise Invalid.field("code", "was just used")
    account = await uow.session.scalar(
        select(ChannelAccount).where(
            ChannelAccount.channel == cmd.channel, ChannelAccount.external_id == cmd.external_id
        )
    )
    if account is None:
        account = ChannelAccount(user_id=row.user_id, channel=cmd.channel, external_id=cmd.external_id)
        uow.session.add(account)
    else:  # the chat or number moves to the account that proved it now
        account.user_id, account.verified_at = row.user_id, now
    uow.session.add(
        AuditEntry(user_id=row.user_id, action="channel.linked", entity=cmd.channel, entity_id=cmd.external_id[-4:])
    )
    await uow.commit()
    return account
