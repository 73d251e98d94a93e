"""Synchronous SQLAlchemy work on kept greenlets: the same protocol as SQLAlchemy's own bridge."""

from __future__ import annotations

import asyncio
import contextvars
from pathlib import Path

import greenlet
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.util import await_

from domain import bridge
from domain.bridge import run_sync

REQUEST = contextvars.ContextVar("request", default="none")


async def test_sqlalchemy_io_inside_runs_on_the_loop(tmp_path: Path) -> None:
    engine = create_async_engine(f"sqlite+aiosqlite:///{tmp_path}/b.db")

    def read(n: int) -> int:
        with engine.sync_engine.connect() as conn:  # aiosqlite: every call awaits its thread
            return int(conn.execute(text("SELECT :n + 1"), {"n": n}).scalar_one())

    assert await run_sync(read, 41) == 42
    assert await asyncio.gather(*(run_sync(read, n) for n in range(5))) == [1, 2, 3, 4, 5]
    await engine.dispose()


async def test_greenlets_are_reused_not_made_per_call() -> None:
    made = []
    real_init = bridge._Pass.__init__

    def counted(self: bridge._Pass) -> None:
        made.append(self)
        real_init(self)

    bridge._Pass.__init__ = counted  # type: ignore[method-assign]
    try:
        bridge._threads.__dict__.pop("idle", None)
        for n in range(20):
            assert await run_sync(lambda n: (n, id(greenlet.getcurrent())), n) == (n, id(made[0]))
        assert len(made) == 1
        # Calls in flight at once each have one; afterwards they are kept for the next ones.
        await asyncio.gather(*(run_sync(await_, asyncio.sleep(0.01)) for _ in range(5)))
        assert len(made) == 5
        await asyncio.gather(*(run_sync(await_, asyncio.sleep(0.01)) for _ in range(5)))
        assert len(made) == 5
    finally:
        bridge._Pass.__init__ = real_init  # type: ignore[method-assign]


async def test_errors_reach_the_caller_and_the_greenlet_serves_again() -> None:
    def fails() -> None:
        raise ValueError("no such set")

    with pytest.raises(ValueError, match="no such set"):
        await run_sync(fails)

    async def refused() -> None:
        raise KeyError("from the loop")

    def awaits_and_handles() -> str:
        try:
            await_(refused())
        except KeyError:
            return "handled inside"
        return "not raised"

    assert await run_sync(awaits_and_handles) == "handled inside"
    assert await run_sync(lambda: "again") == "again"


async def test_the_callers_context_variables_are_seen_inside() -> None:
    async def request(name: str) -> str:
        REQUEST.set(name)
        await asyncio.sleep(0)
        return await run_sync(REQUEST.get)

    assert await asyncio.gather(request("a"), request("b")) == ["a", "b"]
    assert await run_sync(REQUEST.get) == "none"


async def test_a_cancelled_caller_unwinds_the_work_and_the_greenlet_is_kept() -> None:
    unwound = asyncio.Event()

    def waits() -> None:
        try:
            await_(asyncio.sleep(10))
        finally:
            unwound.set()

    task = asyncio.ensure_future(run_sync(waits))
    await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert unwound.is_set()
    idle = bridge._threads.__dict__["idle"]
    assert idle and not idle[-1].dead
    assert await run_sync(lambda: 7) == 7


async def test_a_call_closed_unfinished_unwinds_its_work() -> None:
    finished = []

    def waits() -> None:
        try:
            await_(asyncio.sleep(10))
        finally:
            finished.append(True)

    call = run_sync(waits)
    step = call.send(None)  # the call waits on the sleep, then is dropped unfinished
    assert step is not None
    call.close()
    assert finished == [True]
