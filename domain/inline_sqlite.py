"""SQLite for the async engine without a thread per connection.

aiosqlite runs every call (cursor, execute, fetch, close, commit) on a worker thread and hands the
result back through the event loop: five thread hops and GIL hand-offs for one query, about 1 ms
where the query itself takes 0.05 ms. SQLite is a local file, so this connection runs each call
right here in the event loop's thread instead, and it never blocks the loop on a lock: with
`busy_timeout` 0, a statement that meets another writer's lock raises SQLITE_BUSY at once and is
retried after an `asyncio.sleep`, which lets the other transaction (maybe in this very process)
finish. It offers what SQLAlchemy's aiosqlite dialect uses of an aiosqlite connection, and is
handed to it through `create_async_engine(async_creator=...)`.

The price: a long query (a year of history for a chart) holds the loop while SQLite runs it, where a
thread would have let other requests through. The store's queries are indexed and short; a
deployment with heavy concurrent reporting belongs on PostgreSQL.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Awaitable, Callable, Generator, Iterable
from typing import Any, TypeVar

from sqlalchemy.util import await_

T = TypeVar("T")

SQLITE_BUSY = 5  # plain "database is locked"; SQLITE_BUSY_SNAPSHOT (517) cannot be waited out
SPIN_S = 0.0002  # first, wait in place: another process's write is usually done within a millisecond
SPIN_FOR_S = 0.010
FIRST_WAIT_S = 0.0005  # then yield to the loop (the holder may be a transaction in this process)
LONGEST_WAIT_S = 0.005


def _busy(e: sqlite3.OperationalError) -> bool:
    return getattr(e, "sqlite_errorcode", None) == SQLITE_BUSY


def _attempts(call: Callable[[], T], timeout_s: float) -> Generator[float, None, T]:
    """`call()`, retried while SQLite answers SQLITE_BUSY, for up to `timeout_s`; yields how long to
    sleep on the event loop before the next try.

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
        yield wait
        wait = min(wait * 2, LONGEST_WAIT_S)


async def run(call: Callable[[], T], timeout_s: float) -> T:
    """`call()`, retried while SQLite is busy (see `_attempts`), from async code."""
    attempts = _attempts(call, timeout_s)
    while True:
        try:
            wait = next(attempts)
        except StopIteration as done:
            answer: T = done.value
            return answer
        await asyncio.sleep(wait)


def run_in_place(call: Callable[[], T], timeout_s: float) -> T:
    """`call()`, retried while SQLite is busy (see `_attempts`), from SQLAlchemy's synchronous code
    on its greenlet (domain/sqlite_adapter.py): the waits on the loop go through its `await_`."""
    attempts = _attempts(call, timeout_s)
    try:
        while True:
            await_(asyncio.sleep(next(attempts)))
    except StopIteration as done:
        answer: T = done.value
        return answer


class Cursor:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._cursor = conn._conn.cursor()

    async def __aenter__(self) -> Cursor:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def execute(self, sql: str, parameters: Any = ()) -> Cursor:
        await run(lambda: self._cursor.execute(sql, parameters), self._conn.timeout_s)
        return self

    async def executemany(self, sql: str, parameters: Iterable[Any]) -> Cursor:
        rows = list(parameters)
        await run(lambda: self._cursor.executemany(sql, rows), self._conn.timeout_s)
        return self

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._cursor.fetchmany(size if size is not None else self._cursor.arraysize)

    async def close(self) -> None:
        self._cursor.close()

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value


class _Immediate:
    """Stands in for aiosqlite's request queue (SQLAlchemy sets the isolation level through it)."""

    def put_nowait(self, item: tuple[asyncio.Future[Any], Callable[[], Any]]) -> None:
        future, function = item
        try:
            future.set_result(function())
        except Exception as e:  # handed to whoever awaits the future, as aiosqlite does
            future.set_exception(e)


class Connection:
    def __init__(self, conn: sqlite3.Connection, timeout_s: float) -> None:
        self._conn = conn
        self._connection: sqlite3.Connection | None = conn  # aiosqlite's "still open" marker
        self._tx = _Immediate()
        self.timeout_s = timeout_s

    def cursor(self) -> Cursor:
        return Cursor(self)

    async def execute(self, sql: str, parameters: Any = ()) -> Cursor:
        return await self.cursor().execute(sql, parameters)

    async def commit(self) -> None:
        await run(self._conn.commit, self.timeout_s)

    async def rollback(self) -> None:
        self._conn.rollback()

    async def close(self) -> None:
        if self._connection is not None:
            self._connection = None
            self._conn.close()

    def stop(self) -> None:
        if self._connection is not None:
            self._connection = None
            self._conn.close()

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._conn.create_function(*args, **kwargs)

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level


def connector(database: str, timeout_s: float = 30.0) -> Callable[[], Awaitable[Connection]]:
    """An `async_creator` for `create_async_engine`: a new inline connection to `database`."""

    async def connect() -> Connection:
        conn = sqlite3.connect(database, timeout=0, check_same_thread=False, isolation_level="DEFERRED")
        return Connection(conn, timeout_s)

    return connect
