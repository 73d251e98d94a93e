"""Write transactions that arrive in one turn of the event loop, done as one SQLite transaction
(domain/shared_transactions.py), and to each caller the answer or the error it would have had alone."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.db import create_engine
from domain.shared_transactions import SharedTransactions


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    made = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'shared.db'}")
    async with made.begin() as conn:
        await conn.execute(text("CREATE TABLE probe (id INTEGER PRIMARY KEY)"))
    yield made
    await made.dispose()


def insert(n: int, *, then_fail: bool = False) -> Callable[[Connection], int]:
    def work(conn: Connection) -> int:
        conn.execute(text("INSERT INTO probe (id) VALUES (:n)"), {"n": n})
        if then_fail:
            raise ValueError(f"work {n} fails after writing")
        return int(conn.execute(text("SELECT count(*) FROM probe")).scalar_one())

    return work


async def stored(engine: AsyncEngine) -> list[int]:
    async with engine.connect() as conn:
        return [r.id for r in await conn.execute(text("SELECT id FROM probe ORDER BY id"))]


async def test_work_alone_is_a_transaction_of_its_own(engine: AsyncEngine) -> None:
    shared = SharedTransactions(engine)
    assert await shared.run(insert(1)) == 1
    assert (shared.transactions, shared.works) == (1, 1) and await stored(engine) == [1]


async def test_work_that_arrives_in_one_turn_shares_one_transaction_in_arrival_order(engine: AsyncEngine) -> None:
    shared = SharedTransactions(engine)
    answers = await asyncio.gather(*(shared.run(insert(n)) for n in (3, 1, 2)))
    assert answers == [1, 2, 3]  # each saw what the ones before it wrote
    assert (shared.transactions, shared.works) == (1, 3) and await stored(engine) == [1, 2, 3]


async def test_one_failing_work_fails_alone_and_the_others_are_written_once(engine: AsyncEngine) -> None:
    shared = SharedTransactions(engine)
    answers = await asyncio.gather(
        shared.run(insert(1)), shared.run(insert(2, then_fail=True)), shared.run(insert(3)), return_exceptions=True
    )
    assert answers[0] == 1 and answers[2] == 2 and isinstance(answers[1], ValueError)
    assert (shared.transactions, shared.works) == (4, 6)  # together, rolled back, then each alone
    assert await stored(engine) == [1, 3]


async def test_a_caller_that_gave_up_before_its_turn_writes_nothing(engine: AsyncEngine) -> None:
    shared = SharedTransactions(engine)
    kept = asyncio.ensure_future(shared.run(insert(1)))
    dropped = asyncio.ensure_future(shared.run(insert(2)))
    await asyncio.sleep(0)  # both wait for their turn's transaction, which has not begun
    dropped.cancel()
    assert await kept == 1
    assert await stored(engine) == [1] and shared.works == 1
