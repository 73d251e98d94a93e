"""Engines and sessions, made on request (never at import): SQLite by default, PostgreSQL when configured."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from domain import inline_sqlite, sqlite_adapter
from domain.batches import Batches
from domain.pool import FairAsyncPool


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


def create_engine(
    url: str, *, pool_size: int = 4, echo: bool = False, checkpoints_elsewhere: bool = False
) -> AsyncEngine:
    """`checkpoints_elsewhere`: on SQLite, the engine's connections never checkpoint the write-ahead
    log themselves; a `domain.checkpoints.Checkpointer` must run alongside, or the log keeps growing."""
    ensure_sqlite_dir(url)
    kwargs: dict[str, Any] = {"echo": echo}
    if is_sqlite(url):
        # Calls run in the loop's thread, waits for locks are async sleeps (domain/inline_sqlite.py).
        kwargs["async_creator"] = inline_sqlite.connector(make_url(url).database or ":memory:")
        kwargs["module"] = sqlite_adapter.dbapi()  # SQLAlchemy calls it in place (domain/sqlite_adapter.py)
        # A fixed set of connections, kept: SQLAlchemy's default (5, and 10 more that are closed as
        # they come back) opened a connection every few seconds under load, and opening one
        # (the file, its log, their owner set) stalled the event loop for up to 150 ms on a busy disk.
        if sqlite_file(url):  # (an in-memory database is one connection's own)
            kwargs.update(poolclass=FairAsyncPool, pool_size=SQLITE_POOL_SIZE, max_overflow=0)
    else:
        # No pre-ping: it costs a round trip per checkout; stale connections are recycled instead.
        # A few connections per worker, served first come first served (domain/pool.py), and no
        # overflow: requests beyond `pool_size` wait their turn for a connection rather than start
        # a backend each. Fewer PostgreSQL backends taking turns with the workers on the same cores
        # measured better than one per request in flight (20 per worker: 1,400-1,500 req/s listing
        # sets at 32 clients, p99 45-65 ms; 4: 1,700-1,800 req/s, p99 31 ms), and a connection
        # beyond the pool's size would be closed as it came back, a backend started and ended
        # every few requests.
        kwargs.update(poolclass=FairAsyncPool, pool_size=pool_size, max_overflow=0, pool_recycle=1800)
        kwargs["connect_args"] = {"options": " ".join(f"-c {o}" for o in _PG_OPTIONS)}
        # Connections are in autocommit from the start: a read is one round trip (no BEGIN before
        # it, no ROLLBACK after), with no switching per checkout; units of work that write ask for
        # transactions (session_factory).
        kwargs["isolation_level"] = "AUTOCOMMIT"
    engine = create_async_engine(url, **kwargs)
    if is_sqlite(url):
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas(autocheckpoint=not checkpoints_elsewhere))
    return engine


# Connections per worker on SQLite: a request holds one only while its statements run, or while it
# waits for another process's write lock; those waiting beyond it queue in turn.
SQLITE_POOL_SIZE = 8

_PG_OPTIONS = (
    # Times come back as UTC whatever the server's zone (stored_utc relies on it).
    "timezone=UTC",
    # A prepared statement (psycopg prepares a query on its 5th run) is planned once. By default
    # PostgreSQL plans every run afresh when it guesses the generic plan dearer, as it does for the
    # set log's generate_series: 0.51 -> 0.29 ms of server CPU per logged set. The store's queries
    # are lookups by key, where the generic plan is the plan.
    "plan_cache_mode=force_generic_plan",
)


WAL_SIZE_LIMIT = 64 * 1024 * 1024


def _sqlite_pragmas(*, autocheckpoint: bool) -> Callable[[Any, Any], None]:
    def on_connect(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=0")  # never block the event loop; inline_sqlite retries instead
        if not autocheckpoint:
            cur.execute("PRAGMA wal_autocheckpoint=0")  # no sync to disk inside a request
        # When the log starts over (domain/checkpoints.py), a file grown past this by a burst of
        # writes is cut back to it; below it, the blocks on disk are written over in place.
        cur.execute(f"PRAGMA journal_size_limit={WAL_SIZE_LIMIT}")
        cur.close()

    return on_connect


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions for units of work: in a transaction (PostgreSQL connections are in autocommit
    until a unit of work takes one)."""
    if not is_sqlite(engine.url.render_as_string()):
        engine = engine.execution_options(isolation_level="READ COMMITTED")
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


def read_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions for reads that write nothing: on PostgreSQL in autocommit, so a query is one round
    trip (no BEGIN before it, no ROLLBACK when the connection goes back to the pool). SQLite's
    driver opens a transaction only for writes anyway."""
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


def statement_batches(engine: AsyncEngine) -> Batches | None:
    """Where commands that are one statement go (UnitOfWork.run_alone): on PostgreSQL, whose
    connections are in autocommit from the start, batches of them (domain/batches.py); None on SQLite."""
    return None if is_sqlite(engine.url.render_as_string()) else Batches(engine)


def sync_url(url: str) -> str:
    """The same database for synchronous tools (Alembic): aiosqlite -> pysqlite; psycopg serves both."""
    u = make_url(url)
    if u.drivername == "sqlite+aiosqlite":
        u = u.set(drivername="sqlite")
    return u.render_as_string(hide_password=False)
