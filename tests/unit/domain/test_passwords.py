"""Password hashing runs in threads of its own: the event loop goes on while argon2 works."""

from __future__ import annotations

import asyncio

from domain.security import Passwords


async def test_the_event_loop_runs_while_a_password_is_hashed_and_checked() -> None:
    passwords = Passwords(time_cost=4, memory_kib=65536, threads=1)
    for work in (passwords.hash("correct horse battery"), passwords.verify(None, "correct horse battery")):
        task = asyncio.ensure_future(work)
        turns = 0
        while not task.done():
            turns += 1
            await asyncio.sleep(0)
        assert turns > 1
    hashed = await passwords.hash("correct horse battery")
    assert await passwords.verify(hashed, "correct horse battery")
    assert not await passwords.verify(hashed, "wrong")
