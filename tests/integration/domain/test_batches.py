"""Statements sent to PostgreSQL together (domain/batches.py): one round trip and one commit for
what arrives at once, and to each caller the answer or the error it would have had alone."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import Integer, String, bindparam, column, event, func, insert, select, table, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from domain.batches import Batches
from domain.db import create_engine
from domain.prepared import Prepared
from tests.conftest import PG_URL

pytestmark = pytest.mark.skipif(PG_URL is None, reason="needs TEST_DATABASE_URL")

PROBE = table("batch_probe", column("id", Integer), column("note", String))
INSERT = Prepared(insert(PROBE).values(id=bindparam("id"), note=bindparam("note")).returning(PROBE.c.id, PROBE.c.note))
BACKEND = Prepared(select(func.pg_backend_pid().label("pid")))


@pytest.fixture
async def engine() -> AsyncIterator[AsyncEngine]:
    assert PG_URL is not None
    made = create_engine(PG_URL, pool_size=2)
    async with made.connect() as conn:
        await conn.execute(text("DROP TABLE IF EXISTS batch_probe"))
        await conn.execute(text("CREATE TABLE batch_probe (id int PRIMARY KEY, note text NOT NULL)"))
    yield made
    async with made.connect() as conn:
        await conn.execute(text("DROP TABLE batch_probe"))
    await made.dispose()


@contextmanager
def sends(engine: AsyncEngine) -> Iterator[list[int]]:
    """How many statements went in each send to the server."""
    seen: list[int] = []

    def note(_conn: Any, _cursor: Any, _sql: str, params: Any, _context: Any, many: bool) -> None:
        seen.append(len(params) if many else 1)

    event.listen(engine.sync_engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", note)


async def stored(engine: AsyncEngine) -> list[tuple[int, str]]:
    async with engine.connect() as conn:
        return [tuple(r) for r in await conn.execute(text("SELECT id, note FROM batch_probe ORDER BY id"))]


async def test_a_statement_alone_goes_at_once(engine: AsyncEngine) -> None:
    batches = Batches(engine)
    with sends(engine) as seen:
        [row] = await batches.run(INSERT, {"id": 1, "note": "a"})
    assert (row.id, row.note) == (1, "a") and seen == [1]
    assert await stored(engine) == [(1, "a")]


async def test_statements_that_arrive_together_go_together_in_their_callers_order(engine: AsyncEngine) -> None:
    batches = Batches(engine, senders=1)
    calls = [({"id": i, "note": f"{who}{i}"}, who) for i, who in [(1, "b"), (2, "a"), (3, "b"), (4, "a")]]
    with sends(engine) as seen:
        answers = await asyncio.gather(*(batches.run(INSERT, params, order=who) for params, who in calls))
    assert seen == [4]
    assert [[tuple(r) for r in rows] for rows in answers] == [[(1, "b1")], [(2, "a2")], [(3, "b3")], [(4, "a4")]]
    async with engine.connect() as conn:  # sent by key, in arrival order within one: a2 a4 b1 b3
        order = await conn.execute(text("SELECT id FROM batch_probe ORDER BY ctid"))
        assert [r.id for r in order] == [2, 4, 1, 3]


async def test_one_failing_statement_fails_alone_and_the_others_are_written_once(engine: AsyncEngine) -> None:
    batches = Batches(engine, senders=1)
    with sends(engine) as seen:
        answers = await asyncio.gather(
            batches.run(INSERT, {"id": 1, "note": "first"}),
            batches.run(INSERT, {"id": 1, "note": "again"}),  # the same key: refused
            batches.run(INSERT, {"id": 2, "note": "after"}),
            return_exceptions=True,
        )
    assert seen == [3, 1, 1, 1]  # together, rolled back as a whole, then each alone
    assert [tuple(r) for r in answers[0]] == [(1, "first")] and [tuple(r) for r in answers[2]] == [(2, "after")]
    assert isinstance(answers[1], IntegrityError)
    assert await stored(engine) == [(1, "first"), (2, "after")]


async def test_a_broken_connection_fails_its_callers_and_is_not_used_again(engine: AsyncEngine) -> None:
    batches = Batches(engine, senders=1)
    [row] = await batches.run(BACKEND, {})
    admin = create_async_engine(PG_URL or "")  # the pooled connection's server process ends
    async with admin.connect() as conn:
        await conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": row.pid})
    await admin.dispose()
    with pytest.raises(OperationalError):
        await batches.run(INSERT, {"id": 1, "note": "lost"})
    [again] = await batches.run(INSERT, {"id": 2, "note": "kept"})
    assert tuple(again) == (2, "kept") and await stored(engine) == [(2, "kept")]


async def test_a_caller_that_gave_up_before_its_turn_sends_nothing(engine: AsyncEngine) -> None:
    batches = Batches(engine, senders=1)
    kept = asyncio.ensure_future(batches.run(INSERT, {"id": 1, "note": "kept"}))
    dropped = asyncio.ensure_future(batches.run(INSERT, {"id": 2, "note": "dropped"}))
    await asyncio.sleep(0)  # both wait for the sender, which has not run yet
    dropped.cancel()
    await kept
    assert await stored(engine) == [(1, "kept")]


async def test_statements_sent_together_that_find_nothing_answer_nothing(engine: AsyncEngine) -> None:
    batches = Batches(engine, senders=1)
    await batches.run(INSERT, {"id": 2, "note": "b"})
    by_id = Prepared(select(PROBE.c.note).where(PROBE.c.id == bindparam("id")))
    with sends(engine) as seen:
        answers = await asyncio.gather(*(batches.run(by_id, {"id": n}) for n in (1, 2, 3)))
    assert seen == [3] and [[r.note for r in rows] for rows in answers] == [[], ["b"], []]


async def test_a_store_out_of_reach_fails_every_waiting_caller_and_the_next_one() -> None:
    assert PG_URL is not None
    nowhere = create_engine(make_url(PG_URL).set(database="spotter_no_such_database").render_as_string(False))
    batches = Batches(nowhere, senders=1)
    try:
        answers = await asyncio.gather(*(batches.run(BACKEND, {}) for _ in range(3)), return_exceptions=True)
        assert all(isinstance(a, OperationalError) for a in answers)
        with pytest.raises(OperationalError):  # a later caller starts a sender of its own, and is told too
            await batches.run(BACKEND, {})
    finally:
        await nowhere.dispose()
