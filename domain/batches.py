"""One-statement transactions from concurrent requests, sent to PostgreSQL together.

A set logged into a workout is one statement, a transaction of its own (domain/handlers/sets_pg.py).
Sent one by one, each costs a round trip, a wake-up of a server process and a commit that waits for
the WAL to reach the disk: at 32 clients, more of the machine than the statement itself
(benchmarks/README.md). Here a statement that arrives while this worker's senders are busy waits
for the next send, and everything that waited goes together: one write and one round trip (libpq's
pipeline, domain/pipeline.py), one transaction, one commit. With nothing else waiting a statement
goes at once, as before.

Sharing a transaction changes nothing a caller can see:
- each statement sees what the ones before it wrote (READ COMMITTED: a snapshot per statement);
- statements go in the order of their callers' keys (the lifter, for a set), arrival order within a
  key, so two batches lock rows in one order and never deadlock each other;
- if the transaction fails, the server has rolled all of it back: each statement is sent again
  alone, and each caller gets its own answer or its own error;
- if the connection fails, nobody knows whether the commit happened: every caller of that batch
  gets the error and nothing is sent again (a set must not be logged twice).
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from domain import pipeline
from domain.bridge import run_sync
from domain.prepared import Compiled, Prepared, fire_after, fire_before

# Batches in flight per worker, each on a pooled connection. One: two sent as much at 32 clients
# with a longer tail (p95 1.5-1.7 x p50 against 1.33-1.44), their server processes competing with
# the workers for the machine's two cores.
SENDERS = 1
MOST = 16  # statements per batch


@dataclass(eq=False)
class _Call:
    compiled: Compiled
    values: tuple[Any, ...]  # in `compiled.names` order
    order: str
    answer: asyncio.Future[list[Any]]


class Batches:
    def __init__(self, engine: AsyncEngine, *, senders: int = SENDERS, most: int = MOST) -> None:
        """`engine`: PostgreSQL's, its connections in autocommit (domain/db.py: statement_batches)."""
        self.engine = engine
        self._senders, self._most = senders, most
        self._waiting: deque[_Call] = deque()
        self._sending = 0
        self._tasks: set[asyncio.Task[None]] = set()
        self.sends = self.statements = 0  # what went to the server, in how many sends (/metrics)

    async def run(self, statement: Prepared, params: Mapping[str, Any], order: str = "") -> Sequence[Any]:
        """Every row the statement returns, once it is committed (see above for `order`)."""
        compiled = statement.compiled(self.engine.dialect)
        loop = asyncio.get_running_loop()
        call = _Call(compiled, compiled.values(params), order, loop.create_future())
        self._waiting.append(call)
        if self._sending < self._senders:
            self._sending += 1
            task = loop.create_task(self._send_waiting())
            self._tasks.add(task)  # the loop keeps only a weak reference to a task
            task.add_done_callback(self._tasks.discard)
        return await call.answer

    async def _send_waiting(self) -> None:
        conn: Connection | None = None
        try:
            # Nothing is awaited between the last look at the queue and the count going down, so a
            # statement that arrives meanwhile either is taken here or starts a sender of its own.
            while self._waiting:
                batch = self._take()
                if not batch:
                    continue
                if conn is None:
                    try:
                        conn = await run_sync(self.engine.sync_engine.connect)
                    except BaseException as e:  # the store is out of reach: so for all that wait
                        _fail([*batch, *self._waiting], e)
                        self._waiting.clear()
                        if isinstance(e, Exception):
                            return
                        raise
                if not await self._send(conn, batch):
                    await run_sync(conn.invalidate)
                    conn = None
        finally:
            self._sending -= 1
            if conn is not None:
                await run_sync(conn.close)

    def _take(self) -> list[_Call]:
        """The next batch: the first waiting statement and those of the same SQL after it, in their
        callers' order; callers that gave up meanwhile are left out (nothing of theirs is sent)."""
        first = self._waiting.popleft()
        batch, others = [first], list[_Call]()
        while self._waiting and len(batch) < self._most:
            call = self._waiting.popleft()
            (batch if call.compiled is first.compiled else others).append(call)
        self._waiting.extendleft(reversed(others))
        batch.sort(key=lambda c: c.order)
        return [c for c in batch if not c.answer.done()]

    async def _send(self, conn: Connection, batch: list[_Call]) -> bool:
        """Send a batch and answer its callers; False when the connection failed."""
        self.sends += 1
        self.statements += len(batch)
        try:
            answers = await _together(conn, batch)
        except Exception as e:
            broken = conn.connection.driver_connection.closed  # type: ignore[union-attr]
            if broken or len(batch) == 1:
                _fail(batch, _as_sqlalchemy(conn, batch, e))
                return not broken
            for call in batch:  # rolled back as a whole: each alone now
                if not await self._send(conn, [call]):
                    _fail(batch, _as_sqlalchemy(conn, batch, e))
                    return False
            return True
        except BaseException as e:  # cancelled: tell whoever is still waiting
            _fail(batch, e)
            raise
        for call, rows in zip(batch, answers, strict=True):
            if not call.answer.done():
                call.answer.set_result(rows)
        return True


async def _together(conn: Connection, batch: list[_Call]) -> list[list[Any]]:
    """The batch's rows, statement by statement, written in one pipeline that ends in one Sync (one
    implicit transaction, committed or rolled back as a whole)."""
    compiled, runs = batch[0].compiled, [c.values for c in batch]
    fire_before(conn, None, compiled.sql, runs, many=True)
    answers = await pipeline.run(conn.connection.driver_connection, conn.info, compiled, runs)  # type: ignore[arg-type]
    fire_after(conn, None, compiled.sql, runs, many=True)
    return [compiled.rows(rows) for rows in answers]


def _fail(calls: list[_Call], error: BaseException) -> None:
    for call in calls:
        if not call.answer.done():
            call.answer.set_exception(error)


def _as_sqlalchemy(conn: Connection, batch: list[_Call], error: Exception) -> Exception:
    """The driver's error as SQLAlchemy raises it for the same statement (IntegrityError, ...)."""
    dialect = conn.dialect
    return DBAPIError.instance(
        batch[0].compiled.sql,
        [c.values for c in batch],
        error,
        dialect.loaded_dbapi.Error,
        dialect=dialect,
        ismulti=len(batch) > 1,
    )
