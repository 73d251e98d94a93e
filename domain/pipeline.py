"""A batch of one statement's runs written to PostgreSQL at once, in libpq's pipeline mode.

psycopg's `executemany` in a pipeline writes each statement to the socket as it queues it (a send
and two polls apiece), then its flush request and its Sync in writes of their own: every write can
wake the server process, which on a 2-core machine takes the core from the worker that woke it.
Here a batch's statements and its Sync are queued in libpq's buffer and written together, and the
answers are read as they come (domain/batches.py sends through this).

Values go in and come out through psycopg's own `Transformer`, as its cursors adapt them. Each
statement is prepared once per connection and per parameter types (psycopg picks a value's type
from the value: a small int is an int2), as psycopg prepares the statements it runs often.
"""

from __future__ import annotations

import asyncio
import itertools
import re
from collections.abc import Sequence
from typing import Any

from psycopg import AsyncConnection, errors, pq
from psycopg.abc import Transformer as Adapting
from psycopg.adapt import PyFormat, Transformer

from domain.prepared import Compiled

_PREPARED = "spotter_prepared"  # key of a connection's prepared statements in its `info`
_MOST_PREPARED = 200  # per connection; past it, statements go unnamed (parsed on each run)
_names = itertools.count()
_PLACEHOLDER = re.compile(r"%\((\w+)\)s|%%")
_S = pq.ExecStatus


def numbered(compiled: Compiled) -> bytes:
    """The statement's SQL with psycopg's `%(name)s` as `$1`, `$2`... in `compiled.names` order."""
    found = compiled.pipelined
    if found is None:
        index = {name: i for i, name in enumerate(compiled.names, 1)}
        sql = _PLACEHOLDER.sub(lambda m: f"${index[m[1]]}" if m[1] else "%", compiled.sql)
        found = compiled.pipelined = sql.encode()
    return found


async def run(
    driver: AsyncConnection[Any], info: dict[str, Any], compiled: Compiled, runs: Sequence[Sequence[Any]]
) -> list[list[tuple[Any, ...]]]:
    """Each run's rows, all runs in one implicit transaction (committed at the Sync, or rolled back
    as a whole: then the first statement's error is raised). `runs`: each run's values in
    `compiled.names` order. `info`: the connection's (SQLAlchemy's `Connection.info`, cleared when
    the driver's connection is replaced), where its prepared statements are noted.

    If anything else goes wrong part-way (the connection, a cancellation), the connection is closed:
    what the server did with the batch is unknown, and the connection cannot be used again."""
    prepared: dict[Key, bytes] = info.setdefault(_PREPARED, {})
    try:
        return await _run(driver, prepared, compiled, runs)
    except errors.InvalidSqlStatementName:
        # Whoever else used the connection dropped its prepared statements (psycopg sends
        # DEALLOCATE ALL after a ROLLBACK of its own, once it has prepared any): the batch was
        # rolled back as a whole, so it goes again with its statements prepared afresh.
        if not prepared:
            raise
        prepared.clear()
        return await _run(driver, prepared, compiled, runs)


Key = tuple[bytes, tuple[int, ...]]  # a statement's SQL and its parameters' types


async def _run(
    driver: AsyncConnection[Any], prepared: dict[Key, bytes], compiled: Compiled, runs: Sequence[Sequence[Any]]
) -> list[list[tuple[Any, ...]]]:
    pgconn = driver.pgconn
    pgconn.enter_pipeline_mode()
    try:
        tx = Transformer(driver)
        queued = _queue(pgconn, tx, prepared, compiled, runs)
        pgconn.pipeline_sync()
        await _flush(driver)
        answers, error = await _answers(driver, tx, prepared, compiled, queued)
        sync = await _next(driver)
        if sync is None or sync.status != _S.PIPELINE_SYNC:
            raise errors.InternalError(f"expected the pipeline's sync, got {sync and sync.status}")
        pgconn.exit_pipeline_mode()
    except BaseException:
        pgconn.finish()
        raise
    if error is not None:
        raise error
    return answers


