"""Prepared statements give and take exactly what Connection.execute does."""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    DateTime,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Uuid,
    bindparam,
    insert,
    select,
)
from sqlalchemy.dialects import postgresql

from domain.bridge import run_sync
from domain.db import create_engine
from domain.prepared import Prepared

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
Read = tuple[list[tuple[object, ...]], list[tuple[object, ...]], list[dict[str, object]]]
FIND = (
    select(LIFTS, (LIFTS.c.reps + 1).label("next_reps"))
    .where(LIFTS.c.at >= bindparam("since"), LIFTS.c.name != bindparam("not_named"))
    .order_by(LIFTS.c.at)
    .limit(10)
)


async def test_rows_written_and_read_are_those_of_connection_execute(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/p.db")
    async with engine.begin() as conn:
        await conn.run_sync(META.create_all)
    dialect = engine.sync_engine.dialect
    prepared_insert, prepared_find = Prepared(insert(LIFTS), dialect), Prepared(FIND, dialect)
    params = {"since": datetime(2026, 11, 22, 9, 0), "not_named": "deadlift"}

    def write_then_read(
        conn: Connection,
    ) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]], list[dict[str, object]]]:
        prepared_insert.run_many(conn, ROWS)
        mine = prepared_find.rows(conn, params)
        theirs = conn.execute(FIND, params).all()
        return [tuple(r) for r in mine], [tuple(r) for r in theirs], [dict(r._mapping) for r in mine]

    def in_transaction() -> Read:
        with engine.sync_engine.begin() as conn:
            return write_then_read(conn)

    mine, theirs, mappings = await run_sync(in_transaction)
    assert mine == theirs
    assert [m["name"] for m in mappings] == ["squat", "bench"]
    assert mappings[0]["id"] == ROWS[0]["id"] and mappings[1]["at"] == ROWS[1]["at"]
    assert mappings[0]["next_reps"] == 6 and mappings[1]["warmup"] is True
    async with engine.connect() as conn:  # as stored: read back the usual way, in the usual form
        stored = (await conn.execute(select(LIFTS).order_by(LIFTS.c.at))).mappings().all()
        raw = (await conn.exec_driver_sql("SELECT id, at FROM lifts ORDER BY at")).all()
    assert [dict(r) for r in stored] == ROWS
    assert raw[0] == (ROWS[0]["id"].hex, "2026-11-22 09:30:00.000000")
    await engine.dispose()


def test_only_for_positional_parameters() -> None:
    with pytest.raises(ValueError, match="positional"):
        Prepared(FIND, postgresql.psycopg.dialect())
