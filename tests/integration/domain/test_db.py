"""Engines: PostgreSQL sessions run in UTC whatever zone the server or database is set to."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from domain.db import create_engine
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
