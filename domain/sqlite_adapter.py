"""SQLAlchemy's asyncio layer talking to the inline SQLite connection (domain/inline_sqlite.py) directly.

SQLAlchemy's adapter for aiosqlite awaits every call of the driver: a cursor opened, a statement, a
cursor closed, a commit, the rollback when a connection goes back to the pool. Each await is a
switch out of the greenlet that runs SQLAlchemy's synchronous code and back in, copying that code's
stack out and in: 24 switches for a logged set's transaction (2 now). The inline
connection's calls never wait on anything but another writer's lock, so here they are made in
place, and only a wait for that lock goes back to the event loop (`inline_sqlite.run_in_place`).

`dbapi()` is handed to `create_async_engine(module=...)` with the inline `async_creator`
(domain/db.py): the dialect stays SQLAlchemy's aiosqlite one, only the connection it is given
differs. Rows are read in full at each statement, as SQLAlchemy's own adapter does.
"""

from __future__ import annotations

import collections
import sqlite3
from collections.abc import Callable
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util import EMPTY_DICT, await_

from domain import inline_sqlite
from domain.bridge import on_kept_greenlet


async def _nothing() -> None:
    return None


def _one_await_for_sqlalchemy() -> None:
    """`AsyncConnection.execute` refuses a statement whose run never awaited (its check against
    synchronous drivers), so on SQLAlchemy's own greenlets each statement awaits once; the kept
    greenlets of domain/bridge.py make no such check."""
    if not on_kept_greenlet():
        await_(_nothing())


class _Cursor(AsyncAdapt_aiosqlite_cursor):
    __slots__ = ()
    _connection: inline_sqlite.Connection  # type: ignore[assignment]
    _cursor: sqlite3.Cursor  # type: ignore[assignment]

    def __init__(self, adapt_connection: _Connection) -> None:
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._cursor = self._connection._conn.cursor()
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = collections.deque()

    def execute(self, operation: Any, parameters: Any = None) -> Any:
        cursor, args = self._cursor, (operation,) if parameters is None else (operation, parameters)
        result = self._run(lambda: cursor.execute(*args))
        if cursor.description:
            self._rows = collections.deque(cursor.fetchall())
        return result

    def executemany(self, operation: Any, seq_of_parameters: Any) -> Any:
        cursor, rows = self._cursor, list(seq_of_parameters)
        return self._run(lambda: cursor.executemany(operation, rows))

    def _run(self, call: Callable[[], sqlite3.Cursor]) -> sqlite3.Cursor:
        try:
            result = inline_sqlite.run_in_place(call, self._connection.timeout_s)
        except Exception as error:
            self._adapt_connection._handle_exception(error)
        _one_await_for_sqlalchemy()
        return result

    def close(self) -> None:
        self._rows.clear()
        self._cursor.close()

    async def _async_soft_close(self) -> None:
        """Close the cursor, keeping its rows and description (SQLAlchemy's asyncio results ask)."""
        self._soft_closed_memoized = self._soft_closed_memoized.union({"description": self._cursor.description})
        self._cursor.close()

    def setinputsizes(self, *inputsizes: Any) -> None:
        return None

    def nextset(self) -> None:
        return None


class _Connection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ()
    _cursor_cls = _Cursor  # type: ignore[assignment]  # the same interface
    _ss_cursor_cls = _Cursor  # type: ignore[assignment]  # every row is read at once anyway
    _connection: inline_sqlite.Connection  # type: ignore[assignment]

    @property
    def isolation_level(self) -> str | None:
        return self._connection.isolation_level

    @isolation_level.setter
    def isolation_level(self, value: str | None) -> None:
        self._connection._conn.isolation_level = value  # type: ignore[assignment]  # as SQLAlchemy sets it

    def create_function(self, *args: Any, **kw: Any) -> None:
        self._connection._conn.create_function(*args, **kw)

    def commit(self) -> None:
        if self._connection._connection is not None:
            try:
                inline_sqlite.run_in_place(self._connection._conn.commit, self._connection.timeout_s)
            except Exception as error:
                self._handle_exception(error)

    def rollback(self) -> None:
        if self._connection._connection is not None:
            try:
                self._connection._conn.rollback()
            except Exception as error:
                self._handle_exception(error)

    def close(self) -> None:
        self._connection.stop()

    def _terminate_force_close(self) -> None:
        self._connection.stop()


class _DBAPI(AsyncAdapt_aiosqlite_dbapi):
    def __init__(self) -> None:
        super().__init__(aiosqlite, sqlite3)
        self.has_stop = True

    def connect(self, *arg: Any, **kw: Any) -> _Connection:
        creator = kw.pop("async_creator_fn", None)
        if creator is None:
            raise TypeError("the inline SQLite adapter opens connections through async_creator only")
        return _Connection(self, await_(creator(*arg, **kw)))


def dbapi() -> Any:
    """The DBAPI module for `create_async_engine(module=...)`."""
    return _DBAPI()
