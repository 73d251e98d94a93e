"""Prepared statements give and take exactly what Connection.execute does."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    DateTime,
    Dialect,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Uuid,
    bindparam,
    insert,
    literal,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.bridge import run_sync
from domain.db import create_engine
from domain.prepared import Prepared
from tests.conftest import BACKENDS, PG_URL

META = MetaData()
LIFTS = Table(
    "lifts",
    META,
    Column("id", Uuid, primary_key=True),
    Column("name", String(40), nullable=False),
    Column("reps", Integer),
    Column("kg", Float),
    Column("warmup", Boolean, nullable=False),
    Column("at", DateTime, nullable=False),
)
ROWS = [
    {"id": uuid.uuid4(), "name": "squat", "reps": 5, "kg": 102.5, "warmup": False, "at": datetime(2026, 11, 22, 9, 30)},
    {
        "id": uuid.uuid4(),
        "name": "bench",
        "reps": None,
        "kg": None,
        "warmup": True,
        "at": datetime(2026, 11, 22, 9, 31, 5, 123456),
    },
]
Read = tuple[list[Any], list[tuple[object, ...]]]
FIND = (
    select(LIFTS, (LIFTS.c.reps + 1).label("next_reps"), literal(7, Integer).label("_seven"))
    .where(LIFTS.c.at >= bindparam("since"), LIFTS.c.name != bindparam("not_named"))
    .order_by(LIFTS.c.at)
    .limit(10)
)


@pytest.fixture(params=BACKENDS)
async def engine(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    url = PG_URL if request.param == "postgres" else f"sqlite+aiosqlite:///{tmp_path}/p.db"
    assert url is not None
    made = create_engine(url)
    async with made.begin() as conn:
        await conn.run_sync(META.drop_all)
        await conn.run_sync(META.create_all)
    yield made
    async with made.begin() as conn:
        await conn.run_sync(META.drop_all)
    await made.dispose()


async def test_rows_written_and_read_are_those_of_connection_execute(engine: AsyncEngine) -> None:
    prepared_insert, prepared_find = Prepared(insert(LIFTS)), Prepared(FIND)
    params = {"since": datetime(2026, 11, 22, 9, 0), "not_named": "deadlift"}

    def write_then_read(conn: Connection) -> Read:
        prepared_insert.run_many(conn, ROWS)
        return prepared_find.rows(conn, params), [tuple(r) for r in conn.execute(FIND, params).all()]

    def in_transaction() -> Read:
        with engine.sync_engine.begin() as conn:
            return write_then_read(conn)

    mine, theirs = await run_sync(in_transaction)
    assert [tuple(r) for r in mine] == theirs
    mappings = [r._mapping for r in mine]
    assert [m["name"] for m in mappings] == ["squat", "bench"]
    assert mappings[0]["id"] == ROWS[0]["id"] and mappings[1]["at"] == ROWS[1]["at"]
    assert mappings[0]["next_reps"] == 6 and mappings[1]["warmup"] is True
    assert mappings[0]["_seven"] == 7  # a value bound in the statement itself; a name SQL allows
    assert mine[0]._fields == tuple(mappings[0]) and mine[1].name == "bench" and mine[1][1] == "bench"
    async with engine.connect() as conn:  # as stored: read back the usual way, in the usual form
        stored = (await conn.execute(select(LIFTS).order_by(LIFTS.c.at))).mappings().all()
        raw = (await conn.exec_driver_sql("SELECT id, at FROM lifts ORDER BY at")).all()
    assert [dict(r) for r in stored] == ROWS
    if engine.dialect.name == "sqlite":
        assert raw[0] == (ROWS[0]["id"].hex, "2026-11-22 09:30:00.000000")
    else:
        assert raw[0] == (ROWS[0]["id"], ROWS[0]["at"])


@pytest.mark.parametrize("dialect", [sqlite.dialect(), postgresql.psycopg.dialect()], ids=["sqlite", "postgres"])
def test_compiled_once_per_dialect_in_its_parameter_style(dialect: Dialect) -> None:
    find = Prepared(FIND)
    compiled = find.compiled(dialect)
    assert find.compiled(dialect) is compiled
    marker = "?" if dialect.name == "sqlite" else "%(since)s"
    assert marker in compiled.sql
    args = compiled.args({"since": datetime(2026, 11, 22), "not_named": "bench"})
    assert "bench" in (args if isinstance(args, tuple) else args.values())
    assert 7 in (args if isinstance(args, tuple) else args.values())  # the statement's own value
    with pytest.raises(InvalidRequestError, match="'since'"):
        compiled.args({"not_named": "bench"})


def test_not_for_parameters_that_change_the_sql() -> None:
    expanding = Prepared(select(LIFTS).where(LIFTS.c.name.in_(bindparam("names", expanding=True))))
    with pytest.raises(ValueError, match="change its SQL"):
        expanding.compiled(sqlite.dialect())
