"""A batch written to PostgreSQL at once (domain/pipeline.py): values in and out as SQLAlchemy's own
execution has them, one write to the server, statements prepared once per connection."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from psycopg import errors
from sqlalchemy import Boolean, DateTime, Float, Integer, String, Uuid, bindparam, column, literal_column, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from domain import pipeline
from domain.db import create_engine
from domain.prepared import Prepared
from tests.conftest import PG_URL

pytestmark = pytest.mark.skipif(PG_URL is None, reason="needs TEST_DATABASE_URL")

ECHO = Prepared(
    select(
        bindparam("id", type_=Uuid).label("id"),
        bindparam("at", type_=DateTime(timezone=True)).label("at"),
        bindparam("n", type_=Integer).label("n"),
        bindparam("kg", type_=Float).label("kg"),
        bindparam("done", type_=Boolean).label("done"),
        bindparam("note", type_=String).label("note"),
        literal_column("'50%'").label("percent"),
    )
)


@pytest.fixture
async def engine() -> AsyncIterator[AsyncEngine]:
    assert PG_URL is not None
    made = create_engine(PG_URL, pool_size=1)
    yield made
    await made.dispose()


async def run(conn: AsyncConnection, statement: Prepared, *params: dict[str, Any]) -> list[list[Any]]:
    sync = conn.sync_connection
    assert sync is not None
    compiled = statement.compiled(sync.dialect)
    driver: Any = sync.connection.driver_connection
    answers = await pipeline.run(driver, sync.info, compiled, [compiled.values(p) for p in params])
    return [compiled.rows(rows) for rows in answers]


async def test_values_come_back_as_sqlalchemy_reads_them(engine: AsyncEngine) -> None:
    params = [
        {"id": uuid.uuid4(), "at": dt.datetime(2026, 11, 22, 7, 30, tzinfo=dt.UTC), "n": 5, "kg": 102.5,
         "done": True, "note": "it's 100% (really)"},
        {"id": uuid.uuid4(), "at": dt.datetime(2026, 1, 2, tzinfo=dt.UTC), "n": 2_000_000_000, "kg": None,
         "done": False, "note": None},
    ]  # fmt: skip
    async with engine.connect() as conn:
        answers = await run(conn, ECHO, *params)
        expected = [(await conn.execute(ECHO.statement, p)).one() for p in params]
    assert [tuple(rows[0]) for rows in answers] == [tuple(r) for r in expected]
    assert answers[0][0].percent == "50%" and answers[1][0].n == 2_000_000_000


async def test_each_statement_is_prepared_once_per_connection_and_its_value_types(engine: AsyncEngine) -> None:
    by_n = Prepared(select(bindparam("n", type_=Integer).label("n")))
    async with engine.connect() as conn:
        await run(conn, by_n, {"n": 1}, {"n": 2})
        await run(conn, by_n, {"n": 3})
        await run(conn, by_n, {"n": 70_000})  # an int4 to psycopg, where 1 was an int2: prepared apart
        names = (await conn.execute(text("SELECT name FROM pg_prepared_statements WHERE name LIKE 'spotter%'"))).all()
    assert len(names) == 2


async def test_statements_dropped_by_another_user_of_the_connection_are_prepared_again(engine: AsyncEngine) -> None:
    by_n = Prepared(select(bindparam("n", type_=Integer).label("n")))
    async with engine.connect() as conn:
        await run(conn, by_n, {"n": 1})
        await conn.execute(text("DEALLOCATE ALL"))  # as psycopg does after a ROLLBACK once it has prepared
        answers = await run(conn, by_n, {"n": 2}, {"n": 3})
    assert [[r.n for r in rows] for rows in answers] == [[2], [3]]


async def test_a_failing_statement_rolls_the_batch_back_and_raises_its_own_error(engine: AsyncEngine) -> None:
    ratio = Prepared(select((literal_column("10") / bindparam("d", type_=Integer)).label("q")))
    async with engine.connect() as conn:
        await conn.execute(text("CREATE TEMP TABLE seen (n int)"))
        inserted = text("INSERT INTO seen VALUES (:n) RETURNING n").bindparams(bindparam("n", type_=Integer))
        note = Prepared(inserted.columns(column("n", Integer)))
        await run(conn, note, {"n": 1})
        with pytest.raises(errors.DivisionByZero):
            await run(conn, ratio, {"d": 2}, {"d": 0}, {"d": 5})
        [[again]] = await run(conn, ratio, {"d": 5})  # the connection goes on
        with pytest.raises(errors.UniqueViolation):
            await conn.execute(text("CREATE UNIQUE INDEX ON seen (n)"))
            await run(conn, note, {"n": 2}, {"n": 2})
        kept = (await conn.execute(text("SELECT n FROM seen ORDER BY n"))).scalars().all()
    assert again.q == 2 and kept == [1]
