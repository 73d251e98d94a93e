"""SQLAlchemy's calls on the inline SQLite connection run in place: no switch to the loop per call."""

from __future__ import annotations

from pathlib import Path

import greenlet
from sqlalchemy import Connection, text

from domain.bridge import run_sync
from domain.db import create_engine


async def test_a_transaction_on_a_kept_greenlet_never_leaves_it(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/a.db")
    async with engine.begin() as conn:
        await conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)"))

    def log(conn: Connection) -> list[str]:
        conn.execute(text("INSERT INTO t (name) VALUES (:n)"), {"n": "squat"})
        conn.execute(text("UPDATE t SET name = name || '!'"))
        return list(conn.execute(text("SELECT name FROM t ORDER BY id")).scalars())

    def in_transaction() -> list[str]:
        with engine.sync_engine.begin() as conn:  # connection out, statements, commit, connection back
            return log(conn)

    await run_sync(in_transaction)  # the pool's first connection is opened on the loop
    events: list[str] = []
    previous = greenlet.settrace(lambda event, _args: events.append(event))
    try:
        names = await run_sync(in_transaction)
    finally:
        greenlet.settrace(previous)
    await engine.dispose()
    assert names == ["squat!!", "squat!"]
    assert len(events) == 2  # into the kept greenlet and back: none per call of the driver