def _queue(
    pgconn: pq.abc.PGconn,
    tx: Adapting,
    prepared: dict[Key, bytes],
    compiled: Compiled,
    runs: Sequence[Sequence[Any]],
) -> list[tuple[Key, bytes] | None]:
    """Queue the runs in libpq's buffer, each preceded by its statement's preparation where this
    connection has not got it yet; per queued command, what it prepares (None for a run)."""
    query = numbered(compiled)
    formats = [PyFormat.AUTO] * len(compiled.names)
    preparing: dict[Key, bytes] = {}
    queued: list[tuple[Key, bytes] | None] = []
    for values in runs:
        params = tx.dump_sequence(values, formats)
        key = (query, tuple(tx.types or ()))
        name = prepared.get(key) or preparing.get(key)
        if name is None and len(prepared) < _MOST_PREPARED:
            name = preparing[key] = f"spotter_{next(_names)}".encode()
            pgconn.send_prepare(name, query, param_types=key[1])
            queued.append((key, name))
        if name is None:
            pgconn.send_query_params(query, params, param_types=key[1], param_formats=tx.formats)
        else:
            pgconn.send_query_prepared(name, params, param_formats=tx.formats)
        queued.append(None)
    return queued


async def _answers(
    driver: AsyncConnection[Any],
    tx: Adapting,
    prepared: dict[Key, bytes],
    compiled: Compiled,
    queued: list[tuple[Key, bytes] | None],
) -> tuple[list[list[tuple[Any, ...]]], errors.Error | None]:
    """Each run's rows, and the first error of any (the runs after it come back aborted)."""
    answers: list[list[tuple[Any, ...]]] = []
    error: errors.Error | None = None
    loaded = False
    for preparing in queued:
        results = await _results(driver)
        for res in results:
            if res.status == _S.FATAL_ERROR and error is None:
                error = errors.error_from_result(res)
        last = results[-1] if results else None
        if preparing is not None:
            if last is not None and last.status == _S.COMMAND_OK:
                prepared[preparing[0]] = preparing[1]
        elif last is None or last.status != _S.TUPLES_OK:
            answers.append([])
        else:
            if compiled.results is None:
                compiled.read_results([(None, last.ftype(i)) for i in range(last.nfields)])
            tx.set_pgresult(last, set_loaders=not loaded)  # one statement: the same columns each time
            loaded = True
            answers.append(tx.load_rows(0, last.ntuples, tuple))
    return answers, error


async def _results(driver: AsyncConnection[Any]) -> list[pq.abc.PGresult]:
    """One queued command's results (up to the empty result that ends them)."""
    results = []
    while (res := await _next(driver)) is not None:
        results.append(res)
    return results


async def _next(driver: AsyncConnection[Any]) -> pq.abc.PGresult | None:
    pgconn = driver.pgconn
    while pgconn.is_busy():
        await _ready(driver.fileno(), write=False)
        pgconn.consume_input()
    return pgconn.get_result()


async def _flush(driver: AsyncConnection[Any]) -> None:
    """Write what libpq holds; while the socket is full, read what the server answers meanwhile."""
    pgconn = driver.pgconn
    while pgconn.flush():
        if await _ready(driver.fileno(), write=True):
            pgconn.consume_input()


async def _ready(fd: int, *, write: bool) -> bool:
    """Wait until the socket can be read, or (`write`) written; True if it can be read."""
    loop = asyncio.get_running_loop()
    ready: asyncio.Future[bool] = loop.create_future()

    def wake(readable: bool) -> None:
        if not ready.done():
            ready.set_result(readable)

    loop.add_reader(fd, wake, True)
    if write:
        loop.add_writer(fd, wake, False)
    try:
        return await ready
    finally:
        loop.remove_reader(fd)
        if write:
            loop.remove_writer(fd)
