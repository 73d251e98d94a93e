"""Logging in checks the password outside any transaction: on SQLite a transaction that writes holds
the store's one write turn, and a slow hash check must not keep every lifter's sets waiting."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from domain import commands as c
from domain.errors import AuthFailed
from domain.handlers import auth
from domain.models import User
from tests.conftest import Lifter


class HeldPasswords:
    """A password check that lasts until the test lets it end."""

    def __init__(self) -> None:
        self.checking = asyncio.Event()
        self.release = asyncio.Event()

    async def verify(self, hashed: str | None, password: str) -> bool:
        self.checking.set()
        await self.release.wait()
        return False


async def test_a_write_goes_through_while_a_password_is_checked(app: Any, lifter: Lifter) -> None:
    spotter, who = app.state.spotter, uuid.UUID(lifter.id)
    held = HeldPasswords()

    async def log_in() -> None:
        async with spotter.uow() as uow:
            await auth.log_in(c.LogIn(lifter.email, "wrong"), uow, passwords=held, refresh_ttl=timedelta(days=1))

    login = asyncio.create_task(log_in())
    await asyncio.wait_for(held.checking.wait(), 5)

    async def write() -> None:
        async with spotter.uow() as uow:
            await uow.session.execute(update(User).where(User.id == who).values(unit_pref="kg"))
            await uow.commit()

    try:
        await asyncio.wait_for(write(), 5)
    finally:
        held.release.set()
        with pytest.raises(AuthFailed):
            await login
    async with spotter.reader() as uow:
        assert await uow.session.scalar(select(User.unit_pref).where(User.id == who)) == "kg"
