"""The unit of work: one transaction per command, committed by the handler."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from types import TracebackType
from typing import Any, TypeVar

from sqlalchemy import Connection, Executable
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

from domain.batches import Batches
from domain.bridge import run_sync
from domain.prepared import Prepared
from domain.shared_transactions import SharedTransactions

T = TypeVar("T")
Statement = Executable | Prepared  # a Prepared one runs on the driver's cursor (domain/prepared.py)


class UnitOfWork:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        batches: Batches | None = None,
        *,
        shared: SharedTransactions | None = None,
        read_only: bool = False,
    ) -> None:
        """`batches`: where `run_alone()` sends its statement (PostgreSQL: domain/batches.py);
        without it the statement runs on this unit's own session connection, switched to autocommit.
        `shared`: where `transaction(shared=True)` sends its work (SQLite: domain/shared_transactions.py).
        `read_only`: a unit that never commits, whose Core reads may skip the ORM session."""
        self._sessions = sessions
        self._batches = batches
        self._shared = shared
        self._read_only = read_only
        self._entered = False
        self._session: AsyncSession | None = None
        self._conn: AsyncConnection | None = None

    @property
    def session(self) -> AsyncSession:
        """The ORM session, opened on first use."""
        if not self._entered:
            raise RuntimeError("UnitOfWork used outside 'async with'")
        if self._session is None:
            self._session = self._sessions()
        return self._session

    @property
    def dialect(self) -> str:
        """'sqlite' or 'postgresql': for the few commands with a faster form on one of them."""
        return self._engine.dialect.name

    @property
    def _engine(self) -> AsyncEngine:
        engine: AsyncEngine = self._sessions.kw["bind"]
        return engine

    async def connection(self) -> AsyncConnection:
        """A connection for Core statements: the session's, so that they share its transaction; in a
        read-only unit that has not used its session, a plain one (no session to open and close:
        a third of a small read's cost)."""
        if self._session is not None or not self._read_only:
            return await self.session.connection()
        if not self._entered:
            raise RuntimeError("UnitOfWork used outside 'async with'")
        if self._conn is None:
            self._conn = await self._engine.connect()
        return self._conn

    # Each call through SQLAlchemy's asyncio layer (a connection taken, a statement run, a commit,
    # a connection given back) is a pass through its async bridge, which starts a greenlet: the
    # methods below do several steps in one pass, on a kept greenlet (domain/bridge.py).

    async def fetch(self, statement: Statement, params: Mapping[str, Any] | None = None) -> Sequence[Any]:
        """Every row a Core statement returns, in one pass: in a read-only unit that holds no
        connection yet, a connection out of the pool, the statement, its rows and the connection
        back (three passes before: ~55 µs less CPU per read on SQLite, ~75 µs on PostgreSQL), or,
        for a `Prepared` one on PostgreSQL, with the same reads of other units sent at the same
        moment (domain/batches.py); otherwise in the unit's own transaction."""
        if not self._entered:
            raise RuntimeError("UnitOfWork used outside 'async with'")
        if self._read_only and self._session is None and self._conn is None:
            if self._batches is not None and isinstance(statement, Prepared):
                return await self._batches.run(statement, params or {})
            return await run_sync(self._fetch_alone, self._engine, statement, params)
        if self._conn is not None:
            return await run_sync(_all, self._conn.sync_connection, statement, params)
        return await run_sync(_fetch_in_session, self.session.sync_session, statement, params)

    async def commit_after(self, work: Callable[[Connection], T]) -> T:
        """`work(connection)` in the unit's transaction, then the commit, in one pass (Core
        statements only: `work` runs synchronously, so it must not await)."""
        return await run_sync(_work_then_commit, self.session.sync_session, work)

    async def transaction(self, work: Callable[[Connection], T], *, shared: bool = False) -> T:
        """`work(connection)` in a transaction of its own, committed when it returns and rolled back
        if it raises, in one pass: a connection out of the pool, the work, the commit, the
        connection back, with no ORM session (Core statements only: `work` must not await). Only
        while the unit is `fresh`, so that nothing else of it holds the store's write lock.
        `shared`: on SQLite the transaction may be shared with other units' work that arrives in
        the same turn of the event loop (domain/shared_transactions.py); `work` must then read and
        write only through the connection, and be safe to run again."""
        if not self.fresh:
            raise RuntimeError("a transaction of its own asked for after the unit of work began one")
        if shared and self._shared is not None:
            return await self._shared.run(work)
        return await run_sync(_in_transaction, self._engine, work)

    async def run_alone(self, statement: Statement, params: Mapping[str, Any], order: str = "") -> Sequence[Any]:
        """One statement as its own transaction (autocommit: no BEGIN and COMMIT round trips), every
        row it returns, once it is committed. Only while the unit is `fresh`; it leaves the unit
        fresh. On PostgreSQL it may share one transaction, one round trip and one commit with other
        units' statements sent at the same moment (domain/batches.py): `order` (a lifter's id, say)
        sets the order they run in, so that rows are always locked in one order."""
        if not self.fresh:  # SQLAlchemy would only warn and run the statement in the open transaction
            raise RuntimeError("autocommit asked for after the unit of work began a transaction")
        if self._batches is not None:  # only a Prepared statement can go with others
            if isinstance(statement, Prepared):
                return await self._batches.run(statement, params, order)
            return await run_sync(self._fetch_alone, self._batches.engine, statement, params)
        conn = await self.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
        rows = await run_sync(_all, conn.sync_connection, statement, params)
        await self.session.close()  # what runs next in this unit starts afresh, in a transaction
        return rows

    @staticmethod
    def _fetch_alone(engine: AsyncEngine, statement: Statement, params: Mapping[str, Any] | None) -> Sequence[Any]:
        with engine.sync_engine.connect() as conn:
            return _all(conn, statement, params)

    @property
    def fresh(self) -> bool:
        """Nothing has run in this unit yet: its connection can still be put in autocommit."""
        return self._session is None or not self._session.in_transaction()

    async def __aenter__(self) -> UnitOfWork:
        self._entered = True
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        session, conn = self._session, self._conn
        self._entered, self._session, self._conn = False, None, None
        try:
            if session is not None and exc_type is not None:
                await run_sync(session.sync_session.rollback)
        finally:
            try:
                if conn is not None:
                    await conn.close()
            finally:
                if session is not None:
                    await run_sync(session.sync_session.close)

    async def commit(self) -> None:
        await run_sync(self.session.sync_session.commit)

    async def rollback(self) -> None:
        await run_sync(self.session.sync_session.rollback)


def _all(conn: Connection, statement: Statement, params: Mapping[str, Any] | None) -> Sequence[Any]:
    """Every row: SQLAlchemy's `Row`s, or a `Prepared` statement's tuples (both read by position, by
    attribute and through `_mapping`)."""
    if isinstance(statement, Prepared):
        return statement.rows(conn, params or {})
    return conn.execute(statement, params).all()


def _fetch_in_session(session: Session, statement: Statement, params: Mapping[str, Any] | None) -> Sequence[Any]:
    return _all(session.connection(), statement, params)


def _in_transaction(engine: AsyncEngine, work: Callable[[Connection], T]) -> T:
    with engine.sync_engine.begin() as conn:
        return work(conn)


def _work_then_commit(session: Session, work: Callable[[Connection], T]) -> T:
    done = work(session.connection())
    session.commit()
    return done
