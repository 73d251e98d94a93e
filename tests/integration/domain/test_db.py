"""Engines: PostgreSQL sessions run in UTC whatever zone the server or database is set to."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from domain.db import create_engine, read_session_factory, session_factory
from tests.conftest import PG_URL


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


@pytest.mark.skipif(PG_URL is None, reason="needs TEST_DATABASE_URL")
async def test_postgres_prepared_statements_are_planned_once() -> None:
    assert PG_URL is not None
    engine = create_engine(PG_URL)
    lookup = text("SELECT count(*) FROM generate_series(1, :n)")
    try:
        async with engine.connect() as conn:
            for n in range(1, 11):  # psycopg prepares it on the 5th run
                assert await conn.scalar(lookup, {"n": n}) == n
            plans = (
                await conn.execute(
                    text("SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE :s"),
                    {"s": "%generate_series%"},
                )
            ).one()
        assert plans.generic_plans >= 5 and plans.custom_plans == 0
    finally:
        await engine.dispose()


@pytest.mark.skipif(PG_URL is None, reason="needs TEST_DATABASE_URL")
async def test_postgres_pool_serves_a_burst_in_turn_on_the_same_backends() -> None:
    """16 requests at once (what each of 2 workers serves at 32 clients) on a pool of 4, twice: those
    beyond the 4 wait and get a connection in the order they asked, and every request is served by
    the same 4 backends (none started or ended for a burst)."""
    assert PG_URL is not None
    engine = create_engine(PG_URL, pool_size=4)
    backend = text("SELECT pg_backend_pid() FROM pg_sleep(0.01)")

    async def burst() -> tuple[set[int], list[int]]:
        served: list[int] = []

        async def request(i: int) -> int:
            async with engine.connect() as conn:
                served.append(i)
                pid: int = await conn.scalar(backend)
                return pid

        tasks = []
        for i in range(16):
            tasks.append(asyncio.create_task(request(i)))
            await asyncio.sleep(0.001)  # they ask one after another
        return set(await asyncio.gather(*tasks)), served

    try:
        (first, order), (second, _) = await burst(), await burst()
        assert len(first) == 4 and second == first
        assert order[4:] == list(range(4, 16))
    finally:
        await engine.dispose()


@pytest.mark.skipif(PG_URL is None, reason="needs TEST_DATABASE_URL")
async def test_postgres_reads_are_statements_and_units_of_work_transactions() -> None:
    """Connections are in autocommit (a read is one round trip); a unit of work's session holds one
    transaction from its first statement to its commit, and rolls back whole."""
    assert PG_URL is not None
    engine = create_engine(PG_URL)
    same_transaction = text("SELECT now() = statement_timestamp()")
    try:
        async with read_session_factory(engine)() as reads:
            await reads.execute(text("SELECT pg_sleep(0.01)"))
            assert await reads.scalar(same_transaction) is True  # a transaction of its own
        async with session_factory(engine)() as unit:
            await unit.execute(text("CREATE TEMP TABLE IF NOT EXISTS scratch (n int)"))
            await unit.execute(text("SELECT pg_sleep(0.01)"))
            assert await unit.scalar(same_transaction) is False  # still the first statement's
            await unit.execute(text("INSERT INTO scratch VALUES (1)"))
            await unit.rollback()
            assert await unit.scalar(text("SELECT to_regclass('pg_temp.scratch') IS NULL")) is True
    finally:
        await engine.dispose()


async def test_the_apps_sqlite_connections_leave_checkpoints_to_the_checkpointer(app: Any) -> None:
    spotter = app.state.spotter
    if spotter.engine.dialect.name != "sqlite":
        assert spotter.checkpointer is None
        return
    async with spotter.engine.connect() as conn:
        assert await conn.scalar(text("PRAGMA wal_autocheckpoint")) == 0
    assert spotter.checkpointer is not None and spotter.checkpointer.running


async def test_a_sqlite_store_keeps_its_connections_through_a_burst(tmp_path: Any) -> None:
    """More requests at once than the pool holds wait their turn; no connection is opened beyond
    the pool and closed again (opening one stalled the event loop on a busy disk)."""
    from domain.db import SQLITE_POOL_SIZE

    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/burst.db")
    opened = 0

    def count(*_: Any) -> None:
        nonlocal opened
        opened += 1

    event.listen(engine.sync_engine, "connect", count)

    async def request() -> None:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
            await asyncio.sleep(0.01)  # held across an await, as while waiting for a lock

    try:
        for _ in range(2):
            await asyncio.gather(*(request() for _ in range(3 * SQLITE_POOL_SIZE)))
        assert opened == SQLITE_POOL_SIZE
    finally:
        await engine.dispose()
