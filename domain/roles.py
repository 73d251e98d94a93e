"""Roles, as data: what an account may do beyond its own training. The one place they are checked.

`user` (everyone), `trainer` (may coach lifters who grant it: domain/coaching.py), `admin` (may set
roles; an admin may also coach). Roles rank in that order, and a higher one includes the lower. The
role is read from the store on every request that needs it (no cache): taking a role away acts at once.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select

from domain.errors import Forbidden, Invalid, NotFound
from domain.models import User
from domain.uow import UnitOfWork

ROLES = ("user", "trainer", "admin")
RANK = {role: rank for rank, role in enumerate(ROLES)}


def includes(role: str | None, needed: str) -> bool:
    """Whether an account with `role` may do what `needed` may (an unknown role may do nothing more)."""
    return RANK.get(role or "", 0) >= RANK[needed]


def check_role(role: str) -> str:
    if role not in RANK:
        raise Invalid.field("role", f"must be one of {', '.join(ROLES)}")
    return role


async def require(uow: UnitOfWork, user_id: uuid.UUID, needed: str) -> None:
    """Forbidden unless the account's role includes `needed`."""
    role = await uow.session.scalar(select(User.role).where(User.id == user_id))
    if not includes(role, needed):
        raise Forbidden(f"This needs the {needed} role")


async def role_of(uow: UnitOfWork, user_id: uuid.UUID) -> str:
    role = await uow.session.scalar(select(User.role).where(User.id == user_id))
    if role is None:
        raise NotFound("User not found")
    return role
