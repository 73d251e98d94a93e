"""Bring a database to the newest schema with Alembic (synchronous: call it in a thread).

Processes that start together on one fresh store (`uvicorn --workers 2`, replicas) migrate one at a
time: without that, both create `alembic_version` and one fails on "already exists".
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, make_url, pool, text

from domain.db import ensure_sqlite_dir, sqlite_file, sync_url

MIGRATIONS = Path(__file__).with_name("migrations")
LOCK_KEY = zlib.crc32(b"spotter migrations")  # PostgreSQL advisory lock id, the same in every process


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(url: str, revision: str = "head", *, lock: bool = True) -> None:
    """`lock=False` when the caller already holds `migration_lock` (to seed under it as well)."""
    ensure_sqlite_dir(url)
    with migration_lock(url) if lock else nullcontext():
        command.upgrade(alembic_config(url), revision)


@contextmanager
def migration_lock(url: str) -> Iterator[None]:
    """Held by one process at a time per database: PostgreSQL's advisory lock (released with its
    connection, so also when the holder dies), an exclusive flock on a file beside a SQLite file."""
    ensure_sqlite_dir(url)
    database = sqlite_file(url)
    if database is not None:
        with _file_lock(database + ".lock"):
            yield
        return
    if make_url(url).get_backend_name() != "postgresql":
        yield
        return
    engine = create_engine(sync_url(url), poolclass=pool.NullPool)
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": LOCK_KEY})
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": LOCK_KEY})
    finally:
        engine.dispose()


@contextmanager
def _file_lock(path: str) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock; start one process first
        yield
        return
    with open(path, "a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)  # released when the file closes, or its holder dies
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def downgrade(url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(url), revision)


def drop_everything(url: str) -> None:
    """Empty a PostgreSQL database, schema and data (its `public` schema made anew): for test and
    benchmark databases, never a store in use."""
    engine = create_engine(sync_url(url))
    try:
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()
