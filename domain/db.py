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
    ensure_sqlite_dir(url)
    if is_sqlite(url):
        engine = create_async_engine(url, echo=echo)
        event.listen(engine.sync_engine, "connect", _sqlite_on_connect)
        event.listen(engine.sync_engine, "begin", _sqlite_begin)
        return engine
    return create_async_engine(
        url,
        echo=echo,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=True,
        connect_args={"options": "-c timezone=UTC"},
    )


def _sqlite_on_connect(dbapi_conn: Any, _record: Any) -> None:
    # The driver's own transaction handling is off: `_sqlite_begin` says how each one begins.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cur.close()


def _sqlite_begin(conn: Connection) -> None:
    """Units of work that write take SQLite's write lock as they begin (`BEGIN IMMEDIATE`): what they
    read is then what they write over, and two writers queue instead of failing on a stale snapshot.
    Reads begin deferred and never wait for writers."""
    writes = conn.get_execution_options().get("writes", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


def session_factory(engine: AsyncEngine, *, writes: bool = True) -> async_sessionmaker[AsyncSession]:
    """Sessions for units of work. `writes`: on SQLite each transaction takes the write lock first."""
    bind = engine.execution_options(writes=True) if writes and is_sqlite(str(engine.url)) else engine
    return async_sessionmaker(bind, expire_on_commit=False, autoflush=False)


def sync_url(url: str) -> str:
    """The same database for synchronous tools (Alembic): aiosqlite -> pysqlite; psycopg serves both."""
    u = make_url(url)
    if u.drivername == "sqlite+aiosqlite":
        u = u.set(drivername="sqlite")
    return u.render_as_string(hide_password=False)
