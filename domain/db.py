"""Engines and sessions, made on request (never at import): SQLite by default, PostgreSQL when configured.

Both run on SQLAlchemy's own asyncio dialects (aiosqlite, psycopg 3) with their stock pools.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Connection, event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

# How long a SQLite writer waits for another's write lock (in the driver's thread, not the event loop).
SQLITE_BUSY_TIMEOUT_MS = 10_000


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_file(url: str) -> str | None:
    """The database file of a SQLite URL (None: not SQLite, or in memory)."""
    u = make_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return u.database


def ensure_sqlite_dir(url: str) -> None:
    database = sqlite_file(url)
    if database is not None:
        Path(database).parent.mkdir(parents=True, exist_ok=True)


def create_engine(url: str, *, pool_size: int = 5, echo: bool = False) -> AsyncEngine:
    """An engine of ordinary transactions: on SQLite each begins by taking the store's write lock
    (`BEGIN IMMEDIATE`), so that what it reads before it writes is what it writes over, and two
    writers queue instead of failing on a stale snapshot."""
    ensure_sqlite_dir(url)
    if is_sqlite(url):
        engine = create_async_engine(url, echo=echo, pool_size=pool_size, max_overflow=0)
        event.listen(engine.sync_engine, "connect", _sqlite_on_connect)
        event.listen(engine.sync_engine, "begin", _begin_immediate)
        return engine
    return create_async_engine(
        url,
        echo=echo,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_recycle=1800,  # no ping per checkout (a round trip each); old connections are replaced
        connect_args={"options": "-c timezone=UTC"},
    )


def store_engines(url: str, *, pool_size: int = 5) -> tuple[AsyncEngine, AsyncEngine]:
    """The app's engines: (reads, writes). Reads run without a transaction (each statement sees
    the latest commit; no BEGIN or ROLLBACK round trips). On a SQLite file, writes have one
    connection: SQLite has one writer at a time, and a process's writers queue for it in turn
    instead of each polling the lock."""
    if not is_sqlite(url):
        writes = create_engine(url, pool_size=pool_size)
        return writes.execution_options(isolation_level="AUTOCOMMIT"), writes
    if sqlite_file(url) is None:  # in memory: one database, one engine
        engine = create_engine(url, pool_size=1)
        return engine, engine
    writes = create_engine(url, pool_size=1)
    reads = create_async_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_reset_on_return=None)
    event.listen(reads.sync_engine, "connect", _sqlite_on_connect)  # no BEGIN: never in a transaction
    return reads, writes


def _sqlite_on_connect(dbapi_conn: Any, _record: Any) -> None:
    # The driver's own transaction handling is off: a transaction begins only where create_engine's
    # listener says so.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cur.close()


def _begin_immediate(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


def sync_url(url: str) -> str:
    """The same database for synchronous tools (Alembic): aiosqlite -> pysqlite; psycopg serves both."""
    u = make_url(url)
    if u.drivername == "sqlite+aiosqlite":
        u = u.set(drivername="sqlite")
    return u.render_as_string(hide_password=False)
