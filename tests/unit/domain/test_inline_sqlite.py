"""The inline SQLite connection: same results as a DBAPI connection, and lock waits that never block the loop."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from domain import inline_sqlite, sqlite_adapter
from domain.db import create_engine


async def test_reads_and_writes_through_the_engine(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/a.db")
    async with engine.begin() as conn:
        await conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)"))
        await conn.execute(text("INSERT INTO t (name) VALUES (:n)"), [{"n": "squat"}, {"n": "bench"}])
    async with engine.connect() as conn:
        rows = (await conn.execute(text("SELECT name FROM t ORDER BY id"))).scalars().all()
    await engine.dispose()
    assert rows == ["squat", "bench"]


async def test_a_rolled_back_transaction_leaves_nothing(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/b.db")
    async with engine.begin() as conn:
        await conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY)"))
    with pytest.raises(RuntimeError):
        async with engine.begin() as conn:
            await conn.execute(text("INSERT INTO t (id) VALUES (1)"))
            raise RuntimeError("abort")
    async with engine.connect() as conn:
        assert (await conn.execute(text("SELECT count(*) FROM t"))).scalar() == 0
    await engine.dispose()


async def test_a_writer_waits_for_another_in_the_same_loop_without_blocking_it(tmp_path: Path) -> None:
    """Transaction A holds the write lock across an await; B's write waits asynchronously, then lands."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/c.db")
    async with engine.begin() as conn:
        await conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, who TEXT)"))
    order: list[str] = []
    ticks = 0

    async def a() -> None:
        async with engine.begin() as conn:
            await conn.execute(text("INSERT INTO t (who) VALUES ('a')"))
            order.append("a wrote")
            await asyncio.sleep(0.2)  # still holding the lock; the loop must keep running
            order.append("a commits")

    async def b() -> None:
        await asyncio.sleep(0.02)
        async with engine.begin() as conn:
            await conn.execute(text("INSERT INTO t (who) VALUES ('b')"))
            order.append("b wrote")

    async def ticker() -> None:
        nonlocal ticks
        for _ in range(10):
            await asyncio.sleep(0.01)
            ticks += 1

    await asyncio.gather(a(), b(), ticker())
    async with engine.connect() as conn:
        rows = (await conn.execute(text("SELECT who FROM t ORDER BY id"))).scalars().all()
    await engine.dispose()
    assert order == ["a wrote", "a commits", "b wrote"]
    assert rows == ["a", "b"]
    assert ticks == 10


def engine_for(path: Path, timeout_s: float = 30.0) -> AsyncEngine:
    """The inline connection as domain/db.py gives it to SQLAlchemy, with its own lock timeout."""
    return create_async_engine(
        f"sqlite+aiosqlite:///{path}",
        async_creator=inline_sqlite.connector(str(path), timeout_s=timeout_s),
        module=sqlite_adapter.dbapi(),
    )


async def test_gives_up_after_the_timeout_with_sqlites_error(tmp_path: Path) -> None:
    path = tmp_path / "d.db"
    holder = sqlite3.connect(path, check_same_thread=False)
    holder.execute("CREATE TABLE t (id INTEGER)")
    holder.commit()
    holder.execute("BEGIN IMMEDIATE")  # another process, say, holding the write lock
    engine = engine_for(path, timeout_s=0.1)
    started = time.monotonic()
    with pytest.raises(OperationalError, match="locked"):
        async with engine.begin() as conn:
            await conn.execute(text("INSERT INTO t VALUES (1)"))
    assert 0.1 <= time.monotonic() - started < 1.0
    holder.rollback()
    async with engine.begin() as conn:
        await conn.execute(text("INSERT INTO t VALUES (1)"))
    async with engine.connect() as conn:
        assert (await conn.execute(text("SELECT count(*) FROM t"))).scalar() == 1
    await engine.dispose()
    holder.close()


async def test_other_errors_are_not_retried(tmp_path: Path) -> None:
    engine = engine_for(tmp_path / "e.db")
    started = time.monotonic()
    async with engine.connect() as conn:
        with pytest.raises(OperationalError, match="no such table"):
            await conn.execute(text("SELECT * FROM missing"))
    assert time.monotonic() - started < 0.5
    await engine.dispose()


def test_a_lock_held_by_another_thread_is_waited_out(tmp_path: Path) -> None:
    path = tmp_path / "f.db"
    holder = sqlite3.connect(path, check_same_thread=False)
    holder.execute("CREATE TABLE t (id INTEGER)")
    holder.commit()
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.1, holder.commit)
    release.start()

    async def write() -> int:
        engine = engine_for(path)
        async with engine.begin() as conn:
            await conn.execute(text("INSERT INTO t VALUES (7)"))
        async with engine.connect() as conn:
            n = (await conn.execute(text("SELECT count(*) FROM t"))).scalar_one()
        await engine.dispose()
        return int(n)

    assert asyncio.run(write()) == 1
    release.join()
    holder.close()
