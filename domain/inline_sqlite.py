"""SQLite for the async engine without a thread per connection.

aiosqlite runs every call (cursor, execute, fetch, close, commit) on a worker thread and hands the
result back through the event loop: five thread hops and GIL hand-offs for one query, about 1 ms
where the query itself takes 0.05 ms. SQLite is a local file, so these connections run each call
right here in the event loop's thread instead (SQLAlchemy calls them through
domain/sqlite_adapter.py), and never block the loop on a lock: with `busy_timeout` 0, a statement
that meets another writer's lock raises SQLITE_BUSY at once and is retried (`run_in_place`), after
an asynchronous sleep if it lasts, which lets the other transaction (maybe in this very process)
finish. Connections are opened by `connector`, handed to `create_async_engine(async_creator=...)`.

The price: a long query (a year of history for a chart) holds the loop while SQLite runs it, where a
thread would have let other requests through. The store's queries are indexed and short; a
deployment with heavy concurrent reporting belongs on PostgreSQL.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.util import await_

T = TypeVar("T")

SQLITE_BUSY = 5  # plain "database is locked"; SQLITE_BUSY_SNAPSHOT (517) cannot be waited out
SPIN_S = 0.0002  # first, wait in place: another process's write is usually done within a millisecond
SPIN_FOR_S = 0.010
FIRST_WAIT_S = 0.0005  # then yield to the loop (the holder may be a transaction in this process)
LONGEST_WAIT_S = 0.005


def _busy(e: sqlite3.OperationalError) -> bool:
    return getattr(e, "sqlite_errorcode", None) == SQLITE_BUSY


def run_in_place(call: Callable[[], T], timeout_s: float) -> T:
    """`call()`, retried while SQLite answers SQLITE_BUSY, for up to `timeout_s`; run from
    SQLAlchemy's synchronous code on its greenlet, whose `await_` makes the sleeps on the loop.

    A short wait in place comes first: yielding to a busy event loop costs a whole turn of its
    queue (tens of milliseconds under load), far longer than another process's write lasts. Only if
    the lock outlasts that does it sleep asynchronously, so that a transaction of this very process
    that holds the lock across an await can finish.
    """
    started = time.monotonic()
    while True:
        try:
            return call()
        except sqlite3.OperationalError as e:
            if not _busy(e):
                raise
            if time.monotonic() - started >= SPIN_FOR_S:
                break
        time.sleep(SPIN_S)  # on purpose (see above), and bounded by SPIN_FOR_S
    wait = FIRST_WAIT_S
    while True:
        try:
            return call()
        except sqlite3.OperationalError as e:
            if not _busy(e) or time.monotonic() - started >= timeout_s:
                raise
        await_(asyncio.sleep(wait))
        wait = min(wait * 2, LONGEST_WAIT_S)


class Connection:
    """An open SQLite connection and how long its statements may wait for a lock."""

    def __init__(self, conn: sqlite3.Connection, timeout_s: float) -> None:
        self._conn = conn
        self._connection: sqlite3.Connection | None = conn  # aiosqlite's "still open" marker
        self.timeout_s = timeout_s

    async def close(self) -> None:  # SQLAlchemy's graceful terminate awaits it
        self.stop()

    def stop(self) -> None:
        if self._connection is not None:
            self._connection = None
            self._conn.close()

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level


def connector(database: str, timeout_s: float = 30.0) -> Callable[[], Awaitable[Connection]]:
    """An `async_creator` for `create_async_engine`: a new inline connection to `database`."""

    async def connect() -> Connection:
        conn = sqlite3.connect(database, timeout=0, check_same_thread=False, isolation_level="DEFERRED")
        return Connection(conn, timeout_s)

    return connect
