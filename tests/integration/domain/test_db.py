"""Engines: SQLite's connection settings and write lock; PostgreSQL sessions in UTC."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from domain.db import SQLITE_BUSY_TIMEOUT_MS, create_engine, session_factory, store_engines
from tests.conftest import PG_URL


async def test_sqlite_connections_use_the_write_ahead_log_and_foreign_keys(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/store.db")
    try:
        async with engine.connect() as conn:
            assert await conn.scalar(text("PRAGMA journal_mode")) == "wal"
            assert await conn.scalar(text("PRAGMA foreign_keys")) == 1
            assert await conn.scalar(text("PRAGMA busy_timeout")) == SQLITE_BUSY_TIMEOUT_MS
    finally:
        await engine.dispose()


@pytest.mark.parametrize("processes", [1, 2])
async def test_sqlite_writers_take_turns_and_readers_never_wait(tmp_path: Path, processes: int) -> None:
    """A writing unit holds the write lock from its first statement (even a read) to its commit: a
    second writer (of the same process, or of another: engines of its own) waits for it, a reader
    does not, and the second writer sees the first's row."""
    url = f"sqlite+aiosqlite:///{tmp_path}/store.db"
    engine, writer = store_engines(url)
    other = store_engines(url)[1] if processes == 2 else writer
    writes, reads, other_writes = session_factory(writer), session_factory(engine), session_factory(other)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("CREATE TABLE t (n int)"))
        order: list[str] = []
        async with writes() as first:
            assert await first.scalar(text("SELECT count(*) FROM t")) == 0  # the lock is taken here

            async def second_writer() -> int:
                async with other_writes() as second:
                    seen = int(await second.scalar(text("SELECT count(*) FROM t")) or 0)
                    order.append("second")
                    await second.execute(text("INSERT INTO t VALUES (2)"))
                    await second.commit()
                    return seen

            waiting = asyncio.ensure_future(second_writer())
            await asyncio.sleep(0.2)
            assert not waiting.done()
            async with reads() as reader:
                assert await reader.scalar(text("SELECT count(*) FROM t")) == 0
            await first.execute(text("INSERT INTO t VALUES (1)"))
            order.append("first")
            await first.commit()
        assert await asyncio.wait_for(waiting, 5) == 1
        assert order == ["first", "second"]
    finally:
        for each in {engine, writer, other}:
            await each.dispose()


async def test_reads_run_outside_transactions_and_writes_inside_one(database_url: str) -> None:
    """A read sees each commit as it happens (no snapshot held, nothing to roll back); a unit that
    writes is one transaction, rolled back whole."""
    reads, writes = store_engines(database_url)
    try:
        async with session_factory(writes)() as unit:
            await unit.execute(text("CREATE TABLE IF NOT EXISTS scratch_t (n int)"))
            await unit.commit()
        async with session_factory(reads)() as reader:
            before = await reader.scalar(text("SELECT count(*) FROM scratch_t"))
            async with session_factory(writes)() as unit:
                await unit.execute(text("INSERT INTO scratch_t VALUES (1)"))
                assert await reader.scalar(text("SELECT count(*) FROM scratch_t")) == before  # not committed
                await unit.commit()
            assert await reader.scalar(text("SELECT count(*) FROM scratch_t")) == before + 1
            async with session_factory(writes)() as unit:
                await unit.execute(text("INSERT INTO scratch_t VALUES (2)"))
                await unit.rollback()
            assert await reader.scalar(text("SELECT count(*) FROM scratch_t")) == before + 1
    finally:
        async with writes.begin() as conn:
            await conn.execute(text("DROP TABLE scratch_t"))
        await writes.dispose()
        if reads.sync_engine.pool is not writes.sync_engine.pool:
            await reads.dispose()


@pytest.mark.skipif(PG_URL is None, reason="needs TEST_DATABASE_URL")
async def test_postgres_sessions_are_in_utc_when_the_database_is_not() -> None:
    assert PG_URL is not None
    name = make_url(PG_URL).database
    admin = create_async_engine(PG_URL, isolation_level="AUTOCOMMIT")
    engine = create_engine(PG_URL)
    try:
        async with admin.connect() as conn:
            await conn.execute(text(f"ALTER DATABASE \"{name}\" SET timezone = 'America/New_York'"))
        async with create_async_engine(PG_URL).connect() as plain:  # the database's own zone now
            assert (await plain.scalar(text("SHOW timezone"))) == "America/New_York"
        async with engine.connect() as conn:
            assert (await conn.scalar(text("SHOW timezone"))) == "UTC"
            when = await conn.scalar(text("SELECT TIMESTAMPTZ '2026-11-22 12:00:00+00'"))
            assert when.utcoffset().total_seconds() == 0 and when.hour == 12
    finally:
        async with admin.connect() as conn:
            await conn.execute(text(f'ALTER DATABASE "{name}" RESET timezone'))
        await admin.dispose()
        await engine.dispose()
