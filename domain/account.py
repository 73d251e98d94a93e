"""Everything the store holds about one user, found from the schema itself.

A table holds a user's rows when it has a `user_id` (or `owner_id`) column, or when it hangs off such a
table by a foreign key (a routine's items). Reading the schema, not a list kept by hand, means a table
added later is in the user's download and in their erasure without anyone remembering to add it.
Secrets are never exported: columns named `*_hash` (passwords, token and key hashes) and
`*_encrypted` (the TOTP secret) are left out.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, delete, select

from domain.models import AuditEntry, Base, IdempotencyRecord, User
from domain.uow import UnitOfWork

OWNER_COLUMNS = ("user_id", "owner_id")
SECRET_COLUMNS = ("_hash", "_encrypted")


@dataclass(frozen=True)
class Owned:
    table: Table
    rows_of: Any  # (user_id) -> the WHERE clause that selects the user's rows

    @property
    def exported(self) -> list[Any]:
        return [c for c in self.table.columns if not c.name.endswith(SECRET_COLUMNS)]


def owned_tables() -> list[Owned]:
    """The tables holding a user's rows (the users table itself aside), parents before children."""
    found: dict[str, Owned] = {}
    for table in Base.metadata.sorted_tables:
        if table.name == User.__tablename__:
            continue
        column = next((table.c[name] for name in OWNER_COLUMNS if name in table.c), None)
        if column is not None:
            found[table.name] = Owned(table, _equals(column))
            continue
        parent = next((fk for fk in table.foreign_keys if fk.column.table.name in found), None)
        if parent is not None:
            found[table.name] = Owned(table, _under(parent.parent, found[parent.column.table.name], parent.column))
    return list(found.values())


def _equals(column: Any) -> Any:
    return lambda user_id: column == user_id


def _under(child: Any, parent: Owned, key: Any) -> Any:
    return lambda user_id: child.in_(select(key).where(parent.rows_of(user_id)))


def plain(value: Any) -> Any:
    """A stored value as JSON has it."""
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


async def rows(uow: UnitOfWork, user_id: uuid.UUID) -> AsyncIterator[tuple[str, dict[str, Any]]]:
    """(table, row) for every row the user has, the user's own row first, table by table."""
    users = Base.metadata.tables[User.__tablename__]
    shown = [c for c in users.columns if not c.name.endswith(SECRET_COLUMNS)]
    profile = (await uow.session.execute(select(*shown).where(users.c.id == user_id))).first()
    if profile is None:
        return
    yield users.name, {k: plain(v) for k, v in profile._mapping.items()}
    for owned in owned_tables():
        stmt = select(*owned.exported).where(owned.rows_of(user_id))
        if "created_at" in owned.table.c:
            stmt = stmt.order_by(owned.table.c.created_at)
        for row in await uow.session.execute(stmt):  # one table in memory at a time (reads hold no transaction)
            yield owned.table.name, {k: plain(v) for k, v in row._mapping.items()}


async def erase(uow: UnitOfWork, user_id: uuid.UUID, caller_scopes: list[str]) -> dict[str, int]:
    """Delete every row of the user, children first, and the answers kept for their repeated
    requests (`caller_scopes`: channels/http/idempotency.py's names for the user and their keys);
    the caller commits. Returns how many rows went, per table."""
    counts: dict[str, int] = {}
    for owned in reversed(owned_tables()):
        done = await uow.session.execute(delete(owned.table).where(owned.rows_of(user_id)))
        counts[owned.table.name] = int(done.rowcount or 0)  # type: ignore[attr-defined]
    if caller_scopes:
        done = await uow.session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.scope.in_(caller_scopes)))
        counts[IdempotencyRecord.__tablename__] = int(done.rowcount or 0)  # type: ignore[attr-defined]
    await uow.session.execute(delete(User).where(User.id == user_id))
    counts[User.__tablename__] = 1
    return counts


def erased_entry(user_id: uuid.UUID, counts: dict[str, int]) -> AuditEntry:
    """What is kept of an erased account: that it was erased, when, and how much went; the id is a
    random number that no longer leads to anyone."""
    return AuditEntry(user_id=user_id, action="user.erased", entity="user", data={"rows": counts})
